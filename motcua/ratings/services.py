"""Giving a rating: online by the dossier's owner or with the tracking token, or at the counter.

Rules, in one place:

- only once the result is ready (status 9) or returned (status 10);
- one rating per dossier; it may be changed until `CHANGE_WINDOW_DAYS` after the result was
  returned, every version kept; a form carries the revision it was filled in against, so a
  second click or a stale tab is refused instead of counted twice;
- online: the owner's account only (anyone else gets "not found", so nothing leaks), or whoever
  holds the receipt's tracking token (checked by the page); at the counter: a one-time
  invitation issued by a counter officer of the receiving desk, valid for `INVITATION_MINUTES`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Officer
from motcua.catalog.models import Channel
from motcua.core.errors import ConflictError, DomainError, NotFoundError
from motcua.core.text import clean
from motcua.dossiers.models import Dossier
from motcua.dossiers.policies import is_applicant_side, require_desk_officer
from motcua.dossiers.states import Status
from motcua.ratings.criteria import BY_KEY, MAX_SCORE, criteria_for
from motcua.ratings.models import (
    CHANGE_WINDOW_DAYS,
    CounterInvitation,
    Rating,
    RatingRevision,
    Source,
    Verdict,
)
from motcua.tickets.models import Counter

RATEABLE: Final = frozenset({Status.RESULT_READY, Status.RETURNED})
INVITATION_MINUTES: Final = 15
COMMENT_MAX_CHARS: Final = 2000


@dataclass(frozen=True)
class RatingInput:
    """What the citizen answered: a score 0–2 (or None where allowed) per criterion key."""

    scores: Mapping[str, int | None]
    verdict: str
    comment: str = ""
    expected_revision: int = 0


def is_online(dossier: Dossier) -> bool:
    """Whether the dossier was submitted online (so online-service quality is asked)."""
    return dossier.channel == Channel.ONLINE


def closes_at(dossier: Dossier) -> dt.datetime | None:
    """Until when the rating may be given or changed; None while the result is not collected."""
    if dossier.returned_at is None:
        return None
    return dossier.returned_at + dt.timedelta(days=CHANGE_WINDOW_DAYS)


def can_rate(dossier: Dossier, at: dt.datetime | None = None) -> bool:
    """Whether the dossier may be rated (or its rating changed) now."""
    if Status(dossier.status) not in RATEABLE:
        return False
    deadline = closes_at(dossier)
    return deadline is None or (at or timezone.now()) < deadline


def _check_rateable(dossier: Dossier, at: dt.datetime) -> None:
    if Status(dossier.status) not in RATEABLE:
        raise ConflictError(
            "Chỉ đánh giá được khi hồ sơ đã có kết quả "
            f"(hồ sơ đang ở trạng thái “{Status(dossier.status).label}”)."
        )
    deadline = closes_at(dossier)
    if deadline is not None and at >= deadline:
        raise ConflictError(
            f"Đã hết thời hạn đánh giá: chỉ đánh giá hoặc sửa đánh giá trong {CHANGE_WINDOW_DAYS} "
            f"ngày kể từ khi nhận kết quả (đến {timezone.localtime(deadline):%d/%m/%Y %H:%M})."
        )


def _checked_scores(dossier: Dossier, data: RatingInput) -> dict[str, int | None]:
    asked = criteria_for(online=is_online(dossier))
    unknown = set(data.scores) - {c.key for c in asked}
    if unknown:
        names = ", ".join(sorted(unknown))
        if any(key in BY_KEY for key in unknown):
            raise DomainError(
                f"Tiêu chí {names} chỉ áp dụng cho hồ sơ nộp trực tuyến; hồ sơ này nộp trực tiếp."
            )
        raise DomainError(f"Không có tiêu chí đánh giá: {names}.")
    scores: dict[str, int | None] = {}
    for criterion in asked:
        value = data.scores.get(criterion.key)
        if value is None:
            if criterion.may_skip is None:
                raise DomainError(f"Hãy chọn một câu trả lời cho “{criterion.question}”.")
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
            raise DomainError(
                f"Câu trả lời cho “{criterion.question}” không hợp lệ (0, 1 hoặc 2 điểm)."
            )
        scores[criterion.key] = value
    return scores


def _checked_verdict(value: str) -> Verdict:
    if value not in Verdict.values:
        raise DomainError("Hãy chọn đánh giá chung: Rất hài lòng, Hài lòng hoặc Không hài lòng.")
    return Verdict(value)


def _checked_comment(value: str) -> str:
    comment = clean(value)
    if len(comment) > COMMENT_MAX_CHARS:
        raise DomainError(
            f"Ý kiến khác dài {len(comment)} ký tự; tối đa {COMMENT_MAX_CHARS} ký tự."
        )
    return comment


def _counter_of(dossier: Dossier) -> Counter | None:
    """The counter that received the dossier: the queue ticket's, else the receiving officer's."""
    ticket = dossier.tickets.filter(counter__isnull=False).order_by("-issued_at").first()
    if ticket is not None:
        return ticket.counter
    if dossier.received_by_id is None:
        return None
    return Counter.objects.filter(officer_id=dossier.received_by_id).first()


def _lock_dossier(dossier: Dossier | int) -> Dossier:
    pk = dossier if isinstance(dossier, int) else dossier.pk
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("received_by")
        .filter(pk=pk)
        .first()
    )
    if locked is None:
        raise NotFoundError("Không tìm thấy hồ sơ.")
    return locked


def _save(
    dossier: Dossier,
    data: RatingInput,
    *,
    source: Source,
    by: User | None,
    at: dt.datetime,
    counter: Counter | None = None,
) -> Rating:
    """Create or change the dossier's rating and append the version (dossier row locked)."""
    _check_rateable(dossier, at)
    scores = _checked_scores(dossier, data)
    verdict = _checked_verdict(data.verdict)
    comment = _checked_comment(data.comment)
    rating = Rating.objects.select_for_update().filter(dossier=dossier).first()
    current = rating.revision if rating is not None else 0
    if data.expected_revision != current:
        if data.expected_revision == 0:
            raise ConflictError(
                "Hồ sơ này đã được đánh giá. Tải lại trang để xem hoặc sửa đánh giá đã gửi."
            )
        raise ConflictError(
            "Đánh giá đã được thay đổi sau khi bạn mở trang này. Tải lại trang rồi gửi lại."
        )
    if rating is None:
        counter = counter or _counter_of(dossier)
        officer = dossier.received_by
        number = counter.number if counter else None
        if number is None and officer is not None:
            number = officer.counter_number
        rating = Rating(
            dossier=dossier,
            receiving_agency_id=dossier.receiving_agency_id,
            competent_agency_id=dossier.competent_agency_id,
            received_by=officer,
            counter=counter,
            counter_number=number,
            is_online_dossier=is_online(dossier),
            rated_at=at,
            revision=0,
        )
    rating.revision += 1
    rating.source = source
    rating.rated_by = by
    for key in BY_KEY:
        setattr(rating, key, scores.get(key))
    rating.verdict = verdict
    rating.comment = comment
    rating.save()
    RatingRevision.objects.create(
        rating=rating,
        revision=rating.revision,
        source=source,
        at=at,
        by=by,
        scores=scores,
        verdict=verdict,
        comment=comment,
    )
    return rating


