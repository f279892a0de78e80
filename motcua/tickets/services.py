"""The queue's use cases: a citizen takes a number at the kiosk; a counter officer calls and serves.

Every action on a ticket is refused with a message naming the ticket and why, and changes nothing:
another counter's ticket, a ticket of an earlier day, calling while the counter is still busy,
calling with nobody waiting. A kiosk form submitted twice (a double tap) gives one ticket.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.agencies.models import Officer
from motcua.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from motcua.dossiers.models import Dossier
from motcua.dossiers.policies import require_desk_officer
from motcua.tickets.models import (
    ACTIVE_STATUSES,
    Counter,
    CounterArea,
    ServiceArea,
    Ticket,
    TicketSequence,
    TicketStatus,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_sequence_table = TicketSequence._meta.db_table
# One statement creates the day's row or bumps it and returns the new number. The row stays
# locked until the kiosk transaction ends, so the ticket insert follows right after it.
NEXT_NUMBER_SQL = (
    f"INSERT INTO {_sequence_table} (area_id, day, last_value) VALUES (%s, %s, 1) "  # noqa: S608
    f"ON CONFLICT (area_id, day) DO UPDATE SET last_value = {_sequence_table}.last_value + 1 "
    "RETURNING last_value"
)


def ticket_day(at: dt.datetime) -> dt.date:
    """The Vietnam-time day a moment belongs to: numbering restarts at 00:00 +07:00."""
    return at.astimezone(VIETNAM).date()


def _next_number(area: ServiceArea, day: dt.date) -> int:
    with connection.cursor() as cursor:
        cursor.execute(NEXT_NUMBER_SQL, [area.pk, connection.ops.adapt_datefield_value(day)])
        row = cursor.fetchone()
    return int(row[0])


@transaction.atomic
def issue_ticket(*, area: ServiceArea | int, token: uuid.UUID) -> tuple[Ticket, bool]:
    """Give the citizen the area's next number of the day; (ticket, created).

    `token` comes from the kiosk form: the same form sent twice (a double tap, a resent request)
    gets the ticket of the first sending and no number is used up.
    """
    earlier = Ticket.objects.select_related("area").filter(issue_token=token).first()
    if earlier is not None:
        return earlier, False
    area_id = area.pk if isinstance(area, ServiceArea) else area
    chosen = ServiceArea.objects.select_related("agency").filter(pk=area_id).first()
    if chosen is None or not chosen.is_active:
        raise NotFoundError("Khu vực này không còn phát số; vui lòng chọn khu vực khác.")
    now = timezone.now()
    day = ticket_day(now)
    try:
        # A savepoint: when a simultaneous tap of the same form won, its number is given back.
        with transaction.atomic():
            ticket = Ticket.objects.create(
                area=chosen,
                agency=chosen.agency,
                day=day,
                number=_next_number(chosen, day),
                prefix=chosen.prefix,
                issue_token=token,
                issued_at=now,
            )
    except IntegrityError:
        earlier = Ticket.objects.select_related("area").filter(issue_token=token).first()
        if earlier is None:
            raise
        return earlier, False
    return ticket, True


# --- The counter ------------------------------------------------------------------------------


def _desk(by: Officer, *, doing: str) -> Officer:
    return require_desk_officer(by, by.agency, doing=doing)


def _counter_of(officer: Officer, *, lock: bool = False) -> Counter:
    query = Counter.objects.select_related("agency").filter(officer=officer, is_active=True)
    if lock:
        query = query.select_for_update()
    counter = query.first()
    if counter is None:
        raise DomainError("Bạn chưa nhận quầy nào: chọn quầy đang ngồi trước khi gọi số.")
    return counter


@transaction.atomic
def take_counter(*, counter: Counter | int, by: Officer) -> Counter:
    """The officer sits at a counter of their own agency (and leaves any other counter)."""
    officer = _desk(by, doing="nhận quầy")
    counter_id = counter.pk if isinstance(counter, Counter) else counter
    chosen = Counter.objects.select_for_update().filter(pk=counter_id).first()
    if chosen is None or not chosen.is_active:
        raise NotFoundError("Không có quầy này, hoặc quầy đã ngừng hoạt động.")
    if chosen.agency_id != officer.agency_id:
        raise PermissionDeniedError(f"Quầy số {chosen.number} không thuộc đơn vị của bạn.")
    if chosen.officer_id == officer.pk:
        return chosen
    if chosen.officer_id is not None:
        busy = Ticket.objects.filter(counter=chosen, status__in=ACTIVE_STATUSES).first()
        if busy is not None:
            raise ConflictError(
                f"Quầy số {chosen.number} đang phục vụ số {busy.label}; "
                "chờ cán bộ tại quầy kết thúc rồi mới nhận quầy."
            )
    _release(officer)
    chosen.officer = officer
    chosen.save(update_fields=["officer", "updated_at"])
    return chosen


def _release(officer: Officer) -> None:
    current = Counter.objects.select_for_update().filter(officer=officer).first()
    if current is None:
        return
    busy = Ticket.objects.filter(counter=current, status__in=ACTIVE_STATUSES).first()
    if busy is not None:
        raise ConflictError(
            f"Quầy số {current.number} của bạn đang phục vụ số {busy.label}; "
            "kết thúc hoặc bỏ qua số này trước khi rời quầy."
        )
    current.officer = None
    current.save(update_fields=["officer", "updated_at"])


@transaction.atomic
def leave_counter(*, by: Officer) -> None:
    """The officer leaves their counter; refused while a number is still being served there."""
    _release(_desk(by, doing="rời quầy"))


def _busy_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.select_related("area")
        .filter(counter=counter, status__in=ACTIVE_STATUSES, day=ticket_day(timezone.now()))
        .first()
    )


@transaction.atomic
def call_next(*, by: Officer) -> Ticket:
    """Call the next waiting number for the officer's counter, by the counter's area priority.

    Within the same priority the longest-waiting ticket goes first. Two counters calling at the
    same moment never get the same ticket: the chosen row is locked and locked rows are skipped.
    """
    officer = _desk(by, doing="gọi số")
    counter = _counter_of(officer, lock=True)
    busy = _busy_ticket(counter)
    if busy is not None:
        raise ConflictError(
            f"Quầy số {counter.number} đang có số {busy.label} "
            f"({busy.get_status_display().lower()}): "
            "bấm “Xong” hoặc “Bỏ qua” trước khi gọi số tiếp."
        )
    links = list(CounterArea.objects.filter(counter=counter, area__is_active=True))
    if not links:
        raise DomainError(f"Quầy số {counter.number} chưa được gán khu vực nào để gọi số.")
    today = ticket_day(timezone.now())
    priority = {link.area_id: link.priority for link in links}
    for level in sorted(set(priority.values())):
        areas = [area for area, value in priority.items() if value == level]
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True)
            .filter(area_id__in=areas, day=today, status=TicketStatus.WAITING)
            .order_by("issued_at", "pk")
            .first()
        )
        if ticket is not None:
            break
    else:
        raise DomainError(
            f"Không còn ai đang chờ ở các khu vực của quầy số {counter.number}. Chưa gọi số nào."
        )
    now = timezone.now()
    ticket.status = TicketStatus.CALLED
    ticket.called_at = now
    ticket.last_called_at = now
    ticket.counter = counter
    ticket.officer = officer
    ticket.save(update_fields=["status", "called_at", "last_called_at", "counter", "officer"])
    return ticket


def _own_ticket(ticket: Ticket | int, officer: Officer, *, doing: str) -> Ticket:
    """The ticket, locked, if it is today's and at the officer's counter; else refuse."""
    ticket_id = ticket.pk if isinstance(ticket, Ticket) else ticket
    locked = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("counter")
        .filter(pk=ticket_id, agency_id=officer.agency_id)
        .first()
    )
    if locked is None:
        raise NotFoundError("Không có vé này tại đơn vị của bạn.")
    today = ticket_day(timezone.now())
    if locked.day != today:
        raise DomainError(
            f"Vé {locked.label} là vé ngày {locked.day:%d/%m/%Y}, đã hết hiệu lực: "
            f"không thể {doing}. Mỗi vé chỉ dùng trong ngày lấy số."
        )
    counter = Counter.objects.filter(officer=officer).first()
    if locked.counter is None or counter is None or locked.counter_id != counter.pk:
        where = f"quầy số {locked.counter.number}" if locked.counter else "chưa quầy nào gọi"
        raise PermissionDeniedError(
            f"Vé {locked.label} không thuộc quầy của bạn ({where}): không thể {doing}."
        )
    return locked


def _require(ticket: Ticket, allowed: set[TicketStatus], *, doing: str) -> None:
    if ticket.status not in allowed:
        raise ConflictError(
            f"Vé {ticket.label} đang ở trạng thái “{ticket.get_status_display()}”: "
            f"không thể {doing}."
        )


@transaction.atomic
def recall(*, ticket: Ticket | int, by: Officer) -> Ticket:
    """Call the same number again (the citizen did not come yet, or came back after a skip)."""
    officer = _desk(by, doing="gọi lại số")
    locked = _own_ticket(ticket, officer, doing="gọi lại")
    _require(locked, {TicketStatus.CALLED, TicketStatus.SKIPPED}, doing="gọi lại")
    if locked.status == TicketStatus.SKIPPED:
        busy = _busy_ticket(locked.counter) if locked.counter else None
        if busy is not None:
            raise ConflictError(
                f"Quầy đang có số {busy.label}: kết thúc số đó trước khi gọi lại {locked.label}."
            )
    locked.status = TicketStatus.CALLED
    locked.last_called_at = timezone.now()
    locked.finished_at = None
    locked.recall_count += 1
    locked.save(update_fields=["status", "last_called_at", "finished_at", "recall_count"])
    return locked


@transaction.atomic
def skip(*, ticket: Ticket | int, by: Officer) -> Ticket:
    """Pass over a called number whose holder did not come; it can be recalled later today."""
    officer = _desk(by, doing="bỏ qua số")
    locked = _own_ticket(ticket, officer, doing="bỏ qua")
    _require(locked, {TicketStatus.CALLED}, doing="bỏ qua")
    locked.status = TicketStatus.SKIPPED
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "finished_at"])
    return locked


@transaction.atomic
def start_serving(*, ticket: Ticket | int, by: Officer) -> Ticket:
    """The citizen is at the counter: the service time starts."""
    officer = _desk(by, doing="bắt đầu phục vụ")
    locked = _own_ticket(ticket, officer, doing="bắt đầu phục vụ")
    _require(locked, {TicketStatus.CALLED}, doing="bắt đầu phục vụ")
    locked.status = TicketStatus.SERVING
    locked.served_at = timezone.now()
    locked.officer = officer
    locked.save(update_fields=["status", "served_at", "officer"])
    return locked


@transaction.atomic
def finish(*, ticket: Ticket | int, by: Officer) -> Ticket:
    """The citizen leaves the counter: the service time ends and the counter is free."""
    officer = _desk(by, doing="kết thúc phục vụ")
    locked = _own_ticket(ticket, officer, doing="kết thúc phục vụ")
    _require(locked, {TicketStatus.SERVING}, doing="kết thúc phục vụ")
    locked.status = TicketStatus.DONE
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "finished_at"])
    return locked


@transaction.atomic
def link_dossier(*, ticket: Ticket | int, dossier: Dossier, by: Officer) -> Ticket:
    """Record that a dossier was received (or guided, or refused) while serving this ticket."""
    officer = _desk(by, doing="gắn hồ sơ với số thứ tự")
    locked = _own_ticket(ticket, officer, doing="gắn hồ sơ")
    _require(locked, {TicketStatus.SERVING, TicketStatus.DONE}, doing="gắn hồ sơ")
    if dossier.receiving_agency_id != locked.agency_id:
        raise PermissionDeniedError(
            f"Hồ sơ không do đơn vị phát vé {locked.label} tiếp nhận: không thể gắn."
        )
    locked.dossiers.add(dossier)
    return locked


@dataclass(frozen=True)
class ClosedDay:
    """What closing the earlier days' queues changed."""

    no_show: int
    closed_in_service: int


