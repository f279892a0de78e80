"""Use cases of the working-day calendar: the current calendar, due dates, imports and edits.

The calendar is built from the database once per process and cached. Every change goes through a
service here that gives `CalendarSettings.revision` a new random value in the same transaction;
`current_calendar()` reads that one value per call and rebuilds when it differs, so a change made in
any process (web, worker, command) is seen by all the others at their next computation.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import re
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from motcua.core.errors import DomainError, ErrorCode
from motcua.deadlines import engine
from motcua.deadlines.engine import Amount, Due, OfficeHours, Unit, WorkingCalendar
from motcua.deadlines.models import CalendarDay, CalendarSettings, CalendarYear, DayKind, Origin

SHIPPED_CALENDAR = Path(__file__).resolve().parent / "data" / "holidays_vn_2019_2024.csv"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_ERRORS_SHOWN = 10


class CalendarImportError(DomainError):
    """A calendar file was refused; nothing from it was imported."""

    code = ErrorCode.IMPORT_FAILED

    def __init__(self, path: str, errors: Sequence[str]) -> None:
        shown = "; ".join(errors[:_MAX_ERRORS_SHOWN])
        if len(errors) > _MAX_ERRORS_SHOWN:
            shown += f"; và {len(errors) - _MAX_ERRORS_SHOWN} lỗi khác"
        super().__init__(f"{path}: không nhập gì từ tệp này: {shown}")
        self.errors = list(errors)


@dataclass(frozen=True)
class ImportResult:
    """What an import or seed changed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    years: tuple[int, ...] = field(default=())

    @property
    def changed(self) -> bool:
        """Whether anything in the database changed."""
        return bool(self.created or self.updated or self.removed or self.years)

    def __str__(self) -> str:
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} removed={self.removed}"
        )


# --- the current calendar -----------------------------------------------------------------------

_lock = threading.Lock()
_cached: tuple[uuid.UUID, WorkingCalendar] | None = None


def office_hours_of(row: CalendarSettings | None) -> OfficeHours:
    """The engine's office hours from the settings row (defaults without one); checks them."""
    if row is None:
        return engine.DEFAULT_OFFICE_HOURS
    periods = [(row.morning_opens_at, row.morning_closes_at)]
    if row.afternoon_opens_at is not None and row.afternoon_closes_at is not None:
        periods.append((row.afternoon_opens_at, row.afternoon_closes_at))
    return OfficeHours(tuple(periods))


def build_calendar(settings_row: CalendarSettings | None = None) -> WorkingCalendar:
    """A calendar from the database rows as they are now (no cache)."""
    if settings_row is None:
        settings_row = CalendarSettings.objects.filter(pk=1).first()
    days_off: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    for on, kind, name in CalendarDay.objects.values_list("on", "kind", "name"):
        (makeup if kind == DayKind.MAKEUP_WORKDAY else days_off)[on] = name
    years = list(CalendarYear.objects.values_list("year", flat=True))
    if not years:
        raise engine.CalendarOutOfRangeError(
            "Lịch làm việc chưa có năm nào: hãy chạy motcua import-calendar "
            "hoặc nạp dữ liệu mẫu (motcua demo) trước khi tính hạn."
        )
    return WorkingCalendar(
        days_off=days_off,
        makeup_workdays=makeup,
        years=years,
        office_hours=office_hours_of(settings_row),
    )


def current_calendar() -> WorkingCalendar:
    """The calendar in force, rebuilt only when its revision changed since the last call."""
    global _cached
    row = CalendarSettings.objects.filter(pk=1).first()
    revision = row.revision if row is not None else None
    cached = _cached
    if cached is not None and revision is not None and cached[0] == revision:
        return cached[1]
    calendar = build_calendar(row)
    if revision is not None:
        with _lock:
            _cached = (revision, calendar)
    return calendar


def forget_cached_calendar() -> None:
    """Drop this process's cached calendar (tests; after a change in this process)."""
    global _cached
    with _lock:
        _cached = None


def compute_due(
    accepted_at: dt.datetime, amount: Amount, unit: Unit | str, cutoff: dt.time | None = None
) -> Due:
    """The due datetime and its explanation for a dossier accepted now under the current calendar.

    The dossier stores the result at acceptance and never recomputes it (ADR 0003).
    """
    return engine.compute_due(current_calendar(), accepted_at, amount, unit, cutoff)


# --- changes --------------------------------------------------------------------------------------


def _locked_settings() -> CalendarSettings:
    CalendarSettings.objects.get_or_create(pk=1)
    return CalendarSettings.objects.select_for_update().get(pk=1)


def _touch(row: CalendarSettings) -> None:
    """Give the calendar a new revision: every process rebuilds at its next computation."""
    row.revision = uuid.uuid4()
    row.save(update_fields=["revision", "updated_at"])
    transaction.on_commit(forget_cached_calendar)


