"""Bulk loads on PostgreSQL: build a table's indexes once instead of updating them row by row."""

from __future__ import annotations

from django.db import connection, models


def drop_secondary_indexes(model: type[models.Model]) -> list[str]:
    """Drop the model table's non-unique indexes; the statements that rebuild them.

    Call inside the transaction that loads the rows and runs the statements: a failure then
    leaves the indexes as they were. Unique indexes and those behind constraints stay, since
    they decide what may be written. The model's own indexes are rebuilt from their Django
    definition, so that a partial index's predicate is written exactly as the migration wrote it
    (PostgreSQL prints `status IN (…)` back in another form, which the planner would have to
    prove equivalent to the queries').
    """
    declared = {index.name: index for index in model._meta.indexes}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
            "ORDER BY i.relname",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    with connection.schema_editor(collect_sql=True) as editor:
        return [
            str(declared[name].create_sql(model, editor)) if name in declared else definition
            for name, definition in indexes
        ]
