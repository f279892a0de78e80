"""Intake (tiếp nhận) at the counter (ND 118 Art. 17.1), and what every intake shares.

Codes: a dossier gets its code when it is received at the counter, or when it is submitted online
(as the national portal does), so the code on the receipt and the one the applicant tracks are the
same. A counter visit that ends with a guidance slip (Mẫu 02) or a refusal (Mẫu 03) is recorded
without consuming a code: the dossier was not accepted.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from motcua.agencies.models import Agency, Officer
from motcua.catalog.models import (
    Case,
    Channel,
    Component,
    ComponentSet,
    ExecutionMethod,
    Procedure,
    ProcedureVersion,
)
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.text import clean
from motcua.dossiers import deadlines
from motcua.dossiers.errors import MissingComponentsError
from motcua.dossiers.models import (
    ApplicantNotice,
    Dossier,
    DossierComponent,
    DossierEvent,
    EventAction,
    NoticeKind,
)
from motcua.dossiers.policies import require_desk_officer
from motcua.dossiers.services import graph
from motcua.dossiers.services.applicants import (
    ApplicantData,
    clean_applicant,
    remember_applicant,
)
from motcua.dossiers.services.checklist import ComponentInput, build_checklist
from motcua.dossiers.services.codes import allocate_code, code_day
from motcua.dossiers.services.lifecycle import Actor, actor_fields, ensure_status, lock, move
from motcua.dossiers.services.rows import insert_rows
from motcua.dossiers.states import INITIAL, Status


@dataclass(frozen=True)
class VersionCatalogue:
    """What intake reads of a procedure version: cases, component sets, methods.

    Procedure versions are never edited after import (a changed record becomes a new version),
    so this is cached per process, keyed by the version and its source hash.
    """

    cases: dict[int, Case]
    component_sets: tuple[tuple[ComponentSet, tuple[Component, ...]], ...]
    methods: tuple[ExecutionMethod, ...]

    def case(self, case: Case | int | None, procedure_code: str) -> Case | None:
        """The chosen case, which must belong to the version."""
        if case is None:
            return None
        case_id = case.pk if isinstance(case, Case) else case
        found = self.cases.get(case_id)
        if found is None:
            raise DomainError(f"Trường hợp {case_id} không thuộc thủ tục {procedure_code}.")
        return found

    def component_set(
        self, component_set: ComponentSet | int | None, procedure_code: str
    ) -> tuple[ComponentSet | None, tuple[Component, ...]]:
        """The chosen component set (the first one by default) and its papers."""
        if component_set is None:
            return self.component_sets[0] if self.component_sets else (None, ())
        set_id = component_set.pk if isinstance(component_set, ComponentSet) else component_set
        for candidate, papers in self.component_sets:
            if candidate.pk == set_id:
                return candidate, papers
        raise DomainError(f"Bộ thành phần hồ sơ {set_id} không thuộc thủ tục {procedure_code}.")

    def method(self, channel: str) -> ExecutionMethod | None:
        """The method of the channel, else the first method."""
        for method in self.methods:
            if method.channel == channel:
                return method
        return self.methods[0] if self.methods else None


_CATALOGUE_CACHE_SIZE: Final = 512
_catalogues: dict[tuple[int, str], VersionCatalogue] = {}
_catalogues_lock = threading.Lock()


def catalogue_of(version: ProcedureVersion) -> VersionCatalogue:
    """The cached catalogue of a procedure version (4 queries the first time)."""
    key = (version.pk, version.source_hash)
    cached = _catalogues.get(key)
    if cached is not None:
        return cached
    sets = version.component_sets.order_by("position", "pk").prefetch_related(
        Prefetch("components", queryset=Component.objects.order_by("position", "pk"))
    )
    catalogue = VersionCatalogue(
        cases={case.pk: case for case in version.cases.all()},
        component_sets=tuple((s, tuple(s.components.all())) for s in sets),
        methods=tuple(version.methods.order_by("position", "pk")),
    )
    with _catalogues_lock:
        if len(_catalogues) >= _CATALOGUE_CACHE_SIZE:
            _catalogues.clear()
        _catalogues[key] = catalogue
    return catalogue


def forget_catalogues() -> None:
    """Drop the cached version catalogues (tests that edit a version after using it)."""
    with _catalogues_lock:
        _catalogues.clear()


@dataclass(frozen=True)
class Plan:
    """Everything an intake needs, validated before any row is written."""

    procedure: Procedure
    version: ProcedureVersion
    case: Case | None
    component_set: ComponentSet | None
    channel: str
    receiving_agency: Agency
    competent_agency_id: int
    processing_time: Decimal | None
    time_unit: str
    checklist: list[DossierComponent] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def reused_count(self) -> int:
        return sum(1 for line in self.checklist if line.is_reused)

    @property
    def has_digitized(self) -> bool:
        return any(line.is_digitized or line.is_reused for line in self.checklist)


def make_plan(
    *,
    procedure: Procedure,
    agency: Agency,
    channel: str,
    case: Case | int | None,
    component_set: ComponentSet | int | None,
    components: Sequence[ComponentInput],
    receives: bool | None = None,
) -> Plan:
    """Validate the procedure, case, components and agencies of an intake.

    `receives` is whether `agency` may receive the procedure when the caller already knows it
    (`selectors.intake_target`); otherwise it is looked up.
    """
    if channel not in Channel.values:
        raise DomainError(f"Kênh nộp “{channel}” không hợp lệ (direct, online, postal).")
    version = procedure.current_version
    if version is None or not procedure.is_active:
        raise DomainError(f"Thủ tục {procedure.code} chưa được công bố hoặc đã ngừng áp dụng.")
    if receives is None:
        receives = agency_receives(procedure.pk, agency.pk)
    if not receives:
        raise DomainError(f"{agency.name} không tiếp nhận thủ tục {procedure.code}.")

    catalogue = catalogue_of(version)
    chosen_case = catalogue.case(case, procedure.code)
    chosen_set, papers = catalogue.component_set(component_set, procedure.code)
    checklist, missing = build_checklist(papers, components)

    amount: Decimal | None = None
    unit = ""
    if chosen_case and chosen_case.processing_time is not None and chosen_case.time_unit:
        amount, unit = chosen_case.processing_time, chosen_case.time_unit
    else:
        method = catalogue.method(channel)
        if method is not None:
            amount, unit = method.processing_time, method.time_unit
    competent_id = procedure.competent_agency_id or agency.pk
    return Plan(
        procedure=procedure,
        version=version,
        case=chosen_case,
        component_set=chosen_set,
        channel=channel,
        receiving_agency=agency,
        competent_agency_id=competent_id,
        processing_time=amount,
        time_unit=unit,
        checklist=checklist,
        missing=missing,
    )


def agency_receives(procedure_id: int, agency_id: int) -> bool:
    """Whether the agency may receive the procedure.

    A procedure without configured receiving points is received by any desk of the province
    (ND 118: intake does not depend on administrative boundaries).
    """
    receivers = list(
        Procedure.receiving_agencies.through.objects.filter(procedure_id=procedure_id).values_list(
            "agency_id", flat=True
        )
    )
    return not receivers or agency_id in receivers


def insert_dossier(
    plan: Plan,
    applicant: ApplicantData,
    *,
    status: Status,
    action: EventAction,
    by: Actor,
    at: dt.datetime,
    with_code: bool,
    notice: NoticeKind | None,
    note: str = "",
    **fields: Any,
) -> Dossier:
    """Write a new dossier with its checklist, first event and notice (inside a transaction)."""
    if status not in INITIAL:
        raise RuntimeError(f"A dossier cannot start as {status}.")
    dossier = Dossier(
        status=status,
        channel=plan.channel,
        procedure=plan.procedure,
        procedure_version=plan.version,
        case=plan.case,
        component_set=plan.component_set,
        receiving_agency=plan.receiving_agency,
        competent_agency_id=plan.competent_agency_id,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_no=applicant.id_no,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        submitted_at=at,
        processing_time=plan.processing_time,
        time_unit=plan.time_unit,
        digitized=plan.has_digitized,
        reused_component_count=plan.reused_count,
        **fields,
    )
    event = DossierEvent(
        at=at, action=action, from_status="", to_status=status, note=note, **actor_fields(by)
    )
    if with_code and graph.supported():
        graph.insert_graph(
            dossier=dossier,
            applicant=applicant,
            lines=plan.checklist,
            event=event,
            agency=plan.receiving_agency,
            day=code_day(at),
        )
        for line in plan.checklist:
            line.dossier = dossier
        event.dossier = dossier
    else:
        dossier.applicant = remember_applicant(applicant)
        # The code is taken last: the day's counter row stays locked only for the inserts below.
        dossier.code = allocate_code(plan.receiving_agency, at) if with_code else None
        insert_rows([dossier])
        for line in plan.checklist:
            line.dossier = dossier
        insert_rows(plan.checklist)
        event.dossier = dossier
        insert_rows([event])
    if notice is not None:
        insert_rows([ApplicantNotice(dossier=dossier, kind=notice, created_at=at)])
    return dossier


def _desk(by: Actor, *, doing: str) -> Officer:
    if not isinstance(by, Officer):
        raise PermissionDeniedError(f"Chỉ cán bộ một cửa mới được {doing}.")
    return require_desk_officer(by, by.agency, doing=doing)


def acceptance_fields(plan: Plan, *, at: dt.datetime, officer: Officer) -> dict[str, Any]:
    due = deadlines.due_date(at, plan.processing_time, plan.time_unit, plan.procedure.cutoff_time)
    return {
        "accepted_at": at,
        "due_at": due.due_at,
        "due_explanation": list(due.explanation),
        "is_due_manual": due.is_manual,
        "transfer_due_at": deadlines.transfer_due_at(at, plan.channel),
        "received_by": officer,
        "missing_components": [],
    }


@transaction.atomic
def receive_at_counter(
    *,
    by: Actor,
    procedure: Procedure,
    applicant: ApplicantData,
    components: Sequence[ComponentInput],
    case: Case | int | None = None,
    component_set: ComponentSet | int | None = None,
    channel: str = Channel.DIRECT,
    note: str = "",
    guidance: Dossier | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Accept a complete dossier at the counter: code, due date, receipt (Mẫu 01).

    Raises `MissingComponentsError` listing every missing required paper at once; the officer then
    issues a guidance slip with `guide_at_counter`. `guidance` is that earlier record when the
    applicant comes back with the papers: it is received instead of creating a new dossier.
    """
    officer = _desk(by, doing="tiếp nhận hồ sơ")
    data = clean_applicant(applicant)
    plan = make_plan(
        procedure=procedure,
        agency=officer.agency,
        channel=channel,
        case=case,
        component_set=component_set,
        components=components,
    )
    if plan.missing:
        raise MissingComponentsError(plan.missing)
    now = timezone.now()
    fields = acceptance_fields(plan, at=now, officer=officer)
    if guidance is None:
        return insert_dossier(
            plan,
            data,
            status=Status.RECEIVED,
            action=EventAction.RECEIVED,
            by=officer,
            at=now,
            with_code=True,
            notice=NoticeKind.RECEIVED,
            note=clean(note),
            intake_note=clean(note),
            **fields,
        )
    return _receive_guided(guidance, plan, data, officer, now, fields, note, expected_version)


