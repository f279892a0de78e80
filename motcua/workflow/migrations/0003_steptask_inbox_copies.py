"""Inbox copies on the step task (ADR 0011), filled for open tasks, and the inbox index."""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models

# As motcua.workflow.models.DUE_SOON when this was written: a migration keeps its own copy.
DUE_SOON = dt.timedelta(hours=4)
BATCH = 2000
INBOX_INDEX = "steptask_inbox_open"
INBOX_KEYS = "agency_id, role, due_at, id"
# What the inbox filters and searches on: PostgreSQL answers the inbox from the index alone.
INBOX_INCLUDED = (
    "dossier_status, procedure_id, assignee_id, dossier_code, applicant_id_no, applicant_folded"
)


def fill_copies(apps, schema_editor):
    from motcua.core.text import fold
    from motcua.deadlines import services as deadline_services
    from motcua.deadlines.engine import CalendarOutOfRangeError

    task_model = apps.get_model("workflow", "StepTask")
    dossier_model = apps.get_model("dossiers", "Dossier")
    tasks = task_model._meta.db_table
    dossiers = dossier_model._meta.db_table
    # What needs no Python: straight copies of the dossier's columns.
    schema_editor.execute(
        f"UPDATE {tasks} SET dossier_code = COALESCE(d.code, ''), dossier_status = d.status, "  # noqa: S608
        f"procedure_id = d.procedure_id, applicant_id_no = d.applicant_id_no "
        f"FROM {dossiers} d WHERE d.id = {tasks}.dossier_id AND {tasks}.is_open"
    )
    open_tasks = (
        task_model.objects.filter(is_open=True)
        .order_by("pk")
        .values_list("pk", "due_at", "dossier__applicant_name")
    )
    if not open_tasks.exists():
        return
    calendar = deadline_services.current_calendar()
    span = int(DUE_SOON.total_seconds() * 1_000_000)
    folded: dict[str, str] = {}
    chunk: list[tuple[int, str, dt.datetime | None]] = []
    for pk, due_at, name in open_tasks.iterator(BATCH):
        if name not in folded:
            folded[name] = fold(name)[:300]
        try:
            soon = calendar.moment_at(max(0, calendar.position(due_at) - span))
        except CalendarOutOfRangeError:
            soon = None  # the inbox computes the mark from the calendar, as before
        chunk.append((pk, folded[name], soon))
        if len(chunk) >= BATCH:
            _write(task_model, schema_editor, chunk)
            chunk = []
    _write(task_model, schema_editor, chunk)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so the index below can be built in this transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _write(task_model, schema_editor, chunk):
    if not chunk:
        return
    if schema_editor.connection.vendor == "postgresql":
        table = task_model._meta.db_table
        values = ", ".join(["(%s, %s, %s)"] * len(chunk))
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} t SET applicant_folded = v.folded, "  # noqa: S608
                f"due_soon_at = v.soon::timestamptz FROM (VALUES {values}) "
                "AS v (id, folded, soon) WHERE t.id = v.id::bigint",
                [value for row in chunk for value in row],
            )
        return
    rows = [task_model(pk=pk, applicant_folded=name, due_soon_at=soon) for pk, name, soon in chunk]
    task_model.objects.bulk_update(rows, ["applicant_folded", "due_soon_at"])


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
    dependencies = [
        ("catalog", "0003_component_name_optional"),
        ("deadlines", "0001_initial"),
        ("dossiers", "0004_withdrawn_may_lack_code"),
        ("workflow", "0002_consultation_answer_file"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="steptask", name=INBOX_INDEX),
        migrations.AddField(
            model_name="steptask",
            name="due_soon_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Thời điểm còn 4 giờ làm việc trước hạn của bước.",
                null=True,
                verbose_name="sắp đến hạn từ",
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="dossier_code",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã hồ sơ"),
        ),
        migrations.AddField(
            model_name="steptask",
            name="dossier_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("submitted", "Mới đăng ký"),
                    ("needs_completion", "Hướng dẫn bổ sung khi tiếp nhận"),
                    ("received", "Đã tiếp nhận"),
                    ("refused", "Không được tiếp nhận"),
                    ("in_progress", "Đang xử lý"),
                    ("supplement_requested", "Yêu cầu bổ sung giấy tờ"),
                    ("awaiting_payment", "Chờ thực hiện nghĩa vụ tài chính"),
                    ("withdrawn", "Công dân rút hồ sơ"),
                    ("stopped", "Dừng xử lý"),
                    ("closed_unanswered", "Đóng do không bổ sung đúng hạn"),
                    ("result_ready", "Đã xử lý xong"),
                    ("returned", "Đã trả kết quả"),
                ],
                max_length=32,
                verbose_name="trạng thái hồ sơ",
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="procedure",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.procedure",
                verbose_name="thủ tục",
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="applicant_folded",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="người nộp (không dấu)"
            ),
        ),
        migrations.AddField(
            model_name="steptask",
            name="applicant_id_no",
            field=models.CharField(
                blank=True, max_length=20, verbose_name="số định danh người nộp"
            ),
        ),
        migrations.RunPython(fill_copies, migrations.RunPython.noop),
        migrations.RunPython(create_inbox_index, drop_inbox_index),
    ]
