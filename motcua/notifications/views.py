"""The officer's alerts page: what needs their attention, newest first; mark as read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import User
from motcua.agencies.models import Officer
from motcua.dossiers.selectors import officer_of
from motcua.notifications import selectors, services


def _officer(request: HttpRequest) -> Officer:
    user = request.user
    officer = officer_of(user) if isinstance(user, User) else None
    if officer is None:
        raise PermissionDenied(_("Trang này chỉ dành cho cán bộ, công chức."))
    return officer


@login_required
@require_http_methods(["GET", "POST"])
def alerts(request: HttpRequest) -> HttpResponse:
    """List the officer's alerts (unread only with ?chua-xem=1); POST marks one or all read."""
    officer = _officer(request)
    if request.method == "POST":
        raw = request.POST.get("alert", "")
        if raw == "all":
            count = services.mark_alerts_read(officer=officer)
        elif raw.isdigit():
            count = services.mark_alerts_read(officer=officer, alert_ids=[int(raw)])
        else:
            messages.error(request, _("Chưa chọn cảnh báo để đánh dấu đã xem."))
            return redirect("notifications:alerts")
        messages.success(request, _("Đã đánh dấu %(n)s cảnh báo là đã xem.") % {"n": count})
        return redirect("notifications:alerts")
    unread_only = request.GET.get("chua-xem") == "1"
    return render(
        request,
        "notifications/alerts.html",
        {
            "section": "alerts",
            "alerts": selectors.officer_alerts(officer, unread_only=unread_only),
            "unread": selectors.unread_count(officer),
            "unread_only": unread_only,
        },
    )
