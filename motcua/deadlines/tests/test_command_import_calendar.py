"""`motcua import-calendar FILE.csv`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.deadlines.models import CalendarDay
from motcua.deadlines.services import SHIPPED_CALENDAR

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_calendar", *args, stdout=out)
    return out.getvalue()


def test_imports_and_reports_the_counts():
    assert run(str(SHIPPED_CALENDAR)) == (
        "created=88 updated=0 unchanged=0 removed=0 years=2019,2020,2021,2022,2023,2024\n"
    )
    assert run(str(SHIPPED_CALENDAR)) == "created=0 updated=0 unchanged=88 removed=0\n"


def test_a_bad_file_is_one_line_error_with_the_line_number(tmp_path):
    path = tmp_path / "sai.csv"
    path.write_text("date,kind,name\n2026-01-01,holiday,A\n2026-01-02,nghi,B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="dòng 3: loại ngày không hợp lệ 'nghi'") as error:
        run(str(path))
    assert "\n" not in str(error.value)
    assert not CalendarDay.objects.exists()
