"""Loading the demo: province, logins, catalogue with local settings, working calendar.

Everything is created only when missing and never overwritten, so running the demo again changes
nothing, and settings an administrator changed after the first run are kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from django.db import transaction
from django.utils import timezone, translation

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Officer, RoleGrant
from motcua.catalog.models import Procedure
from motcua.catalog.services.importer import Outcome, import_files
from motcua.catalog.services.local_settings import configure_procedure
from motcua.core.errors import DomainError
from motcua.deadlines.services import (
    SHIPPED_CALENDAR,
    import_calendar,
    seed_from_holidays_package,
)
from motcua.demo import data
from motcua.demo.data import DEMO_PASSWORD, DemoAgency, DemoUser
from motcua.tickets.models import Counter, CounterArea, ServiceArea

PROCEDURES_DIR: Final = Path(__file__).resolve().parent.parent / "catalog" / "data" / "procedures"
# The shipped official calendar ends with 2024; later years come from the `holidays` package
# until an administrator imports the official announcement.
FIRST_SEEDED_YEAR: Final = 2025


@dataclass
class DemoReport:
    """What one run of the demo created."""

    agencies_created: int = 0
    users_created: int = 0
    procedures: str = ""
    procedures_written: int = 0
    procedures_configured: int = 0
    calendar_days_created: int = 0
    calendar_years_seeded: tuple[int, ...] = field(default=())
    calendar_changed: bool = False
    queue_rows_created: int = 0

    @property
    def changed(self) -> bool:
        """Whether this run wrote anything."""
        return bool(
            self.agencies_created
            or self.users_created
            or self.procedures_written
            or self.procedures_configured
            or self.calendar_changed
            or self.queue_rows_created
        )


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> DemoReport:
    """Create whatever of the demo is missing: all of it on an empty database, nothing after."""
    report = DemoReport()
    agencies = _load_agencies(report)
    _load_users(report, agencies)
    _load_catalogue(report, agencies)
    _load_calendar(report, today or timezone.localdate())
    _load_queue(report, agencies)
    return report


def _load_agencies(report: DemoReport) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for item in data.AGENCIES:
        agency, created = Agency.objects.get_or_create(
            code=item.code, defaults=_agency_fields(item, agencies)
        )
        agencies[item.code] = agency
        report.agencies_created += int(created)
    return agencies


def _agency_fields(item: DemoAgency, known: dict[str, Agency]) -> dict[str, object]:
    return {
        "name": item.name,
        "short_name": item.short_name,
        "kind": item.kind,
        "level": item.level,
        "parent": known[item.parent] if item.parent else None,
        "valid_from": item.valid_from,
        "valid_to": item.valid_to,
        "successor": known[item.successor] if item.successor else None,
        "address": item.address,
        "phone": item.phone,
    }


def _load_users(report: DemoReport, agencies: dict[str, Agency]) -> None:
    for item in data.USERS:
        user = User.objects.filter(username=item.username).first()
        if user is None:
            user = _create_user(item)
            report.users_created += 1
        if item.role is None or item.agency is None:
            continue
        officer, _created = Officer.objects.get_or_create(
            user=user,
            defaults={
                "agency": agencies[item.agency],
                "title": item.title,
                "seconded_from": agencies[item.seconded_from] if item.seconded_from else None,
                "counter_number": item.counter_number,
                "can_decide_on_spot": item.can_decide_on_spot,
            },
        )
        RoleGrant.objects.get_or_create(officer=officer, role=item.role)


def _create_user(item: DemoUser) -> User:
    user = User(
        username=item.username,
        full_name=item.full_name,
        kind=item.kind,
        email=f"{item.username}@demo.motcua.vn",
        phone=item.phone,
        id_no=item.id_no,
        organization_name=item.organization_name,
        is_staff=item.is_superuser,
        is_superuser=item.is_superuser,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _load_catalogue(report: DemoReport, agencies: dict[str, Agency]) -> None:
    imported = import_files([PROCEDURES_DIR])
    failures = imported.failures
    if failures:
        raise DomainError(
            "Danh mục thủ tục kèm theo không nhập được: "
            + "; ".join(f"{f.source}: {f.message}" for f in failures)
        )
    report.procedures = imported.summary()
    report.procedures_written = imported.count(Outcome.IMPORTED) + imported.count(Outcome.UPDATED)
    codes = [r.code for r in imported.results if r.outcome is not Outcome.FAILED]
    # Only procedures nobody has configured yet get the demo's settings.
    unconfigured = (
        Procedure.objects.filter(code__in=codes, receiving_agencies__isnull=True)
        .select_related("current_version__sector")
        .order_by("code")
    )
    for procedure in unconfigured:
        version = procedure.current_version
        if version is None:
            continue
        receiving = [agencies[data.CENTRE]]
        if version.is_commune_level:
            receiving += [agencies[code] for code in data.COMMUNE_CENTRES]
        if version.is_province_level:
            sector_code = version.sector.code if version.sector else ""
            competent: Agency | None = agencies[data.department_for_sector(sector_code)]
        elif version.is_commune_level:
            competent = agencies[data.COMMUNE_DECIDER]
        else:
            # Ministry-level work: the centre receives it and forwards it (ND 118 Art. 20.1).
            competent = None
        configure_procedure(
            procedure=procedure,
            receiving_agencies=receiving,
            competent_agency=competent,
            is_on_the_spot=procedure.code in data.ON_THE_SPOT,
            cutoff_time=data.CUTOFF_TIMES.get(procedure.code),
        )
        report.procedures_configured += 1


def _load_calendar(report: DemoReport, today: dt.date) -> None:
    official = import_calendar(SHIPPED_CALENDAR)
    seeded = seed_from_holidays_package(range(FIRST_SEEDED_YEAR, today.year + 2))
    report.calendar_days_created = official.created + seeded.created
    report.calendar_years_seeded = seeded.years
    report.calendar_changed = official.changed or seeded.changed


def _load_queue(report: DemoReport, agencies: dict[str, Agency]) -> None:
    """The centre's service areas and counters; the counter officer sits at their counter."""
    centre = agencies[data.CENTRE]
    areas: dict[str, ServiceArea] = {}
    for position, item in enumerate(data.QUEUE_AREAS, start=1):
        area, created = ServiceArea.objects.get_or_create(
            agency=centre,
            prefix=item.prefix,
            defaults={
                "name": item.name,
                "description": item.description,
                "position": position,
                "is_priority": item.is_priority,
            },
        )
        if created:
            area.competent_agencies.set([agencies[code] for code in item.departments])
            report.queue_rows_created += 1
        areas[item.prefix] = area
    seated = {
        officer.counter_number: officer
        for officer in Officer.objects.filter(agency=centre, counter_number__isnull=False)
    }
    for number, prefixes in data.QUEUE_COUNTERS.items():
        counter, created = Counter.objects.get_or_create(agency=centre, number=number)
        if not created:
            continue
        report.queue_rows_created += 1
        for priority, prefix in enumerate(prefixes, start=1):
            CounterArea.objects.create(counter=counter, area=areas[prefix], priority=priority)
        officer = seated.get(number)
        if officer is not None and not Counter.objects.filter(officer=officer).exists():
            counter.officer = officer
            counter.save(update_fields=["officer", "updated_at"])


def logins_table() -> str:
    """The demo logins as a Markdown table (printed by the command, kept in docs/demo.md)."""
    with translation.override("vi"):
        return _logins_table()


def _logins_table() -> str:
    rows = [
        "| Tài khoản | Mật khẩu | Vai trò | Cơ quan, đơn vị |",
        "|---|---|---|---|",
    ]
    names = {item.code: item.name for item in data.AGENCIES}
    for item in data.USERS:
        role = str(item.role.label) if item.role else str(item.kind.label)
        if item.is_superuser:
            role += " (Django superuser, /admin/)"
        where = names[item.agency] if item.agency else item.organization_name or "—"
        rows.append(f"| `{item.username}` | `{DEMO_PASSWORD}` | {role} | {where} |")
    return "\n".join(rows)
