"""Dossier codes: `{receiving agency identifier}-{YYMMDD}-{NNNN}` (CONTRACT §8, ND 118 Art. 28)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection

from motcua.agencies.models import Agency
from motcua.dossiers.models import DossierCodeCounter

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_table = DossierCodeCounter._meta.db_table
# One statement: creates the day's row or bumps it, and returns the new value. The row stays
# locked until the intake transaction ends, so callers allocate as late as possible.
NEXT_VALUE_SQL = (
    f"INSERT INTO {_table} (agency_id, day, last_value) VALUES (%s, %s, 1) "  # noqa: S608
    f"ON CONFLICT (agency_id, day) DO UPDATE SET last_value = {_table}.last_value + 1 "
    "RETURNING last_value"
)


def format_code(agency_code: str, day: dt.date, sequence: int) -> str:
    """`000.00.17.H22-250124-0007`; the sequence widens past 9999."""
    return f"{code_prefix(agency_code, day)}{sequence:04d}"


def code_prefix(agency_code: str, day: dt.date) -> str:
    """Everything of the code before the sequence number: `000.00.17.H22-250124-`."""
    return f"{agency_code}-{day:%y%m%d}-"


def code_day(at: dt.datetime) -> dt.date:
    """The Vietnam-time calendar day a moment belongs to (the day rolls over at 00:00 +07:00)."""
    return at.astimezone(VIETNAM).date()


def allocate_code(agency: Agency, at: dt.datetime) -> str:
    """Take the next code of `agency` for the day of `at`. Must run inside the intake transaction.

    Gapless: a rolled-back intake rolls its increment back too; concurrent intakes of the same
    agency queue on the day's counter row.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_code() must run inside the intake transaction.")
    day = code_day(at)
    with connection.cursor() as cursor:
        cursor.execute(NEXT_VALUE_SQL, [agency.pk, connection.ops.adapt_datefield_value(day)])
        row = cursor.fetchone()
    return format_code(agency.code, day, int(row[0]))
