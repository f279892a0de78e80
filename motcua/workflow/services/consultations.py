"""Consultation (xin ý kiến, ND 118 Art. 19.4): ask another agency, answer, escalate when late.

Every step goes to the processing history (`WorkflowEvent`): the question, the answer (late or
not) and the escalation of an overdue one to the heads of the asking unit.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import IO, Final

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency, Officer, Role
from motcua.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from motcua.core.text import clean
from motcua.deadlines import engine
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.files import digest_upload, validate_upload
from motcua.dossiers.services.lifecycle import Actor, lock
from motcua.dossiers.states import ENDS_PROCESSING, FINAL
from motcua.notifications.services import alert_late_consultation
from motcua.workflow.models import Consultation, StepTask, StepUnit, WorkflowAction
from motcua.workflow.services.routing import _locked_task, _require_actor, log, step_due

logger = logging.getLogger(__name__)

ANSWERING_ROLES: Final = frozenset({Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER})
# Longest answer time one may ask for; an opinion needed later belongs in a liên thông route.
MAX_WORKING_DAYS: Final = Decimal(30)
QUESTION_MAX_CHARS: Final = 4000
ANSWER_MAX_CHARS: Final = 8000
# Statuses in which an opinion no longer serves anything: processing has ended.
_CLOSED: Final = frozenset(ENDS_PROCESSING | FINAL)


def _target(code: str) -> Agency:
    text = clean(code)
    if not text:
        raise DomainError("Phải chọn cơ quan, đơn vị được xin ý kiến.")
    target = Agency.objects.filter(code=text).first()
    if target is None:
        raise NotFoundError(f"Không có cơ quan, đơn vị nào mang mã “{text}”.")
    return target.current()


@transaction.atomic
def ask_opinion(
    *,
    task: StepTask | int,
    by: Actor,
    to_agency_code: str,
    question: str,
    working_days: Decimal,
) -> Consultation:
    """Ask another agency for an opinion during one's step, with a deadline in working days.

    Only whoever may act on the open step asks; the deadline is counted in office time from now
    and may not fall after the dossier's appointment. Nothing is written when a check fails.
    """
    dossier, locked = _locked_task(task)
    officer = _require_actor(locked, by, dossier, doing="xin ý kiến")
    target = _target(to_agency_code)
    if target.pk == locked.agency_id:
        raise DomainError("Không xin ý kiến chính đơn vị đang xử lý.")
    text = clean(question)
    if not text:
        raise DomainError("Phải ghi nội dung cần xin ý kiến.")
    if len(text) > QUESTION_MAX_CHARS:
        raise DomainError(f"Nội dung xin ý kiến dài quá {QUESTION_MAX_CHARS} ký tự.")
    if not working_days.is_finite() or working_days <= 0:
        raise DomainError("Thời hạn trả lời phải lớn hơn 0 ngày làm việc.")
    if working_days > MAX_WORKING_DAYS:
        raise DomainError(f"Thời hạn trả lời tối đa {MAX_WORKING_DAYS} ngày làm việc.")
    waiting = Consultation.objects.filter(
        task=locked, to_agency=target, answered_at__isnull=True
    ).exists()
    if waiting:
        raise ConflictError(f"Đã xin ý kiến {target.name} ở bước này và đang chờ trả lời.")
    now = timezone.now()
    due_at = step_due(now, working_days, StepUnit.WORKING_DAY)
    if dossier.due_at is not None and due_at > dossier.due_at:
        raise DomainError(
            f"Hạn trả lời {engine.format_moment(due_at)} sau ngày hẹn trả kết quả "
            f"{engine.format_moment(dossier.due_at)}: hãy rút ngắn thời hạn."
        )
    consultation = Consultation.objects.create(
        task=locked,
        dossier=dossier,
        from_agency=locked.agency,
        to_agency=target,
        question=text,
        asked_by=officer,
        asked_at=now,
        due_at=due_at,
    )
    log(
        dossier,
        WorkflowAction.CONSULTED,
        by=officer,
        task=locked,
        at=now,
        from_agency=locked.agency,
        to_agency=target,
        note=text,
        data={"consultation": consultation.pk, "due_at": due_at.isoformat()},
    )
    return consultation


@transaction.atomic
def answer_opinion(
    *,
    consultation: Consultation | int,
    by: Actor,
    answer: str,
    upload: IO[bytes] | None = None,
    file_name: str = "",
    file_size: int | None = None,
) -> Consultation:
    """The consulted agency gives its opinion, with an optional document; late answers count.

    The document is checked by content (PDF, JPEG or PNG) and size before anything is written.
    """
    kind = None
    if upload is not None:
        kind = validate_upload(upload, name=file_name or "tệp", size=file_size)
    pk = consultation.pk if isinstance(consultation, Consultation) else consultation
    found = Consultation.objects.filter(pk=pk).values_list("dossier_id", flat=True).first()
    if found is None:
        raise NotFoundError("Không có yêu cầu xin ý kiến này.")
    dossier = lock(found)
    locked = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("to_agency", "from_agency", "task")
        .get(pk=pk)
    )
    if not (
        isinstance(by, Officer)
        and by.agency_id == locked.to_agency_id
        and ANSWERING_ROLES & by.roles
    ):
        raise PermissionDeniedError(
            "Chỉ chuyên viên, trưởng đơn vị hoặc lãnh đạo của "
            f"{locked.to_agency.name} được trả lời."
        )
    if locked.answered_at is not None:
        raise ConflictError("Yêu cầu xin ý kiến này đã được trả lời.")
    if dossier.status in _CLOSED:
        raise DomainError(
            f"Hồ sơ đã “{dossier.get_status_display()}”: không còn cần ý kiến trả lời."
        )
    text = clean(answer)
    if not text:
        raise DomainError("Phải ghi nội dung ý kiến trả lời.")
    if len(text) > ANSWER_MAX_CHARS:
        raise DomainError(f"Ý kiến trả lời dài quá {ANSWER_MAX_CHARS} ký tự.")
    now = timezone.now()
    locked.answer = text
    locked.answered_by = by
    locked.answered_at = now
    fields = ["answer", "answered_by", "answered_at"]
    if upload is not None and kind is not None:
        sha256, size = digest_upload(upload, name=file_name or "tệp")
        locked.answer_file_name = clean(file_name)[:255] or f"y-kien.{kind.extension}"
        locked.answer_file_type = kind.content_type
        locked.answer_file_size = size
        locked.answer_file_sha256 = sha256
        locked.answer_file.save(f"answer.{kind.extension}", File(upload), save=False)
        fields += [
            "answer_file",
            "answer_file_name",
            "answer_file_type",
            "answer_file_size",
            "answer_file_sha256",
        ]
    late = now > locked.due_at
    # The blob is written before the rows; if recording fails it is removed again.
    try:
        locked.save(update_fields=fields)
        log(
            dossier,
            WorkflowAction.ANSWERED,
            by=by,
            task=locked.task,
            at=now,
            from_agency=locked.to_agency,
            to_agency=locked.from_agency,
            note=text,
            data={
                "consultation": locked.pk,
                "late": late,
                "file": locked.answer_file_name,
                "sha256": locked.answer_file_sha256,
            },
        )
    except Exception:
        if locked.answer_file:
            locked.answer_file.delete(save=False)
        raise
    return locked


def _heads_of(agency_id: int) -> list[Officer]:
    """The unit's heads; a unit without one reports to its leaders instead."""
    for role in (Role.HEAD_OF_UNIT, Role.LEADER):
        found = list(
            Officer.objects.active()
            .with_role(role)
            .filter(agency_id=agency_id)
            .select_related("user")
            .distinct()
            .order_by("pk")
        )
        if found:
            return found
    return []


