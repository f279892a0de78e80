"""Catalogue search in memory: the published procedures' folded names and filter keys per process.

A province publishes a few thousand procedures, so matching every word of a query against all
their names in Python takes a few milliseconds and counts the matches exactly, where the same
search in SQL costs tens (docs/performance.md, ADR 0017). The index is rebuilt from the database
whenever the database's catalogue token (`CatalogueToken`, rewritten by triggers on every write to
procedures, their versions, their receiving agencies and sectors) differs from the one it was
built under, so every process sees a change on its next search.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Final, NamedTuple

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean, fold

# A query longer than this is not a search a person typed; the rest is ignored.
MAX_QUERY_LENGTH: Final = 200
# Every word must match, so words past this many only slow the query down without narrowing it.
MAX_QUERY_WORDS: Final = 12

WORD: Final = re.compile(r"[^\W_]+")
# Procedure codes: `1.001776`, `2.000635`, local `1.000948.H38`.
CODE_LIKE: Final = re.compile(r"^\d+\.[\w.]*$")
# Anything else that might be a code imported from another system: one token with a digit.
MAYBE_CODE: Final = re.compile(r"^(?=\S*\d)\S+$")
# A query word begins a word of a name where it follows the start or a non-word character.
_NOT_A_WORD_CHARACTER: Final = re.compile(r"\W")
# Anything that separates words other than white space (then the regex is needed).
_PUNCTUATION: Final = re.compile(r"[^\w\s]")


class CatalogueLevel(models.TextChoices):
    """The level at which a procedure is carried out, as the national record flags it."""

    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    OTHER_AGENCY = "other_agency", _("Cơ quan khác")


LEVEL_FLAGS: Final[dict[CatalogueLevel, str]] = {
    CatalogueLevel.MINISTRY: "is_ministry_level",
    CatalogueLevel.PROVINCE: "is_province_level",
    CatalogueLevel.COMMUNE: "is_commune_level",
    CatalogueLevel.OTHER_AGENCY: "is_other_agency_level",
}


def search_words(query: str) -> list[str]:
    """The folded words of a search query, in order, without repeats ("Giấy phép" → giay, phep)."""
    words: list[str] = []
    for word in WORD.findall(fold(clean(query)[:MAX_QUERY_LENGTH])):
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


class Listed(NamedTuple):
    """What a list of procedures shows of one procedure, as the database held it."""

    pk: int
    code: str
    version_pk: int
    name: str
    name_folded: str
    sector: tuple[int, str, str] | None
    flags: tuple[bool, ...]
    is_full_process: bool


@dataclass(frozen=True)
class CatalogueIndex:
    """The published procedures in the database's order of (folded name, code).

    A procedure is known by its position in `listed`. `words` maps every word of a folded name
    (split at non-word characters) to the positions whose names hold it, and `sorted_words` lists
    those words in order, so the words a query word begins are found by bisection; the same for
    codes (`sorted_codes`, with their positions in `positions_by_code`). The filter maps give the
    positions of a sector, a level, an agency.
    """

    token: str | None
    listed: list[Listed]
    words: dict[str, frozenset[int]]
    sorted_words: list[str]
    sorted_codes: list[str]
    positions_by_code: list[int]
    position_of_code: dict[str, int]
    by_sector: dict[int, frozenset[int]]
    by_level: dict[CatalogueLevel, frozenset[int]]
    by_agency: dict[int, frozenset[int]]


_cached: CatalogueIndex | None = None
_building = threading.Lock()


def catalogue_index() -> CatalogueIndex:
    """The index of the catalogue as the database holds it now (rebuilt when the token changed).

    The token is read before the catalogue: a change committed in between makes the index newer
    than its token, never older, and the next search rebuilds it. No token row (a test database
    just flushed) means no cache: every search builds its own index.
    """
    global _cached
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM catalog_cataloguetoken WHERE id = 1")
        row = cursor.fetchone()
    token: str | None = row[0] if row else None
    cached = _cached
    if token is not None and cached is not None and cached.token == token:
        return cached
    with _building:
        cached = _cached
        if token is not None and cached is not None and cached.token == token:
            return cached
        index = _build(token)
        if token is not None:
            _cached = index
        return index


def _build(token: str | None) -> CatalogueIndex:
    from motcua.catalog.models import Procedure

    flags = list(LEVEL_FLAGS.items())
    rows = (
        Procedure.objects.published()
        .order_by("current_version__name_folded", "code")
        .values_list(
            "pk",
            "code",
            "current_version_id",
            "current_version__name",
            "current_version__name_folded",
            "current_version__sector_id",
            "current_version__sector__code",
            "current_version__sector__name",
            "current_version__is_full_process",
            *(f"current_version__{flag}" for _, flag in flags),
        )
    )
    received = Procedure.receiving_agencies.through.objects.filter(
        procedure__in=Procedure.objects.published()
    ).values_list("procedure_id", "agency_id")
    agencies_of: dict[int, list[int]] = {}
    for procedure_id, agency_id in received:
        agencies_of.setdefault(procedure_id, []).append(agency_id)

    listed: list[Listed] = []
    words: defaultdict[str, list[int]] = defaultdict(list)
    by_sector: defaultdict[int, list[int]] = defaultdict(list)
    by_level: dict[CatalogueLevel, list[int]] = {level: [] for level in LEVEL_FLAGS}
    by_agency: defaultdict[int, list[int]] = defaultdict(list)
    levels = list(LEVEL_FLAGS)
    for position, row in enumerate(rows):
        pk, code, version_pk, name, folded, sector_pk, sector_code, sector_name, full, *is_at = row
        sector = None if sector_pk is None else (sector_pk, sector_code, sector_name)
        listed.append(Listed(pk, code, version_pk, name, folded, sector, tuple(is_at), full))
        for word in set(_words_of(folded)):
            words[word].append(position)
        if sector_pk is not None:
            by_sector[sector_pk].append(position)
        for level, flagged in zip(levels, is_at, strict=True):
            if flagged:
                by_level[level].append(position)
        for agency_pk in agencies_of.get(pk, ()):
            by_agency[agency_pk].append(position)
    # Sorted by key, not as (code, position) pairs: comparing tuples costs several times more.
    by_code = sorted(range(len(listed)), key=lambda position: listed[position].code)
    return CatalogueIndex(
        token=token,
        listed=listed,
        words={word: frozenset(positions) for word, positions in words.items()},
        sorted_words=sorted(words),
        sorted_codes=[listed[position].code for position in by_code],
        positions_by_code=by_code,
        position_of_code={entry.code: position for position, entry in enumerate(listed)},
        by_sector={pk: frozenset(positions) for pk, positions in by_sector.items()},
        by_level={level: frozenset(positions) for level, positions in by_level.items()},
        by_agency={pk: frozenset(positions) for pk, positions in by_agency.items()},
    )


def _words_of(folded: str) -> list[str]:
    """The words of a folded name: the runs between non-word characters."""
    if _PUNCTUATION.search(folded) is None:
        return folded.split()
    return _NOT_A_WORD_CHARACTER.sub(" ", folded).split()


def match(
    index: CatalogueIndex,
    *,
    query: str,
    sector_id: int | None = None,
    level: CatalogueLevel | None = None,
    agency_id: int | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[Listed], int]:
    """The slice `[offset:offset + limit]` of a search's matches, best first, and their number.

    The same rules as `selectors.search_procedures` in SQL: every word of the folded query must
    begin a word of the folded name; a query equal to a code finds it; one that looks like a
    national code finds the codes it begins and no names. Ranking: exact code, then code or name
    prefix, then the whole phrase anywhere, then the rest; ties in the index's (name, code) order.
    """
    nothing: frozenset[int] = frozenset()
    allowed: frozenset[int] | None = None
    for positions in (
        None if sector_id is None else index.by_sector.get(sector_id, nothing),
        None if level is None else index.by_level.get(level, nothing),
        None if agency_id is None else index.by_agency.get(agency_id, nothing),
    ):
        if positions is not None:
            allowed = positions if allowed is None else allowed & positions
    end = None if limit is None else max(offset, 0) + limit
    wanted = slice(max(offset, 0), end)

    text = clean(query)[:MAX_QUERY_LENGTH]
    if not text:
        if allowed is None:
            return index.listed[wanted], len(index.listed)
        every = sorted(allowed)
        return [index.listed[i] for i in every[wanted]], len(every)

    words = search_words(text)
    exact_codes = {text, text.upper()}
    exact = {p for code in exact_codes if (p := index.position_of_code.get(code)) is not None}
    code_prefix = text.upper() if CODE_LIKE.match(text) else None
    if code_prefix is not None:
        # "1.000358", "1.0003": codes only; the digits of a code are not words of any name.
        found = exact | _code_prefixed(index, code_prefix)
        begun: set[int] = found - exact
    else:
        found = _named(index, words) if words else set()
        if exact and MAYBE_CODE.match(text):
            found |= exact
        begun = set()
    if allowed is not None:
        found &= allowed
    exact &= found

    # Ranked in buckets, each in index order; the later buckets only as far as the slice needs.
    ordered = sorted(found)
    phrase = " ".join(words)
    listed = index.listed
    ranked = sorted(exact)
    ranked += [
        i
        for i in ordered
        if i not in exact and (i in begun or listed[i].name_folded.startswith(phrase))
    ]
    if end is None or len(ranked) < end:
        first = set(ranked)
        anywhere = [i for i in ordered if i not in first and phrase in listed[i].name_folded]
        ranked += anywhere
        if end is None or len(ranked) < end:
            first.update(anywhere)
            ranked += [i for i in ordered if i not in first]
    return [listed[i] for i in ranked[wanted]], len(ordered)


def _named(index: CatalogueIndex, words: list[str]) -> set[int]:
    """Positions whose folded name has, for every one of `words`, a word beginning with it."""
    found: set[int] | None = None
    for word in sorted(words, key=len, reverse=True):
        begins = _begun_by(index, word)
        found = begins if found is None else found & begins
        if not found:
            return set()
    return found or set()


def _begun_by(index: CatalogueIndex, prefix: str) -> set[int]:
    """Positions whose folded name has a word beginning with `prefix`."""
    sorted_words = index.sorted_words
    start = bisect.bisect_left(sorted_words, prefix)
    end = start
    while end < len(sorted_words) and sorted_words[end].startswith(prefix):
        end += 1
    return set().union(*(index.words[word] for word in sorted_words[start:end]))


def _code_prefixed(index: CatalogueIndex, prefix: str) -> set[int]:
    """Positions whose code begins with `prefix`."""
    codes = index.sorted_codes
    start = bisect.bisect_left(codes, prefix)
    end = start
    while end < len(codes) and codes[end].startswith(prefix):
        end += 1
    return set(index.positions_by_code[start:end])