@transaction.atomic
def save_calendar_day(day: CalendarDay) -> CalendarDay:
    """Create or change one entry by hand (admin pages)."""
    errors = calendar_day_problems(day.on, day.kind)
    if errors:
        raise DomainError(errors[0])
    settings_row = _locked_settings()
    day.origin = Origin.MANUAL  # a hand edit outranks the package's guess and survives a seed
    try:
        day.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    day.save()
    _touch(settings_row)
    return day


@transaction.atomic
def delete_calendar_days(days: QuerySet[CalendarDay]) -> int:
    """Delete entries by hand (admin pages)."""
    settings_row = _locked_settings()
    deleted, _ = days.delete()
    if deleted:
        _touch(settings_row)
    return deleted


@transaction.atomic
def save_calendar_year(year: CalendarYear) -> CalendarYear:
    """Declare a year's calendar known (or change its note) by hand."""
    if not 1900 < year.year < 2200:
        raise DomainError(f"Năm {year.year} không hợp lệ.")
    settings_row = _locked_settings()
    year.full_clean()
    year.save()
    _touch(settings_row)
    return year


@transaction.atomic
def delete_calendar_years(years: QuerySet[CalendarYear]) -> int:
    """Forget years: deadlines touching them are refused until they are known again."""
    settings_row = _locked_settings()
    deleted, _ = years.delete()
    if deleted:
        _touch(settings_row)
    return deleted


@transaction.atomic
def save_office_hours(row: CalendarSettings) -> CalendarSettings:
    """Change the office hours; only dossiers accepted afterwards use them (ADR 0003)."""
    office_hours_of(row)  # refuses periods out of order, overlapping or empty
    locked = _locked_settings()
    for name in (
        "morning_opens_at",
        "morning_closes_at",
        "afternoon_opens_at",
        "afternoon_closes_at",
    ):
        setattr(locked, name, getattr(row, name))
    locked.full_clean()
    locked.save()
    _touch(locked)
    return locked


# --- import ---------------------------------------------------------------------------------------


def calendar_day_problems(on: dt.date, kind: str) -> list[str]:
    """Why an entry of `kind` cannot be dated `on` (empty when it can)."""
    if kind not in DayKind.values:
        return [f"loại ngày không hợp lệ {kind!r} (chấp nhận: {', '.join(DayKind.values)})"]
    if kind == DayKind.MAKEUP_WORKDAY and on.weekday() < 5:
        return [f"ngày làm bù {on:%d/%m/%Y} không phải thứ Bảy hoặc Chủ nhật"]
    if kind == DayKind.DAY_OFF and on.weekday() >= 5:
        return [f"ngày nghỉ bù/hoán đổi {on:%d/%m/%Y} rơi vào cuối tuần (dùng holiday)"]
    return []


@dataclass(frozen=True)
class _Entry:
    on: dt.date
    kind: str
    name: str