def escalate_late_consultations(at: dt.datetime | None = None) -> int:
    """Report every unanswered, overdue consultation to the heads of the asking unit, once each.

    The heads get an in-app alert on the dossier and the processing history records who was told.
    Consultations of dossiers whose processing has ended are left alone. Each one is handled in its
    own transaction, so one failure does not hold back the others; running twice changes nothing.
    """
    now = at or timezone.now()
    late = (
        Consultation.objects.filter(
            answered_at__isnull=True, escalated_at__isnull=True, due_at__lt=now
        )
        .exclude(dossier__status__in=[status.value for status in _CLOSED])
        .order_by("due_at", "pk")
        .values_list("pk", "dossier_id")
    )
    escalated = 0
    for pk, dossier_id in list(late):
        with transaction.atomic():
            # The dossier first, as every workflow service locks: a dossier someone is working
            # on (an answer being recorded) is skipped and picked up by the next run.
            dossier = Dossier.objects.select_for_update(skip_locked=True).filter(pk=dossier_id)
            if dossier.first() is None:
                continue
            row = (
                Consultation.objects.select_for_update(of=("self",))
                .select_related("from_agency", "to_agency", "dossier", "task")
                .filter(pk=pk, answered_at__isnull=True, escalated_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            heads = _heads_of(row.from_agency_id)
            row.escalated_at = now
            row.save(update_fields=["escalated_at"])
            log(
                row.dossier,
                WorkflowAction.ESCALATED,
                by=None,
                task=row.task,
                at=now,
                from_agency=row.to_agency,
                to_agency=row.from_agency,
                note=(
                    f"{row.to_agency.name} chưa trả lời xin ý kiến, hạn "
                    f"{engine.format_moment(row.due_at)}: báo cáo trưởng đơn vị."
                ),
                data={"consultation": row.pk, "heads": [str(head.user) for head in heads]},
            )
            alert_late_consultation(dossier=row.dossier, officers=heads)
            if not heads:
                logger.warning(
                    "consultation %s is late but %s has no head of unit or leader to tell",
                    row.pk,
                    row.from_agency.code,
                )
            escalated += 1
    return escalated


def move_open_consultations(agency: Agency, successor: Agency) -> dict[str, int]:
    """Unanswered consultations of a dissolved agency, asked of it or by it, go to its successor.

    Registered in OPEN_WORK_MOVERS; runs inside `succeed_agency`'s transaction.
    """
    waiting = Consultation.objects.filter(answered_at__isnull=True)
    asked_of = waiting.filter(to_agency=agency).update(to_agency=successor)
    asked_by = waiting.filter(from_agency=agency).update(from_agency=successor)
    return {"consultations": asked_of + asked_by}
