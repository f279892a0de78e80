"""Read models of the statistics engine: daily and monthly tallies kept in step with the dossiers.

A database trigger (migration 0002) writes every change of a dossier field that the report uses
into `StatJournal` in the same transaction as the change: the old values with sign −1, the new ones
with +1. `motcua.reports.rollup.fold_journal()` moves journal rows into the tallies; a report reads
the tallies plus the rows not folded yet in one statement, so it is exact at every moment.
docs/adr/0010-statistics-rollups.md explains the design.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Span(models.TextChoices):
    """The length of a tally bucket."""

    DAY = "d", _("Ngày")
    MONTH = "m", _("Tháng")


class TallyCounts(models.Model):
    """The counts of one bucket (a Vietnam-time day, or a month starting on `bucket`).

    Flows (`received*`, `resolved_*`, `withdrawn_or_refused`) are counted on their own day.
    The three stock counters let a report find, for any day T, the dossiers still open and those
    open past their due date at the end of T from cumulative sums (see ADR 0010):
    `closed` counts accepted dossiers that ended, on the later of the acceptance and end days;
    `fell_due` accepted dossiers with a due date, on the later of the acceptance and due days;
    `fell_due_closed` those that also ended, on the latest of the three days.

    The QĐ 766 index (`reports.index766`) reads five more flows: on the acceptance day, the
    dossiers of fee-bearing procedures, those of them paid online, and those that reused a
    digitized component; on the end day, the resolved dossiers with an electronic result, and
    those of them that also had digitized components.
    """

    span = models.CharField(_("độ dài"), max_length=1, choices=Span.choices)
    bucket = models.DateField(_("ngày / đầu tháng"))
    received = models.IntegerField(_("mới tiếp nhận"), default=0)
    received_online = models.IntegerField(_("tiếp nhận trực tuyến"), default=0)
    received_direct = models.IntegerField(_("tiếp nhận trực tiếp"), default=0)
    received_postal = models.IntegerField(_("tiếp nhận qua bưu chính"), default=0)
    resolved_early = models.IntegerField(_("giải quyết trước hạn"), default=0)
    resolved_on_time = models.IntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_overdue = models.IntegerField(_("giải quyết quá hạn"), default=0)
    withdrawn_or_refused = models.IntegerField(_("rút, từ chối, dừng"), default=0)
    closed = models.IntegerField(_("kết thúc xử lý (đã tiếp nhận)"), default=0)
    fell_due = models.IntegerField(_("đến hạn"), default=0)
    fell_due_closed = models.IntegerField(_("đến hạn và đã kết thúc"), default=0)
    received_fee_bearing = models.IntegerField(_("tiếp nhận, thủ tục có phí, lệ phí"), default=0)
    received_paid_online = models.IntegerField(
        _("tiếp nhận, có phí và đã thanh toán trực tuyến"), default=0
    )
    received_reused = models.IntegerField(_("tiếp nhận, có tái sử dụng dữ liệu số"), default=0)
    resolved_e_result = models.IntegerField(_("giải quyết, có kết quả điện tử"), default=0)
    resolved_digitized = models.IntegerField(
        _("giải quyết, có kết quả điện tử và thành phần số hóa"), default=0
    )

    class Meta:
        abstract = True


# The counted columns, in the order every SQL statement of the engine lists them.
MEASURES: tuple[str, ...] = (
    "received",
    "received_online",
    "received_direct",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_overdue",
    "withdrawn_or_refused",
    "closed",
    "fell_due",
    "fell_due_closed",
    "received_fee_bearing",
    "received_paid_online",
    "received_reused",
    "resolved_e_result",
    "resolved_digitized",
)


class AgencyTally(TallyCounts):
    """Counts per competent agency and bucket: what `by="agency"` reports read."""

    pk = models.CompositePrimaryKey("agency_id", "span", "bucket")
    # A plain id, not a foreign key: tallies are derived data and never block an agency's change.
    agency_id = models.BigIntegerField(_("cơ quan giải quyết"))

    class Meta:
        verbose_name = _("số liệu tổng hợp theo cơ quan")
        verbose_name_plural = _("số liệu tổng hợp theo cơ quan")
        indexes = [models.Index(fields=["span", "bucket"], name="agencytally_span_bucket")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.span} {self.bucket}"


class SectorTally(TallyCounts):
    """Counts per competent agency, sector (0 when the procedure has none) and bucket."""

    pk = models.CompositePrimaryKey("agency_id", "sector_key", "span", "bucket")
    agency_id = models.BigIntegerField(_("cơ quan giải quyết"))
    sector_key = models.BigIntegerField(_("lĩnh vực"), help_text=_("0: thủ tục chưa có lĩnh vực."))

    class Meta:
        verbose_name = _("số liệu tổng hợp theo lĩnh vực")
        verbose_name_plural = _("số liệu tổng hợp theo lĩnh vực")
        indexes = [models.Index(fields=["span", "bucket"], name="sectortally_span_bucket")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.sector_key} {self.span} {self.bucket}"


class StatJournal(models.Model):
    """A change of a dossier not yet folded into the tallies (written by a trigger only)."""

    sign = models.SmallIntegerField(_("dấu"), help_text=_("-1: giá trị cũ; 1: giá trị mới."))
    dossier_id = models.BigIntegerField(_("hồ sơ"))
    agency_id = models.BigIntegerField(_("cơ quan giải quyết"))
    procedure_version_id = models.BigIntegerField(_("phiên bản thủ tục"))
    channel = models.CharField(_("kênh nộp"), max_length=16)
    status = models.CharField(_("trạng thái"), max_length=32)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True)
    finished_at = models.DateTimeField(_("kết thúc xử lý lúc"), null=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True)
    paid_online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    digitized = models.BooleanField(_("có thành phần số hóa"), default=False)
    has_e_result = models.BooleanField(_("có kết quả điện tử"), default=False)
    reused_component_count = models.IntegerField(_("số thành phần tái sử dụng"), default=0)

    class Meta:
        verbose_name = _("thay đổi chờ tổng hợp")
        verbose_name_plural = _("thay đổi chờ tổng hợp")

    def __str__(self) -> str:
        return f"{self.sign:+d} #{self.dossier_id} {self.status}"
