"""The set-based import's datetime check against Python's own reading, value by value.

`history_import_sql._moment_ok` accepts a datetime only if PostgreSQL's cast then reads it as
`history_import._moment` (Python's `fromisoformat`) does. Values near the accepted layout, with
any character or digit changed, are put to both: whatever SQL accepts, Python accepts with the
same instant; a cast that fails (a digit out of range) is what sends the import to the strict
check, which must then refuse the value without failing and leave it to Python.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DataError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers import history_import, history_import_sql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

VALID = "2024-03-04T08:30:00+07:00"
ALPHABET = "0123456789-:T+Z .\u0660x"


def _python(value: str) -> dt.datetime | None:
    try:
        return history_import._moment(value, "due_at")
    except history_import._BadRowError:
        return None


def _sql(value: str, *, strict: bool) -> tuple[bool, dt.datetime | None]:
    """Whether SQL accepts the value, and the instant its cast gives (None: the cast failed)."""
    check = history_import_sql._moment_ok("%(v)s", strict=strict)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {check}", {"v": value})
        accepted = bool(cursor.fetchone()[0])
        if not accepted or value == "":
            return accepted, None
        try:
            with transaction.atomic():
                cursor.execute("SELECT CAST(%(v)s AS timestamptz)", {"v": value})
                return True, cursor.fetchone()[0]
        except DataError:
            return True, None


near_layout = st.builds(
    lambda changes: _changed(VALID, changes),
    st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.sampled_from(ALPHABET)), max_size=3),
)
digits_anywhere = st.builds(
    lambda digits: "".join(digits.pop(0) if ch.isdigit() else ch for ch in VALID),
    st.lists(st.sampled_from("0123456789"), min_size=18, max_size=18),
)


def _changed(value: str, changes: list[tuple[int, str]]) -> str:
    characters = list(value)
    for position, character in changes:
        characters[position] = character
    return "".join(characters)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(near_layout, digits_anywhere))
def test_what_sql_accepts_python_reads_as_the_same_instant(value):
    expected = _python(value)
    accepted, instant = _sql(value, strict=False)
    if accepted and instant is not None:
        assert instant == expected, value
    strict_accepted, strict_instant = _sql(value, strict=True)
    if strict_accepted:
        # The strict check never lets through a value whose cast fails.
        assert strict_instant is not None, value
        assert strict_instant == expected, value
    if accepted and instant is None:
        # The cast failed: the strict check must then leave the value to Python, which may
        # read what PostgreSQL does not (an offset of +07:60 is +08:00 to Python).
        assert not strict_accepted, value


def test_the_accepted_layout_and_its_neighbours():
    cases = {
        VALID: True,
        "2024-03-04 08:30:00+07:00": False,  # Python reads it; SQL leaves it to Python
        "2024-03-04T08:30:00Z": False,
        "2024-03-04T24:00:00+07:00": False,
        "2024-03-04T23:59:60+07:00": False,
        "2024-03-04T08:30:00+15:00": False,
        "1975-12-31T08:30:00+07:00": False,
        "2024-03-04T08:30: 0+07:00": False,
        "": True,
    }
    for value, accepted in cases.items():
        assert _sql(value, strict=True)[0] is accepted, value
        assert _sql(value, strict=False)[0] is accepted, value
    assert _sql("2024-02-30T08:30:00+07:00", strict=False) == (True, None)  # the cast fails
    assert _sql("2024-02-30T08:30:00+07:00", strict=True)[0] is False
