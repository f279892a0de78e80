"""Reads of the public procedure catalogue: search, filters and what a procedure page shows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from django.db import models
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, AgencyQuerySet
from motcua.catalog.models import (
    ComponentSet,
    ExecutionMethod,
    Procedure,
    ProcedureQuerySet,
    ProcedureVersion,
    Sector,
)
from motcua.core.errors import NotFoundError
from motcua.core.text import clean, fold

# A query longer than this is not a search a person typed; the rest is ignored.
MAX_QUERY_LENGTH: Final = 200
# Every word must match, so words past this many only slow the query down without narrowing it.
MAX_QUERY_WORDS: Final = 12

_WORD = re.compile(r"[^\W_]+")
# Procedure codes: `1.001776`, `2.000635`, local `1.000948.H38`.
_CODE_LIKE = re.compile(r"^\d+\.[\w.]*$")


class CatalogueLevel(models.TextChoices):
    """The level at which a procedure is carried out, as the national record flags it."""

    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    OTHER_AGENCY = "other_agency", _("Cơ quan khác")


_LEVEL_FLAGS: Final[dict[CatalogueLevel, str]] = {
    CatalogueLevel.MINISTRY: "is_ministry_level",
    CatalogueLevel.PROVINCE: "is_province_level",
    CatalogueLevel.COMMUNE: "is_commune_level",
    CatalogueLevel.OTHER_AGENCY: "is_other_agency_level",
}


@dataclass(frozen=True)
class NamedItem:
    """An entry of a list the national record keeps as data (legal basis, result, agency...)."""

    code: str
    name: str


@dataclass(frozen=True)
class SectorCount:
    """A sector of the public catalogue and how many published procedures it holds."""

    code: str
    name: str
    procedure_count: int


def search_words(query: str) -> list[str]:
    """The folded words of a search query, in order, without repeats ("Giấy phép" → giay, phep)."""
    words: list[str] = []
    for word in _WORD.findall(fold(clean(query)[:MAX_QUERY_LENGTH])):
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def published_procedures() -> ProcedureQuerySet:
    """Procedures offered to the public, with their current version and sector loaded."""
    return Procedure.objects.published().select_related(
        "current_version", "current_version__sector"
    )


def search_procedures(
    *,
    query: str = "",
    sector: Sector | None = None,
    level: CatalogueLevel | None = None,
    agency: Agency | None = None,
) -> ProcedureQuerySet:
    """Published procedures matching a catalogue search and filters, best matches first.

    The query ignores diacritics and case: it is folded like `ProcedureVersion.name_folded` and
    every word of it must begin a word of the current version's folded name, so "giay phep lao
    dong" and "giấy phép lao" find "Giấy phép lao động" while "an" does not match "bản". A query
    equal to a procedure code finds that procedure; one that looks like a code also finds the
    codes it begins. Ranking: exact code, then code or name prefix, then the whole phrase
    anywhere, then the remaining matches; ties by name. Without a query: every published
    procedure by name.
    """
    procedures = published_procedures()
    if sector is not None:
        procedures = procedures.filter(current_version__sector=sector)
    if level is not None:
        procedures = procedures.filter(**{f"current_version__{_LEVEL_FLAGS[level]}": True})
    if agency is not None:
        procedures = procedures.received_by(agency)

    text = clean(query)[:MAX_QUERY_LENGTH]
    words = search_words(text)
    if not text:
        return procedures.order_by("current_version__name_folded", "code")

    codes = {text, text.upper()}
    is_exact_code = Q(code__in=codes)
    is_code_prefix = Q(code__startswith=text.upper()) if _CODE_LIKE.match(text) else Q(pk__in=[])
    if words:
        # `(^|\W)word`: the word must start a word of the name. Both PostgreSQL (ARE) and SQLite
        # (Django's REGEXP is Python's re) read this pattern alike; words hold letters and
        # digits only, so nothing needs escaping. PostgreSQL answers it from the trigram index
        # on name_folded (catalog migration 0002) when a word has three letters or more.
        name_matches = Q()
        for word in words:
            name_matches &= Q(current_version__name_folded__regex=rf"(^|\W){word}")
    else:
        name_matches = Q(pk__in=[])
    phrase = " ".join(words)
    rank = Case(
        When(is_exact_code, then=Value(0)),
        When(is_code_prefix, then=Value(1)),
        When(current_version__name_folded__startswith=phrase, then=Value(1)),
        When(current_version__name_folded__contains=phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        procedures.filter(is_exact_code | is_code_prefix | name_matches)
        .annotate(search_rank=rank)
        .order_by("search_rank", "current_version__name_folded", "code")
    )


def procedure_for_page(code: str) -> Procedure:
    """A published procedure with everything its public page and the API detail show.

    Raises NotFoundError when no published procedure has that code.
    """
    procedure = (
        published_procedures()
        .select_related("competent_agency")
        .prefetch_related(
            "receiving_agencies",
            Prefetch(
                "current_version__methods",
                queryset=ExecutionMethod.objects.prefetch_related("fees"),
            ),
            "current_version__cases",
            Prefetch(
                "current_version__component_sets",
                queryset=ComponentSet.objects.prefetch_related("components"),
            ),
        )
        .filter(code=clean(code))
        .first()
    )
    if procedure is None:
        raise NotFoundError(gettext("Không có thủ tục nào mang mã %(code)s.") % {"code": code})
    return procedure


def catalogue_sectors() -> models.QuerySet[Sector]:
    """Sectors that hold at least one published procedure, by name."""
    used = Procedure.objects.published().values("current_version__sector")
    return Sector.objects.filter(pk__in=used).order_by("name")


def sector_counts() -> list[SectorCount]:
    """Each sector of the public catalogue with its number of published procedures, by name."""
    rows = (
        Procedure.objects.published()
        .filter(current_version__sector__isnull=False)
        .values("current_version__sector__code", "current_version__sector__name")
        .annotate(procedure_count=Count("pk"))
        .order_by("current_version__sector__name")
    )
    return [
        SectorCount(
            code=row["current_version__sector__code"],
            name=row["current_version__sector__name"],
            procedure_count=row["procedure_count"],
        )
        for row in rows
    ]


def catalogue_agencies(*, on: dt.date | None = None) -> AgencyQuerySet:
    """Agencies that exist on `on` (today by default), by code, with their parent and successor."""
    day = on or timezone.localdate()
    return Agency.objects.valid_on(day).select_related("parent", "successor").order_by("code")


def receiving_agencies() -> AgencyQuerySet:
    """Agencies that receive at least one published procedure, by name (the catalogue filter)."""
    receiving = Procedure.objects.published().values("receiving_agencies")
    return Agency.objects.filter(pk__in=receiving).order_by("name")


def agency_by_code(code: str) -> Agency:
    """The agency with this identifier code, dissolved or not.

    Raises NotFoundError when there is none.
    """
    agency = Agency.objects.select_related("parent", "successor").filter(code=clean(code)).first()
    if agency is None:
        raise NotFoundError(gettext("Không có cơ quan nào mang mã %(code)s.") % {"code": code})
    return agency


def procedure_levels(version: ProcedureVersion) -> list[CatalogueLevel]:
    """The levels a version's record flags, in the order of `CatalogueLevel`."""
    return [level for level, flag in _LEVEL_FLAGS.items() if getattr(version, flag)]


