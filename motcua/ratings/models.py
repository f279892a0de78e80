"""Satisfaction ratings (đánh giá mức độ hài lòng) of a dossier's handling, ND 118 Art. 31–33.

One rating per dossier, given after the result is ready: online by the dossier's owner (or by
whoever holds the receipt's tracking token), or on the touch screen at the counter through a
one-time invitation the counter officer issues. The citizen may change it until
`CHANGE_WINDOW_DAYS` after the result was returned; every version is kept in `RatingRevision`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Officer
from motcua.core.models import TimeStampedModel
from motcua.dossiers.models import Dossier
from motcua.ratings.criteria import CRITERION_KEYS, MAX_SCORE
from motcua.tickets.models import Counter

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from motcua.reports.periods import Period

CHANGE_WINDOW_DAYS: Final = 30


class Source(models.TextChoices):
    """Where the rating was given (ND 118 Art. 31: rating device at the desk, online rating)."""

    ONLINE = "online", _("Trực tuyến")
    COUNTER = "counter", _("Màn hình cảm ứng tại quầy")


class Verdict(models.TextChoices):
    """The overall verdict; "dissatisfied" is the "dislike" of QĐ 766 indicator 5.4."""

    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")


def _score_field(
    label: StrOrPromise, *, help_text: StrOrPromise = ""
) -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, help_text=help_text or _("2: tốt, 1: trung bình, 0: kém.")
    )


class RatingQuerySet(models.QuerySet["Rating"]):
    """Reusable rating filters."""

    def in_period(self, period: Period) -> RatingQuerySet:
        """Ratings first given within the period (inclusive Vietnam-time dates)."""
        return self.filter(rated_at__gte=period.starts_at, rated_at__lt=period.ends_at)

    def for_agency(self, agency: Agency) -> RatingQuerySet:
        """Ratings of dossiers the agency received or decided."""
        return self.filter(Q(receiving_agency=agency) | Q(competent_agency=agency))

    def dissatisfied(self) -> RatingQuerySet:
        """Ratings whose overall verdict is "not satisfied"."""
        return self.filter(verdict=Verdict.DISSATISFIED)


class Rating(TimeStampedModel):
    """The citizen's current rating of one dossier, with the desk and agencies it judges.

    The agencies, the receiving officer and the counter number are copied from the dossier when
    the rating is first given, so that later transfers or succession do not move the rating.
    `revision` counts changes; a form filled in against an older revision is refused.
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="rating"
    )
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_ratings",
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="competent_ratings",
    )
    received_by = models.ForeignKey(
        Officer,
        verbose_name=_("cán bộ tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("quầy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
        help_text=_("Quầy đã mời đánh giá, hoặc quầy đã tiếp nhận hồ sơ theo vé xếp hàng."),
    )
    counter_number = models.PositiveSmallIntegerField(_("số quầy"), null=True, blank=True)
    source = models.CharField(_("hình thức đánh giá"), max_length=16, choices=Source.choices)
    is_online_dossier = models.BooleanField(_("hồ sơ nộp trực tuyến"), default=False)
    rated_at = models.DateTimeField(_("đánh giá lần đầu lúc"), default=timezone.now)
    revision = models.PositiveIntegerField(_("lần sửa"), default=1)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản đánh giá"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    time_to_result = _score_field(_("thời gian nhận kết quả"))
    bodies_contacted = _score_field(_("số cơ quan phải liên hệ"))
    desk_contacts = _score_field(_("số lần liên hệ Bộ phận Một cửa"))
    published_info = _score_field(_("thông tin công khai"))
    staff_attitude = _score_field(_("thái độ cán bộ"))
    legality_and_costs = _score_field(_("tính đúng quy định, chi phí"))
    feedback_answers = _score_field(
        _("trả lời phản ánh, kiến nghị"), help_text=_("Trống: người dân không gửi phản ánh.")
    )
    online_service = _score_field(
        _("chất lượng dịch vụ trực tuyến"), help_text=_("Chỉ với hồ sơ nộp trực tuyến.")
    )
    verdict = models.CharField(_("đánh giá chung"), max_length=16, choices=Verdict.choices)
    comment = models.TextField(_("ý kiến khác"), blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        ordering = ("-rated_at",)
        indexes = [
            models.Index(fields=["competent_agency", "rated_at"], name="rating_competent_at"),
            models.Index(fields=["receiving_agency", "rated_at"], name="rating_receiving_at"),
        ]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{key}__isnull": True}) | Q(**{f"{key}__lte": MAX_SCORE}),
                    name=f"rating_{key}_range",
                )
                for key in CRITERION_KEYS
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=[v.value for v in Verdict]), name="rating_verdict_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=[s.value for s in Source]), name="rating_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} – {self.get_verdict_display()}"

    @property
    def is_dissatisfied(self) -> bool:
        """Whether the overall verdict is "not satisfied" (a dislike for indicator 5.4)."""
        return self.verdict == Verdict.DISSATISFIED

    def scores(self) -> dict[str, int | None]:
        """The per-criterion scores by criterion key."""
        return {key: getattr(self, key) for key in CRITERION_KEYS}


class RatingRevision(models.Model):
    """One version of a rating as given (append-only: never updated or deleted)."""

    rating = models.ForeignKey(
        Rating, verbose_name=_("đánh giá"), on_delete=models.PROTECT, related_name="revisions"
    )
    revision = models.PositiveIntegerField(_("lần sửa"))
    source = models.CharField(_("hình thức đánh giá"), max_length=16, choices=Source.choices)
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản đánh giá"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scores = models.JSONField(_("điểm từng tiêu chí"), default=dict)
    verdict = models.CharField(_("đánh giá chung"), max_length=16, choices=Verdict.choices)
    comment = models.TextField(_("ý kiến khác"), blank=True)

    class Meta:
        verbose_name = _("lịch sử đánh giá")
        verbose_name_plural = _("lịch sử đánh giá")
        ordering = ("rating", "revision")
        constraints = [
            models.UniqueConstraint(fields=["rating", "revision"], name="ratingrevision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rating.dossier} #{self.revision}"


class CounterInvitation(models.Model):
    """A one-time pass to rate one dossier on the counter's touch screen, issued by the officer.

    Only a hash of the pass is stored; the pass itself is in the kiosk address the officer opens
    on the second screen. It is spent by the first rating given with it, or expires.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(_("mã băm của mã mời"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        Officer, verbose_name=_("cán bộ mời"), on_delete=models.PROTECT, related_name="+"
    )
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("quầy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("mời lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt mời đánh giá tại quầy")
        verbose_name_plural = _("lượt mời đánh giá tại quầy")
        ordering = ("-issued_at",)

    def __str__(self) -> str:
        return f"{self.dossier} – {self.issued_at:%d/%m/%Y %H:%M}"

    def is_usable(self, at: dt.datetime) -> bool:
        """Not spent and not expired at `at`."""
        return self.used_at is None and at < self.expires_at
