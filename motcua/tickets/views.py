"""Public queue screens: no login. They translate taps and polls and call the queue services."""

from __future__ import annotations

import threading
import time
import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.tickets import selectors, services, voice
from motcua.tickets.forms import KioskForm
from motcua.tickets.models import Ticket, TicketStatus

# The board asks for fresh calls this often (ADR 0011: htmx polling rather than server-sent events).
BOARD_POLL_SECONDS = 2
# The printed-ticket screen goes back to the kiosk after this many seconds.
TICKET_SCREEN_SECONDS = 20


def _centre(code: str) -> Agency:
    agency = selectors.centre_by_code(code)
    if agency is None:
        raise Http404(_("Không có trung tâm nào với mã này đang phát số thứ tự."))
    return agency


def _kiosk_page(
    request: HttpRequest, agency: Agency, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "agency": agency,
        "areas": selectors.kiosk_areas(agency),
        "token": uuid.uuid4(),
        "error": error,
    }
    return render(request, "tickets/kiosk.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, agency: str) -> HttpResponse:
    """The touch screen where a citizen picks an area and takes a number."""
    centre = _centre(agency)
    if request.method == "GET":
        return _kiosk_page(request, centre)
    form = KioskForm(request.POST)
    if not form.is_valid():
        return _kiosk_page(
            request, centre, error=_("Vui lòng chạm vào một khu vực để lấy số."), status=400
        )
    area = centre.service_areas.filter(pk=form.cleaned_data["area"]).first()
    if area is None:
        return _kiosk_page(
            request, centre, error=_("Khu vực này không thuộc trung tâm."), status=400
        )
    try:
        ticket, created = services.issue_ticket(area=area, token=form.cleaned_data["token"])
    except DomainError as error:
        return _kiosk_page(request, centre, error=error.message, status=error.http_status)
    # Only the first tap prints: a second tap of the same page shows the same ticket again.
    shown = reverse("tickets:ticket", kwargs={"token": ticket.issue_token})
    return redirect(f"{shown}?in=1" if created else shown)


@never_cache
@require_GET
def ticket(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """The ticket as shown and printed: number, area, time, people ahead."""
    found = (
        Ticket.objects.select_related("area", "agency", "counter").filter(issue_token=token).first()
    )
    if found is None:
        raise Http404(_("Không tìm thấy vé này."))
    context = {
        "ticket": found,
        "ahead": selectors.people_ahead(found) if found.status == TicketStatus.WAITING else 0,
        "back_after": TICKET_SCREEN_SECONDS,
        "print_now": request.GET.get("in") == "1",
    }
    return render(request, "tickets/ticket.html", context)


def _board_context(agency: Agency) -> dict[str, object]:
    current = selectors.board(agency)
    return {
        "agency": agency,
        "board": current,
        "announcement": current.announcement,
        "has_voice": voice.has_voice(),
        "poll_seconds": BOARD_POLL_SECONDS,
    }


@never_cache
@require_GET
def board(request: HttpRequest, agency: str) -> HttpResponse:
    """The display board: numbers at the counters, the last calls, updated every 2 seconds."""
    return render(request, "tickets/board.html", _board_context(_centre(agency)))


# Every board of a centre shows the same fragment: one render per centre and language serves all
# the boards polling within this many seconds (per process), so the cost no longer grows with the
# number of screens. A call shows at most this much later than without the shared render.
BOARD_SHARED_SECONDS = 1.0
_board_renders: dict[tuple[str, str], tuple[float, bytes]] = {}
_board_renders_lock = threading.Lock()


def _shared_board(request: HttpRequest, agency: str) -> bytes:
    """The fragment's HTML, rendered at most once per `BOARD_SHARED_SECONDS` per centre."""
    key = (agency, get_language() or "")
    now = time.monotonic()
    with _board_renders_lock:
        found = _board_renders.get(key)
    if found is not None and found[0] > now:
        return found[1]
    html = render(request, "tickets/_board.html", _board_context(_centre(agency))).content
    with _board_renders_lock:
        # Only centres that exist reach this line (`_centre` raised 404 otherwise): the dict stays
        # as small as the province's list of centres times its languages.
        _board_renders[key] = (now + BOARD_SHARED_SECONDS, html)
    return html


@never_cache
@require_GET
def board_fragment(request: HttpRequest, agency: str) -> HttpResponse:
    """htmx: the board's changing part (a few kilobytes, 5 queries, shared by the boards)."""
    return HttpResponse(_shared_board(request, agency))


@require_GET
def announcement(request: HttpRequest, pk: int, recall: int) -> HttpResponse:
    """The spoken call of a number as WAV; 404 where espeak-ng is not installed."""
    found = Ticket.objects.select_related("counter").filter(pk=pk).first()
    if found is None or found.counter is None or found.recall_count != recall:
        raise Http404(_("Không có lượt gọi số này."))
    try:
        wav = voice.announcement_wav(found.label, found.counter.number)
    except voice.VoiceUnavailableError as error:
        raise Http404(error.message) from None
    response = HttpResponse(wav, content_type="audio/wav")
    response["Cache-Control"] = "public, max-age=3600"
    return response
