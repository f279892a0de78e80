"""The catalogue token: rewritten by triggers on every write to what the public search reads.

The in-process search index (`motcua.catalog.search`, ADR 0017) is rebuilt when the token differs
from the one it was built under. Triggers rather than signals, because imports and benchmarks
write with bulk_create, bulk_update and update(), which send no signals.
"""

import uuid

from django.db import migrations, models

# What the search index reads: procedures (code, published or not, current version), their
# versions (name, sector, levels), who receives them and the sectors' codes and names.
WATCHED = (
    "catalog_procedure",
    "catalog_procedureversion",
    "catalog_procedure_receiving_agencies",
    "catalog_sector",
)

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION catalog_new_catalogue_token() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_cataloguetoken (id, token) VALUES (1, gen_random_uuid()::text)
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$
"""

# An UPDATE, then an INSERT where the row is missing, rather than INSERT OR REPLACE: SQLite
# applies the outer statement's conflict clause to a trigger's statements, and Django adds
# receiving agencies with INSERT OR IGNORE, which would silently skip the replacement.
SQLITE_RENEW = (
    "UPDATE catalog_cataloguetoken SET token = lower(hex(randomblob(16))) WHERE id = 1;"
    " INSERT INTO catalog_cataloguetoken (id, token) SELECT 1, lower(hex(randomblob(16)))"
    " WHERE NOT EXISTS (SELECT 1 FROM catalog_cataloguetoken WHERE id = 1);"
)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in WATCHED:
            # Once per statement, not per row: a bulk import pays for one token.
            schema_editor.execute(
                f"CREATE TRIGGER {table}_catalogue_token"
                f" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                " FOR EACH STATEMENT EXECUTE FUNCTION catalog_new_catalogue_token()"
            )
    elif vendor == "sqlite":
        # SQLite has row triggers only; its catalogue is small (development and tests).
        for table in WATCHED:
            for event in ("INSERT", "UPDATE", "DELETE"):
                name = f"{table}_catalogue_token_{event.lower()}"
                # Table and event names are the constants above, not input.
                schema_editor.execute(
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {SQLITE_RENEW} END"  # noqa: S608
                )
    else:
        raise NotImplementedError(f"no catalogue token triggers for {vendor}")
    CatalogueToken = apps.get_model("catalog", "CatalogueToken")  # noqa: N806
    CatalogueToken.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in WATCHED:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_token ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_catalogue_token_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS catalog_new_catalogue_token()")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_component_name_optional"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=64, verbose_name="mã phiên bản danh mục")),
            ],
            options={
                "verbose_name": "phiên bản danh mục",
                "verbose_name_plural": "phiên bản danh mục",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
