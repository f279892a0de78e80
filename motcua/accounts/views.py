"""Account pages: login (password or VNeID), registration, e-mail verification."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.accounts import oidc
from motcua.accounts.forms import RegistrationForm
from motcua.accounts.models import User
from motcua.accounts.services import register_account, send_verification_email, verify_email
from motcua.core.errors import DomainError


class LoginView(auth_views.LoginView):
    """Password login by e-mail, phone or user name, with the VNeID button when configured."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["vneid_enabled"] = oidc.is_configured()
        context["vneid_failed"] = self.request.GET.get("vneid") == "failed"
        return context


class VNeIDStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Send the browser to VNeID (404 while the provider is not configured)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not oidc.is_configured():
            raise Http404(_("Đăng nhập bằng VNeID chưa được cấu hình."))
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        return response


class VNeIDCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """VNeID sends the browser back here with the authorisation code."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not oidc.is_configured():
            raise Http404(_("Đăng nhập bằng VNeID chưa được cấu hình."))
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        return response


def register(request: HttpRequest) -> HttpResponse:
    """Create an account; a verification link goes to the e-mail address."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register_account(form.registration())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản. Hãy mở liên kết xác thực vừa gửi tới %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:login")
    return render(request, "accounts/register.html", {"form": form}, status=200)


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Open a verification link."""
    try:
        user = verify_email(token)
    except DomainError as exc:
        return render(request, "accounts/verify_failed.html", {"message": exc.message}, status=400)
    messages.success(request, _("Đã xác thực email %(email)s.") % {"email": user.email})
    return redirect("accounts:login" if not request.user.is_authenticated else "portal:home")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    """Send a fresh verification link to the logged-in account's address."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 (login_required guarantees an account)
    if user.email_verified_at is None and user.email:
        send_verification_email(user)
        messages.success(
            request, _("Đã gửi lại liên kết xác thực tới %(email)s.") % {"email": user.email}
        )
    return redirect(request.POST.get("next") or "portal:home")
