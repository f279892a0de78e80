"""Intake throughput: `POST /api/v1/dossiers/` against a bare Django view inserting the same rows.

Run: `scripts/with-postgres.sh uv run python -m bench bench_intake` (or `make bench`). Both run in
the same gunicorn server (sync workers, `--no-control-socket`, 127.0.0.1) on PostgreSQL, with 16
concurrent clients, alternating bare / full phases so that drift hits both alike. The bare view
(`bench/intake_urls.py`, bench-only URLconf) parses the JSON and inserts a dossier and its event;
the full intake authenticates the key, validates the applicant, the procedure, agency and
checklist, upserts the applicant, takes the day's code and writes dossier, checklist, event and
idempotency key. Goal: full ≥ 50 % of bare. Results go to docs/performance.md under "## Intake".
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, ensure_database, put_section

SECTION = "## Intake"
SETTINGS = "bench.intake_settings"

CLIENTS = 16
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PHASE_SECONDS = float(os.environ.get("BENCH_PHASE_SECONDS", "8"))
ROUNDS = 2
GOAL_RATIO = 0.5
AGENCY_CODE = "000.00.99.H99"
PROCEDURE_CODE = "9.999001"
SEED = 20261122


@dataclass
class Phase:
    """Requests of one kind over one timed window."""

    label: str
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """CPU of the web workers and their PostgreSQL backends per created dossier."""
        count = len(self.latencies_ms)
        return self.cpu_seconds * 1000 / count if count else float("nan")

    def merge(self, other: Phase) -> None:
        self.seconds += other.seconds
        self.cpu_seconds += other.cpu_seconds
        self.latencies_ms.extend(other.latencies_ms)
        self.failures.extend(other.failures)

    def percentile(self, pct: int) -> float:
        if len(self.latencies_ms) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[pct - 1]


def main() -> None:
    """Prepare the data, serve with gunicorn, load both endpoints, write docs/performance.md."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_intake needs PostgreSQL: scripts/with-postgres.sh uv run python -m bench")
    ensure_database(url)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    raw_key = prepare()
    port = free_port()
    with serve(port) as server:
        wait_until_up(port)
        rng = random.Random(SEED)
        bare, full = Phase("bare view"), Phase("POST /api/v1/dossiers/")
        # Warm-up: connections, imports, caches.
        run_phase(port, "bare", rng, 3.0, raw_key, server.pid)
        run_phase(port, "full", rng, 3.0, raw_key, server.pid)
        for _ in range(ROUNDS):
            bare.merge(run_phase(port, "bare", rng, PHASE_SECONDS, raw_key, server.pid))
            full.merge(run_phase(port, "full", rng, PHASE_SECONDS, raw_key, server.pid))
    check_codes()
    for phase in (bare, full):
        print(
            f"{phase.label}: {phase.rate:.0f} req/s, {phase.cpu_ms:.2f} ms CPU each, "
            f"p50 {phase.percentile(50):.1f} ms, p95 {phase.percentile(95):.1f} ms, "
            f"failures {len(phase.failures)}"
        )
        for failure in phase.failures[:5]:
            print(f"  failure: {failure}")
    ratio = full.rate / bare.rate if bare.rate else 0.0
    cpu_ratio = bare.cpu_ms / full.cpu_ms if full.cpu_ms else 0.0
    print(f"full ÷ bare = {ratio:.2f} by throughput, {cpu_ratio:.2f} by CPU per dossier")
    write_report(bare, full, ratio, cpu_ratio)