def _receive_guided(
    guidance: Dossier,
    plan: Plan,
    data: ApplicantData,
    officer: Officer,
    now: dt.datetime,
    fields: dict[str, Any],
    note: str,
    expected_version: int | None,
) -> Dossier:
    """The applicant came back with the missing papers: the guidance record becomes the dossier."""
    locked = lock(guidance)
    if locked.receiving_agency_id != officer.agency_id or locked.code:
        raise PermissionDeniedError("Chỉ nhận tiếp hồ sơ đã hướng dẫn tại chính quầy này.")
    ensure_status(locked, frozenset({Status.NEEDS_COMPLETION}), doing="tiếp nhận hồ sơ")
    row = remember_applicant(data)
    locked.components.all().delete()
    for line in plan.checklist:
        line.dossier = locked
    DossierComponent.objects.bulk_create(plan.checklist)
    code = allocate_code(plan.receiving_agency, now)
    dossier = move(
        locked,
        to=Status.RECEIVED,
        by=officer,
        action=EventAction.RECEIVED,
        note=clean(note),
        expected_version=expected_version,
        at=now,
        changes={
            **fields,
            "code": code,
            "procedure": plan.procedure,
            "procedure_version": plan.version,
            "case": plan.case,
            "component_set": plan.component_set,
            "channel": plan.channel,
            "competent_agency_id": plan.competent_agency_id,
            "applicant": row,
            "applicant_kind": data.kind,
            "applicant_name": data.name,
            "applicant_id_no": data.id_no,
            "applicant_phone": data.phone,
            "applicant_email": data.email,
            "applicant_address": data.address,
            "processing_time": plan.processing_time,
            "time_unit": plan.time_unit,
            "digitized": plan.has_digitized,
            "reused_component_count": plan.reused_count,
            "intake_note": clean(note),
        },
    )
    ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RECEIVED, created_at=now)
    return dossier


