"""Forms of the account pages; the rules live in `motcua.accounts.services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import UserKind
from motcua.accounts.services import Registration


class RegistrationForm(forms.Form):
    """Register a citizen account, or a business account held by its authorised person."""

    kind = forms.ChoiceField(
        label=_("Loại tài khoản"),
        choices=[
            (UserKind.CITIZEN, UserKind.CITIZEN.label),
            (UserKind.BUSINESS, UserKind.BUSINESS.label),
        ],
        initial=UserKind.CITIZEN,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(label=_("Họ và tên (người đăng ký)"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    id_no = forms.CharField(
        label=_("Số định danh cá nhân / mã số thuế"),
        max_length=20,
        help_text=_("Công dân: số định danh 12 chữ số. Tổ chức: mã số thuế."),
    )
    organization_name = forms.CharField(
        label=_("Tên tổ chức, doanh nghiệp (nếu đăng ký cho tổ chức)"),
        max_length=300,
        required=False,
    )
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai lần nhập mật khẩu không khớp."))
        return data

    def registration(self) -> Registration:
        """The validated input as the service expects it."""
        data = self.cleaned_data
        return Registration(
            kind=data["kind"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            id_no=data["id_no"],
            password=data["password"],
            organization_name=data["organization_name"],
        )
