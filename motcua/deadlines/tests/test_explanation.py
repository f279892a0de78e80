"""The Vietnamese step-by-step explanation shown on the receipt page and by the API."""

from decimal import Decimal

from motcua.deadlines.engine import Unit, compute_due, compute_due_at
from motcua.deadlines.tests.calendars import official, vn


def test_explanation_of_the_contract_example():
    due = compute_due(official(), vn("2023-10-27 09:32"), 5, Unit.WORKING_DAY)
    assert due.explanation[0] == "Thứ Sáu 27/10/2023 09:32 nhận hồ sơ; thời hạn 5 ngày làm việc."
    assert "ngày làm việc thứ 5 là Thứ Sáu 03/11/2023" in due.explanation[2]
    assert due.explanation[-1].startswith("Hạn trả kết quả: 17:00 Thứ Sáu 03/11/2023")


def test_explanation_names_the_skipped_days_and_makeup_days():
    due = compute_due(official(), vn("2024-04-26 10:00"), 3, Unit.WORKING_DAY)
    text = "\n".join(due.explanation)
    assert "Thứ Hai 29/04/2024 (Nghỉ hoán đổi" in text
    assert "Thứ Ba 30/04/2024 (Ngày Chiến thắng)" in text
    assert "Tính cả ngày làm bù: Thứ Bảy 04/05/2024" in text


def test_explanation_of_a_weekend_and_holiday_acceptance():
    weekend = compute_due(official(), vn("2023-10-28 09:00"), 1, Unit.WORKING_DAY)
    assert "Thứ Bảy 28/10/2023 là ngày nghỉ cuối tuần" in weekend.explanation[1]
    holiday = compute_due(official(), vn("2024-02-12 09:00"), 1, Unit.WORKING_DAY)
    assert "là ngày nghỉ (Tết Nguyên Đán (mùng 3))" in holiday.explanation[1]
    assert "Thứ Năm 15/02/2024" in holiday.explanation[1]


def test_explanation_of_an_after_hours_and_cutoff_acceptance():
    late = compute_due(official(), vn("2023-10-27 17:30"), 1, Unit.WORKING_DAY)
    assert "sau giờ làm việc (17:00)" in late.explanation[1]


def test_explanation_of_a_fraction_and_of_hours():
    half = compute_due(official(), vn("2023-10-27 09:32"), Decimal("0.5"), Unit.WORKING_DAY)
    assert "0,5 ngày làm việc = 4 giờ làm việc" in "\n".join(half.explanation)
    hours = compute_due(official(), vn("2023-10-27 18:32"), 8, Unit.WORKING_HOUR)
    assert "bắt đầu đếm từ Thứ Hai 30/10/2023 08:00" in "\n".join(hours.explanation)


def test_explanation_of_calendar_days_moved_off_a_weekend():
    due = compute_due(official(), vn("2023-10-27 09:32"), 15, Unit.DAY)
    assert any("Thứ Bảy 11/11/2023 là ngày nghỉ cuối tuần" in line for line in due.explanation)


def test_long_lists_of_skipped_days_are_cut_short():
    due = compute_due(official(), vn("2019-01-02 09:00"), 250, Unit.WORKING_DAY)
    skipped = next(line for line in due.explanation if line.startswith("Không tính"))
    assert "ngày khác" in skipped


def test_bulk_path_has_the_same_date_without_explanation():
    args = (official(), vn("2024-04-26 10:00"), 3, Unit.WORKING_DAY)
    assert compute_due(*args, explain=False).explanation == ()
    assert compute_due_at(*args) == compute_due(*args).due_at