def _read_calendar_csv(path: Path) -> list[_Entry]:
    """Parse and check a whole calendar file; every problem is reported with its line number."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CalendarImportError(str(path), ["không tìm thấy tệp"]) from None
    except UnicodeDecodeError:
        raise CalendarImportError(str(path), ["tệp không phải UTF-8"]) from None
    except OSError as exc:
        raise CalendarImportError(str(path), [f"không đọc được tệp ({exc.strerror})"]) from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ("date", "kind", "name") if c not in header]
    if missing:
        raise CalendarImportError(
            label, [f"dòng 1: thiếu cột {', '.join(missing)} (tiêu đề cần có date,kind,name)"]
        )
    reader.fieldnames = header
    errors: list[str] = []
    entries: list[_Entry] = []
    seen: dict[dt.date, int] = {}
    for row in reader:
        line = reader.line_num
        raw_date = (row.get("date") or "").strip()
        kind = (row.get("kind") or "").strip()
        name = " ".join((row.get("name") or "").split())
        if not _DATE.fullmatch(raw_date):
            errors.append(f"dòng {line}: ngày không hợp lệ {raw_date!r} (cần dạng YYYY-MM-DD)")
            continue
        try:
            on = dt.date.fromisoformat(raw_date)
        except ValueError:
            errors.append(f"dòng {line}: ngày không tồn tại {raw_date!r}")
            continue
        if on in seen:
            errors.append(f"dòng {line}: ngày {raw_date} trùng với dòng {seen[on]}")
            continue
        seen[on] = line
        problems = calendar_day_problems(on, kind)
        if not name:
            problems.append("thiếu tên ngày")
        if len(name) > 300:
            problems.append("tên dài quá 300 ký tự")
        if problems:
            errors.extend(f"dòng {line}: {p}" for p in problems)
            continue
        entries.append(_Entry(on, kind, name))
    if errors:
        raise CalendarImportError(label, errors)
    if not entries:
        raise CalendarImportError(label, ["tệp không có dòng dữ liệu nào"])
    return entries


@transaction.atomic
def import_calendar(path: str | Path) -> ImportResult:
    """Load an official calendar file (CONTRACT §4): all of it or, on any error, none of it.

    Entries are keyed by date: a new date is added, a changed one updated. A year is marked known
    when the file lists at least one of its holidays (every year has 01/01); for those years, the
    `holidays` package's guesses that the file does not confirm are removed. Hand-entered entries
    are kept. Importing the same file again changes nothing.
    """
    path = Path(path)
    entries = _read_calendar_csv(path)
    source = f"tệp {path.name}"
    settings_row = _locked_settings()
    existing = {d.on: d for d in CalendarDay.objects.filter(on__in=[e.on for e in entries])}
    created = updated = unchanged = 0
    for entry in entries:
        current = existing.get(entry.on)
        if current is None:
            CalendarDay.objects.create(
                on=entry.on, kind=entry.kind, name=entry.name, origin=Origin.IMPORT, source=source
            )
            created += 1
        elif (current.kind, current.name, current.origin, current.source) == (
            entry.kind,
            entry.name,
            Origin.IMPORT,
            source,
        ):
            unchanged += 1
        else:
            current.kind, current.name = entry.kind, entry.name
            current.origin, current.source = Origin.IMPORT, source
            current.save(update_fields=["kind", "name", "origin", "source", "updated_at"])
            updated += 1
    covered = sorted({e.on.year for e in entries if e.kind == DayKind.HOLIDAY})
    listed = {e.on for e in entries}
    stale = CalendarDay.objects.filter(on__year__in=covered, origin=Origin.SEED).exclude(
        on__in=listed
    )
    removed, _ = stale.delete()
    new_years: list[int] = []
    for year in covered:
        known, was_created = CalendarYear.objects.get_or_create(
            year=year, defaults={"origin": Origin.IMPORT, "source": source}
        )
        if was_created:
            new_years.append(year)
        elif known.origin == Origin.SEED:
            known.origin, known.source = Origin.IMPORT, source
            known.save(update_fields=["origin", "source", "updated_at"])
    result = ImportResult(created, updated, unchanged, removed, tuple(new_years))
    if result.changed:
        _touch(settings_row)
    return result


# --- seed from the `holidays` package -------------------------------------------------------------

_SUBSTITUTE_MARKERS = ("nghỉ bù", "ngày nghỉ (thay cho", "nghỉ hoán đổi")


def _package_days(year: int) -> tuple[dict[dt.date, tuple[str, str]], str]:
    """The package's view of `year`: date → (kind, name), and the package version."""
    import holidays

    version = importlib.metadata.version("holidays")
    vietnam = holidays.country_holidays("VN", years=year, language="vi")
    days: dict[dt.date, tuple[str, str]] = {}
    for on, names in sorted(vietnam.items()):
        name = str(names).split("; ")[0]
        if on.weekday() < 5 and any(m in name.lower() for m in _SUBSTITUTE_MARKERS):
            days[on] = (DayKind.DAY_OFF, name)
        else:
            days[on] = (DayKind.HOLIDAY, name)
    for on in sorted(getattr(vietnam, "weekend_workdays", ())):
        if on.year == year and on.weekday() >= 5:
            # The package names the swapped weekday "Ngày nghỉ (thay cho ngày 22/08/2026)".
            swapped = [d for d, (_, n) in days.items() if f"{on:%d/%m/%Y}" in n]
            name = f"Làm bù cho ngày {swapped[0]:%d/%m/%Y}" if swapped else "Ngày làm bù"
            days[on] = (DayKind.MAKEUP_WORKDAY, name)
    return days, version


@transaction.atomic
def seed_from_holidays_package(years: Iterable[int]) -> ImportResult:
    """Fill years not yet known from the `holidays` package (Vietnam); idempotent.

    The package guesses announcements months ahead, so it never overrides anything: years already
    known are skipped whole, and dates already in the calendar are kept as they are.
    """
    wanted = sorted(set(years))
    bad = [y for y in wanted if not 1900 < y < 2200]
    if bad:
        raise DomainError(f"Năm không hợp lệ: {', '.join(map(str, bad))}.")
    settings_row = _locked_settings()
    known = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    created = unchanged = 0
    seeded: list[int] = []
    for year in wanted:
        if year in known:
            continue
        days, version = _package_days(year)
        source = f"holidays {version}"
        present = set(CalendarDay.objects.filter(on__in=days).values_list("on", flat=True))
        new = [
            CalendarDay(on=on, kind=kind, name=name, origin=Origin.SEED, source=source)
            for on, (kind, name) in days.items()
            if on not in present
        ]
        CalendarDay.objects.bulk_create(new)
        created += len(new)
        unchanged += len(present)
        CalendarYear.objects.create(year=year, origin=Origin.SEED, source=source)
        seeded.append(year)
    result = ImportResult(created=created, unchanged=unchanged, years=tuple(seeded))
    if result.changed:
        _touch(settings_row)
    return result
