"""The counter officer's queue panel: take a counter, call the next number, recall, skip, serve.

Each button is a plain POST form; the queue services decide and refuse with a message that is
shown on the panel, and nothing changes on a refusal (a double click on "Gọi số tiếp" included).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.agencies.models import Officer, Role
from motcua.backoffice.access import officer_required
from motcua.core.errors import DomainError
from motcua.tickets import selectors, services
from motcua.tickets.models import Ticket, TicketStatus

TicketAction = Callable[..., Ticket]
_ACTIONS: Final[dict[str, TicketAction]] = {
    "goi-lai": services.recall,
    "bo-qua": services.skip,
    "phuc-vu": services.start_serving,
    "xong": services.finish,
}


@officer_required(Role.COUNTER_OFFICER)
@require_GET
def panel(request: HttpRequest, officer: Officer) -> HttpResponse:
    """The officer's counter, its current number and queues; or the counters to choose from."""
    counter = selectors.counter_of(officer)
    context: dict[str, object] = {"section": "counter", "officer": officer}
    if counter is None:
        context["counters"] = selectors.counters_of(officer.agency)
        return render(request, "backoffice/counter/choose.html", context)
    context["panel"] = selectors.panel(counter)
    return render(request, "backoffice/counter/panel.html", context)


def _run(request: HttpRequest, work: Callable[[], object]) -> object | None:
    try:
        return work()
    except DomainError as error:
        messages.error(request, error.message)
        return None


@officer_required(Role.COUNTER_OFFICER)
@require_POST
def take(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Sit at a counter."""
    raw = request.POST.get("counter", "")
    if not raw.isdigit():
        messages.error(request, _("Hãy chọn một quầy."))
        return redirect("backoffice:counter")
    counter = _run(request, lambda: services.take_counter(counter=int(raw), by=officer))
    if counter is not None:
        messages.success(request, _("Bạn đang ngồi %(counter)s.") % {"counter": counter})
    return redirect("backoffice:counter")


@officer_required(Role.COUNTER_OFFICER)
@require_POST
def leave(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Leave the counter (the end of a shift)."""
    if _run(request, lambda: services.leave_counter(by=officer) or True):
        messages.success(request, _("Bạn đã rời quầy."))
    return redirect("backoffice:counter")


@officer_required(Role.COUNTER_OFFICER)
@require_POST
def call_next(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Call the next waiting number to this counter."""
    ticket = _run(request, lambda: services.call_next(by=officer))
    if isinstance(ticket, Ticket):
        messages.success(
            request,
            _("Đã gọi số %(number)s; bảng gọi số đang mời lên quầy.") % {"number": ticket.label},
        )
    return redirect("backoffice:counter")


@officer_required(Role.COUNTER_OFFICER)
@require_POST
def ticket_action(request: HttpRequest, officer: Officer, pk: int, action: str) -> HttpResponse:
    """Recall, skip, start serving or finish a number of this counter."""
    service = _ACTIONS.get(action)
    if service is None:
        raise Http404(_("Không có thao tác này."))
    _run(request, lambda: service(ticket=pk, by=officer))
    return redirect("backoffice:counter")


@officer_required(Role.COUNTER_OFFICER)
@require_POST
def intake(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Start serving the number if it was only called, then open the counter intake.

    The dossier recorded there is linked to this number (the intake links the serving number).
    """
    current = Ticket.objects.filter(pk=pk, agency_id=officer.agency_id).first()
    if current is not None and current.status == TicketStatus.CALLED:
        if _run(request, lambda: services.start_serving(ticket=pk, by=officer)) is None:
            return redirect("backoffice:counter")
    elif current is None or current.status != TicketStatus.SERVING:
        messages.error(request, _("Số này không còn được phục vụ tại quầy của bạn."))
        return redirect("backoffice:counter")
    return redirect("backoffice:intake")
