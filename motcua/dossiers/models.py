"""Dossiers (hồ sơ): applicant, procedure, agencies, components, files, append-only history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Officer
from motcua.api.models import ApiKey
from motcua.catalog.models import (
    Case,
    Channel,
    Component,
    ComponentSet,
    Procedure,
    ProcedureVersion,
    TimeUnit,
)
from motcua.core.models import TimeStampedModel
from motcua.dossiers.states import CLOCK_RUNNING, MAY_LACK_CODE, NATIONAL_CODE, OPEN, Status

if TYPE_CHECKING:
    from motcua.accounts.models import User


class ApplicantKind(models.TextChoices):
    """Who submits: a person (12-digit personal ID) or an organisation (tax code)."""

    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class ReturnMethod(models.TextChoices):
    """How the result reached the applicant."""

    COUNTER = "counter", _("Nhận trực tiếp tại Bộ phận Một cửa")
    POST = "post", _("Qua dịch vụ bưu chính công ích")
    ONLINE = "online", _("Trực tuyến")


class Applicant(TimeStampedModel):
    """Someone seen at the desk before, recalled by ID number to prefill the next intake.

    Each dossier also keeps a copy of the applicant's data as declared that day.
    """

    kind = models.CharField(_("loại"), max_length=16, choices=ApplicantKind.choices)
    id_no = models.CharField(_("số định danh / mã số thuế"), max_length=20, unique=True)
    name = models.CharField(_("họ tên / tên tổ chức"), max_length=300)
    name_folded = models.CharField(_("tên không dấu"), max_length=300, db_index=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")
        ordering = ("name",)
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="applicant_name_set")]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_no})"


class DossierQuerySet(models.QuerySet["Dossier"]):
    """Reusable dossier filters."""

    def open(self) -> DossierQuerySet:
        """Dossiers whose lifecycle has not ended."""
        return self.filter(status__in=OPEN)

    def for_agency(self, agency: Agency) -> DossierQuerySet:
        """Dossiers an agency received or must decide."""
        return self.filter(Q(receiving_agency=agency) | Q(competent_agency=agency))

    def owned_by(self, user: User) -> DossierQuerySet:
        """Dossiers a citizen submitted from their own account."""
        return self.filter(owner=user)

    def overdue(self, at: dt.datetime | None = None) -> DossierQuerySet:
        """Open dossiers past their due date at `at` (now by default)."""
        moment = at or timezone.now()
        return (
            self.open()
            .filter(due_at__lt=moment)
            .exclude(status__in=[Status.SUPPLEMENT_REQUESTED, Status.RESULT_READY])
        )


class Dossier(TimeStampedModel):
    """One dossier: one request of one applicant under one procedure version.

    The code is assigned when the dossier is received at the counter or submitted online; counter
    records of a refusal or of a guidance slip have no code. `version` counts changes so that a
    form filled in against an older state is refused.
    """

    # Unique through `dossier_code_unique` (a constraint, not `unique=True`, which would add a
    # `varchar_pattern_ops` copy of the index that no query uses and every write pays for).
    # NULL, not "", until the dossier is received (`MAY_LACK_CODE`): the constraint ignores NULLs.
    code = models.CharField(_("mã hồ sơ"), max_length=64, null=True, blank=True)  # noqa: DJ001
    status = models.CharField(_("trạng thái"), max_length=32, choices=Status.choices)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    channel = models.CharField(_("kênh nộp"), max_length=16, choices=Channel.choices)
    is_imported = models.BooleanField(_("nhập từ hệ thống cũ"), default=False)

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    component_set = models.ForeignKey(
        ComponentSet,
        verbose_name=_("bộ thành phần hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        db_index=False,
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
        db_index=False,
    )

    applicant = models.ForeignKey(
        Applicant,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant_kind = models.CharField(
        _("loại người nộp"), max_length=16, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("họ tên / tên tổ chức"), max_length=300)
    applicant_id_no = models.CharField(_("số định danh / mã số thuế"), max_length=20)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
        db_index=False,
    )
    received_by = models.ForeignKey(
        Officer,
        verbose_name=_("cán bộ tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        db_index=False,
    )
    submitted_via = models.ForeignKey(
        ApiKey,
        verbose_name=_("hệ thống gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    idempotency_scope = models.CharField(_("phạm vi khóa chống trùng"), max_length=64, blank=True)
    idempotency_key = models.CharField(_("khóa chống trùng"), max_length=200, blank=True)
    idempotency_fingerprint = models.CharField(_("dấu vân tay yêu cầu"), max_length=64, blank=True)

    submitted_at = models.DateTimeField(_("nộp lúc"))
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    transfer_due_at = models.DateTimeField(_("hạn chuyển xử lý"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("chuyển xử lý lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc xử lý lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)

    processing_time = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("đơn vị thời gian"), max_length=16, choices=TimeUnit.choices, blank=True
    )
    due_explanation = models.JSONField(_("cách tính hạn"), default=list, blank=True)
    is_due_manual = models.BooleanField(
        _("cần đặt hạn thủ công"),
        default=False,
        help_text=_("Thời hạn của thủ tục không tính tự động được; cán bộ đặt ngày hẹn trả."),
    )

    intake_note = models.TextField(_("ghi chú tiếp nhận"), blank=True)
    missing_components = models.JSONField(_("thành phần còn thiếu"), default=list, blank=True)
    refusal_reasons = models.TextField(_("lý do từ chối"), blank=True)
    returned_to_name = models.CharField(_("người nhận kết quả"), max_length=300, blank=True)
    returned_to_id_no = models.CharField(_("giấy tờ người nhận"), max_length=20, blank=True)
    return_method = models.CharField(
        _("hình thức trả"), max_length=16, choices=ReturnMethod.choices, blank=True
    )

    # Flags the reports and QĐ 766 indicators need.
    paid_online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    digitized = models.BooleanField(_("có thành phần số hóa"), default=False)
    has_e_result = models.BooleanField(_("có kết quả điện tử"), default=False)
    reused_component_count = models.PositiveSmallIntegerField(
        _("số thành phần tái sử dụng"), default=0
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ("-submitted_at",)
        indexes = [
            models.Index(fields=["receiving_agency", "status"], name="dossier_recv_status"),
            models.Index(fields=["competent_agency", "status"], name="dossier_comp_status"),
            models.Index(fields=["due_at"], name="dossier_due_at"),
            # Looked up by the whole number only (no prefix search): no `_like` copy.
            models.Index(fields=["applicant_id_no"], name="dossier_applicant_id_no"),
            models.Index(fields=["accepted_at"], name="dossier_accepted_at"),
            # Overdue and at-risk dossiers by agency (dashboards): only the open dossiers whose
            # clock runs, so its size follows the open work, not the history.
            models.Index(
                fields=["competent_agency", "due_at"],
                condition=Q(status__in=CLOCK_RUNNING, due_at__isnull=False),
                name="dossier_running_due",
            ),
            # The agency keys are served by the two indexes above (their leading column); the
            # optional keys are empty on most dossiers, so only the rows that have one are indexed
            # (lookups by a value, including the foreign-key checks, still use these).
            models.Index(fields=["case"], condition=Q(case__isnull=False), name="dossier_case_set"),
            models.Index(
                fields=["component_set"],
                condition=Q(component_set__isnull=False),
                name="dossier_component_set_set",
            ),
            models.Index(
                fields=["owner"], condition=Q(owner__isnull=False), name="dossier_owner_set"
            ),
            models.Index(
                fields=["received_by"],
                condition=Q(received_by__isnull=False),
                name="dossier_received_by_set",
            ),
            models.Index(
                fields=["submitted_via"],
                condition=Q(submitted_via__isnull=False),
                name="dossier_submitted_via_set",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="dossier_code_unique"),
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="dossier_idempotency_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="dossier_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(code__isnull=False)
                | Q(status__in=sorted(s.value for s in MAY_LACK_CODE)),
                name="dossier_code_when_received",
            ),
            models.CheckConstraint(condition=~Q(applicant_name=""), name="dossier_applicant_set"),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk} ({self.get_status_display()})"

    @property
    def national_status(self) -> int:
        """The national status code 1–10 of the current status."""
        return NATIONAL_CODE[Status(self.status)]

    @property
    def is_open(self) -> bool:
        """Whether the lifecycle has not ended."""
        return Status(self.status) in OPEN


class EventAction(models.TextChoices):
    """What happened to a dossier (the history's verbs)."""

    SUBMITTED = "submitted", _("Nộp hồ sơ trực tuyến")
    RECEIVED = "received", _("Tiếp nhận hồ sơ")
    GUIDED = "guided", _("Hướng dẫn bổ sung, hoàn thiện hồ sơ")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    CORRECTION_REQUESTED = "correction_requested", _("Yêu cầu sửa hồ sơ trực tuyến")
    RESUBMITTED = "resubmitted", _("Nộp lại hồ sơ đã sửa")
    TRANSFERRED = "transferred", _("Chuyển cơ quan giải quyết")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung giấy tờ")
    SUPPLEMENT_PROVIDED = "supplement_provided", _("Bổ sung giấy tờ")
    CLOSED_UNANSWERED = "closed_unanswered", _("Đóng hồ sơ do không bổ sung")
    PAYMENT_REQUESTED = "payment_requested", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    PAYMENT_RECEIVED = "payment_received", _("Đã thực hiện nghĩa vụ tài chính")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    RESULT_READY = "result_ready", _("Có kết quả")
    RETURNED = "returned", _("Trả kết quả")
    EXTENDED = "extended", _("Gia hạn, hẹn lại ngày trả")
    DUE_SET = "due_set", _("Đặt ngày hẹn trả")
    FILE_ATTACHED = "file_attached", _("Đính kèm tệp")
    AGENCY_SUCCEEDED = "agency_succeeded", _("Chuyển cơ quan kế thừa")


class DossierEvent(models.Model):
    """One entry of a dossier's append-only history (never updated or deleted)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    action = models.CharField(_("hành động"), max_length=32, choices=EventAction.choices)
    from_status = models.CharField(
        _("từ trạng thái"), max_length=32, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=32, choices=Status.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_api_key = models.ForeignKey(
        ApiKey,
        verbose_name=_("hệ thống thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ("dossier", "at", "pk")
        indexes = [models.Index(fields=["dossier", "at"], name="dossierevent_dossier_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class DossierComponent(models.Model):
    """One line of the components checklist: a paper of the catalogue and whether it was given."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="components"
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("thành phần theo danh mục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên giấy tờ"))
    is_required = models.BooleanField(_("bắt buộc"), default=False)
    original_qty = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copy_qty = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    is_provided = models.BooleanField(_("đã nộp"), default=False)
    is_reused = models.BooleanField(
        _("tái sử dụng dữ liệu số"),
        default=False,
        help_text=_("Lấy từ kho dữ liệu điện tử, không yêu cầu người nộp cung cấp lại."),
    )
    is_digitized = models.BooleanField(_("đã số hóa"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ đã nộp")
        verbose_name_plural = _("thành phần hồ sơ đã nộp")
        ordering = ("dossier", "position", "pk")

    def __str__(self) -> str:
        return self.name


def _file_path(instance: DossierFile, filename: str) -> str:
    """Stored name: never the uploader's file name, which is kept only as data."""
    today = timezone.localdate()
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"dossiers/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DossierFile(models.Model):
    """A file (scan, form, result) attached to a dossier, optionally to one component."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="files"
    )
    component = models.ForeignKey(
        DossierComponent,
        verbose_name=_("thành phần"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    file = models.FileField(_("tệp"), upload_to=_file_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=64)
    size_bytes = models.PositiveBigIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    is_result = models.BooleanField(_("là kết quả giải quyết"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ("dossier", "uploaded_at", "pk")

    def __str__(self) -> str:
        return self.original_name


class ClockPause(models.Model):
    """A supplement request during processing: the deadline clock stops from start to end."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="clock_pauses"
    )
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("hạn bổ sung"), help_text=_("Quá hạn này mà chưa bổ sung thì hồ sơ bị đóng.")
    )
    reason = models.TextField(_("lý do"))
    missing = models.JSONField(_("giấy tờ cần bổ sung"), default=list, blank=True)
    due_at_before = models.DateTimeField(_("hẹn trả trước khi tạm dừng"), null=True, blank=True)
    requested_by = models.ForeignKey(
        Officer,
        verbose_name=_("cán bộ yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tạm dừng tính thời hạn")
        verbose_name_plural = _("tạm dừng tính thời hạn")
        ordering = ("dossier", "started_at")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(ended_at__isnull=True),
                name="clockpause_one_open_per_dossier",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="clockpause_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%d/%m/%Y} – {self.ended_at or '…'}"


class Extension(models.Model):
    """The single re-appointment (gia hạn, hẹn lại ngày trả) a dossier may get."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="extension"
    )
    previous_due_at = models.DateTimeField(_("hẹn trả cũ"))
    new_due_at = models.DateTimeField(_("hẹn trả mới"))
    reason = models.TextField(_("lý do chậm"))
    requested_by = models.ForeignKey(
        Officer,
        verbose_name=_("cán bộ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lập lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_at__gt=models.F("previous_due_at")),
                name="extension_later_than_before",
            )
        ]

    def __str__(self) -> str:
        return f"{self.previous_due_at:%d/%m/%Y} → {self.new_due_at:%d/%m/%Y}"


class NoticeKind(models.TextChoices):
    """Messages owed to an applicant."""

    RECEIVED = "received", _("Đã tiếp nhận hồ sơ")
    GUIDED = "guided", _("Hướng dẫn bổ sung, hoàn thiện hồ sơ")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    CORRECTION_REQUESTED = "correction_requested", _("Yêu cầu sửa hồ sơ trực tuyến")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung giấy tờ")
    CLOSED_UNANSWERED = "closed_unanswered", _("Hồ sơ bị đóng do không bổ sung")
    EXTENDED = "extended", _("Xin lỗi và hẹn lại ngày trả kết quả")
    STOPPED = "stopped", _("Dừng xử lý hồ sơ")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")
    RESULT_READY = "result_ready", _("Đã có kết quả")


class ApplicantNotice(models.Model):
    """Outbox of messages to the applicant; the notifications app delivers and marks them sent."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("loại thông báo"), max_length=32, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    payload = models.JSONField(_("nội dung"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo cho người nộp")
        verbose_name_plural = _("thông báo cho người nộp")
        ordering = ("created_at", "pk")
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="notice_unsent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.dossier}"


class DossierCodeCounter(models.Model):
    """The day's sequence of dossier codes of one receiving agency (Vietnam-time day)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossiercodecounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last_value}"
