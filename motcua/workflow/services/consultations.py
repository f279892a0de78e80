"""Consultation (xin ý kiến, ND 118 Art. 19.4): ask another agency, answer, escalate when late."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency, Officer, Role
from motcua.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from motcua.core.text import clean
from motcua.deadlines import engine
from motcua.dossiers.services.lifecycle import Actor, lock
from motcua.workflow.models import Consultation, StepTask, StepUnit, WorkflowAction
from motcua.workflow.services.routing import _locked_task, _require_actor, log, step_due

ANSWERING_ROLES = frozenset({Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER})


@transaction.atomic
def ask_opinion(
    *,
    task: StepTask | int,
    by: Actor,
    to_agency_code: str,
    question: str,
    working_days: Decimal,
) -> Consultation:
    """Ask another agency for an opinion during one's step, with a deadline in working days."""
    dossier, locked = _locked_task(task)
    officer = _require_actor(locked, by, dossier, doing="xin ý kiến")
    code = clean(to_agency_code)
    target = Agency.objects.filter(code=code).first()
    if target is None:
        raise NotFoundError(f"Không có cơ quan, đơn vị nào mang mã “{code}”.")
    target = target.current()
    if target.pk == locked.agency_id:
        raise DomainError("Không xin ý kiến chính đơn vị đang xử lý.")
    text = clean(question)
    if not text:
        raise DomainError("Phải ghi nội dung cần xin ý kiến.")
    if working_days <= 0:
        raise DomainError("Thời hạn trả lời phải lớn hơn 0 ngày làm việc.")
    now = timezone.now()
    consultation = Consultation.objects.create(
        task=locked,
        dossier=dossier,
        from_agency=locked.agency,
        to_agency=target,
        question=text,
        asked_by=officer,
        asked_at=now,
        due_at=step_due(now, working_days, StepUnit.WORKING_DAY),
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
        data={"due_at": consultation.due_at.isoformat()},
    )
    return consultation


@transaction.atomic
def answer_opinion(*, consultation: Consultation | int, by: Actor, answer: str) -> Consultation:
    """The consulted agency gives its opinion; a late answer is still recorded as late."""
    pk = consultation.pk if isinstance(consultation, Consultation) else consultation
    found = Consultation.objects.filter(pk=pk).values_list("dossier_id", flat=True).first()
    if found is None:
        raise NotFoundError("Không có yêu cầu xin ý kiến này.")
    dossier = lock(found)
    locked = (
        Consultation.objects.select_for_update(of=("self",)).select_related("to_agency").get(pk=pk)
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
    text = clean(answer)
    if not text:
        raise DomainError("Phải ghi nội dung ý kiến trả lời.")
    now = timezone.now()
    locked.answer = text
    locked.answered_by = by
    locked.answered_at = now
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    log(
        dossier,
        WorkflowAction.ANSWERED,
        by=by,
        task=locked.task,
        at=now,
        from_agency=locked.to_agency,
        to_agency=locked.from_agency,
        note=text,
        data={"late": now > locked.due_at},
    )
    return locked


def escalate_late_consultations(at: dt.datetime | None = None) -> int:
    """Report every unanswered, overdue consultation to the heads of the asking unit, once each.

    Each one is handled in its own transaction, so one failure does not hold back the others.
    """
    now = at or timezone.now()
    late = Consultation.objects.filter(
        answered_at__isnull=True, escalated_at__isnull=True, due_at__lt=now
    ).values_list("pk", flat=True)
    escalated = 0
    for pk in list(late):
        with transaction.atomic():
            row = (
                Consultation.objects.select_for_update(skip_locked=True)
                .select_related("from_agency", "to_agency")
                .filter(pk=pk, answered_at__isnull=True, escalated_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            heads = [
                str(officer.user)
                for officer in Officer.objects.active()
                .with_role(Role.HEAD_OF_UNIT)
                .filter(agency_id=row.from_agency_id)
                .select_related("user")
            ]
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
                data={"heads": heads},
            )
            escalated += 1
    return escalated
