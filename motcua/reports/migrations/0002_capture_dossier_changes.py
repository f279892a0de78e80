"""Capture every change of the dossier fields the statistics use, in the changing transaction.

Triggers on dossiers_dossier append to reports_statjournal: the new values with sign +1 on INSERT,
the old ones with -1 on DELETE, both on an UPDATE that changes one of the captured columns. On
PostgreSQL they are statement-level triggers with transition tables (one INSERT ... SELECT per
statement, so COPY and bulk updates stay set-based); a bulk loader that writes the journal rows
itself may set `motcua.stats_capture` to `off` for its transaction. SQLite has row-level triggers
only. Dossiers that exist when this migration runs are journalled once, so the
first fold builds their tallies.
"""

# ruff: noqa: S608  -- SQL text is built from model table names and constants; values are parameters

from django.db import migrations

COLUMNS = (
    "competent_agency_id, procedure_version_id, channel, status, accepted_at, finished_at, due_at"
)
JOURNAL = (
    "reports_statjournal (sign, dossier_id, agency_id, procedure_version_id, channel, status, "
    "accepted_at, finished_at, due_at)"
)


def _cols(alias):
    return ", ".join(f"{alias}.{c.strip()}" for c in COLUMNS.split(","))


POSTGRES_CREATE = f"""
CREATE FUNCTION reports_capture_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('motcua.stats_capture', true) = 'off' THEN RETURN NULL; END IF;
    INSERT INTO {JOURNAL} SELECT 1, n.id, {_cols("n")} FROM new_rows n;
    RETURN NULL;
END $$;

CREATE FUNCTION reports_capture_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('motcua.stats_capture', true) = 'off' THEN RETURN NULL; END IF;
    INSERT INTO {JOURNAL} SELECT -1, o.id, {_cols("o")} FROM old_rows o;
    RETURN NULL;
END $$;

CREATE FUNCTION reports_capture_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('motcua.stats_capture', true) = 'off' THEN RETURN NULL; END IF;
    INSERT INTO {JOURNAL}
    SELECT -1, o.id, {_cols("o")}
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE ({_cols("o")}) IS DISTINCT FROM ({_cols("n")})
    UNION ALL
    SELECT 1, n.id, {_cols("n")}
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE ({_cols("o")}) IS DISTINCT FROM ({_cols("n")});
    RETURN NULL;
END $$;

CREATE TRIGGER reports_capture_inserted AFTER INSERT ON dossiers_dossier
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_capture_inserted();
CREATE TRIGGER reports_capture_deleted AFTER DELETE ON dossiers_dossier
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_capture_deleted();
CREATE TRIGGER reports_capture_updated AFTER UPDATE ON dossiers_dossier
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION reports_capture_updated();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS reports_capture_inserted ON dossiers_dossier;
DROP TRIGGER IF EXISTS reports_capture_deleted ON dossiers_dossier;
DROP TRIGGER IF EXISTS reports_capture_updated ON dossiers_dossier;
DROP FUNCTION IF EXISTS reports_capture_inserted();
DROP FUNCTION IF EXISTS reports_capture_deleted();
DROP FUNCTION IF EXISTS reports_capture_updated();
"""

_changed = " OR ".join(f"OLD.{c.strip()} IS NOT NEW.{c.strip()}" for c in COLUMNS.split(","))

SQLITE_CREATE = [
    f"""CREATE TRIGGER reports_capture_inserted AFTER INSERT ON dossiers_dossier
        BEGIN INSERT INTO {JOURNAL} VALUES (1, NEW.id, {_cols("NEW")}); END""",
    f"""CREATE TRIGGER reports_capture_deleted AFTER DELETE ON dossiers_dossier
        BEGIN INSERT INTO {JOURNAL} VALUES (-1, OLD.id, {_cols("OLD")}); END""",
    f"""CREATE TRIGGER reports_capture_updated AFTER UPDATE ON dossiers_dossier
        WHEN {_changed}
        BEGIN
            INSERT INTO {JOURNAL} VALUES (-1, OLD.id, {_cols("OLD")});
            INSERT INTO {JOURNAL} VALUES (1, NEW.id, {_cols("NEW")});
        END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS reports_capture_inserted",
    "DROP TRIGGER IF EXISTS reports_capture_deleted",
    "DROP TRIGGER IF EXISTS reports_capture_updated",
]

BACKFILL = f"INSERT INTO {JOURNAL} SELECT 1, d.id, {_cols('d')} FROM dossiers_dossier d"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)
    else:
        raise RuntimeError(f"statistics capture is not written for {vendor}")
    schema_editor.execute(BACKFILL, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [POSTGRES_DROP] if vendor == "postgresql" else SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement, params=None)
    schema_editor.execute("DELETE FROM reports_statjournal", params=None)
    schema_editor.execute("DELETE FROM reports_agencytally", params=None)
    schema_editor.execute("DELETE FROM reports_sectortally", params=None)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("dossiers", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
