"""The procedure catalogue: versioned records from the national portal plus local settings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.core.models import TimeStampedModel


class Channel(models.TextChoices):
    """How a dossier is submitted (KenhThucHien 1/2/3)."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính công ích")


class TimeUnit(models.TextChoices):
    """The unit of a processing time, as the national catalogue uses them."""

    WORKING_DAY = "working_day", _("Ngày làm việc")
    DAY = "day", _("Ngày")
    WORKING_HOUR = "working_hour", _("Giờ làm việc")
    MONTH = "month", _("Tháng")
    OTHER = "other", _("Khác (theo mô tả)")


class FeeKind(models.TextChoices):
    """Kind of a charge attached to a submission method."""

    FEE = "fee", _("Phí")
    CHARGE = "charge", _("Lệ phí")
    PRICE = "price", _("Giá dịch vụ")


class Sector(TimeStampedModel):
    """A sector (lĩnh vực) of procedures, e.g. G02-CT19 Thương mại quốc tế."""

    code = models.CharField(_("mã lĩnh vực"), max_length=64, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=300)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    """Reusable procedure filters."""

    def published(self) -> ProcedureQuerySet:
        """Procedures that have a current version and are offered by the centre."""
        return self.filter(is_active=True, current_version__isnull=False)

    def received_by(self, agency: Agency) -> ProcedureQuerySet:
        """Procedures the given agency receives."""
        return self.filter(receiving_agencies=agency)


