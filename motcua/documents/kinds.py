"""Which standard forms exist and under which legal basis each version of them was issued."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    """A standard paper the one-stop desk issues (DOMAIN.md §7); names follow docs/glossary.md."""

    RECEIPT = "receipt", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    SUPPLEMENT_REQUEST = "supplement_request", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "refusal", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    APOLOGY = "apology", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    CONTROL_SHEET = "control_sheet", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")
    TRANSFER_SLIP = "transfer_slip", _("Phiếu chuyển xử lý hồ sơ liên thông")


class LegalBasis(models.TextChoices):
    """The legal text that prescribes a form's layout; a new text adds a member and templates.

    Templates live under `documents/<basis value>/`, so the forms of TT 01/2018/TT-VPCP and of a
    later circular can be printed side by side while provinces switch over.
    """

    TT01_2018 = "tt01_2018", _("Thông tư 01/2018/TT-VPCP")


# The basis new papers are issued under. Papers already issued keep theirs (IssuedForm.basis).
CURRENT_BASIS = LegalBasis.TT01_2018
