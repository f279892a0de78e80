"""A new dossier in one statement on PostgreSQL: applicant, day code, dossier, checklist, event.

Why: one busy desk serialises on its day counter row (PERFORMANCE-FACTS: keep the locked section
tiny), and intake time is mostly Python building statements. With data-modifying CTEs the
counter row is locked from this statement to the commit only, and the round trips of an intake
drop from five to one. The statement is generated from the models' metadata; values go through
each field's `pre_save` and `get_db_prep_save`, as the ORM does. Other databases take the
statement-per-row path in `intake.insert_dossier`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.dossiers.services.applicants import REMEMBER_SQL, ApplicantData, remember_params
from motcua.dossiers.services.codes import NEXT_VALUE_SQL, code_prefix
from motcua.dossiers.services.rows import prep_values


def supported() -> bool:
    """Whether the connection can run the one-statement intake."""
    return connection.vendor == "postgresql"


def _insert_select(
    model: type[Model], computed: dict[str, str], source: str
) -> tuple[str, list[Any]]:
    """`INSERT INTO t (all columns) SELECT %s, …, <computed>, … FROM source`, and its fields."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns: list[str] = []
    items: list[str] = []
    fields: list[Any] = []
    for field in meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(quote(str(field.column)))
        if field.attname in computed:
            items.append(computed[field.attname])
        else:
            items.append("%s")
            fields.append(field)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(items)} FROM {source}"
    )
    return sql, fields


# The code is the agency/day prefix and the counter value, zero-padded to four digits and
# widening past 9999.
_CODE = "%s || lpad(c.last_value::text, greatest(4, length(c.last_value::text)), '0')"


@dataclass(frozen=True)
class _Statement:
    """The generated statement for a given number of checklist lines, and its value fields."""

    sql: str
    dossier_fields: tuple[Any, ...]
    line_fields: tuple[Any, ...]
    event_fields: tuple[Any, ...]


@functools.cache
def _statement(line_count: int) -> _Statement:
    dossier_sql, _ = _insert_select(Dossier, {"applicant_id": "a.id", "code": _CODE}, "a, c")
    line_sql, line_fields = _insert_select(DossierComponent, {"dossier_id": "d.id"}, "d")
    event_sql, event_fields = _insert_select(DossierEvent, {"dossier_id": "d.id"}, "d")
    # Placeholders appear in this order: applicant, counter, dossier (the code prefix where the
    # code column is), each checklist line, the event.
    parts = [
        f"a AS ({REMEMBER_SQL})",
        f"c AS ({NEXT_VALUE_SQL})",
        f"d AS ({dossier_sql} RETURNING id, code)",
        *(f"k{index} AS ({line_sql})" for index in range(line_count)),
        f"e AS ({event_sql})",
    ]
    dossier_fields = tuple(
        field
        for field in Dossier._meta.concrete_fields
        if not field.primary_key and field.attname != "applicant_id"
    )
    return _Statement(
        sql="WITH " + ", ".join(parts) + " SELECT d.id, d.code, a.id FROM d, a",  # noqa: S608
        dossier_fields=dossier_fields,
        line_fields=tuple(line_fields),
        event_fields=tuple(event_fields),
    )


def insert_graph(
    *,
    dossier: Dossier,
    applicant: ApplicantData,
    lines: Sequence[DossierComponent],
    event: DossierEvent,
    agency: Agency,
    day: dt.date,
) -> None:
    """Insert the dossier with its applicant, code, checklist and first event in one statement.

    Sets `dossier.pk`, `dossier.code` and `dossier.applicant_id`. One statement is atomic on its
    own: a failure (an idempotency key already used) writes nothing, the counter increment
    included; inside a transaction it belongs to that transaction.
    """
    statement = _statement(len(lines))
    params: list[Any] = [
        *remember_params(applicant),
        agency.pk,
        connection.ops.adapt_datefield_value(day),
    ]
    for field in statement.dossier_fields:
        if field.attname == "code":
            params.append(code_prefix(agency.code, day))
        else:
            params.extend(prep_values(dossier, [field]))
    for line in lines:
        params.extend(prep_values(line, statement.line_fields))
    params.extend(prep_values(event, statement.event_fields))
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        pk, code, applicant_id = cursor.fetchone()
    dossier.pk = pk
    dossier.code = code
    dossier.applicant_id = applicant_id
    dossier._state.adding = False
    dossier._state.db = connection.alias
