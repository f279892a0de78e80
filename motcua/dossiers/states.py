"""The dossier lifecycle: every status, its national code and every allowed move, in one table.

Procedure-specific steps (which unit appraises, who signs) are data in `workflow`; they never
add statuses here. `docs/workflow.md` holds the diagram rendered by `render_mermaid()`; a test
fails when the two drift (`motcua dossier-diagram --write` regenerates it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Internal statuses of a dossier; each maps to exactly one national code (DOMAIN §3)."""

    SUBMITTED = "submitted", _("Mới đăng ký")
    NEEDS_COMPLETION = "needs_completion", _("Hướng dẫn bổ sung khi tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    REFUSED = "refused", _("Không được tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung giấy tờ")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    CLOSED_UNANSWERED = "closed_unanswered", _("Đóng do không bổ sung đúng hạn")
    RESULT_READY = "result_ready", _("Đã xử lý xong")
    RETURNED = "returned", _("Đã trả kết quả")


# National status codes (TrangThai) exchanged with DVCQG and other systems.
NATIONAL_CODE: Final[Mapping[Status, int]] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.REFUSED: 3,
    Status.IN_PROGRESS: 4,
    # An online dossier sent back for a one-time correction before acceptance, or a counter
    # dossier for which only the guidance slip (Mẫu 02) was issued: both "Yêu cầu bổ sung".
    Status.NEEDS_COMPLETION: 5,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    # ND 118: the desk closes a dossier 15 days after an unanswered supplement request.
    Status.CLOSED_UNANSWERED: 8,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
}

ALLOWED: Final[Mapping[Status, frozenset[Status]]] = {
    Status.SUBMITTED: frozenset(
        {Status.RECEIVED, Status.NEEDS_COMPLETION, Status.REFUSED, Status.WITHDRAWN}
    ),
    Status.NEEDS_COMPLETION: frozenset(
        {Status.SUBMITTED, Status.RECEIVED, Status.REFUSED, Status.WITHDRAWN}
    ),
    Status.RECEIVED: frozenset(
        {Status.IN_PROGRESS, Status.SUPPLEMENT_REQUESTED, Status.WITHDRAWN, Status.STOPPED}
    ),
    Status.IN_PROGRESS: frozenset(
        {
            Status.SUPPLEMENT_REQUESTED,
            Status.AWAITING_PAYMENT,
            Status.RESULT_READY,
            Status.WITHDRAWN,
            Status.STOPPED,
        }
    ),
    Status.SUPPLEMENT_REQUESTED: frozenset(
        {Status.IN_PROGRESS, Status.CLOSED_UNANSWERED, Status.WITHDRAWN}
    ),
    Status.AWAITING_PAYMENT: frozenset({Status.IN_PROGRESS, Status.WITHDRAWN, Status.STOPPED}),
    Status.RESULT_READY: frozenset({Status.RETURNED}),
    # Final states.
    Status.REFUSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
    Status.CLOSED_UNANSWERED: frozenset(),
    Status.RETURNED: frozenset(),
}

FINAL: Final[frozenset[Status]] = frozenset(s for s, moves in ALLOWED.items() if not moves)
OPEN: Final[frozenset[Status]] = frozenset(Status) - FINAL

# Open dossiers whose clock runs: a pending supplement request pauses the clock and a ready
# result has ended processing. Sorted values, so that a query's `status IN (…)` and the partial
# index built on the same list (`dossier_running_due`) read alike to PostgreSQL's planner.
CLOCK_RUNNING: Final[tuple[str, ...]] = tuple(
    sorted(s.value for s in OPEN if s not in (Status.SUPPLEMENT_REQUESTED, Status.RESULT_READY))
)

# Entering one of these ends processing for the timeliness rules (QĐ 766: status 9, else
# 10, else 8/3, else 7); `finished_at` is set on the first of them.
ENDS_PROCESSING: Final[frozenset[Status]] = frozenset(
    {
        Status.RESULT_READY,
        Status.RETURNED,
        Status.REFUSED,
        Status.STOPPED,
        Status.CLOSED_UNANSWERED,
        Status.WITHDRAWN,
    }
)

# How a dossier comes into being: the only statuses a new dossier may start in.
INITIAL: Final[Mapping[Status, str]] = {
    Status.SUBMITTED: "nộp trực tuyến",
    Status.RECEIVED: "tiếp nhận tại quầy",
    Status.NEEDS_COMPLETION: "hướng dẫn bổ sung tại quầy",
    Status.REFUSED: "từ chối tại quầy",
}

# Statuses in which a dossier has no code yet: counter records of a refusal or of guidance.
# A guidance record withdrawn before it was ever accepted keeps having no code.
MAY_LACK_CODE: Final[frozenset[Status]] = frozenset(
    {Status.NEEDS_COMPLETION, Status.REFUSED, Status.WITHDRAWN}
)


def national_code(status: str) -> int:
    """The national status code (1–10) of an internal status."""
    return NATIONAL_CODE[Status(status)]


def statuses_for_national_code(code: int) -> frozenset[Status]:
    """The internal statuses that map onto a national code."""
    return frozenset(s for s, n in NATIONAL_CODE.items() if n == code)


def can_move(current: str, to: str) -> bool:
    """Whether the table allows moving from `current` to `to`."""
    return Status(to) in ALLOWED[Status(current)]


def render_mermaid() -> str:
    """The lifecycle as a Mermaid state diagram, generated from `ALLOWED`."""
    lines = ["stateDiagram-v2", "    direction LR"]
    for status in Status:
        lines.append(f"    {status.value}: {status.label} ({NATIONAL_CODE[status]})")
    lines.extend(f"    [*] --> {status.value}: {how}" for status, how in INITIAL.items())
    for status in Status:
        lines.extend(f"    {status.value} --> {target.value}" for target in sorted(ALLOWED[status]))
    lines.extend(f"    {status.value} --> [*]" for status in Status if status in FINAL)
    return "\n".join(lines) + "\n"
