"""Keeping the tallies exactly in step with the dossiers: fold the journal, rebuild, reconcile.

Tallies change only under one lock (a PostgreSQL advisory lock; SQLite has a single writer), so a
fold and a rebuild never interleave. Readers take no lock: they read the tallies and the journal in
one statement (`selectors.build_report`).
"""

# ruff: noqa: S608  -- SQL text is built from model table names and constants; values are parameters

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from motcua.reports.models import MEASURES
from motcua.reports.sql import (
    AGENCY_TALLY,
    JOURNAL,
    JOURNAL_COLUMNS,
    SECTOR_TALLY,
    dossier_source,
    facts,
    journal_source,
    tally_rows,
    upsert_tally,
    vendor,
)

# pg_advisory_xact_lock key shared by every writer of the tallies.
LOCK_KEY: Final = 0x6D6F_7463_7374_6174  # "motcstat"
_FACTS: Final = "reports_tmp_facts"


def _lock(cursor: CursorWrapper) -> None:
    if vendor() == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _create_facts_table(cursor: CursorWrapper) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {_FACTS}")
    measures = ", ".join(f"{m} bigint NOT NULL" for m in MEASURES)
    cursor.execute(
        f"CREATE TEMP TABLE {_FACTS} "
        f"(agency_id bigint NOT NULL, sector_key bigint NOT NULL, day date NOT NULL, {measures})"
    )


