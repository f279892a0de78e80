"""The single re-appointment (gia hạn) of ND 118."""

import pytest

from motcua.core.errors import ErrorCode
from motcua.deadlines.engine import ExtensionNotAllowedError, extend_due
from motcua.deadlines.tests.calendars import official, vn

DUE = vn("2023-11-03 17:00")


def test_extension_asked_a_day_before_moves_the_due_date():
    due = extend_due(
        official(),
        due_at=DUE,
        requested_at=vn("2023-11-02 10:00"),
        new_due_at=vn("2023-11-10 17:00"),
    )
    assert due.due_at == vn("2023-11-10 17:00")
    assert any("Hạn mới" in line for line in due.explanation)


def test_only_one_extension_is_allowed():
    with pytest.raises(ExtensionNotAllowedError, match="một lần") as error:
        extend_due(
            official(),
            due_at=DUE,
            requested_at=vn("2023-11-01 10:00"),
            new_due_at=vn("2023-11-10 17:00"),
            extensions_used=1,
        )
    assert error.value.code == ErrorCode.EXTENSION_NOT_ALLOWED
    assert error.value.http_status == 409


def test_extension_on_the_due_date_is_too_late():
    with pytest.raises(ExtensionNotAllowedError, match="01 ngày"):
        extend_due(
            official(),
            due_at=DUE,
            requested_at=vn("2023-11-03 08:00"),
            new_due_at=vn("2023-11-10 17:00"),
        )


def test_extension_must_move_the_date_later():
    with pytest.raises(ExtensionNotAllowedError, match="sau hạn hiện tại"):
        extend_due(official(), due_at=DUE, requested_at=vn("2023-11-01 10:00"), new_due_at=DUE)


def test_extension_must_land_on_a_working_day():
    with pytest.raises(ExtensionNotAllowedError, match="không phải là ngày làm việc"):
        extend_due(
            official(),
            due_at=DUE,
            requested_at=vn("2023-11-01 10:00"),
            new_due_at=vn("2023-11-11 17:00"),
        )
    makeup = extend_due(
        official(),
        due_at=vn("2024-05-03 17:00"),
        requested_at=vn("2024-05-02 09:00"),
        new_due_at=vn("2024-05-04 17:00"),
    )
    assert makeup.due_at == vn("2024-05-04 17:00")
