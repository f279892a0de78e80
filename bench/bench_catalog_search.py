"""Catalogue search on 10,000 procedures (PostgreSQL): p50/p95 against an exact-code lookup.

Run: `scripts/with-postgres.sh uv run python -m bench bench_catalog_search`. The database named
by DATABASE_URL is created and migrated if needed; the benchmark's procedures (codes ending in
`.H99`) are rebuilt unless exactly the expected set is there. Results go to docs/performance.md
under "## Catalogue search".
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from bench.common import ROOT, Timing, ensure_database, put_section, timed_with_cpu

SECTION = "## Catalogue search"
RECORDS = ROOT / "motcua" / "catalog" / "data" / "procedures"

PROCEDURES = 10_000
AGENCIES = 20
QUERIES = 300
WARM_UP = 30
REBUILDS = 20
PAGE_SIZE = 20
GOAL_P95_MS = 30.0
CODE_SUFFIX = ".H99"
SEED = 20261122

# Used only when the shipped records are missing: the shape of real names, for recombining.
FALLBACK_NAMES = (
    "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
    "Đăng ký khai sinh có yếu tố nước ngoài",
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
    "Gia hạn Giấy phép thành lập Chi nhánh của thương nhân nước ngoài tại Việt Nam",
    "Cấp lại Giấy phép hoạt động đối với trạm, điểm sơ cấp cứu chữ thập đỏ",
    "Thông báo địa điểm kinh doanh của hộ kinh doanh, cá nhân kinh doanh",
    "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y",
    "Hỗ trợ chi phí mai táng đối với người dân tộc thiểu số trên địa bàn tỉnh",
)


def main() -> None:
    """Build the catalogue, time search against exact-code lookups, write docs/performance.md."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_catalog_search needs PostgreSQL: scripts/with-postgres.sh uv run ...")
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    started = time.perf_counter()
    codes, names = build_catalogue(rng)
    print(f"catalogue: {len(codes)} procedures ready in {time.perf_counter() - started:.1f} s")
    queries = search_queries(rng, names)
    exact = [rng.choice(codes) for _ in range(QUERIES)]
    load = os.getloadavg()[0]
    timings = measure(queries, exact)
    load = max(load, os.getloadavg()[0])
    for timing in timings:
        print(f"{timing.label:<60} p50 {timing.p50:7.2f} ms   p95 {timing.p95:7.2f} ms")
    write_report(timings, queries, match_counts(queries), load)


def real_names() -> list[str]:
    """Procedure names from the national portal's records shipped with the catalogue app."""
    from motcua.core.text import clean

    names = []
    for path in sorted(RECORDS.glob("*.json")):
        name = clean(json.loads(path.read_text(encoding="utf-8")).get("name"))
        if name:
            names.append(name)
    return names or list(FALLBACK_NAMES)


