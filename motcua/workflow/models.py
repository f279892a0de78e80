"""Internal workflows as data: per-procedure steps, each dossier's route, tasks and consultations.

Steps never add lifecycle statuses: they all happen while the dossier is "in progress"
(`Status.IN_PROGRESS`); the route ends by handing the result to the desk (status 9).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Final

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Officer, Role
from motcua.catalog.models import Procedure
from motcua.core.models import TimeStampedModel
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, Extension
from motcua.dossiers.states import Status


class StepKind(models.TextChoices):
    """What a step does (quy trình nội bộ, ND 118 Art. 18–20)."""

    RECEIVE = "receive", _("Tiếp nhận, chuyển hồ sơ")
    APPRAISE = "appraise", _("Thẩm định")
    APPROVE = "approve", _("Phê duyệt")
    SIGN = "sign", _("Ký, ban hành kết quả")
    COORDINATE = "coordinate", _("Xử lý liên thông")
    OTHER = "other", _("Xử lý khác")
    RETURN = "return", _("Trả kết quả")


class StepPlace(models.TextChoices):
    """Which agency acts on a step: fixed, or taken from the dossier."""

    RECEIVING = "receiving", _("Bộ phận Một cửa tiếp nhận hồ sơ")
    COMPETENT = "competent", _("Cơ quan giải quyết của hồ sơ")
    AGENCY = "agency", _("Cơ quan, đơn vị cụ thể")


class StepUnit(models.TextChoices):
    """Step durations are counted in office time only."""

    WORKING_DAY = "working_day", _("Ngày làm việc")
    WORKING_HOUR = "working_hour", _("Giờ làm việc")


class Workflow(TimeStampedModel):
    """The approved internal procedure of a procedure (optionally of one of its cases)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="workflows"
    )
    case_code = models.CharField(
        _("mã trường hợp"),
        max_length=64,
        blank=True,
        help_text=_("Để trống: áp dụng cho mọi trường hợp chưa có quy trình riêng."),
    )
    name = models.CharField(_("tên quy trình"), max_length=300)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ("procedure", "case_code")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "case_code"], name="workflow_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="workflow_name_set"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkflowStep(models.Model):
    """One step of a workflow: who acts (agency and role) and for how long."""

    workflow = models.ForeignKey(
        Workflow, verbose_name=_("quy trình"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=200)
    kind = models.CharField(_("loại bước"), max_length=16, choices=StepKind.choices)
    place = models.CharField(
        _("nơi thực hiện"), max_length=16, choices=StepPlace.choices, default=StepPlace.COMPETENT
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=32, choices=Role.choices)
    amount = models.DecimalField(_("thời gian"), max_digits=6, decimal_places=2)
    unit = models.CharField(
        _("đơn vị"), max_length=16, choices=StepUnit.choices, default=StepUnit.WORKING_DAY
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ("workflow", "position")
        constraints = [
            models.UniqueConstraint(fields=["workflow", "position"], name="workflowstep_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="workflowstep_amount_positive"),
            models.CheckConstraint(
                condition=~Q(place=StepPlace.AGENCY) | Q(agency__isnull=False),
                name="workflowstep_agency_when_fixed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Route(models.Model):
    """The plan a dossier follows: its workflow's steps resolved to agencies, or liên thông legs."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="route"
    )
    workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("quy trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="routes",
    )
    is_inter_agency = models.BooleanField(_("liên thông"), default=False)
    is_on_the_spot = models.BooleanField(_('"4 tại chỗ"'), default=False)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lộ trình xử lý")
        verbose_name_plural = _("lộ trình xử lý")

    def __str__(self) -> str:
        return f"{self.dossier}"


class PlannedStep(models.Model):
    """One step of a dossier's route, with the agency and role that act and its own time."""

    route = models.ForeignKey(
        Route, verbose_name=_("lộ trình"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=200)
    kind = models.CharField(_("loại bước"), max_length=16, choices=StepKind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=32, choices=Role.choices)
    amount = models.DecimalField(_("thời gian"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("đơn vị"), max_length=16, choices=StepUnit.choices)
    assignment = models.TextField(_("nhiệm vụ"), blank=True)

    class Meta:
        verbose_name = _("bước của lộ trình")
        verbose_name_plural = _("bước của lộ trình")
        ordering = ("route", "position")
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="plannedstep_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


# A step is "due soon" when this much office time or less is left before its deadline.
DUE_SOON: Final = dt.timedelta(hours=4)


class TaskOutcome(models.TextChoices):
    """How a task ended."""

    PASSED = "passed", _("Chuyển bước tiếp theo")
    SENT_BACK = "sent_back", _("Trả lại bước trước")
    CLOSED = "closed", _("Kết thúc cùng hồ sơ")


class StepTaskQuerySet(models.QuerySet["StepTask"]):
    """Reusable task filters."""

    def open(self) -> StepTaskQuerySet:
        """Tasks waiting for someone to act."""
        return self.filter(is_open=True)


class StepTask(models.Model):
    """One activation of a planned step: the work item an officer sees in the inbox.

    A step sent back and done again gets a new task, so the time each hand-over took stays known.
    `agency` and `role` repeat the planned step's, and the inbox fields copy what the inbox filters,
    searches and marks on (ADR 0011), so the inbox reads one index without joining the dossier.
    The services keep the copies in step while the task is open: the dossier's code, applicant and
    procedure are fixed once processing starts, its status follows every move, and `due_soon_at`
    is recomputed with `due_at`.
    """

    step = models.ForeignKey(
        PlannedStep, verbose_name=_("bước"), on_delete=models.PROTECT, related_name="tasks"
    )
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="step_tasks"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=32, choices=Role.choices)
    assignee = models.ForeignKey(
        Officer,
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step_tasks",
    )
    is_open = models.BooleanField(_("đang chờ xử lý"), default=True)
    started_at = models.DateTimeField(_("nhận lúc"))
    due_at = models.DateTimeField(_("hạn của bước"))
    finished_at = models.DateTimeField(_("chuyển đi lúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=TaskOutcome.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # --- inbox copies (ADR 0011) ---
    due_soon_at = models.DateTimeField(
        _("sắp đến hạn từ"),
        null=True,
        blank=True,
        help_text=_("Thời điểm còn 4 giờ làm việc trước hạn của bước."),
    )
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, blank=True)
    dossier_status = models.CharField(
        _("trạng thái hồ sơ"), max_length=32, choices=Status.choices, blank=True
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    applicant_folded = models.CharField(_("người nộp (không dấu)"), max_length=300, blank=True)
    applicant_id_no = models.CharField(_("số định danh người nộp"), max_length=20, blank=True)

    objects = StepTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")
        ordering = ("dossier", "started_at", "pk")
        indexes = [
            models.Index(
                fields=["agency", "role", "is_open", "due_at"], name="steptask_agency_role_due"
            ),
            # The inbox's own index, `steptask_inbox_open` on open tasks (unit, role, due time,
            # id), is made by migration 0004 for each database: on PostgreSQL it carries the
            # inbox copies too (INCLUDE), which SQLite cannot.
            models.Index(fields=["dossier", "started_at"], name="steptask_dossier"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(is_open=True), name="steptask_one_open_per_dossier"
            ),
            models.CheckConstraint(
                condition=Q(is_open=True) | Q(finished_at__isnull=False),
                name="steptask_finished_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} – {self.step.name}"


# A search word: a run of letters and digits once folded (diacritics off, đ → d, lower case).
_WORD = re.compile(r"[0-9a-z]+")
# Longest stored word: a longer query word is cut to this and still matches as a prefix.
MAX_TOKEN: Final = 40


def search_words(*texts: str) -> list[str]:
    """The distinct search words of `texts`, in order: what the inbox tokens hold and queries use.

    "Nguyễn Thị Đào", "000.00.17.H22-250124-0007" → nguyen thi dao 000 00 17 h22 250124 0007.
    """
    words: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(fold(text)):
            words.setdefault(word[:MAX_TOKEN], None)
    return list(words)


class InboxToken(models.Model):
    """One search word of an open task's applicant name or dossier code (ADR 0018).

    Only open tasks have tokens; each repeats the task's unit and role, so the words of one
    unit's open work are one index range (`inboxtoken_search`: unit, role, word, task; prefix
    matches on PostgreSQL through `text_pattern_ops`). The workflow services write them when a
    task opens, drop them when it closes and move them with the task's unit.
    """

    pk = models.CompositePrimaryKey("task_id", "token")
    task = models.ForeignKey(
        StepTask,
        verbose_name=_("công việc"),
        on_delete=models.CASCADE,
        related_name="inbox_tokens",
        db_index=False,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=32, choices=Role.choices)
    token = models.CharField(_("từ tìm kiếm"), max_length=MAX_TOKEN)

    class Meta:
        verbose_name = _("từ tìm kiếm của công việc")
        verbose_name_plural = _("từ tìm kiếm của công việc")
        # The search index (unit, role, word, task) is made by migration 0005 for each database.

    def __str__(self) -> str:
        return self.token


class WorkflowAction(models.TextChoices):
    """What happened inside processing (the workflow's history verbs)."""

    STARTED = "started", _("Bắt đầu xử lý theo quy trình")
    CLAIMED = "claimed", _("Nhận xử lý")
    ASSIGNED = "assigned", _("Phân công xử lý")
    PASSED = "passed", _("Chuyển bước tiếp theo")
    SENT_BACK = "sent_back", _("Trả lại bước trước")
    HANDED_OVER = "handed_over", _("Chuyển liên thông")
    CONSULTED = "consulted", _("Xin ý kiến")
    ANSWERED = "answered", _("Trả lời xin ý kiến")
    ESCALATED = "escalated", _("Báo cáo trưởng đơn vị do trả lời chậm")
    REAPPOINTED = "reappointed", _("Xin lỗi và hẹn lại ngày trả kết quả")
    DECIDED_ON_SPOT = "decided_on_spot", _('Giải quyết "4 tại chỗ"')
    CLOSED = "closed", _("Kết thúc xử lý")


class WorkflowEvent(models.Model):
    """One entry of the processing history (append-only), next to the dossier's own history."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="workflow_events"
    )
    task = models.ForeignKey(
        StepTask,
        verbose_name=_("công việc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    action = models.CharField(_("hành động"), max_length=32, choices=WorkflowAction.choices)
    actor = models.ForeignKey(
        Officer,
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=300)
    from_agency = models.ForeignKey(
        Agency,
        verbose_name=_("từ đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đến đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý nội bộ")
        verbose_name_plural = _("lịch sử xử lý nội bộ")
        ordering = ("dossier", "at", "pk")
        indexes = [models.Index(fields=["dossier", "at"], name="wfevent_dossier_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


def _answer_path(instance: Consultation, filename: str) -> str:
    """Stored name: never the uploader's file name, which is kept only as data."""
    today = timezone.localdate()
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"consultations/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Consultation(models.Model):
    """An opinion asked of another agency during a step (ND 118 Art. 19.4), with its deadline.

    The answer may come with one document (PDF, JPEG or PNG, checked by content).
    """

    task = models.ForeignKey(
        StepTask,
        verbose_name=_("công việc"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="consultations"
    )
    from_agency = models.ForeignKey(
        Agency, verbose_name=_("đơn vị xin ý kiến"), on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, verbose_name=_("đơn vị được hỏi"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("nội dung xin ý kiến"))
    asked_by = models.ForeignKey(
        Officer, verbose_name=_("người hỏi"), on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("hỏi lúc"))
    due_at = models.DateTimeField(_("hạn trả lời"))
    answer = models.TextField(_("ý kiến trả lời"), blank=True)
    answered_by = models.ForeignKey(
        Officer,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answer_file = models.FileField(
        _("văn bản trả lời"), upload_to=_answer_path, max_length=200, blank=True
    )
    answer_file_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    answer_file_type = models.CharField(_("kiểu nội dung"), max_length=64, blank=True)
    answer_file_size = models.PositiveBigIntegerField(_("kích thước (byte)"), null=True, blank=True)
    answer_file_sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    escalated_at = models.DateTimeField(_("báo cáo trưởng đơn vị lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("xin ý kiến")
        verbose_name_plural = _("xin ý kiến")
        ordering = ("dossier", "asked_at", "pk")
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(answered_at__isnull=True, escalated_at__isnull=True),
                name="consultation_waiting",
            ),
            models.Index(fields=["to_agency", "answered_at"], name="consultation_to_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.to_agency}"

    @property
    def is_open(self) -> bool:
        """Still waiting for the consulted agency's answer."""
        return self.answered_at is None

    @property
    def is_late(self) -> bool:
        """Answered after its deadline, or still unanswered past it now."""
        return (self.answered_at or timezone.now()) > self.due_at


class DelayFault(models.Model):
    """Who caused a re-appointment: the unit and the step at fault (recorded with Mẫu 04)."""

    extension = models.OneToOneField(
        Extension, verbose_name=_("gia hạn"), on_delete=models.PROTECT, related_name="fault"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("đơn vị có lỗi"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.ForeignKey(
        PlannedStep,
        verbose_name=_("bước chậm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("trách nhiệm chậm trễ")
        verbose_name_plural = _("trách nhiệm chậm trễ")

    def __str__(self) -> str:
        return f"{self.extension} – {self.agency}"
