"""Inbox search words of open tasks (ADR 0018): the table, its fill, its index per database."""

import re

import django.db.models.deletion
from django.db import migrations, models

# As motcua.workflow.models.search_words when this was written: a migration keeps its own copy.
WORD = re.compile(r"[0-9a-z]+")
MAX_TOKEN = 40
BATCH = 2000
SEARCH_INDEX = "inboxtoken_search"


def words(*texts):
    from motcua.core.text import fold

    found = {}
    for text in texts:
        for word in WORD.findall(fold(text)):
            found.setdefault(word[:MAX_TOKEN], None)
    return list(found)


def fill_tokens(apps, schema_editor):
    """The words of every open task, from the inbox copies 0003 wrote."""
    task_model = apps.get_model("workflow", "StepTask")
    token_model = apps.get_model("workflow", "InboxToken")
    open_tasks = (
        task_model.objects.filter(is_open=True)
        .exclude(pk__in=token_model.objects.values("task_id"))
        .order_by("pk")
        .values_list("pk", "agency_id", "role", "applicant_folded", "dossier_code")
    )
    chunk = []
    for pk, agency_id, role, folded, code in open_tasks.iterator(BATCH):
        chunk.extend(
            token_model(task_id=pk, agency_id=agency_id, role=role, token=word)
            for word in words(folded, code)
        )
        if len(chunk) >= BATCH:
            token_model.objects.bulk_create(chunk)
            chunk = []
    token_model.objects.bulk_create(chunk)


def create_search_index(apps, schema_editor):
    table = apps.get_model("workflow", "InboxToken")._meta.db_table
    # Prefix matches (LIKE 'word%') use a btree only with pattern ops under a non-C collation.
    pattern = " text_pattern_ops" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {SEARCH_INDEX} ON {table} (agency_id, role, token{pattern}, task_id)"
    )


def drop_search_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("workflow", "0004_steptask_inbox_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="InboxToken",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "task_id",
                        "token",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("counter_officer", "Cán bộ một cửa"),
                            ("specialist", "Chuyên viên xử lý"),
                            ("head_of_unit", "Trưởng phòng / đơn vị"),
                            ("leader", "Lãnh đạo (ký duyệt)"),
                            ("supervisor", "Giám sát trung tâm"),
                            ("administrator", "Quản trị hệ thống"),
                        ],
                        max_length=32,
                        verbose_name="vai trò thực hiện",
                    ),
                ),
                ("token", models.CharField(max_length=40, verbose_name="từ tìm kiếm")),
                (
                    "agency",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="agencies.agency",
                        verbose_name="cơ quan, đơn vị",
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inbox_tokens",
                        to="workflow.steptask",
                        verbose_name="công việc",
                    ),
                ),
            ],
            options={
                "verbose_name": "từ tìm kiếm của công việc",
                "verbose_name_plural": "từ tìm kiếm của công việc",
            },
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