def real_sectors() -> list[tuple[str, str]]:
    """(code, name) of the sectors named by the shipped records."""
    from motcua.core.text import clean

    sectors: dict[str, str] = {}
    for path in sorted(RECORDS.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")).get("categoriesDetails") or []:
            code, name = clean(item.get("code")), clean(item.get("name"))
            if code and name:
                sectors.setdefault(f"BENCH-{code}", name)
    return sorted(sectors.items()) or [("BENCH-LV01", "Lĩnh vực thử nghiệm")]


def recombined_names(rng: random.Random, count: int) -> list[str]:
    """`count` names made of the head of one real name and the tail of another."""
    words = [name.split() for name in real_names()]
    names: list[str] = []
    while len(names) < count:
        head, tail = rng.choice(words), rng.choice(words)
        cut_head = rng.randint(1, max(1, min(4, len(head) - 1)))
        cut_tail = rng.randint(1, max(1, min(4, len(tail) - 1)))
        name = " ".join(head[:cut_head] + tail[cut_tail:])
        if len(name.split()) >= 4:
            names.append(name[0].upper() + name[1:])
    return names


def build_catalogue(rng: random.Random) -> tuple[list[str], list[str]]:
    """Create (or reuse) the benchmark's procedures; returns their codes and names."""
    from django.db import connection, transaction

    from motcua.agencies.models import Agency, AgencyKind, AgencyLevel
    from motcua.catalog.models import Procedure, ProcedureVersion, Sector
    from motcua.core.text import fold

    existing = Procedure.objects.filter(code__endswith=CODE_SUFFIX)
    complete = existing.filter(current_version__isnull=False)
    if existing.count() == PROCEDURES and complete.count() == PROCEDURES:
        rows = existing.values_list("code", "current_version__name")
        return [code for code, _ in rows], [name for _, name in rows]

    with transaction.atomic():
        existing.delete()
        sectors = [
            Sector.objects.update_or_create(code=code, defaults={"name": name})[0]
            for code, name in real_sectors()
        ]
        agencies = [
            Agency.objects.update_or_create(
                code=f"000.00.{n:02d}.H99",
                defaults={
                    "name": f"Sở thử nghiệm số {n}",
                    "kind": AgencyKind.DEPARTMENT,
                    "level": AgencyLevel.PROVINCE,
                },
            )[0]
            for n in range(1, AGENCIES + 1)
        ]
        names = recombined_names(rng, PROCEDURES)
        codes = [f"{rng.choice('1236')}.{n:06d}{CODE_SUFFIX}" for n in range(PROCEDURES)]
        procedures = Procedure.objects.bulk_create(
            [Procedure(code=code) for code in codes], batch_size=2000
        )
        versions = ProcedureVersion.objects.bulk_create(
            [
                ProcedureVersion(
                    procedure=procedure,
                    number=1,
                    source_hash=f"{index:064x}",
                    name=name,
                    name_folded=fold(name),
                    sector=rng.choice(sectors),
                    is_province_level=rng.random() < 0.7,
                    is_commune_level=rng.random() < 0.35,
                    is_ministry_level=rng.random() < 0.1,
                    is_full_process=rng.random() < 0.4,
                )
                for index, (procedure, name) in enumerate(zip(procedures, names, strict=True))
            ],
            batch_size=2000,
        )
        for procedure, version in zip(procedures, versions, strict=True):
            procedure.current_version = version
        Procedure.objects.bulk_update(procedures, ["current_version"], batch_size=2000)
        through = Procedure.receiving_agencies.through
        through.objects.bulk_create(
            [
                through(procedure_id=procedure.pk, agency_id=agency.pk)
                for procedure in procedures
                for agency in rng.sample(agencies, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return codes, names


def search_queries(rng: random.Random, names: list[str]) -> list[str]:
    """What people type: parts of names with or without diacritics, prefixes, broad words, typos."""
    from motcua.core.text import fold

    queries = []
    broad = ["cap", "giay phep", "dang ky", "ho tro", "thu tuc", "cấp lại", "chứng nhận"]
    for index in range(QUERIES):
        words = rng.choice(names).split()
        start = rng.randrange(max(1, len(words) - 1))
        part = words[start : start + rng.randint(1, 4)]
        kind = index % 10
        if kind < 4:
            query = fold(" ".join(part))
        elif kind < 6:
            query = " ".join(part)
        elif kind < 8:
            folded = fold(" ".join(part))
            query = folded[: max(2, len(folded) - rng.randint(0, 3))]
        elif kind < 9:
            query = rng.choice(broad)
        else:
            query = fold(" ".join(part)) + "x"
        queries.append(query)
    return queries


def timed(calls: Iterable[Callable[[], Any]]) -> list[float]:
    """Run each call and return its latencies in milliseconds."""
    return [wall for wall, _ in timed_with_cpu(calls)]


def measure(queries: list[str], codes: list[str]) -> list[Timing]:
    """Time search and exact-code lookups through the selector, the API and the page."""
    from django.db.models import Count, Window
    from django.test import Client

    from motcua.catalog.models import CatalogueToken, Procedure
    from motcua.catalog.selectors import CatalogueSearch, catalogue_page, search_procedures

    client = Client()

    def selector(query: str) -> Callable[[], Any]:
        # What the page does: the first page of results and the number of matches.
        return lambda: catalogue_page(CatalogueSearch(query=query), number=1, size=PAGE_SIZE)

    def api(query: str) -> Callable[[], Any]:
        return lambda: ok(client.get("/api/v1/procedures/", {"search": query, "limit": "20"}))

    def fragment(query: str) -> Callable[[], Any]:
        return lambda: ok(client.get("/thu-tuc/", {"q": query}, HTTP_HX_REQUEST="true"))

    def page(query: str) -> Callable[[], Any]:
        return lambda: ok(client.get("/thu-tuc/", {"q": query}))

    def by_code(code: str) -> Callable[[], Any]:
        return lambda: Procedure.objects.select_related("current_version").get(code=code)

    def in_sql(query: str) -> Callable[[], Any]:
        # The former path (ADR 0014), still the back office's intake search: the trigram
        # conditions with a window count, for comparison in the same run.
        def call() -> Any:
            found = search_procedures(query=query).annotate(match_count=Window(Count("pk")))
            return list(found[:PAGE_SIZE])

        return call

    def after_a_change(query: str) -> Callable[[], Any]:
        # A catalogue write renews the token; the next search in each process rebuilds the index.
        def call() -> Any:
            CatalogueToken.objects.filter(pk=1).update(token=f"bench-{time.perf_counter_ns()}")
            return selector(query)()

        return call

    timed(selector(q) for q in queries[:WARM_UP])
    timed(page(q) for q in queries[:WARM_UP])
    kinds: list[tuple[str, Callable[[str], Callable[[], Any]], list[str]]] = [
        ("exact code, ORM get(code=)", by_code, codes),
        ("exact code, selector (count + first page)", selector, codes),
        ("search, selector (count + first page)", selector, queries),
        ("exact code, API GET /api/v1/procedures/?search=", api, codes),
        ("search, API GET /api/v1/procedures/?search=", api, queries),
        ("exact code, htmx fragment /thu-tuc/?q=", fragment, codes),
        ("search, htmx fragment /thu-tuc/?q=", fragment, queries),
        ("search, whole page /thu-tuc/?q=", page, queries),
        ("search, SQL trigram path (ADR 0014, back-office intake)", in_sql, queries),
    ]
    # Interleaved, query by query: the machine is shared, and whatever load comes and goes
    # then weighs on the searches and their exact-code baselines alike.
    timings = {label: Timing(label, []) for label, _, _ in kinds}
    for index in range(QUERIES):
        for label, make, inputs in kinds:
            for wall, cpu in timed_with_cpu([make(inputs[index])]):
                timings[label].samples.append(wall)
                if cpu is not None:
                    timings[label].cpu_samples.append(cpu)
    # Not interleaved: each call here rebuilds the index, a cost paid once per catalogue change.
    rebuild = Timing("token renewed + index rebuilt + search (once per change and process)", [])
    for wall, cpu in timed_with_cpu(after_a_change(q) for q in queries[:REBUILDS]):
        rebuild.samples.append(wall)
        if cpu is not None:
            rebuild.cpu_samples.append(cpu)
    return [*timings.values(), rebuild]


def match_counts(queries: list[str]) -> list[int]:
    """How many procedures each query finds (after timing, not timed)."""
    from motcua.catalog.selectors import CatalogueSearch, search_page

    return [search_page(CatalogueSearch(query=query), offset=0, limit=0)[1] for query in queries]


def ok(response: Any) -> Any:
    """Fail loudly: a benchmark of error pages measures nothing."""
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code} from {response.request['PATH_INFO']}")
    return response


def write_report(timings: list[Timing], queries: list[str], counts: list[int], load: float) -> None:
    """Replace the "## Catalogue search" section of docs/performance.md with this run."""
    from django.utils import timezone

    by_label = {timing.label: timing for timing in timings}
    baseline = {
        "selector": by_label["exact code, selector (count + first page)"],
        "API": by_label["exact code, API GET /api/v1/procedures/?search="],
        "htmx": by_label["exact code, htmx fragment /thu-tuc/?q="],
    }

    def cell(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    def row(timing: Timing, label: str, ratio: str = "") -> str:
        return (
            f"| {label} | {timing.p50:.2f} | {timing.p95:.2f} | {cell(timing.cpu_p50)}"
            f" | {cell(timing.cpu_p95)} | {ratio} |"
        )

    rows = []
    for timing in timings:
        layer = next((key for key in baseline if key in timing.label), None)
        ratio = ""
        if timing.label.startswith("search") and layer:
            ratio = f"{timing.p95 / baseline[layer].p95:.1f}×"
        rows.append(row(timing, timing.label, ratio))
    search = by_label["search, selector (count + first page)"]
    broad_limit = PROCEDURES // 10
    for is_broad in (False, True):
        picked = [index for index, count in enumerate(counts) if (count > broad_limit) == is_broad]
        if len(picked) < 2:
            continue
        part = Timing(
            "part",
            [search.samples[i] for i in picked],
            [search.cpu_samples[i] for i in picked] if search.cpu_samples else [],
        )
        finding = f"> {broad_limit:,}" if is_broad else f"≤ {broad_limit:,}"
        rows.append(row(part, f"search, selector, the {len(picked)} queries finding {finding}"))
    api = by_label["search, API GET /api/v1/procedures/?search="]
    orm_p95 = by_label["exact code, ORM get(code=)"].p95
    verdict = "met" if max(search.p95, api.p95) <= GOAL_P95_MS else "NOT met"
    cpu_worst = max(search.cpu_p95 or 0.0, api.cpu_p95 or 0.0)
    cpu_verdict = "met" if search.cpu_p95 is not None and cpu_worst <= GOAL_P95_MS else "NOT met"
    section = "\n".join(
        [
            SECTION,
            "",
            f"`bench/bench_catalog_search.py`, run {timezone.localdate():%Y-%m-%d} on PostgreSQL 15"
            f" ({os.cpu_count()} cores shared with the benchmark and with other work: load average"
            f" up to {load:.1f} during the run), {PROCEDURES:,} procedures whose names recombine"
            " the national portal's real names, one current version each,"
            f" {AGENCIES} receiving agencies. {len(queries)} queries: parts of names without and"
            " with diacritics, word prefixes as typed in the live search (down to two letters),"
            " broad words (`cap`, `giay phep`) and typos that match nothing. Each search counts"
            f" the matches and fetches the first page of {PAGE_SIZE}; the exact-code rows run the"
            " same path with a procedure code as the query: the baseline of the ratio, timed"
            " interleaved with the searches, query by query.",
            "",
            "| what | p50 ms | p95 ms | on-CPU p50 ms | on-CPU p95 ms | p95 ÷ exact code |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Goal p95 ≤ {GOAL_P95_MS:.0f} ms for the search (selector and API): wall clock"
            f" **{verdict}** (selector {search.p95:.1f} ms, API {api.p95:.1f} ms); on-CPU"
            f" **{cpu_verdict}** (selector {cell(search.cpu_p95)} ms, API {cell(api.cpu_p95)}"
            " ms). On-CPU is the benchmark thread's CPU time plus the PostgreSQL backend's"
            " (Linux schedstat): the cost of a request without the wait for a free core. For"
            f" scale: the plain `get(code=)` took p95 {orm_p95:.2f} ms of wall clock here,"
            " against 0.44 ms for a lookup by code on a quiet machine (PERFORMANCE-FACTS.md),"
            " so wall-clock figures from this busy machine overstate the cost.",
            "",
            "How it works (ADR 0017): the page and the API match, rank and count on an"
            " in-process index of the published procedures (each folded name word with the"
            " procedures whose names hold it, bisected by prefix; the filters as sets; what a"
            " list shows), rebuilt when the catalogue token differs from the one it was built"
            " under. Triggers renew the token on every write to procedures, versions, receiving"
            " agencies and sectors, so a search costs one indexed read of the token plus Python;"
            ' the first search after a catalogue change pays for the rebuild (the row "token'
            ' renewed").'
            " The SQL row is the former trigram design (ADR 0014), still the back office's"
            " intake search, timed in the same run.",
            "",
        ]
    )
    put_section(section)