def prepare() -> str:
    """The desk, the procedure (2 components, online 5 working days) and a key; returns the key."""
    import decimal

    from motcua.agencies.models import Agency, AgencyKind, AgencyLevel
    from motcua.api.models import ApiKey
    from motcua.catalog.models import (
        Channel,
        Component,
        ComponentSet,
        ExecutionMethod,
        Procedure,
        ProcedureVersion,
        TimeUnit,
    )
    from motcua.dossiers.models import Applicant

    agency, _ = Agency.objects.get_or_create(
        code=AGENCY_CODE,
        defaults={
            "name": "Trung tâm Phục vụ hành chính công (bench)",
            "kind": AgencyKind.SERVICE_CENTRE,
            "level": AgencyLevel.PROVINCE,
        },
    )
    procedure, created = Procedure.objects.get_or_create(code=PROCEDURE_CODE)
    if created or procedure.current_version is None:
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=1,
            source_hash="bench",
            name="Đăng ký khai sinh (bench)",
            name_folded="dang ky khai sinh (bench)",
        )
        ExecutionMethod.objects.create(
            version=version,
            channel=Channel.ONLINE,
            processing_time=decimal.Decimal(5),
            time_unit=TimeUnit.WORKING_DAY,
        )
        component_set = ComponentSet.objects.create(version=version)
        for position, name in enumerate(("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")):
            Component.objects.create(
                component_set=component_set, position=position, name=name, is_required=True
            )
        procedure.current_version = version
        procedure.competent_agency = agency
        procedure.save()
        procedure.receiving_agencies.add(agency)
    Applicant.objects.get_or_create(
        id_no="001090000001", defaults={"kind": "person", "name": "Bench", "name_folded": "bench"}
    )
    ApiKey.objects.filter(name="bench").update(is_active=False)
    _key, raw = ApiKey.issue(name="bench", agency=agency)
    return raw


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(port: int) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn with sync workers on 127.0.0.1, stopped on exit."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--no-control-socket",
            # Loading the app (WeasyPrint's fonts among others) is slow on a busy 2-core machine.
            "--timeout",
            "180",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz within 240 s")


def person_id(rng: random.Random) -> str:
    """A valid-looking 12-digit personal ID (province 001–096)."""
    return f"{rng.randint(1, 96):03d}{rng.randint(0, 999_999_999):09d}"


def request_maker(
    kind: str, rng: random.Random, raw_key: str
) -> Callable[[], tuple[str, bytes, dict[str, str]]]:
    """A function producing (path, body, headers) for one request of `kind`."""
    lock = threading.Lock()

    def make() -> tuple[str, bytes, dict[str, str]]:
        with lock:
            id_no = person_id(rng)
        body = {
            "procedure_code": PROCEDURE_CODE,
            "agency_code": AGENCY_CODE,
            "applicant": {"name": "Nguyễn Văn An", "id_no": id_no, "phone": "0912345678"},
        }
        headers = {"Content-Type": "application/json"}
        if kind == "bare":
            return "/bench/bare-intake/", json.dumps(body).encode(), headers
        headers["Authorization"] = f"Bearer {raw_key}"
        headers["Idempotency-Key"] = uuid.uuid4().hex
        return "/api/v1/dossiers/", json.dumps(body).encode(), headers

    return make


_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def server_pids(server_pid: int) -> list[int]:
    """The gunicorn workers and the PostgreSQL backends serving this database."""
    from django.db import connection

    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == server_pid:
                workers.append(int(stat.parent.name))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [int(pid) for (pid,) in cursor.fetchall()]
    return workers + backends


def run_phase(
    port: int, kind: str, rng: random.Random, seconds: float, raw_key: str, server_pid: int
) -> Phase:
    """CLIENTS threads posting as fast as answers come back, for `seconds`.

    Besides throughput, counts the CPU the server side spent (workers + their database
    backends): the machine is shared, and CPU per dossier does not depend on what else runs.
    """
    phase = Phase(kind)
    pids = server_pids(server_pid)
    cpu_before = sum(process_cpu(pid) for pid in pids)
    make = request_maker(kind, rng, raw_key)
    stop_at = time.monotonic() + seconds
    guard = threading.Lock()

    def client() -> None:
        latencies: list[float] = []
        failures: list[str] = []
        while time.monotonic() < stop_at:
            path, body, headers = make()
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                conn.close()
            except OSError as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 201:
                failures.append(f"{response.status}: {payload[:200]!r}")
                continue
            latencies.append(elapsed)
        with guard:
            phase.latencies_ms.extend(latencies)
            phase.failures.extend(failures)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.monotonic() - began
    phase.cpu_seconds = sum(process_cpu(pid) for pid in pids) - cpu_before
    return phase


