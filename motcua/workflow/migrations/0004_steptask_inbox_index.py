"""The inbox's index on open tasks, made per database (ADR 0011).

Built in its own migration, after the copies of 0003 are committed: an index built in the
transaction that rewrote the rows would also hold entries for their old versions.
"""

from django.db import migrations

INBOX_INDEX = "steptask_inbox_open"
INBOX_KEYS = "agency_id, role, due_at, id"
# What the inbox filters and searches on: PostgreSQL answers the inbox from the index alone.
INBOX_INCLUDED = (
    "dossier_status, procedure_id, assignee_id, dossier_code, applicant_id_no, applicant_folded"
)


def create_inbox_index(apps, schema_editor):
    table = apps.get_model("workflow", "StepTask")._meta.db_table
    included = (
        f" INCLUDE ({INBOX_INCLUDED})" if schema_editor.connection.vendor == "postgresql" else ""
    )
    schema_editor.execute(
        f"CREATE INDEX {INBOX_INDEX} ON {table} ({INBOX_KEYS}){included} WHERE is_open"
    )


def drop_inbox_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INBOX_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("workflow", "0003_steptask_inbox_copies")]

    operations = [
        migrations.RemoveIndex(model_name="steptask", name=INBOX_INDEX),
        migrations.RunPython(create_inbox_index, drop_inbox_index),
    ]
