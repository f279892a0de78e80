"""Plain INSERTs for the intake hot path.

Intake is bound by Python time, not by the database (PERFORMANCE-FACTS: ~1.4 ms of Python per
ORM insert against ~0.6 ms in PostgreSQL), and most of an ORM insert is building the SQL. Here
the statement of each model is built once from its metadata and reused; values still go through
each field's `pre_save` and `get_db_prep_save`, exactly as the ORM does. No signals are sent
(the dossier app uses none).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

# (statement head, one row's placeholders, fields in column order), per database vendor and model.
_Statement = tuple[str, str, list[Any]]
_statements: dict[tuple[str, type[Model]], _Statement] = {}


def _statement(model: type[Model]) -> _Statement:
    key = (connection.vendor, model)
    cached = _statements.get(key)
    if cached is None:
        quote = connection.ops.quote_name
        meta = model._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        columns = ", ".join(quote(str(f.column)) for f in fields)
        head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        cached = (head, row, fields)
        _statements[key] = cached
    return cached


def prep_values(obj: Model, fields: Sequence[Any]) -> list[Any]:
    """The database values of `fields` of a new instance, as the ORM's INSERT computes them."""
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]


def insert_rows(objects: Sequence[Model]) -> None:
    """INSERT new instances of one model in one statement and set their primary keys."""
    if not objects:
        return
    model = type(objects[0])
    head, row, fields = _statement(model)
    pk = model._meta.pk
    if pk is None:
        raise ValueError(f"{model.__name__} has no primary key.")
    params: list[Any] = []
    for obj in objects:
        if type(obj) is not model or obj.pk is not None:
            raise ValueError("insert_rows() takes new instances of a single model.")
        params.extend(prep_values(obj, fields))
    returning = f" RETURNING {connection.ops.quote_name(str(pk.column))}"
    sql = head + ", ".join([row] * len(objects)) + returning
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # Rows come back in VALUES order on PostgreSQL and SQLite (Django's bulk_create relies
        # on the same).
        for obj, (value,) in zip(objects, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, value)
            obj._state.adding = False
            obj._state.db = connection.alias