def named_items(value: object) -> list[NamedItem]:
    """Entries of a stored list of the national record, as (code, name), in order.

    The importer stores legal bases, results, agencies and subject types as [{code, name}]; a
    plain string is read as a name. Empty and repeated entries are dropped, since the portal's
    records repeat legal bases.
    """
    items: list[NamedItem] = []
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict):
            item = NamedItem(code=clean(entry.get("code")), name=clean(entry.get("name")))
        else:
            item = NamedItem(code="", name=clean(entry))
        if (item.code or item.name) and item not in items:
            items.append(item)
    return items


# How the national record says results are returned (returningMethods[].value).
_RETURNING_METHODS: Final[dict[str, Promise]] = {
    "AT_SUBMISSION_PLACE": _("Nhận trực tiếp tại nơi nộp hồ sơ"),
    "AT_HOME": _("Nhận qua dịch vụ bưu chính công ích"),
    "ONLINE": _("Nhận trực tuyến (bản điện tử)"),
}


def returning_method_labels(value: object) -> list[str]:
    """Readable labels of a version's `returning_methods` (codes or free text), without repeats."""
    labels: list[str] = []
    for entry in value if isinstance(value, list) else []:
        raw = (entry.get("value") or entry.get("name")) if isinstance(entry, dict) else entry
        text = clean(raw)
        label = str(_RETURNING_METHODS.get(text, text))
        if label and label not in labels:
            labels.append(label)
    return labels


def template_file_names(templates: object) -> list[str]:
    """The file names of a component's form templates (mẫu đơn, tờ khai).

    Each entry references a file stored on the national portal (name, path, bucket). The
    portal's download address is not part of any published interface, so the catalogue lists
    the file names (what a citizen asks for at the desk) instead of guessing a link.
    """
    names: list[str] = []
    for entry in templates if isinstance(templates, list) else []:
        if not isinstance(entry, dict):
            continue
        name = clean(entry.get("file_name"))
        if name and name not in names:
            names.append(name)
    return names
