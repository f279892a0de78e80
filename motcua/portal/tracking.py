"""Public dossier tracking (tra cứu hồ sơ): status, appointment and history, no personal data.

How a visitor proves they may see a dossier, so that codes (which are sequential) cannot be
enumerated:

- by hand: the dossier code plus the last 4 digits of the phone number or of the ID number the
  applicant declared (POST, so the digits stay out of addresses and server logs);
- from the receipt's QR code or the link in an e-mail or SMS: `/tra-cuu/?ma=CODE&k=TOKEN`, where
  TOKEN is an HMAC of the code under the server's SECRET_KEY (`motcua.notifications.links`).
  Whoever holds the paper receipt or the message may track the dossier; nobody can forge a token
  for another code. Rotating SECRET_KEY voids the tokens: the page then asks for the 4 digits.

Every lookup (manual or by token) counts against a per-client-IP budget kept in Django's cache
(`LOOKUPS_PER_MINUTE`). A wrong code and a wrong pair of digits get the same answer. The page
shows only what the procedure and the desk did: no names, ID numbers, phones, addresses, notes
or officer names.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.text import clean
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import NATIONAL_CODE, Status

# Re-exported: the receipt's QR code and the rating page take the links from here.
from motcua.notifications.links import is_valid_token as is_valid_token
from motcua.notifications.links import tracking_token as tracking_token
from motcua.notifications.links import tracking_url as tracking_url
from motcua.ratings.services import can_rate

LOOKUPS_PER_MINUTE: Final = 10
_WINDOW_SECONDS: Final = 60
_DIGITS: Final = re.compile(r"\D")
# Statuses in which the applicant has something to do; the page says so without detail.
_APPLICANT_ACTION: Final = frozenset({Status.NEEDS_COMPLETION, Status.SUPPLEMENT_REQUESTED})


@dataclass(frozen=True)
class TrackedStep:
    """One history entry as the public sees it: when, what, and the resulting status."""

    at: dt.datetime
    action: str
    status: str


@dataclass(frozen=True)
class TrackedDossier:
    """The public view of a dossier: only what the procedure and the desk did, nothing personal."""

    code: str
    procedure_name: str
    receiving_agency: str
    competent_agency: str
    status: str
    national_status: int
    is_open: bool
    needs_applicant_action: bool
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    steps: tuple[TrackedStep, ...]
    can_rate: bool = False


class TrackingForm(forms.Form):
    """Code plus the last 4 digits of the phone or ID number."""

    code = forms.CharField(label=_("Mã hồ sơ"), max_length=64)
    last_digits = forms.CharField(
        label=_("4 số cuối của số điện thoại hoặc số định danh"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        """Codes are printed in upper case; people type them in any case."""
        return clean(self.cleaned_data["code"]).upper()

    def clean_last_digits(self) -> str:
        """Exactly four digits."""
        value: str = self.cleaned_data["last_digits"].strip()
        if not value.isdigit():
            raise forms.ValidationError(_("Nhập đúng 4 chữ số."))
        return value


def _client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client wants it to be unless a trusted
    # proxy rewrites it, and a limit that trusts it can be bypassed by changing a header.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def take_lookup(request: HttpRequest) -> bool:
    """Count one lookup for the client's IP; False once the minute's budget is spent."""
    window = int(timezone.now().timestamp()) // _WINDOW_SECONDS
    key = f"motcua:tracking:{_client_ip(request)}:{window}"
    cache.add(key, 0, timeout=_WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(key, 1, timeout=_WINDOW_SECONDS * 2)
        count = 1
    return count <= LOOKUPS_PER_MINUTE


def _last4(value: str) -> str:
    digits = _DIGITS.sub("", value)
    return digits[-4:] if len(digits) >= 4 else ""


def _find(code: str) -> Dossier | None:
    if not code:
        return None
    return (
        Dossier.objects.select_related("procedure_version", "receiving_agency", "competent_agency")
        .filter(code=code)
        .first()
    )


def _matches_digits(dossier: Dossier, digits: str) -> bool:
    candidates = {_last4(dossier.applicant_phone), _last4(dossier.applicant_id_no)} - {""}
    # Compare against every candidate so the time taken does not depend on which one matched.
    matched = False
    for candidate in candidates:
        matched |= hmac.compare_digest(candidate, digits)
    return matched


def public_view(dossier: Dossier) -> TrackedDossier:
    """Project a dossier onto what the public page may show."""
    status = Status(dossier.status)
    events = DossierEvent.objects.filter(dossier=dossier).order_by("at", "pk")
    steps = tuple(
        TrackedStep(
            at=event.at,
            action=str(event.get_action_display()),
            status=str(Status(event.to_status).label),
        )
        for event in events.only("at", "action", "to_status")
    )
    return TrackedDossier(
        code=dossier.code or "",
        procedure_name=dossier.procedure_version.name,
        receiving_agency=dossier.receiving_agency.name,
        competent_agency=dossier.competent_agency.name,
        status=str(status.label),
        national_status=NATIONAL_CODE[status],
        is_open=dossier.is_open,
        needs_applicant_action=status in _APPLICANT_ACTION,
        submitted_at=dossier.submitted_at,
        accepted_at=dossier.accepted_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        steps=steps,
        can_rate=can_rate(dossier),
    )


def _page(
    request: HttpRequest,
    *,
    form: TrackingForm,
    tracked: TrackedDossier | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {"form": form, "tracked": tracked, "error": error}
    if tracked is not None and tracked.can_rate:
        query = urlencode({"ma": tracked.code, "k": tracking_token(tracked.code)})
        context["rating_url"] = f"{reverse('portal:rate_by_receipt')}?{query}"
    response = render(request, "portal/tracking.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _throttled(request: HttpRequest, form: TrackingForm) -> HttpResponse:
    message = _("Bạn đã tra cứu quá %(n)s lần trong một phút. Vui lòng thử lại sau ít phút.") % {
        "n": LOOKUPS_PER_MINUTE
    }
    response = _page(request, form=form, error=str(message), status=429)
    response["Retry-After"] = str(_WINDOW_SECONDS)
    return response


NOT_FOUND_MESSAGE = _(
    "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối đã nhập. Vui lòng kiểm tra lại."
)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Look a dossier up by code and 4 digits (POST) or by the receipt's QR link (GET)."""
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if not form.is_valid():
            return _page(request, form=form, status=400)
        if not take_lookup(request):
            return _throttled(request, form)
        dossier = _find(form.cleaned_data["code"])
        if dossier is None or not _matches_digits(dossier, form.cleaned_data["last_digits"]):
            return _page(request, form=form, error=str(NOT_FOUND_MESSAGE), status=404)
        return _page(request, form=TrackingForm(), tracked=public_view(dossier))

    code = clean(request.GET.get("ma", "")).upper()
    token = clean(request.GET.get("k", ""))
    if not code:
        return _page(request, form=TrackingForm())
    prefilled = TrackingForm(initial={"code": code})
    if not token:
        return _page(request, form=prefilled)
    if not take_lookup(request):
        return _throttled(request, prefilled)
    dossier = _find(code) if is_valid_token(code, token) else None
    if dossier is None:
        message = _(
            "Đường dẫn tra cứu không hợp lệ hoặc đã hết hiệu lực. Vui lòng nhập 4 số cuối của "
            "số điện thoại hoặc số định danh đã khai khi nộp hồ sơ."
        )
        return _page(request, form=prefilled, error=str(message), status=404)
    return _page(request, form=TrackingForm(), tracked=public_view(dossier))
