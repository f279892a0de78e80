"""Capture the dossier flags of the QĐ 766 index too: paid online, digitized, electronic result,
reused components.

The journal gets the four columns and the tallies five more counters (see `reports.models`). The
capture triggers are replaced so that they journal the new columns and a change of any of them;
then the tallies are rebuilt from scratch: the journal is emptied and every dossier journalled
once, so the next fold recounts every counter (the same backfill as migration 0002).
"""

# ruff: noqa: S608  -- SQL text is built from constants

import importlib

from django.db import migrations, models

CAPTURE = importlib.import_module("motcua.reports.migrations.0002_capture_dossier_changes")

COLUMNS = (
    "competent_agency_id, procedure_version_id, channel, status, accepted_at, finished_at, "
    "due_at, paid_online, digitized, has_e_result, reused_component_count"
)
JOURNAL = (
    "reports_statjournal (sign, dossier_id, agency_id, procedure_version_id, channel, status, "
    "accepted_at, finished_at, due_at, paid_online, digitized, has_e_result, "
    "reused_component_count)"
)


def _cols(alias, columns=COLUMNS):
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))


def _postgres_functions(columns, journal):
    return f"""
CREATE OR REPLACE FUNCTION reports_capture_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('motcua.stats_capture', true) = 'off' THEN RETURN NULL; END IF;
    INSERT INTO {journal} SELECT 1, n.id, {_cols("n", columns)} FROM new_rows n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_capture_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('motcua.stats_capture', true) = 'off' THEN RETURN NULL; END IF;
    INSERT INTO {journal} SELECT -1, o.id, {_cols("o", columns)} FROM old_rows o;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_capture_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('motcua.stats_capture', true) = 'off' THEN RETURN NULL; END IF;
    INSERT INTO {journal}
    SELECT -1, o.id, {_cols("o", columns)}
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE ({_cols("o", columns)}) IS DISTINCT FROM ({_cols("n", columns)})
    UNION ALL
    SELECT 1, n.id, {_cols("n", columns)}
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE ({_cols("o", columns)}) IS DISTINCT FROM ({_cols("n", columns)});
    RETURN NULL;
END $$;
"""


def _sqlite_triggers(columns, journal):
    changed = " OR ".join(f"OLD.{c.strip()} IS NOT NEW.{c.strip()}" for c in columns.split(","))
    return [
        *CAPTURE.SQLITE_DROP,
        f"""CREATE TRIGGER reports_capture_inserted AFTER INSERT ON dossiers_dossier
            BEGIN INSERT INTO {journal} VALUES (1, NEW.id, {_cols("NEW", columns)}); END""",
        f"""CREATE TRIGGER reports_capture_deleted AFTER DELETE ON dossiers_dossier
            BEGIN INSERT INTO {journal} VALUES (-1, OLD.id, {_cols("OLD", columns)}); END""",
        f"""CREATE TRIGGER reports_capture_updated AFTER UPDATE ON dossiers_dossier
            WHEN {changed}
            BEGIN
                INSERT INTO {journal} VALUES (-1, OLD.id, {_cols("OLD", columns)});
                INSERT INTO {journal} VALUES (1, NEW.id, {_cols("NEW", columns)});
            END""",
    ]


RESET = [
    "DELETE FROM reports_statjournal",
    "DELETE FROM reports_agencytally",
    "DELETE FROM reports_sectortally",
]


def _install(schema_editor, columns, journal):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [_postgres_functions(columns, journal)]
    elif vendor == "sqlite":
        statements = _sqlite_triggers(columns, journal)
    else:
        raise RuntimeError(f"statistics capture is not written for {vendor}")
    for statement in [*statements, *RESET]:
        schema_editor.execute(statement, params=None)
    backfill = (
        f"INSERT INTO {journal} SELECT 1, d.id, {_cols('d', columns)} FROM dossiers_dossier d"
    )
    schema_editor.execute(backfill, params=None)


def drop_sqlite_capture(apps, schema_editor):
    # SQLite rebuilds a table to add a column, and refuses while a trigger names the table.
    if schema_editor.connection.vendor == "sqlite":
        for statement in CAPTURE.SQLITE_DROP:
            schema_editor.execute(statement, params=None)


def install_capture(apps, schema_editor):
    _install(schema_editor, COLUMNS, JOURNAL)


def install_previous_capture(apps, schema_editor):
    _install(schema_editor, CAPTURE.COLUMNS, CAPTURE.JOURNAL)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_capture_dossier_changes"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_capture, install_previous_capture),
        migrations.AddField(
            model_name="agencytally",
            name="received_fee_bearing",
            field=models.IntegerField(default=0, verbose_name="tiếp nhận, thủ tục có phí, lệ phí"),
        ),
        migrations.AddField(
            model_name="agencytally",
            name="received_paid_online",
            field=models.IntegerField(
                default=0, verbose_name="tiếp nhận, có phí và đã thanh toán trực tuyến"
            ),
        ),
        migrations.AddField(
            model_name="agencytally",
            name="received_reused",
            field=models.IntegerField(
                default=0, verbose_name="tiếp nhận, có tái sử dụng dữ liệu số"
            ),
        ),
        migrations.AddField(
            model_name="agencytally",
            name="resolved_digitized",
            field=models.IntegerField(
                default=0, verbose_name="giải quyết, có kết quả điện tử và thành phần số hóa"
            ),
        ),
        migrations.AddField(
            model_name="agencytally",
            name="resolved_e_result",
            field=models.IntegerField(default=0, verbose_name="giải quyết, có kết quả điện tử"),
        ),
        migrations.AddField(
            model_name="sectortally",
            name="received_fee_bearing",
            field=models.IntegerField(default=0, verbose_name="tiếp nhận, thủ tục có phí, lệ phí"),
        ),
        migrations.AddField(
            model_name="sectortally",
            name="received_paid_online",
            field=models.IntegerField(
                default=0, verbose_name="tiếp nhận, có phí và đã thanh toán trực tuyến"
            ),
        ),
        migrations.AddField(
            model_name="sectortally",
            name="received_reused",
            field=models.IntegerField(
                default=0, verbose_name="tiếp nhận, có tái sử dụng dữ liệu số"
            ),
        ),
        migrations.AddField(
            model_name="sectortally",
            name="resolved_digitized",
            field=models.IntegerField(
                default=0, verbose_name="giải quyết, có kết quả điện tử và thành phần số hóa"
            ),
        ),
        migrations.AddField(
            model_name="sectortally",
            name="resolved_e_result",
            field=models.IntegerField(default=0, verbose_name="giải quyết, có kết quả điện tử"),
        ),
        migrations.AddField(
            model_name="statjournal",
            name="digitized",
            field=models.BooleanField(default=False, verbose_name="có thành phần số hóa"),
        ),
        migrations.AddField(
            model_name="statjournal",
            name="has_e_result",
            field=models.BooleanField(default=False, verbose_name="có kết quả điện tử"),
        ),
        migrations.AddField(
            model_name="statjournal",
            name="paid_online",
            field=models.BooleanField(default=False, verbose_name="thanh toán trực tuyến"),
        ),
        migrations.AddField(
            model_name="statjournal",
            name="reused_component_count",
            field=models.IntegerField(default=0, verbose_name="số thành phần tái sử dụng"),
        ),
        migrations.RunPython(install_capture, drop_sqlite_capture),
    ]
