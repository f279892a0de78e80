"""Template filters of the catalogue pages: money, processing times and levels in Vietnamese."""

from __future__ import annotations

import decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from motcua.catalog.models import ProcedureVersion, TimeUnit
from motcua.catalog.selectors import (
    CatalogueLevel,
    NamedItem,
    named_items,
    procedure_levels,
    returning_method_labels,
    template_file_names,
)

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """50000 → "50.000 đ" (Vietnamese groups thousands with dots)."""
    if amount is None:
        return ""
    return f"{amount:,} đ".replace(",", ".")


@register.simple_tag
def duration(processing_time: decimal.Decimal | None, time_unit: str, time_text: str = "") -> str:
    """A processing time as people say it: "5 ngày làm việc", "3,5 ngày", or the record's text."""
    if processing_time is None or time_unit in ("", TimeUnit.OTHER):
        return time_text or gettext("Theo quy định (không ghi thời hạn cụ thể)")
    if processing_time == processing_time.to_integral_value():
        number = str(int(processing_time))
    else:
        number = number_format(processing_time.normalize())
    return f"{number} {TimeUnit(time_unit).label.lower()}"


@register.filter
def level_labels(version: ProcedureVersion) -> list[str]:
    """The levels of a version, as labels ("Cấp tỉnh", "Cấp xã")."""
    return [str(CatalogueLevel(level).label) for level in procedure_levels(version)]


@register.filter
def items(value: object) -> list[NamedItem]:
    """A stored list of the national record (legal bases, results...) as (code, name) items."""
    return named_items(value)


@register.filter
def returning_methods(value: object) -> list[str]:
    """How results are returned, as readable labels."""
    return returning_method_labels(value)


@register.filter
def template_files(value: object) -> list[str]:
    """The file names of a component's form templates."""
    return template_file_names(value)
