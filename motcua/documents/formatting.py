"""How dates, times and counts are written on Vietnamese administrative papers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

# Papers show the centre's local time whatever the server's zone (CONTRACT.md §3).
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(moment: dt.datetime) -> dt.datetime:
    """`moment` in Asia/Ho_Chi_Minh; naive datetimes are refused rather than guessed."""
    if timezone.is_naive(moment):
        raise ValueError("naive datetime on a paper form")
    return moment.astimezone(VN_TZ)


def moment_text(moment: dt.datetime) -> str:
    """'09 giờ 32 phút, ngày 27 tháng 10 năm 2023', as the forms of TT 01/2018 write it."""
    value = local(moment)
    return f"{value:%H} giờ {value:%M} phút, ngày {value:%d} tháng {value:%m} năm {value:%Y}"


def date_line(moment: dt.datetime, place: str = "") -> str:
    """'Thanh Hóa, ngày 27 tháng 10 năm 2023': the place-and-date line under the motto."""
    value = local(moment)
    text = f"ngày {value:%d} tháng {value:%m} năm {value:%Y}"
    return f"{place}, {text}" if place else text.capitalize()


def short_moment(moment: dt.datetime) -> str:
    """'09:32 27/10/2023' for tables and pages."""
    return f"{local(moment):%H:%M %d/%m/%Y}"


def count_text(count: int) -> str:
    """Counts are written on two digits ('01', '02'), zero as a dash."""
    return f"{count:02d}" if count else "–"
