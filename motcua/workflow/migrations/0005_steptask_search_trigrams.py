"""Trigram indexes for the inbox search on open tasks (PostgreSQL only; ADR 0011).

A search for a name or a part of a code otherwise reads every open task of the unit in due order
and tests each; with these, PostgreSQL finds the few open tasks whose folded applicant name or
code contains the query (three letters or more) and sorts only those. SQLite keeps the scan.
"""

from django.db import migrations

INDEXES = {
    "steptask_open_applicant_trgm": "applicant_folded",
    "steptask_open_code_trgm": "dossier_code",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("workflow", "StepTask")._meta.db_table
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ({column} gin_trgm_ops) WHERE is_open"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_search_indexes"),  # creates the pg_trgm extension
        ("workflow", "0004_steptask_inbox_index"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