@transaction.atomic
def close_earlier_days(*, today: dt.date | None = None) -> ClosedDay:
    """Close tickets left open on earlier days: unserved ones did not show up.

    A ticket still being served when the day ended is marked done but flagged, so its made-up
    end time does not count in the service time statistics. Safe to run twice.
    """
    day = today or ticket_day(timezone.now())
    now = timezone.now()
    earlier = Ticket.objects.filter(day__lt=day)
    no_show = earlier.filter(Q(status=TicketStatus.WAITING) | Q(status=TicketStatus.CALLED)).update(
        status=TicketStatus.NO_SHOW, finished_at=now
    )
    closed = earlier.filter(status=TicketStatus.SERVING).update(
        status=TicketStatus.DONE, finished_at=now, is_closed_automatically=True
    )
    return ClosedDay(no_show=no_show, closed_in_service=closed)


def attach_to_serving_ticket(*, dossier: Dossier, by: Officer) -> Ticket | None:
    """Link a dossier just recorded at the counter to the number being served there, if any.

    Runs inside the intake transaction, so the dossier and the link are written together.
    """
    ticket = (
        Ticket.objects.serving_at_counter_of(
            by.pk, dossier.receiving_agency_id, ticket_day(timezone.now())
        )
        .select_for_update()
        .first()
    )
    if ticket is not None:
        ticket.dossiers.add(dossier)
    return ticket
