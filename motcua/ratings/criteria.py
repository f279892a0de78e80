"""The citizen's rating criteria of ND 118/2025 Art. 33 (DOMAIN §12), as data.

Each criterion is one question with three answers worth 2, 1 and 0 points: the legacy scoring of
TT 01/2018 (9 criteria × 2 points) that provinces still publish. A criterion may be "not
applicable": online-service quality only for dossiers submitted online, answers to feedback only
when the citizen sent some. "Other" (ý kiến khác) is the free comment, not a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

MAX_SCORE: Final = 2


@dataclass(frozen=True)
class Criterion:
    """One question of the rating form; `answers` are worth 2, 1 and 0 points in that order."""

    key: str
    question: StrPromise
    answers: tuple[StrPromise, StrPromise, StrPromise]
    online_only: bool = False
    may_skip: StrPromise | None = None

    def answer_label(self, score: int | None) -> str:
        """The words of the answer worth `score` (or of "not applicable")."""
        if score is None:
            return str(self.may_skip or _("Không áp dụng"))
        return str(self.answers[MAX_SCORE - score])


CRITERIA: Final[tuple[Criterion, ...]] = (
    Criterion(
        "time_to_result",
        _("Thời gian nhận kết quả so với ngày hẹn"),
        (_("Sớm hơn ngày hẹn"), _("Đúng ngày hẹn"), _("Muộn hơn ngày hẹn")),
    ),
    Criterion(
        "bodies_contacted",
        _("Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ"),
        (_("Chỉ Bộ phận Một cửa"), _("Thêm 1 cơ quan khác"), _("Từ 2 cơ quan khác trở lên")),
    ),
    Criterion(
        "desk_contacts",
        _("Số lần phải liên hệ với Bộ phận Một cửa để hoàn thiện hồ sơ"),
        (_("1 lần"), _("2 lần"), _("Từ 3 lần trở lên")),
    ),
    Criterion(
        "published_info",
        _("Thủ tục, giấy tờ được công khai có đúng, đầy đủ không"),
        (_("Đúng và đầy đủ"), _("Đúng nhưng chưa đầy đủ"), _("Không đúng")),
    ),
    Criterion(
        "staff_attitude",
        _("Thái độ, cách ứng xử của cán bộ"),
        (_("Lịch sự, tận tình"), _("Bình thường"), _("Chưa lịch sự, gây khó khăn")),
    ),
    Criterion(
        "legality_and_costs",
        _("Kết quả đúng quy định; không phải nộp thêm chi phí ngoài quy định"),
        (
            _("Đúng quy định, không phát sinh chi phí"),
            _("Đúng quy định nhưng phải sửa, bổ sung"),
            _("Sai quy định hoặc phải nộp thêm chi phí"),
        ),
    ),
    Criterion(
        "feedback_answers",
        _("Trả lời phản ánh, kiến nghị của ông/bà"),
        (_("Kịp thời, thỏa đáng"), _("Có trả lời nhưng chậm"), _("Không được trả lời")),
        may_skip=_("Tôi không gửi phản ánh, kiến nghị"),
    ),
    Criterion(
        "online_service",
        _("Chất lượng dịch vụ công trực tuyến"),
        (_("Dễ dùng, ổn định"), _("Dùng được nhưng còn khó"), _("Khó dùng, hay lỗi")),
        online_only=True,
    ),
)

BY_KEY: Final[dict[str, Criterion]] = {criterion.key: criterion for criterion in CRITERIA}
CRITERION_KEYS: Final[tuple[str, ...]] = tuple(BY_KEY)


def criteria_for(*, online: bool) -> tuple[Criterion, ...]:
    """The questions asked about a dossier: online-service quality only when submitted online."""
    return tuple(c for c in CRITERIA if online or not c.online_only)
