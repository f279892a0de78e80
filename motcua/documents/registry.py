"""The catalogue of printable forms: one entry per (form, legal basis), each with its template.

Adding a form (Mẫu 04 apology, Mẫu 05 control sheet, the transfer slip) means: a `FormKind`
member, a context dataclass in `contexts.py`, a template under `documents/<basis>/` and one
`FormSpec` here. Adding a legal basis means a `LegalBasis` member and a template set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from motcua.core.errors import NotFoundError
from motcua.documents.contexts import (
    ApologyContext,
    ControlSheetContext,
    FormContext,
    ReceiptContext,
    RefusalContext,
    SupplementRequestContext,
    TransferSlipContext,
)
from motcua.documents.kinds import CURRENT_BASIS, FormKind, LegalBasis


@dataclass(frozen=True, slots=True)
class FormSpec:
    """One printable form: its number and title under a legal basis, template and context type."""

    kind: FormKind
    basis: LegalBasis
    number: str
    title: str
    context_type: type[FormContext]
    # Some forms are printed in several labelled copies ("liên"); "" is one unlabelled copy.
    copies: tuple[str, ...] = ("",)

    @property
    def template_name(self) -> str:
        """The Django template that renders this form."""
        return f"documents/{self.basis.value}/{self.kind.value}.html"

    @property
    def label(self) -> str:
        """'Mẫu số 01': how the form is referred to on paper."""
        return f"Mẫu số {self.number}" if self.number.isdigit() else "Phiếu liên thông"

    def file_name(self, dossier_code: str) -> str:
        """A download name that says which form of which dossier it is."""
        safe_code = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in dossier_code)
        return f"mau-{self.number}-{self.kind.value.replace('_', '-')}-{safe_code}.pdf"


FORMS: Final[Mapping[tuple[FormKind, LegalBasis], FormSpec]] = {
    (spec.kind, spec.basis): spec
    for spec in (
        FormSpec(
            kind=FormKind.RECEIPT,
            basis=LegalBasis.TT01_2018,
            number="01",
            title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            context_type=ReceiptContext,
            copies=(
                "Liên 1: Lưu tại Bộ phận tiếp nhận và trả kết quả",
                "Liên 2: Giao người nộp hồ sơ",
            ),
        ),
        FormSpec(
            kind=FormKind.SUPPLEMENT_REQUEST,
            basis=LegalBasis.TT01_2018,
            number="02",
            title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            context_type=SupplementRequestContext,
        ),
        FormSpec(
            kind=FormKind.REFUSAL,
            basis=LegalBasis.TT01_2018,
            number="03",
            title="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            context_type=RefusalContext,
        ),
        FormSpec(
            kind=FormKind.APOLOGY,
            basis=LegalBasis.TT01_2018,
            number="04",
            title="PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            context_type=ApologyContext,
        ),
        FormSpec(
            kind=FormKind.CONTROL_SHEET,
            basis=LegalBasis.TT01_2018,
            number="05",
            title="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            context_type=ControlSheetContext,
        ),
        FormSpec(
            kind=FormKind.TRANSFER_SLIP,
            basis=LegalBasis.TT01_2018,
            # Not a numbered form of TT 01/2018: the slip that accompanies a liên thông dossier.
            number="LT",
            title="PHIẾU CHUYỂN XỬ LÝ HỒ SƠ LIÊN THÔNG",
            context_type=TransferSlipContext,
        ),
    )
}


def form_spec(kind: FormKind, basis: LegalBasis = CURRENT_BASIS) -> FormSpec:
    """The form `kind` as prescribed by `basis`."""
    try:
        return FORMS[(kind, basis)]
    except KeyError:
        raise NotFoundError(f"Chưa có mẫu «{kind.label}» theo {basis.label}.") from None


def spec_for_context(context: FormContext, basis: LegalBasis = CURRENT_BASIS) -> FormSpec:
    """The form a context belongs to (each context type prints exactly one form)."""
    for (_kind, spec_basis), spec in FORMS.items():
        if spec_basis == basis and type(context) is spec.context_type:
            return spec
    raise NotFoundError(f"Không có mẫu nào in được nội dung {type(context).__name__}.")
