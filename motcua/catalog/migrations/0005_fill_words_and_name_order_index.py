"""Words of the names already imported, and a bytewise index on folded names (PostgreSQL)."""

import re

from django.db import migrations

# As motcua.catalog.words at the time of writing: a migration keeps its own copy.
WORD = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 200
BATCH = 2000


def fill_words(apps, schema_editor):
    version_model = apps.get_model("catalog", "ProcedureVersion")
    word_model = apps.get_model("catalog", "ProcedureVersionWord")
    rows = []
    for pk, folded in version_model.objects.values_list("pk", "name_folded").iterator(BATCH):
        words = dict.fromkeys(w[:MAX_WORD_LENGTH] for w in WORD.findall(folded))
        rows.extend(word_model(version_id=pk, word=word) for word in words)
        if len(rows) >= BATCH:
            word_model.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    word_model.objects.bulk_create(rows, ignore_conflicts=True)


def create_name_order_index(apps, schema_editor):
    # The catalogue search orders names bytewise (COLLATE "C"): this index gives that order and
    # answers `LIKE 'prefix%'` on it, so a broad search reads one page of names, not all of them.
    # SQLite compares text bytewise already.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS catalog_procversion_name_c "
        'ON catalog_procedureversion ((name_folded COLLATE "C"))'
    )


def drop_name_order_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS catalog_procversion_name_c")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_procedureversionword")]

    operations = [
        migrations.RunPython(fill_words, migrations.RunPython.noop),
        migrations.RunPython(create_name_order_index, drop_name_order_index),
    ]
