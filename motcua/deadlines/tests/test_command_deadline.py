"""`motcua deadline`: the due datetime on stdout and nothing else."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.deadlines import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def official_calendar():
    services.forget_cached_calendar()
    services.import_calendar(services.SHIPPED_CALENDAR)
    yield
    services.forget_cached_calendar()


def deadline(*args):
    out, err = StringIO(), StringIO()
    call_command("deadline", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--at", "2023-10-27T09:32:00+07:00", "--working-days", "5"], "2023-11-03T17:00:00+07:00"),
        (["--at", "2023-10-27T09:32+07:00", "--working-days", "0.5"], "2023-10-30T12:00:00+07:00"),
        (["--at", "2023-10-27T02:32:00Z", "--working-days", "5"], "2023-11-03T17:00:00+07:00"),
        (["--at", "2023-10-27T09:32+07:00", "--days", "15"], "2023-11-13T17:00:00+07:00"),
        (["--at", "2023-10-27T09:32+07:00", "--working-hours", "4"], "2023-10-27T14:32:00+07:00"),
        (["--at", "2024-01-31T09:00+07:00", "--months", "1"], "2024-02-29T17:00:00+07:00"),
        (
            ["--at", "2023-10-27T15:30+07:00", "--working-days", "5", "--cutoff", "15:00"],
            "2023-11-06T17:00:00+07:00",
        ),
    ],
)
def test_prints_exactly_the_iso_datetime(args, expected):
    out, err = deadline(*args)
    assert out == expected + "\n"
    assert err == ""


def test_explain_goes_to_stderr_only():
    out, err = deadline("--at", "2023-10-27T09:32+07:00", "--working-days", "5", "--explain")
    assert out == "2023-11-03T17:00:00+07:00\n"
    assert "Thứ Sáu 27/10/2023 09:32 nhận hồ sơ" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "2023-10-27T09:32", "--working-days", "5"], "thiếu múi giờ"),
        (["--at", "27/10/2023", "--working-days", "5"], "không đúng dạng ISO 8601"),
        (["--at", "2025-10-27T09:32+07:00", "--working-days", "5"], "chưa có năm 2025"),
        (["--at", "2023-10-27T09:32+07:00", "--working-days", "-1"], "không được âm"),
        (["--at", "2023-10-27T09:32+07:00", "--working-days", "5000"], "vượt quá mức tối đa"),
        (["--at", "2023-10-27T09:32+07:00", "--working-days", "năm"], "không phải là số"),
        (["--at", "2023-10-27T09:32+07:00", "--days", "1.5"], "số nguyên"),
        (["--at", "2023-10-27T09:32+07:00", "--days", "3", "--cutoff", "3pm"], "HH:MM"),
    ],
)
def test_bad_input_is_one_clear_error(args, message):
    with pytest.raises(CommandError, match=message) as error:
        deadline(*args)
    assert "\n" not in str(error.value)


def test_a_period_is_required():
    with pytest.raises(CommandError):
        deadline("--at", "2023-10-27T09:32+07:00")


def test_without_a_calendar_in_the_database_it_fails_clearly():
    from motcua.deadlines.models import CalendarYear

    services.delete_calendar_years(CalendarYear.objects.all())
    with pytest.raises(CommandError, match="chưa có năm"):
        deadline("--at", "2023-10-27T09:32+07:00", "--working-days", "5")
