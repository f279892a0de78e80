"""Use cases that change the organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError

# Apps that hold open work of an agency (dossiers, workflow steps, catalogue settings) register a
# mover here in their AppConfig.ready(); `succeed_agency` calls each one inside its transaction.
# Each mover returns how many rows it moved, keyed by what it moved.
OpenWorkMover = Callable[[Agency, Agency], dict[str, int]]
OPEN_WORK_MOVERS: list[OpenWorkMover] = []


def register_open_work_mover(mover: OpenWorkMover) -> OpenWorkMover:
    """Register a function that moves an agency's open work to its successor."""
    if mover not in OPEN_WORK_MOVERS:
        OPEN_WORK_MOVERS.append(mover)
    return mover


@transaction.atomic
def succeed_agency(*, agency: Agency, successor: Agency, on: dt.date) -> dict[str, int]:
    """Close `agency` at the end of the day before `on`; `successor` takes over its open work."""
    if agency.pk == successor.pk:
        raise DomainError("Một cơ quan không thể kế thừa chính nó.")
    if Agency.objects.get(pk=successor.pk).current().pk == agency.pk:
        raise DomainError(
            f"{successor.code} đã là cơ quan được {agency.code} kế thừa: "
            "không thể kế thừa vòng tròn."
        )
    if not successor.is_valid_on(on):
        raise DomainError(
            f"Cơ quan kế thừa {successor.code} không còn hiệu lực vào ngày {on:%d/%m/%Y}."
        )
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    if locked.successor_id is not None:
        raise DomainError(f"{locked.code} đã có cơ quan kế thừa.")
    locked.valid_to = on - dt.timedelta(days=1)
    locked.successor = successor
    locked.save(update_fields=["valid_to", "successor", "updated_at"])
    moved: dict[str, int] = {}
    for mover in OPEN_WORK_MOVERS:
        for key, count in mover(locked, successor).items():
            moved[key] = moved.get(key, 0) + count
    return moved
