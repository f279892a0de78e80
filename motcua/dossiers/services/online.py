"""Dossiers submitted online (ND 118 Art. 17.2): registration, check, correction, refusal.

A dossier pushed by the national portal (or a citizen's own client) gets its code at submission,
as the national portal does, and waits in status 1 until a desk officer accepts it; the clock
starts at acceptance.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.api.models import ApiKey
from motcua.catalog.models import Case, Channel, ComponentSet, Procedure
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.text import clean
from motcua.dossiers.errors import IdempotencyKeyReusedError, MissingComponentsError
from motcua.dossiers.models import ApplicantNotice, Dossier, EventAction, NoticeKind
from motcua.dossiers.policies import is_applicant_side, require_desk_officer
from motcua.dossiers.services import graph
from motcua.dossiers.services.applicants import ApplicantData, clean_applicant
from motcua.dossiers.services.checklist import (
    ComponentInput,
    checklist_flags,
    update_checklist,
)
from motcua.dossiers.services.intake import Plan, acceptance_fields, insert_dossier, make_plan
from motcua.dossiers.services.lifecycle import Actor, ensure_status, lock, move
from motcua.dossiers.states import Status


def _idempotency_scope(by: Actor) -> str:
    if isinstance(by, ApiKey):
        return f"key:{by.pk}"
    if isinstance(by, User):
        return f"user:{by.pk}"
    return ""


def _replay(scope: str, key: str, fingerprint: str) -> Dossier | None:
    existing = Dossier.objects.filter(idempotency_scope=scope, idempotency_key=key).first()
    if existing is not None and fingerprint and existing.idempotency_fingerprint != fingerprint:
        raise IdempotencyKeyReusedError(
            "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; "
            "hãy dùng khóa mới cho mỗi hồ sơ."
        )
    return existing


def submit_online(
    *,
    by: Actor,
    procedure: Procedure,
    agency: Agency,
    applicant: ApplicantData,
    components: Sequence[ComponentInput] = (),
    case: Case | int | None = None,
    component_set: ComponentSet | int | None = None,
    channel: str = Channel.ONLINE,
    idempotency_key: str = "",
    fingerprint: str = "",
    receives: bool | None = None,
) -> tuple[Dossier, bool]:
    """Register a dossier pushed by the national portal or a citizen's client (status 1).

    The code is assigned now. With an `idempotency_key` a retry returns the first dossier
    (`created` is False), even when both requests race: the unique key decides, and the loser's
    transaction (code counter increment included) rolls back, so no code is lost. Returns
    (dossier, created).
    """
    if isinstance(by, ApiKey) and by.agency_id is not None and by.agency_id != agency.pk:
        raise PermissionDeniedError(
            f"Khóa API của {by.agency} không được nộp hồ sơ vào {agency.name}."
        )
    if not isinstance(by, ApiKey | User):
        raise PermissionDeniedError("Cần khóa API hoặc tài khoản để nộp hồ sơ trực tuyến.")
    key = clean(idempotency_key)
    if len(key) > 200:
        raise DomainError("Idempotency-Key dài quá 200 ký tự.")
    scope = _idempotency_scope(by) if key else ""
    data = clean_applicant(applicant)
    plan = make_plan(
        procedure=procedure,
        agency=agency,
        channel=channel,
        case=case,
        component_set=component_set,
        components=components,
        receives=receives,
    )
    now = timezone.now()
    # The whole write is one transaction (a savepoint when the caller has one open): a retry or a
    # concurrent twin with the same key fails on the unique key and rolls back. On PostgreSQL the
    # write is a single statement, atomic by itself, so no BEGIN/COMMIT is needed around it.
    single_statement = graph.supported() and not connection.in_atomic_block
    try:
        with contextlib.nullcontext() if single_statement else transaction.atomic():
            dossier = insert_dossier(
                plan,
                data,
                status=Status.SUBMITTED,
                action=EventAction.SUBMITTED,
                by=by,
                at=now,
                with_code=True,
                notice=None,
                owner=by if isinstance(by, User) else None,
                submitted_via=by if isinstance(by, ApiKey) else None,
                idempotency_scope=scope,
                idempotency_key=key,
                idempotency_fingerprint=fingerprint if key else "",
            )
    except IntegrityError:
        if not key:
            raise
        replayed = _replay(scope, key, fingerprint)
        if replayed is None:
            raise
        return replayed, False
    return dossier, True


@transaction.atomic
def accept_online(
    *,
    dossier: Dossier,
    by: Actor,
    components: Sequence[ComponentInput] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """Accept a dossier submitted online after checking it: the clock starts now."""
    locked = lock(dossier)
    officer = require_desk_officer(by, locked.receiving_agency, doing="tiếp nhận hồ sơ")
    ensure_status(locked, frozenset({Status.SUBMITTED}), doing="tiếp nhận hồ sơ")
    missing = update_checklist(locked, components)
    if missing:
        raise MissingComponentsError(missing)
    plan = Plan(
        procedure=locked.procedure,
        version=locked.procedure_version,
        case=locked.case,
        component_set=locked.component_set,
        channel=locked.channel,
        receiving_agency=locked.receiving_agency,
        competent_agency_id=locked.competent_agency_id,
        processing_time=locked.processing_time,
        time_unit=locked.time_unit,
    )
    now = timezone.now()
    fields = {**acceptance_fields(plan, at=now, officer=officer), **checklist_flags(locked)}
    moved = move(
        locked,
        to=Status.RECEIVED,
        by=officer,
        action=EventAction.RECEIVED,
        note=clean(note),
        changes=fields,
        expected_version=expected_version,
        at=now,
    )
    ApplicantNotice.objects.create(dossier=moved, kind=NoticeKind.RECEIVED, created_at=now)
    return moved


@transaction.atomic
def request_correction(
    *,
    dossier: Dossier,
    by: Actor,
    missing: Sequence[str],
    reason: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """Send an online dossier back once for correction, listing everything to complete."""
    locked = lock(dossier)
    officer = require_desk_officer(by, locked.receiving_agency, doing="yêu cầu bổ sung hồ sơ")
    items = [clean(item) for item in missing if clean(item)]
    text = clean(reason)
    if not items and not text:
        raise DomainError("Phải liệt kê đầy đủ các nội dung cần bổ sung, hoàn thiện.")
    moved = move(
        locked,
        to=Status.NEEDS_COMPLETION,
        by=officer,
        action=EventAction.CORRECTION_REQUESTED,
        note=text,
        data={"missing": items},
        changes={"missing_components": items, "intake_note": text},
        expected_version=expected_version,
    )
    ApplicantNotice.objects.create(
        dossier=moved,
        kind=NoticeKind.CORRECTION_REQUESTED,
        payload={"missing": items, "reason": text},
    )
    return moved


@transaction.atomic
def resubmit_online(
    *,
    dossier: Dossier,
    by: Actor,
    components: Sequence[ComponentInput] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The applicant sends the corrected online dossier back for checking (status 1 again)."""
    locked = lock(dossier)
    if not is_applicant_side(by, locked):
        raise PermissionDeniedError("Chỉ người nộp hồ sơ mới được nộp lại hồ sơ đã sửa.")
    if not locked.code:
        raise DomainError("Hồ sơ hướng dẫn tại quầy được tiếp nhận lại tại quầy.")
    update_checklist(locked, components)
    return move(
        locked,
        to=Status.SUBMITTED,
        by=by,
        action=EventAction.RESUBMITTED,
        note=clean(note),
        changes={**checklist_flags(locked), "missing_components": []},
        expected_version=expected_version,
    )


@transaction.atomic
def refuse_dossier(
    *, dossier: Dossier, by: Actor, reasons: str, expected_version: int | None = None
) -> Dossier:
    """Refuse an online (or guided) dossier at intake, with reasons (Mẫu 03)."""
    locked = lock(dossier)
    officer = require_desk_officer(by, locked.receiving_agency, doing="từ chối tiếp nhận hồ sơ")
    text = clean(reasons)
    if not text:
        raise DomainError("Phải ghi rõ lý do từ chối tiếp nhận hồ sơ.")
    moved = move(
        locked,
        to=Status.REFUSED,
        by=officer,
        action=EventAction.REFUSED,
        note=text,
        changes={"refusal_reasons": text},
        expected_version=expected_version,
    )
    ApplicantNotice.objects.create(
        dossier=moved, kind=NoticeKind.REFUSED, payload={"reasons": text}
    )
    return moved