class Procedure(TimeStampedModel):
    """An administrative procedure (thủ tục hành chính): its identity and local settings.

    What the national record says lives in `ProcedureVersion`; a re-import that changes the record
    adds a version, and every dossier keeps the version it was received under.
    """

    code = models.CharField(_("mã thủ tục"), max_length=64, unique=True)
    current_version = models.OneToOneField(
        "ProcedureVersion",
        verbose_name=_("phiên bản hiện hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Local settings: owned by the province, kept across versions.
    receiving_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        blank=True,
        related_name="received_procedures",
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competent_procedures",
    )
    is_on_the_spot = models.BooleanField(
        _('giải quyết "4 tại chỗ"'),
        default=False,
        help_text=_("Tiếp nhận, thẩm định, phê duyệt và trả kết quả ngay tại Bộ phận Một cửa."),
    )
    cutoff_time = models.TimeField(
        _("giờ chốt nhận trong ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Hồ sơ nhận sau giờ này tính như nhận vào ngày làm việc tiếp theo (vd. 15:00)."
        ),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    is_placeholder = models.BooleanField(
        _("bản ghi tạm"),
        default=False,
        help_text=_("Tạo khi nhập dữ liệu cũ có mã thủ tục chưa có trong danh mục."),
    )

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ("code",)

    def __str__(self) -> str:
        version = self.current_version
        return f"{self.code} – {version.name}" if version else self.code


class ProcedureVersion(TimeStampedModel):
    """One version of a procedure's national record, as imported. Never edited after import."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    portal_id = models.CharField(_("ID trên Cổng DVCQG"), max_length=64, blank=True)
    source_hash = models.CharField(_("mã băm bản ghi gốc"), max_length=64)
    source_updated_at = models.DateTimeField(_("cập nhật trên Cổng lúc"), null=True, blank=True)
    raw = models.JSONField(_("bản ghi gốc"), default=dict)

    name = models.TextField(_("tên thủ tục"))
    name_folded = models.TextField(_("tên không dấu"), db_index=False)
    sector = models.ForeignKey(
        Sector, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT
    )
    record_type = models.CharField(_("loại thủ tục"), max_length=32, blank=True)
    state = models.CharField(_("trạng thái trên Cổng"), max_length=32, blank=True)
    is_ministry_level = models.BooleanField(_("cấp bộ"), default=False)
    is_province_level = models.BooleanField(_("cấp tỉnh"), default=False)
    is_commune_level = models.BooleanField(_("cấp xã"), default=False)
    is_other_agency_level = models.BooleanField(_("cơ quan khác"), default=False)
    is_full_process = models.BooleanField(_("dịch vụ công trực tuyến toàn trình"), default=False)
    is_internal = models.BooleanField(_("thủ tục nội bộ"), default=False)
    promulgating_agency_code = models.CharField(_("mã cơ quan công bố"), max_length=32, blank=True)
    promulgating_agency_name = models.CharField(_("cơ quan công bố"), max_length=300, blank=True)
    decision_number = models.CharField(_("quyết định công bố"), max_length=100, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    # Agencies named by the record: lists of {"code", "name"}; they often belong to other
    # provinces or ministries, so they stay as data rather than links to local agencies.
    executing_agencies = models.JSONField(_("cơ quan thực hiện"), default=list, blank=True)
    coordinating_agencies = models.JSONField(_("cơ quan phối hợp"), default=list, blank=True)
    authority_agencies = models.JSONField(_("cơ quan có thẩm quyền"), default=list, blank=True)
    authorized_agencies = models.JSONField(_("cơ quan được ủy quyền"), default=list, blank=True)
    legal_bases = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    results = models.JSONField(_("kết quả thực hiện"), default=list, blank=True)
    subject_types = models.JSONField(_("đối tượng thực hiện"), default=list, blank=True)
    returning_methods = models.JSONField(_("cách thức trả kết quả"), default=list, blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    requirements_text = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    receiving_addresses_text = models.TextField(_("địa chỉ tiếp nhận"), blank=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ("procedure", "-number")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procversion_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="procversion_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class CatalogueToken(models.Model):
    """A value the database changes whenever the published catalogue may have changed.

    Triggers (migration 0004) write a new random token, in the writing transaction, after every
    statement that changes procedures, their versions, their receiving agencies or sectors,
    however it is written (save, bulk, update, raw SQL). The in-process search index
    (`catalog.search`) compares it with the token it was built under. A random token is never
    reused, so an index built inside a transaction that rolled back can never be taken for a
    committed state.
    """

    token = models.CharField(_("mã phiên bản danh mục"), max_length=64)

    class Meta:
        verbose_name = _("phiên bản danh mục")
        verbose_name_plural = _("phiên bản danh mục")

    def __str__(self) -> str:
        return self.token


class ExecutionMethod(models.Model):
    """A way to submit (counter, online, post) with its processing time and fees."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="methods")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    channel = models.CharField(_("cách thức nộp"), max_length=16, choices=Channel.choices)
    processing_time = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(_("đơn vị thời gian"), max_length=16, choices=TimeUnit.choices)
    time_text = models.TextField(
        _("thời hạn (nguyên văn)"), blank=True, help_text=_("Khi thời hạn không phải là một số.")
    )
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ("version", "position")

    def __str__(self) -> str:
        return (
            f"{self.get_channel_display()}: {self.processing_time} {self.get_time_unit_display()}"
        )


class Fee(models.Model):
    """A charge attached to a submission method; the description often holds the real rule."""

    method = models.ForeignKey(ExecutionMethod, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=16, choices=FeeKind.choices)
    amount_vnd = models.BigIntegerField(_("mức thu (đồng)"), default=0)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ("method", "position")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount_vnd:,} đ"


class Case(models.Model):
    """A sub-variant of the procedure with its own processing time (trường hợp)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="cases")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    portal_id = models.CharField(_("ID trên Cổng"), max_length=64, blank=True)
    code = models.CharField(_("mã trường hợp"), max_length=64, blank=True)
    name = models.TextField(_("tên trường hợp"), blank=True)
    processing_time = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("đơn vị thời gian"), max_length=16, choices=TimeUnit.choices, blank=True
    )

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ("version", "position")

    def __str__(self) -> str:
        return self.name or self.code


class ComponentSet(models.Model):
    """A list of dossier components for one variant of the record (executionCases)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="component_sets"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên"), blank=True)

    class Meta:
        verbose_name = _("bộ thành phần hồ sơ")
        verbose_name_plural = _("bộ thành phần hồ sơ")
        ordering = ("version", "position")

    def __str__(self) -> str:
        return self.name or str(_("Thành phần hồ sơ"))


class Component(models.Model):
    """One paper of a dossier (thành phần hồ sơ) with the counts required."""

    component_set = models.ForeignKey(
        ComponentSet, on_delete=models.CASCADE, related_name="components"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    portal_id = models.CharField(_("ID trên Cổng"), max_length=64, blank=True)
    code = models.CharField(_("mã giấy tờ"), max_length=64, blank=True)
    # The portal has components without a name; the code and counts still matter.
    name = models.TextField(_("tên giấy tờ"), blank=True)
    original_qty = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copy_qty = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    is_required = models.BooleanField(_("bắt buộc"), default=False)
    has_electronic_form = models.BooleanField(_("có biểu mẫu điện tử"), default=False)
    is_prior_result = models.BooleanField(_("là kết quả TTHC khác"), default=False)
    templates = models.JSONField(
        _("mẫu đơn, tờ khai"),
        default=list,
        blank=True,
        help_text=_("Danh sách tệp mẫu: {file_name, path, bucket, portal_id}."),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ("component_set", "position")

    def __str__(self) -> str:
        return self.name or self.code or str(_("Thành phần hồ sơ"))
