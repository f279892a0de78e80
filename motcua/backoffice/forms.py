"""Forms of the officer pages: they translate input; the dossier services decide."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, ComponentSet, ProcedureVersion
from motcua.dossiers.models import ReturnMethod
from motcua.dossiers.services import ApplicantData, ComponentInput


class IntakeAction:
    """What the officer decided at the counter (the button pressed)."""

    ACCEPT = "accept"
    GUIDE = "guide"
    REFUSE = "refuse"
    CHOICES = ((ACCEPT, _("Tiếp nhận")), (GUIDE, _("Hướng dẫn bổ sung")), (REFUSE, _("Từ chối")))


class PageForm(forms.Form):
    """Labels without Django's trailing colon, as the rest of the pages write them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ProcedureSearchForm(PageForm):
    """Find a procedure by name (diacritics optional) or code."""

    q = forms.CharField(label=_("Tìm thủ tục"), max_length=200, required=False)


class RecallForm(PageForm):
    """Recall an applicant seen before by ID number, tax code or phone."""

    recall = forms.CharField(
        label=_("Số định danh, mã số thuế hoặc số điện thoại"), max_length=30, required=False
    )


@dataclass(frozen=True)
class ComponentRow:
    """One line of the checklist with its three inputs."""

    component: Component
    provided: forms.BoundField
    reused: forms.BoundField
    upload: forms.BoundField


class IntakeForm(PageForm):
    """The counter intake form of one procedure version and one component set."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    guidance = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    applicant_name = forms.CharField(label=_("Họ và tên (hoặc tên tổ chức)"), max_length=300)
    applicant_id_no = forms.CharField(label=_("Số định danh cá nhân / mã số thuế"), max_length=20)
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    applicant_email = forms.CharField(label=_("Email"), max_length=254, required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    case = forms.TypedChoiceField(label=_("Trường hợp"), coerce=int, required=False)
    note = forms.CharField(
        label=_("Ghi chú tiếp nhận"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    guidance_text = forms.CharField(
        label=_("Nội dung cần bổ sung, hoàn thiện (ngoài các giấy tờ chưa đánh dấu)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    refusal_reasons = forms.CharField(
        label=_("Lý do từ chối (mỗi lý do một dòng)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.ChoiceField(choices=IntakeAction.CHOICES, initial=IntakeAction.ACCEPT)

    def __init__(
        self,
        *args: Any,
        version: ProcedureVersion,
        component_set: ComponentSet | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.procedure_version = version
        self.component_set = component_set
        if not self.is_bound and not self.initial.get("token"):
            self.initial["token"] = uuid.uuid4()
        cases = list(version.cases.order_by("position", "pk"))
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.TypedChoiceField)  # noqa: S101 (declared above)
        case_field.choices = [("", _("— Chọn trường hợp —"))] + [
            (case.pk, case.name or case.code) for case in cases
        ]
        case_field.required = bool(cases)
        self.components: list[Component] = (
            list(component_set.components.order_by("position", "pk")) if component_set else []
        )
        for component in self.components:
            self.fields[f"c{component.pk}"] = forms.BooleanField(
                label=component.name, required=False
            )
            self.fields[f"r{component.pk}"] = forms.BooleanField(
                label=_("Lấy từ kho dữ liệu điện tử"), required=False
            )
            self.fields[f"f{component.pk}"] = forms.FileField(
                label=_("Bản quét"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "application/pdf,image/jpeg,image/png"}
                ),
            )

    @property
    def component_rows(self) -> list[ComponentRow]:
        """The checklist, in catalogue order."""
        return [
            ComponentRow(
                component=component,
                provided=self[f"c{component.pk}"],
                reused=self[f"r{component.pk}"],
                upload=self[f"f{component.pk}"],
            )
            for component in self.components
        ]

    @property
    def applicant_fields(self) -> list[forms.BoundField]:
        """The applicant's inputs, for the recall fragment."""
        return [
            self[name]
            for name in (
                "applicant_name",
                "applicant_id_no",
                "applicant_phone",
                "applicant_email",
                "applicant_address",
            )
        ]

    def clean(self) -> dict[str, Any]:
        """A scan uploaded for a paper means the paper was handed in."""
        data = super().clean() or {}
        for component in self.components:
            if data.get(f"f{component.pk}") or data.get(f"r{component.pk}"):
                data[f"c{component.pk}"] = True
        action = data.get("action")
        if action == IntakeAction.REFUSE and not (data.get("refusal_reasons") or "").strip():
            self.add_error("refusal_reasons", _("Phải ghi rõ lý do từ chối tiếp nhận hồ sơ."))
        return data

    def clean_refusal_reasons(self) -> str:
        """One reason per line on the page; the dossier keeps them separated by semicolons."""
        raw: str = self.cleaned_data.get("refusal_reasons") or ""
        return "; ".join(line.strip() for line in raw.splitlines() if line.strip())

    def applicant(self) -> ApplicantData:
        """The applicant as typed (the service validates and normalises it)."""
        data = self.cleaned_data
        return ApplicantData(
            name=data["applicant_name"],
            id_no=data["applicant_id_no"],
            phone=data.get("applicant_phone") or "",
            email=data.get("applicant_email") or "",
            address=data.get("applicant_address") or "",
        )

    def component_inputs(self) -> list[ComponentInput]:
        """The ticked (or reused) papers."""
        data = self.cleaned_data
        return [
            ComponentInput(
                component_id=component.pk,
                is_provided=True,
                is_reused=bool(data.get(f"r{component.pk}")),
                is_digitized=bool(data.get(f"f{component.pk}")),
            )
            for component in self.components
            if data.get(f"c{component.pk}")
        ]

    def uploads(self) -> dict[int, UploadedFile[bytes]]:
        """Scans by catalogue component id."""
        data = self.cleaned_data
        return {
            component.pk: data[f"f{component.pk}"]
            for component in self.components
            if data.get(f"f{component.pk}")
        }


