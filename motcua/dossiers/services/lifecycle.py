"""The one way a dossier changes status: `move()` locks, checks the table, records, updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Officer
from motcua.api.models import ApiKey
from motcua.dossiers.errors import StaleDossierError, TransitionNotAllowed
from motcua.dossiers.models import Dossier, DossierEvent, EventAction
from motcua.dossiers.states import ALLOWED, ENDS_PROCESSING, Status

# Who acts: an officer, a citizen's account, a system client's key, or the system itself (None).
Actor = Officer | User | ApiKey | None

SYSTEM_NAME = "Hệ thống"

# Apps that follow the lifecycle (workflow opens step tasks when processing starts and closes them
# when it ends) register here in their AppConfig.ready(), since dossiers never imports them. Each
# observer runs inside `move()`'s transaction, after the event is recorded: (dossier, from, to, by).
MoveObserver = Callable[[Dossier, Status, Status, Actor], None]
MOVE_OBSERVERS: list[MoveObserver] = []


def register_move_observer(observer: MoveObserver) -> MoveObserver:
    """Register a function called after every status move, in the same transaction."""
    if observer not in MOVE_OBSERVERS:
        MOVE_OBSERVERS.append(observer)
    return observer


def actor_fields(actor: Actor) -> dict[str, Any]:
    """The history columns that identify an actor."""
    if isinstance(actor, Officer):
        return {
            "actor_user_id": actor.user_id,
            "actor_agency_id": actor.agency_id,
            "actor_name": str(actor.user),
        }
    if isinstance(actor, User):
        return {"actor_user_id": actor.pk, "actor_name": str(actor)}
    if isinstance(actor, ApiKey):
        return {
            "actor_api_key_id": actor.pk,
            "actor_agency_id": actor.agency_id,
            "actor_name": f"{SYSTEM_NAME}: {actor.name}",
        }
    return {"actor_name": SYSTEM_NAME}


def _label(dossier: Dossier, *, first: bool = False) -> str:
    word = "Hồ sơ" if first else "hồ sơ"
    return f"{word} {dossier.code}" if dossier.code else word


def _last_change(dossier: Dossier) -> str:
    """Who changed the dossier last, and when, for error messages."""
    event = dossier.events.order_by("-at", "-pk").first()
    if event is None:
        return ""
    at = timezone.localtime(event.at)
    return f" ({event.actor_name} cập nhật lúc {at:%H:%M %d/%m/%Y})"


def _check_version(locked: Dossier, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != locked.version:
        raise StaleDossierError(
            f"{_label(locked, first=True)} đã thay đổi sau khi bạn mở biểu mẫu"
            f"{_last_change(locked)}; "
            f"trạng thái hiện tại: “{locked.get_status_display()}”. "
            "Hãy tải lại trang, kiểm tra rồi thao tác lại."
        )


def lock(dossier: Dossier | int) -> Dossier:
    """Re-read the dossier row and lock it until the transaction ends."""
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    return Dossier.objects.select_for_update().get(pk=pk)


@transaction.atomic
def move(
    dossier: Dossier,
    *,
    to: Status,
    by: Actor,
    action: EventAction,
    note: str = "",
    data: Mapping[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Move `dossier` to status `to`: lock, check the table and the form's version, record, update.

    `changes` are further fields set in the same update (timestamps, due date...). Raises
    `TransitionNotAllowed` when the table forbids the move (for instance when another officer
    moved the dossier first) and `StaleDossierError` when `expected_version` is out of date.
    """
    locked = lock(dossier)
    _check_version(locked, expected_version)
    current = Status(locked.status)
    if to not in ALLOWED[current]:
        raise TransitionNotAllowed(
            f"Không thể chuyển {_label(locked)} sang “{to.label}”: hồ sơ đang ở trạng thái "
            f"“{current.label}”{_last_change(locked)}.",
            current=current,
            requested=to,
        )
    moment = at or timezone.now()
    fields = {"status", "version", "updated_at"}
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
        fields.add(name)
    locked.status = to
    locked.version += 1
    if to in ENDS_PROCESSING and locked.finished_at is None:
        locked.finished_at = moment
        fields.add("finished_at")
    locked.save(update_fields=sorted(fields))
    DossierEvent.objects.create(
        dossier=locked,
        at=moment,
        action=action,
        from_status=current,
        to_status=to,
        note=note,
        data=dict(data or {}),
        **actor_fields(by),
    )
    for observer in MOVE_OBSERVERS:
        observer(locked, current, to, by)
    return locked


@transaction.atomic
def record(
    dossier: Dossier,
    *,
    by: Actor,
    action: EventAction,
    note: str = "",
    data: Mapping[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Record an event that keeps the status (an extension, an attached file), under the lock."""
    locked = lock(dossier)
    _check_version(locked, expected_version)
    fields = {"version", "updated_at"}
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
        fields.add(name)
    locked.version += 1
    locked.save(update_fields=sorted(fields))
    DossierEvent.objects.create(
        dossier=locked,
        at=at or timezone.now(),
        action=action,
        from_status=locked.status,
        to_status=locked.status,
        note=note,
        data=dict(data or {}),
        **actor_fields(by),
    )
    return locked


def ensure_status(dossier: Dossier, allowed: frozenset[Status], *, doing: str) -> None:
    """Refuse early, with the table's error, when the dossier cannot be in this use case."""
    current = Status(dossier.status)
    if current not in allowed:
        raise TransitionNotAllowed(
            f"Không thể {doing}: {_label(dossier)} đang ở trạng thái “{current.label}”"
            f"{_last_change(dossier)}.",
            current=current,
            requested=current,
        )