@transaction.atomic
def guide_at_counter(
    *,
    by: Actor,
    procedure: Procedure,
    applicant: ApplicantData,
    components: Sequence[ComponentInput],
    case: Case | int | None = None,
    component_set: ComponentSet | int | None = None,
    channel: str = Channel.DIRECT,
    guidance: str = "",
) -> Dossier:
    """Record a guidance slip (Mẫu 02): every missing paper listed once; no code is consumed."""
    officer = _desk(by, doing="hướng dẫn bổ sung hồ sơ")
    data = clean_applicant(applicant)
    plan = make_plan(
        procedure=procedure,
        agency=officer.agency,
        channel=channel,
        case=case,
        component_set=component_set,
        components=components,
    )
    text = clean(guidance)
    if not plan.missing and not text:
        raise DomainError(
            "Hồ sơ đã đủ thành phần bắt buộc: hãy tiếp nhận, hoặc ghi rõ nội dung cần hoàn thiện."
        )
    return insert_dossier(
        plan,
        data,
        status=Status.NEEDS_COMPLETION,
        action=EventAction.GUIDED,
        by=officer,
        at=timezone.now(),
        with_code=False,
        notice=NoticeKind.GUIDED,
        note=text,
        intake_note=text,
        missing_components=plan.missing,
        received_by=officer,
    )


@transaction.atomic
def refuse_at_counter(
    *,
    by: Actor,
    procedure: Procedure,
    applicant: ApplicantData,
    reasons: str,
    case: Case | int | None = None,
    channel: str = Channel.DIRECT,
) -> Dossier:
    """Record a refusal at the counter (Mẫu 03), with its reasons; no code is consumed."""
    officer = _desk(by, doing="từ chối tiếp nhận hồ sơ")
    text = clean(reasons)
    if not text:
        raise DomainError("Phải ghi rõ lý do từ chối tiếp nhận hồ sơ.")
    data = clean_applicant(applicant)
    plan = make_plan(
        procedure=procedure,
        agency=officer.agency,
        channel=channel,
        case=case,
        component_set=None,
        components=(),
    )
    now = timezone.now()
    return insert_dossier(
        plan,
        data,
        status=Status.REFUSED,
        action=EventAction.REFUSED,
        by=officer,
        at=now,
        with_code=False,
        notice=NoticeKind.REFUSED,
        note=text,
        refusal_reasons=text,
        received_by=officer,
        finished_at=now,
    )
