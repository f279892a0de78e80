"""Reads of the public procedure catalogue: search, filters and what a procedure page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, cast

from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.base import ModelState
from django.db.models.functions import Concat
from django.db.models.lookups import Contains
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
from motcua.catalog.search import (
    CODE_LIKE,
    LEVEL_FLAGS,
    MAYBE_CODE,
    Listed,
    catalogue_index,
    match,
)
from motcua.catalog.search import MAX_QUERY_LENGTH as MAX_QUERY_LENGTH
from motcua.catalog.search import CatalogueLevel as CatalogueLevel
from motcua.catalog.search import search_words as search_words
from motcua.core.errors import NotFoundError
from motcua.core.text import clean


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


def published_procedures() -> ProcedureQuerySet:
    """Procedures offered to the public, with their current version and sector loaded."""
    return Procedure.objects.published().select_related(
        "current_version", "current_version__sector"
    )


# What a list of procedures shows (catalogue page, API list). The rest of a version (the raw
# national record, long texts) stays in the database until a procedure page asks for it.
_LIST_FIELDS: Final = (
    "code",
    "current_version__name",
    "current_version__name_folded",
    "current_version__is_full_process",
    *(f"current_version__{flag}" for flag in LEVEL_FLAGS.values()),
    "current_version__sector__code",
    "current_version__sector__name",
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
    equal to a procedure code (every code has a digit) finds that procedure; one that looks like
    a national code ("1.0003") finds the codes it begins and is not matched against names.
    Ranking: exact code, then code or name prefix, then the whole phrase anywhere, then the
    remaining matches; ties by name. Without a query: every published procedure by name.
    """
    procedures = published_procedures().only(*_LIST_FIELDS)
    if sector is not None:
        procedures = procedures.filter(current_version__sector=sector)
    if level is not None:
        procedures = procedures.filter(**{f"current_version__{LEVEL_FLAGS[level]}": True})
    if agency is not None:
        procedures = procedures.received_by(agency)

    text = clean(query)[:MAX_QUERY_LENGTH]
    words = search_words(text)
    if not text:
        return procedures.order_by("current_version__name_folded", "code")

    codes = {text, text.upper()}
    is_code_prefix = Q(code__startswith=text.upper()) if CODE_LIKE.match(text) else Q(pk__in=[])
    if CODE_LIKE.match(text):
        # "1.000358", "1.0003": codes only; the digits of a code are not words of any name.
        matches = Q(code__in=codes) | is_code_prefix
    else:
        # Plain conditions on the joined current version let PostgreSQL start from the rows the
        # trigram index finds and test each name once; ORing an exact-code test into them
        # would force a full scan. Codes imported from other systems are opaque, so one that
        # could be a code (a single token with a digit) is looked up on its own first.
        matches = _name_matches(words) if words else Q(pk__in=[])
        if MAYBE_CODE.match(text):
            exact = list(Procedure.objects.filter(code__in=codes).values_list("pk", flat=True))
            if exact:
                matches |= Q(pk__in=exact)
    phrase = " ".join(words)
    rank = Case(
        When(code__in=codes, then=Value(0)),
        When(is_code_prefix, then=Value(1)),
        When(current_version__name_folded__startswith=phrase, then=Value(1)),
        When(current_version__name_folded__contains=phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        procedures.filter(matches)
        .annotate(search_rank=rank)
        .order_by("search_rank", "current_version__name_folded", "code")
    )


@dataclass(frozen=True)
class CatalogueSearch:
    """A search of the public catalogue as the page and the API take it: words and filters."""

    query: str = ""
    sector: Sector | None = None
    level: CatalogueLevel | None = None
    agency: Agency | None = None


def search_page(search: CatalogueSearch, *, offset: int, limit: int) -> tuple[list[Procedure], int]:
    """One slice of a catalogue search's results, best first, and the number of all its matches.

    The matching, ranking and counting run on the in-process index of the published catalogue
    (`catalog.search`), with the rules of `search_procedures`; the index also holds what a list
    shows, so the database answers only the read of the catalogue token. The rows come as
    `.only(*_LIST_FIELDS)` would load them: any other field is read from the database on access.
    """
    listed, total = match(
        catalogue_index(),
        query=search.query,
        sector_id=search.sector.pk if search.sector is not None else None,
        level=search.level,
        agency_id=search.agency.pk if search.agency is not None else None,
        offset=offset,
        limit=limit,
    )
    return [_procedure(entry) for entry in listed], total


def _procedure(entry: Listed) -> Procedure:
    """A procedure with its current version and sector as loaded from the database."""
    version = _loaded(
        ProcedureVersion,
        id=entry.version_pk,
        name=entry.name,
        name_folded=entry.name_folded,
        sector_id=entry.sector[0] if entry.sector else None,
        is_full_process=entry.is_full_process,
        **dict(zip(LEVEL_FLAGS.values(), entry.flags, strict=True)),
    )
    if entry.sector is not None:
        sector_pk, code, name = entry.sector
        version.sector = _loaded(Sector, id=sector_pk, code=code, name=name)
    else:
        version.sector = None
    procedure = _loaded(Procedure, id=entry.pk, code=entry.code, current_version_id=version.pk)
    procedure.current_version = version
    return procedure


def _loaded[M: models.Model](model: type[M], **values: object) -> M:
    """An instance of `model` as the database would load these fields (the others deferred).

    Built the way Django unpickles a model (`__new__`, then the field values as attributes): a
    field missing from the instance's attributes is deferred and read from the database on
    access. `Model.__init__` walks every field of the model and costs several times as much,
    which for the three instances of each listed procedure was most of a search's time.
    """
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS
    return instance


def catalogue_page(search: CatalogueSearch, *, number: object, size: int) -> Page[Procedure]:
    """Page `number` (1-based; anything unreadable is 1, past the end is the last) of a search."""
    try:
        wanted = max(int(str(number)), 1)
    except ValueError:
        wanted = 1
    rows, total = search_page(search, offset=(wanted - 1) * size, limit=size)
    # The paginator only needs the total (its list is never read); the rows were fetched above.
    paginator = cast("Paginator[Procedure]", Paginator(range(total), size))
    if not rows and total:
        wanted = paginator.num_pages
        rows, _ = search_page(search, offset=(wanted - 1) * size, limit=size)
    return Page(rows, wanted if total else 1, paginator)


def _name_matches(words: list[str], *, field: str = "current_version__name_folded") -> Q:
    """The current version's folded name has a word starting with each of `words`.

    Per word: `LIKE '%word%'`, which PostgreSQL answers from the trigram index on name_folded
    (catalog migration 0002) when the word has three letters or more; then "starts a word": a
    cheap `LIKE` on the name behind a space for the usual case, and the regular expression
    `\\Wword` only for a word after punctuation, since a regular expression costs several times
    a `LIKE` per row. The space is prepended as an expression on purpose: the index cannot
    answer it, so the planner weighs one index condition per word instead of every combination
    of the alternatives, which cost more to plan than to run. Words hold letters and digits only,
    so nothing needs escaping; PostgreSQL (ARE) and SQLite (Python's re) read `\\W` alike.
    """
    spaced = Concat(Value(" "), F(field), output_field=models.TextField())
    matches = Q()
    for word in words:
        starts_a_word = Contains(spaced, f" {word}") | Q(**{f"{field}__regex": rf"\W{word}"})
        matches &= Q(**{f"{field}__contains": word}) & starts_a_word
    return matches


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
    return [level for level, flag in LEVEL_FLAGS.items() if getattr(version, flag)]


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
