"""Template filters for the standard forms (see motcua.documents.formatting)."""

from __future__ import annotations

import datetime as dt

from django import template

from motcua.documents import formatting

register = template.Library()


@register.filter
def vn_moment(value: dt.datetime | None) -> str:
    """'09 giờ 32 phút, ngày 27 tháng 10 năm 2023'; empty when there is no moment."""
    return formatting.moment_text(value) if value else ""


@register.filter
def vn_date_line(value: dt.datetime, place: str = "") -> str:
    """'Thanh Hóa, ngày 27 tháng 10 năm 2023'."""
    return formatting.date_line(value, place)


@register.filter
def vn_short(value: dt.datetime | None) -> str:
    """'09:32 27/10/2023'; empty when there is no moment."""
    return formatting.short_moment(value) if value else ""


@register.filter
def vn_count(value: int) -> str:
    """'01', '02', or a dash for zero."""
    return formatting.count_text(value)
