"""The province's own settings of a procedure: who receives it, who decides, and how fast."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, AgencyKind
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError

# A commune People's Committee with its own desk receives dossiers too (two-tier government).
RECEIVING_KINDS = frozenset(
    {AgencyKind.SERVICE_CENTRE, AgencyKind.RECEIVING_POINT, AgencyKind.PEOPLES_COMMITTEE}
)


def local_settings_problems(
    *,
    receiving_agencies: Iterable[Agency],
    competent_agency: Agency | None,
    cutoff_time: dt.time | None,
    on: dt.date | None = None,
) -> list[str]:
    """What is wrong with a set of local settings (empty when they can be saved)."""
    day = on or timezone.localdate()
    problems: list[str] = []
    for agency in receiving_agencies:
        if agency.kind not in RECEIVING_KINDS:
            problems.append(
                _("%(agency)s không có bộ phận một cửa nên không thể tiếp nhận hồ sơ.")
                % {"agency": agency}
            )
        elif not agency.is_valid_on(day):
            problems.append(
                _("%(agency)s đã hết hiệu lực; hãy chọn cơ quan kế thừa.") % {"agency": agency}
            )
    if competent_agency is not None and not competent_agency.is_valid_on(day):
        problems.append(
            _("Cơ quan giải quyết %(agency)s đã hết hiệu lực; hãy chọn cơ quan kế thừa.")
            % {"agency": competent_agency}
        )
    if cutoff_time is not None and not dt.time(6) <= cutoff_time <= dt.time(20):
        problems.append(_("Giờ chốt nhận hồ sơ phải nằm trong khoảng 06:00–20:00."))
    return problems


@transaction.atomic
def configure_procedure(
    *,
    procedure: Procedure,
    receiving_agencies: Iterable[Agency],
    competent_agency: Agency | None,
    is_on_the_spot: bool,
    cutoff_time: dt.time | None,
    is_active: bool = True,
) -> Procedure:
    """Set who receives a procedure, who decides it, "4 tại chỗ" and the daily cut-off hour.

    Saves only what changed, so applying the same settings twice changes nothing.
    """
    receiving = list(dict.fromkeys(receiving_agencies))
    problems = local_settings_problems(
        receiving_agencies=receiving, competent_agency=competent_agency, cutoff_time=cutoff_time
    )
    if problems:
        raise DomainError(f"{procedure.code}: " + " ".join(problems))
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    wanted = {
        "competent_agency_id": competent_agency.pk if competent_agency else None,
        "is_on_the_spot": is_on_the_spot,
        "cutoff_time": cutoff_time,
        "is_active": is_active,
    }
    changed = [name for name, value in wanted.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, wanted[name])
    if changed:
        fields = [name.removesuffix("_id") for name in changed]
        locked.save(update_fields=[*fields, "updated_at"])
    if set(locked.receiving_agencies.values_list("pk", flat=True)) != {a.pk for a in receiving}:
        locked.receiving_agencies.set(receiving)
    return locked


def move_catalogue_settings(old: Agency, new: Agency) -> dict[str, int]:
    """Open-work mover: procedures received or decided by `old` now go to its successor."""
    received = Procedure.objects.filter(receiving_agencies=old)
    moved_received = 0
    for procedure in received.select_for_update():
        procedure.receiving_agencies.remove(old)
        procedure.receiving_agencies.add(new)
        moved_received += 1
    moved_competent = Procedure.objects.filter(competent_agency=old).update(
        competent_agency=new, updated_at=timezone.now()
    )
    return {"procedures_received": moved_received, "procedures_decided": moved_competent}
