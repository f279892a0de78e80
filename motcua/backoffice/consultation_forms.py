"""Forms of the processing page and of consultations (xin ý kiến): they translate input only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.forms import PageForm
from motcua.workflow.services.consultations import (
    ANSWER_MAX_CHARS,
    MAX_WORKING_DAYS,
    QUESTION_MAX_CHARS,
)


class AskOpinionForm(PageForm):
    """Ask another agency for an opinion: its code (chosen from the list), the question, the time.

    The agency is typed as its code, with the agencies offered as suggestions; an unknown code is
    refused by the service with a message naming it.
    """

    co_quan = forms.CharField(
        label=_("Cơ quan, đơn vị được xin ý kiến (mã định danh)"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "agency-codes", "autocomplete": "off"}),
    )
    noi_dung = forms.CharField(
        label=_("Nội dung xin ý kiến"),
        max_length=QUESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    so_ngay = forms.DecimalField(
        label=_("Thời hạn trả lời (ngày làm việc)"),
        min_value=Decimal("0.5"),
        max_value=MAX_WORKING_DAYS,
        max_digits=4,
        decimal_places=1,
        initial=Decimal(2),
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ask_%s")
        super().__init__(*args, **kwargs)


class AnswerOpinionForm(PageForm):
    """The consulted agency's opinion, with an optional signed document (PDF, JPEG or PNG)."""

    y_kien = forms.CharField(
        label=_("Ý kiến trả lời"),
        max_length=ANSWER_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    van_ban = forms.FileField(
        label=_("Văn bản trả lời (PDF, JPEG hoặc PNG, không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class PassForm(PageForm):
    """Pass one's step on, with an optional note for the next one."""

    ghi_chu = forms.CharField(
        label=_("Ghi chú cho bước tiếp theo"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "pass_%s")
        super().__init__(*args, **kwargs)


class SendBackForm(PageForm):
    """Send the dossier back to the previous step; the reason is required."""

    ly_do = forms.CharField(
        label=_("Lý do trả lại bước trước"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "back_%s")
        super().__init__(*args, **kwargs)
