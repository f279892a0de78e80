"""The statistics report as values: figures of one row, rows, the report (CONTRACT §6, form 07a)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any


class GroupBy(StrEnum):
    """What the rows of a report are."""

    AGENCY = "agency"
    SECTOR = "sector"
    PROCEDURE = "procedure"


# Every figure of a row, named by its path in the JSON output. `cell_dossiers()` lists the
# dossiers behind each of them.
CELLS: tuple[str, ...] = (
    "carried_over",
    "received.total",
    "received.online",
    "received.direct",
    "received.postal",
    "resolved.total",
    "resolved.early",
    "resolved.on_time",
    "resolved.overdue",
    "in_progress.total",
    "in_progress.within_time",
    "in_progress.overdue",
    "withdrawn_or_refused",
)

_ONE_DECIMAL = Decimal("0.1")


def rate_pct(count: int, total: int) -> Decimal | None:
    """100 × count ÷ total rounded half-up to one decimal; None when the total is zero.

    694 of 2,080 → 33.4 (CONTRACT §6).
    """
    if total == 0:
        return None
    return (Decimal(100 * count) / Decimal(total)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Received:
    """New dossiers accepted in the period, by channel."""

    total: int = 0
    online: int = 0
    direct: int = 0
    postal: int = 0


@dataclass(frozen=True)
class Resolved:
    """Dossiers finished with a result (national status 9 or 10) in the period."""

    early: int = 0
    on_time: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        """Early, on time and overdue together."""
        return self.early + self.on_time + self.overdue


@dataclass(frozen=True)
class InProgress:
    """Dossiers still open at the end of the period."""

    total: int = 0
    overdue: int = 0

    @property
    def within_time(self) -> int:
        """Open dossiers whose due date has not passed at the end of the period."""
        return self.total - self.overdue


@dataclass(frozen=True)
class Rates:
    """Shares of the resolved dossiers, in percent with one decimal; None when none resolved."""

    early_pct: Decimal | None
    on_time_pct: Decimal | None
    overdue_pct: Decimal | None


@dataclass(frozen=True)
class Figures:
    """The figures of one row of form 07a (or of the total row)."""

    carried_over: int = 0
    received: Received = field(default_factory=Received)
    resolved: Resolved = field(default_factory=Resolved)
    in_progress: InProgress = field(default_factory=InProgress)
    withdrawn_or_refused: int = 0

    @property
    def to_handle(self) -> int:
        """ "Số hồ sơ nhận giải quyết – Tổng số": carried over plus newly received."""
        return self.carried_over + self.received.total

    @property
    def rates(self) -> Rates:
        """Early, on-time and overdue shares of the resolved dossiers."""
        resolved = self.resolved
        return Rates(
            rate_pct(resolved.early, resolved.total),
            rate_pct(resolved.on_time, resolved.total),
            rate_pct(resolved.overdue, resolved.total),
        )

    @property
    def is_empty(self) -> bool:
        """Whether every figure is zero."""
        return all(self.cell(name) == 0 for name in CELLS)

    def cell(self, name: str) -> int:
        """One figure by its JSON path, e.g. `resolved.on_time`."""
        if name not in CELLS:
            raise KeyError(name)
        value: Any = self
        for part in name.split("."):
            value = getattr(value, part)
        return int(value)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            carried_over=self.carried_over + other.carried_over,
            received=Received(
                total=self.received.total + other.received.total,
                online=self.received.online + other.received.online,
                direct=self.received.direct + other.received.direct,
                postal=self.received.postal + other.received.postal,
            ),
            resolved=Resolved(
                early=self.resolved.early + other.resolved.early,
                on_time=self.resolved.on_time + other.resolved.on_time,
                overdue=self.resolved.overdue + other.resolved.overdue,
            ),
            in_progress=InProgress(
                total=self.in_progress.total + other.in_progress.total,
                overdue=self.in_progress.overdue + other.in_progress.overdue,
            ),
            withdrawn_or_refused=self.withdrawn_or_refused + other.withdrawn_or_refused,
        )

    def as_dict(self) -> dict[str, Any]:
        """The CONTRACT §6 fields (rates as floats with one decimal, or None)."""
        rates = self.rates
        return {
            "carried_over": self.carried_over,
            "received": {
                "total": self.received.total,
                "online": self.received.online,
                "direct": self.received.direct,
                "postal": self.received.postal,
            },
            "resolved": {
                "total": self.resolved.total,
                "early": self.resolved.early,
                "on_time": self.resolved.on_time,
                "overdue": self.resolved.overdue,
            },
            "in_progress": {
                "total": self.in_progress.total,
                "within_time": self.in_progress.within_time,
                "overdue": self.in_progress.overdue,
            },
            "withdrawn_or_refused": self.withdrawn_or_refused,
            "rates": {
                "early_pct": _number(rates.early_pct),
                "on_time_pct": _number(rates.on_time_pct),
                "overdue_pct": _number(rates.overdue_pct),
            },
        }


def _number(value: Decimal | None) -> float | None:
    # One decimal always survives the round trip through a float and back to text.
    return None if value is None else float(value)


@dataclass(frozen=True)
class ReportRow:
    """One row: an agency, a sector or a procedure, with its figures.

    `group_id` is the agency, sector (0: no sector) or procedure id, for `cell_dossiers()`.
    """

    key: str
    name: str
    figures: Figures
    group_id: int

    def as_dict(self) -> dict[str, Any]:
        """The row as in CONTRACT §6."""
        return {"key": self.key, "name": self.name, **self.figures.as_dict()}


@dataclass(frozen=True)
class Report:
    """A statistics report: rows with any activity in the period, sorted by key, and their total."""

    date_from: dt.date
    date_to: dt.date
    by: GroupBy
    agency_code: str | None
    agency_name: str | None
    rows: tuple[ReportRow, ...]
    total: Figures

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of `motcua report --format json` (CONTRACT §6)."""
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "rows": [row.as_dict() for row in self.rows],
            "total": self.total.as_dict(),
        }
