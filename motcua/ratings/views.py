"""Counter pages of the ratings: the officer opens a rating for a dossier; the touch screen.

The touch screen needs no citizen login: its address carries the one-time pass the counter
officer issued for that one dossier. It shows only the procedure and the dossier code.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import User
from motcua.agencies.models import Officer
from motcua.core.errors import DomainError
from motcua.core.text import clean
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import officer_of
from motcua.ratings import services
from motcua.ratings.forms import RatingForm
from motcua.ratings.models import Rating


def _officer(request: HttpRequest) -> Officer:
    user = request.user
    officer = officer_of(user) if isinstance(user, User) else None
    if officer is None:
        raise PermissionDenied(_("Trang này chỉ dành cho cán bộ, công chức."))
    return officer


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    """A counter officer opens the touch-screen rating of a dossier by its code."""
    officer = _officer(request)
    # The dossier page of the back office may link here with the code filled in (?ma=CODE).
    context: dict[str, object] = {"code": clean(request.GET.get("ma", "")).upper()}
    status = 200
    if request.method == "POST":
        code = clean(request.POST.get("code", "")).upper()
        context["code"] = code
        dossier = (
            Dossier.objects.filter(code=code, receiving_agency_id=officer.agency_id).first()
            if code
            else None
        )
        try:
            if dossier is None:
                raise DomainError(
                    _("Không có hồ sơ mã “%(code)s” tiếp nhận tại %(desk)s.")
                    % {"code": code, "desk": officer.agency.name}
                )
            invitation, token = services.invite_at_counter(dossier=dossier, by=officer)
        except DomainError as exc:
            context["error"] = exc.message
            status = 403 if exc.http_status == 403 else 400
        else:
            context.update(
                invitation=invitation,
                dossier=dossier,
                kiosk_url=request.build_absolute_uri(reverse("ratings:kiosk", args=[token])),
            )
    return render(request, "ratings/invite.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, token: str) -> HttpResponse:
    """The touch screen at the counter: big answers, no login, one rating per pass."""
    try:
        invitation = services.invitation_for(token)
    except DomainError as exc:
        status = 404 if exc.http_status == 404 else 410
        return render(request, "ratings/kiosk_closed.html", {"error": exc.message}, status=status)
    dossier = invitation.dossier
    online = services.is_online(dossier)
    rating = Rating.objects.filter(dossier=dossier).first()
    form = RatingForm(request.POST or None, online=online, rating=rating)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rate_at_counter(token=token, data=form.to_input())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return render(request, "ratings/kiosk_closed.html", {"thanks": True})
        status = 400
    return render(
        request,
        "ratings/kiosk.html",
        {"form": form, "dossier": dossier, "invitation": invitation},
        status=status,
    )