@transaction.atomic
def fold_journal() -> int:
    """Move the journalled dossier changes into the tallies; the number of journal rows folded.

    Safe to run at any time and concurrently: each journal row is counted exactly once.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {JOURNAL} LIMIT 1")
        if cursor.fetchone() is None:
            return 0
        _lock(cursor)
        _create_facts_table(cursor)
        if vendor() == "postgresql":
            # Large folds (after an import or a bulk load) aggregate in memory, not on disk.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # One statement, so exactly the rows deleted are the rows counted, whatever commits
            # meanwhile.
            columns = ", ".join(JOURNAL_COLUMNS)
            cursor.execute(
                f"WITH moved AS (DELETE FROM {JOURNAL} RETURNING {columns}), "
                f"counted AS (INSERT INTO {_FACTS} SELECT * FROM "
                f"({facts(journal_source('moved'))}) f) "
                "SELECT COUNT(*) FROM moved"
            )
            moved = int(cursor.fetchone()[0])
        else:
            # The transaction holds SQLite's only write lock, and ids only grow.
            cursor.execute(f"SELECT MAX(id) FROM {JOURNAL}")
            last = cursor.fetchone()[0]
            cursor.execute(
                f"INSERT INTO {_FACTS} SELECT * FROM "
                f"({facts(journal_source(where=f'j.id <= {int(last)}'))}) f"
            )
            cursor.execute(f"DELETE FROM {JOURNAL} WHERE id <= %s", [last])
            moved = int(cursor.rowcount)
        cursor.execute(upsert_tally(_FACTS, by_sector=True))
        cursor.execute(upsert_tally(_FACTS, by_sector=False))
        cursor.execute(f"DROP TABLE {_FACTS}")
    return moved


@transaction.atomic
def rebuild_rollups() -> int:
    """Recount the tallies from the dossier table; the number of tally rows written.

    Used to repair after a reconciliation found a difference, and after restoring a backup.
    """
    with connection.cursor() as cursor:
        _lock(cursor)
        _create_facts_table(cursor)
        if vendor() == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
            # The journal rows visible to this statement are exactly the changes its snapshot
            # of the dossier table already contains.
            cursor.execute(
                f"WITH folded AS (DELETE FROM {JOURNAL}) "
                f"INSERT INTO {_FACTS} SELECT * FROM ({facts(dossier_source())}) f"
            )
        else:
            cursor.execute(f"DELETE FROM {JOURNAL}")
            cursor.execute(f"INSERT INTO {_FACTS} SELECT * FROM ({facts(dossier_source())}) f")
        cursor.execute(f"DELETE FROM {SECTOR_TALLY}")
        cursor.execute(f"DELETE FROM {AGENCY_TALLY}")
        cursor.execute(upsert_tally(_FACTS, by_sector=True))
        written = int(cursor.rowcount)
        cursor.execute(upsert_tally(_FACTS, by_sector=False))
        written += int(cursor.rowcount)
        cursor.execute(f"DROP TABLE {_FACTS}")
    return written


@dataclass(frozen=True)
class Mismatch:
    """A tally cell that differs from a recount of the dossier table."""

    tally: str
    agency_id: int
    sector_key: int
    span: str
    bucket: dt.date
    column: str
    stored: int
    expected: int

    def __str__(self) -> str:
        where = f"agency={self.agency_id}"
        if self.tally == "sector":
            where += f" sector={self.sector_key}"
        return (
            f"{self.tally} {where} {self.span}:{self.bucket} {self.column}: "
            f"stored={self.stored} expected={self.expected}"
        )


@dataclass(frozen=True)
class Reconciliation:
    """The outcome of comparing the tallies (plus unfolded changes) with the dossier table."""

    mismatches: tuple[Mismatch, ...]
    differing_rows: int

    @property
    def is_exact(self) -> bool:
        """Whether every tally cell equals the recount."""
        return self.differing_rows == 0


def _labelled(relation: str, tally: str) -> str:
    sector = "sector_key" if tally == "sector" else "0 AS sector_key"
    columns = ", ".join(MEASURES)
    return (
        f"SELECT '{tally}' AS tally, agency_id, {sector}, span, bucket, {columns} FROM {relation}"
    )


def reconcile_rollups(limit: int = 50) -> Reconciliation:
    """Recount every tally cell from the dossier table and compare, in one consistent snapshot.

    Read-only; returns up to `limit` differing cells and the number of differing rows.
    """
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    keys = ("tally", "agency_id", "sector_key", "span", "bucket")
    join = " AND ".join(f"e.{k} = a.{k}" for k in keys)
    differs = " OR ".join(f"COALESCE(e.{m}, 0) <> COALESCE(a.{m}, 0)" for m in MEASURES)
    pairs = ", ".join(f"COALESCE(a.{m}, 0), COALESCE(e.{m}, 0)" for m in MEASURES)
    key_columns = ", ".join(f"COALESCE(e.{k}, a.{k})" for k in keys)
    expected_rows = " UNION ALL ".join(
        [
            _labelled(f"({tally_rows('ef', by_sector=True)}) es", "sector"),
            _labelled(f"({tally_rows('ef', by_sector=False)}) ea", "agency"),
        ]
    )
    stored_rows = " UNION ALL ".join(
        [
            _labelled(SECTOR_TALLY, "sector"),
            _labelled(AGENCY_TALLY, "agency"),
            _labelled(f"({tally_rows('jf', by_sector=True)}) js", "sector"),
            _labelled(f"({tally_rows('jf', by_sector=False)}) ja", "agency"),
        ]
    )
    statement = (
        f"WITH ef AS ({facts(dossier_source())}), jf AS ({facts(journal_source())}), "
        f"expected AS ({expected_rows}), "
        f"actual AS (SELECT tally, agency_id, sector_key, span, bucket, {sums} "
        f"FROM ({stored_rows}) u GROUP BY tally, agency_id, sector_key, span, bucket) "
        f"SELECT {key_columns}, {pairs} FROM expected e FULL OUTER JOIN actual a ON {join} "
        f"WHERE {differs} ORDER BY 1, 2, 3, 4, 5"
    )
    mismatches: list[Mismatch] = []
    differing = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(statement)
        for row in cursor.fetchall():
            differing += 1
            tally, agency_id, sector_key, span, bucket = row[:5]
            if isinstance(bucket, str):
                bucket = dt.date.fromisoformat(bucket)
            values = row[5:]
            for index, column in enumerate(MEASURES):
                stored, expected = int(values[2 * index]), int(values[2 * index + 1])
                if stored != expected and len(mismatches) < limit:
                    mismatches.append(
                        Mismatch(
                            tally,
                            int(agency_id),
                            int(sector_key),
                            span,
                            bucket,
                            column,
                            stored,
                            expected,
                        )
                    )
    return Reconciliation(tuple(mismatches), differing)