class VersionedForm(PageForm):
    """An action on a dossier, carrying the dossier version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcceptOnlineForm(VersionedForm):
    """Accept a dossier submitted online after checking its papers."""

    note = forms.CharField(label=_("Ghi chú tiếp nhận"), max_length=2000, required=False)


class RefuseForm(VersionedForm):
    """Refuse a dossier at intake, one reason per line."""

    reasons = forms.CharField(
        label=_("Lý do từ chối (mỗi lý do một dòng)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reasons(self) -> str:
        """Lines become the semicolon-separated reasons the dossier keeps."""
        raw: str = self.cleaned_data["reasons"]
        return "; ".join(line.strip() for line in raw.splitlines() if line.strip())


class TransferForm(VersionedForm):
    """Hand the dossier to the competent agency."""


class SupplementForm(VersionedForm):
    """Ask for every missing paper at once, with the reason."""

    missing = forms.CharField(
        label=_("Giấy tờ cần bổ sung (mỗi giấy tờ một dòng)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=2000)

    def missing_items(self) -> list[str]:
        """One item per non-empty line."""
        return [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]


class ResultReadyForm(VersionedForm):
    """The competent agency hands the result to the desk."""

    note = forms.CharField(label=_("Ghi chú"), max_length=2000, required=False)


class ReturnResultForm(VersionedForm):
    """The result is handed over (or posted)."""

    collected_by_name = forms.CharField(label=_("Người nhận kết quả"), max_length=300)
    collected_by_id_no = forms.CharField(
        label=_("Số giấy tờ của người nhận"), max_length=20, required=False
    )
    method = forms.ChoiceField(
        label=_("Hình thức trả"), choices=ReturnMethod.choices, initial=ReturnMethod.COUNTER
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=2000, required=False)


class WithdrawForm(VersionedForm):
    """Withdraw at the applicant's written request."""

    reason = forms.CharField(label=_("Lý do / văn bản đề nghị rút hồ sơ"), max_length=2000)


class AttachFileForm(PageForm):
    """A scan or file added to the dossier later."""

    upload = forms.FileField(
        label=_("Tệp (PDF, JPEG, PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    component = forms.TypedChoiceField(label=_("Thành phần"), coerce=int, required=False)

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["component"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 (declared above)
        field.choices = [("", _("— Không gắn với thành phần —")), *lines]
