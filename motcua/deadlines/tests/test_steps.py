"""Step deadlines of an internal procedure, inside the overall one."""

import pytest

from motcua.deadlines.engine import InvalidPeriodError, Step, Unit, compute_due, step_deadlines
from motcua.deadlines.tests.calendars import official, vn

ACCEPTED = vn("2023-10-27 09:32")
STEPS = [
    Step("Tiếp nhận, chuyển hồ sơ", 0.5),
    Step("Thẩm định", 3),
    Step("Phê duyệt", 1),
    Step("Trả kết quả", 0.5),
]


def test_steps_follow_each_other_and_end_at_the_overall_due_date():
    steps = step_deadlines(official(), ACCEPTED, 5, Unit.WORKING_DAY, STEPS)
    assert [s.due_at for s in steps] == [
        vn("2023-10-30 12:00"),
        vn("2023-11-02 12:00"),
        vn("2023-11-03 12:00"),
        vn("2023-11-03 17:00"),
    ]
    assert steps[-1].due_at == compute_due(official(), ACCEPTED, 5, Unit.WORKING_DAY).due_at
    assert steps[0].starts_at == ACCEPTED
    assert steps[1].starts_at == steps[0].due_at


def test_steps_may_mix_days_and_hours():
    steps = step_deadlines(
        official(),
        ACCEPTED,
        1,
        Unit.WORKING_DAY,
        [Step("Tiếp nhận", 2, Unit.WORKING_HOUR), Step("Xử lý", 0.75)],
    )
    assert [s.due_at for s in steps] == [vn("2023-10-30 10:00"), vn("2023-10-30 17:00")]


def test_steps_inside_a_working_hours_period_start_at_acceptance():
    steps = step_deadlines(
        official(),
        ACCEPTED,
        8,
        Unit.WORKING_HOUR,
        [Step("Kiểm tra", 2, Unit.WORKING_HOUR), Step("Trả lời", 6, Unit.WORKING_HOUR)],
    )
    assert [s.due_at for s in steps] == [vn("2023-10-27 11:32"), vn("2023-10-30 09:32")]


def test_steps_longer_than_the_period_are_refused():
    with pytest.raises(InvalidPeriodError, match="Phê duyệt"):
        step_deadlines(
            official(), ACCEPTED, 3, Unit.WORKING_DAY, [Step("Thẩm định", 2), Step("Phê duyệt", 2)]
        )


def test_steps_in_calendar_days_are_refused():
    with pytest.raises(InvalidPeriodError, match="ngày làm việc hoặc giờ làm việc"):
        step_deadlines(official(), ACCEPTED, 15, Unit.DAY, [Step("Thẩm định", 3, Unit.DAY)])