def check_codes() -> None:
    """The day's codes of the benchmark desk have no gaps and no duplicates."""
    from django.db.models import Count

    from motcua.dossiers.models import Dossier, DossierCodeCounter

    codes = list(
        Dossier.objects.filter(receiving_agency__code=AGENCY_CODE, code__startswith=AGENCY_CODE)
        .values("code")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    if codes:
        sys.exit(f"duplicate codes: {codes[:5]}")
    for counter in DossierCodeCounter.objects.filter(agency__code=AGENCY_CODE):
        prefix = f"{AGENCY_CODE}-{counter.day:%y%m%d}-"
        count = Dossier.objects.filter(code__startswith=prefix).count()
        if count != counter.last_value:
            sys.exit(f"{prefix}: {count} dossiers for counter {counter.last_value} (gap)")
    print("codes: gapless and unique")


def write_report(bare: Phase, full: Phase, ratio: float, cpu_ratio: float) -> None:
    """Replace the "## Intake" section of docs/performance.md with this run's figures."""
    verdict = "met" if ratio >= GOAL_RATIO else "**NOT met**"
    cpu_verdict = "met" if cpu_ratio >= GOAL_RATIO else "**NOT met**"
    load = os.getloadavg()[0]
    section = "\n".join(
        [
            SECTION,
            "",
            f"`bench/bench_intake.py`, run {time.strftime('%Y-%m-%d')} on PostgreSQL 15, gunicorn "
            f"with {WORKERS} sync workers on 127.0.0.1 (`--no-control-socket`), {CLIENTS} "
            "concurrent clients, everything on the same 2 cores, shared with other work "
            f"(load average {load:.1f} at the end). Bare and full phases "
            f"alternate ({ROUNDS} × {PHASE_SECONDS:.0f} s each, after a warm-up) in one server; "
            "every client sends a new applicant ID. The bare view (bench-only URLconf) parses "
            "the JSON and inserts the dossier and its event; the full intake is "
            "`POST /api/v1/dossiers/` with a bearer key and an `Idempotency-Key`.",
            "",
            "| what | dossiers/s | server CPU ms per dossier | p50 ms | p95 ms | failures |",
            "|---|---:|---:|---:|---:|---:|",
            *(
                f"| {p.label} | {p.rate:.0f} | {p.cpu_ms:.2f} | {p.percentile(50):.1f} | "
                f"{p.percentile(95):.1f} | {len(p.failures)} |"
                for p in (bare, full)
            ),
            "",
            f"Full intake ÷ bare view: **{ratio:.2f}** by throughput (goal ≥ {GOAL_RATIO:.2f}: "
            f"{verdict}); **{cpu_ratio:.2f}** by server CPU per dossier ({cpu_verdict}), the "
            "figure that does not depend on what else the machine runs. Server CPU = gunicorn "
            "workers plus their PostgreSQL backends (/proc). After the run the benchmark checks "
            "that the desk's codes of the day are gapless and unique.",
            "",
            "What the full intake does per dossier: key lookup (authentication), one query for "
            "procedure + agency + receiving rights, then one statement (PostgreSQL data-modifying "
            "CTEs) that upserts the applicant, takes the day's code, inserts the dossier, its "
            "checklist and its first event; the day's counter row is locked for that statement "
            "only. Version catalogues (components, methods, cases) are cached per process: "
            "versions are immutable.",
            "",
        ]
    )
    put_section(section)


if __name__ == "__main__":
    main()
