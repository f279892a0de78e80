"""`import_calendar`: the official file, idempotently, all or nothing."""

import datetime as dt

import pytest

from motcua.core.errors import ErrorCode
from motcua.deadlines.models import CalendarDay, CalendarSettings, CalendarYear, DayKind, Origin
from motcua.deadlines.services import (
    SHIPPED_CALENDAR,
    CalendarImportError,
    build_calendar,
    import_calendar,
    seed_from_holidays_package,
)
from motcua.deadlines.tests.calendars import official

pytestmark = pytest.mark.django_db

HEADER = "date,kind,name\n"


def write(tmp_path, text, name="lich.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_shipped_file_loads_every_entry_and_marks_its_years_known():
    result = import_calendar(SHIPPED_CALENDAR)
    assert result.created == 88
    assert result.years == (2019, 2020, 2021, 2022, 2023, 2024)
    assert CalendarDay.objects.count() == 88
    swap = CalendarDay.objects.get(on=dt.date(2024, 5, 4))
    assert swap.kind == DayKind.MAKEUP_WORKDAY
    assert swap.origin == Origin.IMPORT
    assert swap.source == "tệp holidays_vn_2019_2024.csv"
    # 2018 has a single day off (31/12/2018) but no holiday: it is not a known year.
    assert not CalendarYear.objects.filter(year=2018).exists()


def test_the_imported_calendar_equals_the_official_one_day_by_day():
    import_calendar(SHIPPED_CALENDAR)
    loaded = build_calendar()
    day = dt.date(2019, 1, 1)
    while day <= dt.date(2024, 12, 31):
        assert loaded.is_working_day(day) == official().is_working_day(day), day
        day += dt.timedelta(days=1)


def test_importing_the_same_file_twice_changes_nothing():
    import_calendar(SHIPPED_CALENDAR)
    revision = CalendarSettings.objects.get().revision
    stamps = dict(CalendarDay.objects.values_list("on", "updated_at"))
    again = import_calendar(SHIPPED_CALENDAR)
    assert (again.created, again.updated, again.removed, again.years) == (0, 0, 0, ())
    assert again.unchanged == 88
    assert str(again) == "created=0 updated=0 unchanged=88 removed=0"
    assert dict(CalendarDay.objects.values_list("on", "updated_at")) == stamps
    assert CalendarSettings.objects.get().revision == revision


def test_a_changed_entry_is_updated(tmp_path):
    import_calendar(write(tmp_path, HEADER + "2026-01-01,holiday,Tết Dương lịch\n"))
    result = import_calendar(write(tmp_path, HEADER + "2026-01-01,holiday,Tết Dương lịch 2026\n"))
    assert (result.created, result.updated) == (0, 1)
    assert CalendarDay.objects.get(on=dt.date(2026, 1, 1)).name == "Tết Dương lịch 2026"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("2026-02-17,holyday,Tết", "dòng 3: loại ngày không hợp lệ 'holyday'"),
        ("17/02/2026,holiday,Tết", "dòng 3: ngày không hợp lệ '17/02/2026'"),
        ("2026-02-30,holiday,Tết", "dòng 3: ngày không tồn tại '2026-02-30'"),
        ("2026-01-01,holiday,Trùng", "dòng 3: ngày 2026-01-01 trùng với dòng 2"),
        ("2026-02-18,makeup_workday,Làm bù", "dòng 3: ngày làm bù 18/02/2026 không phải thứ Bảy"),
        (
            "2026-02-21,day_off,Nghỉ bù",
            "dòng 3: ngày nghỉ bù/hoán đổi 21/02/2026 rơi vào cuối tuần",
        ),
        ("2026-02-17,holiday,", "dòng 3: thiếu tên ngày"),
    ],
)
def test_a_bad_line_is_reported_and_nothing_is_imported(tmp_path, line, reason):
    path = write(tmp_path, HEADER + "2026-01-01,holiday,Tết Dương lịch\n" + line + "\n")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(path)
    assert reason in error.value.message
    assert error.value.code == ErrorCode.IMPORT_FAILED
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_every_bad_line_is_listed(tmp_path):
    path = write(tmp_path, HEADER + "2026-13-01,holiday,A\n2026-01-02,bad,B\n")
    with pytest.raises(CalendarImportError) as error:
        import_calendar(path)
    assert len(error.value.errors) == 2
    assert "dòng 2" in error.value.errors[0]
    assert "dòng 3" in error.value.errors[1]


@pytest.mark.parametrize(
    ("content", "encoding", "reason"),
    [
        ("ngay,loai\n2026-01-01,holiday\n", "utf-8", "thiếu cột date, kind, name"),
        (HEADER, "utf-8", "không có dòng dữ liệu"),
        (HEADER + "2026-01-01,holiday,Tết Dương lịch\n", "utf-16", "không phải UTF-8"),
        (HEADER + "2026-01-01,holiday,Fête\n", "latin-1", "không phải UTF-8"),
    ],
)
def test_a_malformed_file_is_refused(tmp_path, content, encoding, reason):
    with pytest.raises(CalendarImportError, match=reason):
        import_calendar(write(tmp_path, content, encoding=encoding))
    assert not CalendarDay.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CalendarImportError, match="không tìm thấy tệp"):
        import_calendar(tmp_path / "khong-co.csv")


def test_extra_columns_and_a_bom_are_accepted(tmp_path):
    text = "\ufeffdate,kind,name,source\n2026-01-01,holiday,Tết Dương lịch,CV 1/VPCP\n"
    assert import_calendar(write(tmp_path, text)).created == 1


def test_the_official_file_replaces_the_package_guesses_for_its_years(tmp_path):
    seed_from_holidays_package([2026])
    guess = CalendarDay.objects.create(
        on=dt.date(2026, 3, 2), kind=DayKind.DAY_OFF, name="Đoán", origin=Origin.SEED
    )
    manual = CalendarDay.objects.create(
        on=dt.date(2026, 3, 3), kind=DayKind.DAY_OFF, name="Nghỉ địa phương", origin=Origin.MANUAL
    )
    result = import_calendar(write(tmp_path, HEADER + "2026-01-01,holiday,Tết Dương lịch\n"))
    assert result.removed >= 1
    assert not CalendarDay.objects.filter(pk=guess.pk).exists()
    assert CalendarDay.objects.filter(pk=manual.pk).exists()
    assert CalendarDay.objects.get(on=dt.date(2026, 1, 1)).origin == Origin.IMPORT
    assert CalendarYear.objects.get(year=2026).origin == Origin.IMPORT


def test_a_correction_without_holidays_does_not_mark_its_year_known(tmp_path):
    text = HEADER + "2027-04-30,day_off,Nghỉ hoán đổi\n2027-04-24,makeup_workday,Làm bù\n"
    assert import_calendar(write(tmp_path, text)).years == ()
    assert not CalendarYear.objects.filter(year=2027).exists()