@transaction.atomic
def rate_online(*, dossier: Dossier | int, by: User, data: RatingInput) -> Rating:
    """The dossier's owner rates it (or changes the rating) from their account."""
    locked = _lock_dossier(dossier)
    if not is_applicant_side(by, locked):
        # Another citizen's dossier answers like a missing one: nothing about it leaks.
        raise NotFoundError("Không tìm thấy hồ sơ (hoặc bạn không có quyền xem hồ sơ này).")
    return _save(locked, data, source=Source.ONLINE, by=by, at=timezone.now())


@transaction.atomic
def rate_as_receipt_holder(*, dossier: Dossier | int, data: RatingInput) -> Rating:
    """Whoever holds the receipt rates the dossier without an account.

    The caller has checked the receipt's tracking token (`motcua.portal.tracking`), which only
    this server can issue for the dossier's code.
    """
    return _save(_lock_dossier(dossier), data, source=Source.ONLINE, by=None, at=timezone.now())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_at_counter(*, dossier: Dossier | int, by: Officer) -> tuple[CounterInvitation, str]:
    """A counter officer opens the touch-screen rating for a dossier: returns the one-time pass.

    Earlier unused passes of the same dossier stop working, so only one screen can rate it.
    """
    locked = _lock_dossier(dossier)
    officer = require_desk_officer(by, locked.receiving_agency, doing="mời đánh giá tại quầy")
    now = timezone.now()
    _check_rateable(locked, now)
    CounterInvitation.objects.filter(
        dossier=locked, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    token = secrets.token_urlsafe(24)
    invitation = CounterInvitation.objects.create(
        dossier=locked,
        token_hash=_hash(token),
        issued_by=officer,
        counter=Counter.objects.filter(officer=officer).first(),
        issued_at=now,
        expires_at=now + dt.timedelta(minutes=INVITATION_MINUTES),
    )
    return invitation, token


def invitation_for(token: str, *, lock: bool = False) -> CounterInvitation:
    """The usable invitation behind a kiosk pass; refused clearly when unknown, spent or expired."""
    invitations = CounterInvitation.objects.select_related(
        "dossier", "dossier__procedure_version", "counter"
    )
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=_hash(token)).first() if token else None
    if invitation is None:
        raise NotFoundError(
            "Mã mời đánh giá không hợp lệ. Đề nghị cán bộ mở lại màn hình đánh giá."
        )
    if invitation.used_at is not None:
        raise ConflictError("Lượt đánh giá này đã được gửi. Cảm ơn ông/bà đã đánh giá.")
    if timezone.now() >= invitation.expires_at:
        raise ConflictError(
            "Lượt mời đánh giá đã hết hạn. Đề nghị cán bộ mở lại màn hình đánh giá."
        )
    return invitation


@transaction.atomic
def rate_at_counter(*, token: str, data: RatingInput) -> Rating:
    """The citizen rates on the counter's touch screen with the officer's one-time pass."""
    invitation = invitation_for(token, lock=True)
    now = timezone.now()
    rating = _save(
        _lock_dossier(invitation.dossier_id),
        data,
        source=Source.COUNTER,
        by=None,
        at=now,
        counter=invitation.counter,
    )
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    return rating
