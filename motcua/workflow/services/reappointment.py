"""Re-appointment (Mẫu 04): apologise and set a new return date, once, naming the unit at fault."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.deadlines import engine
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier, Extension
from motcua.dossiers.policies import EXTENSION_ROLES, require_officer
from motcua.dossiers.services.lifecycle import Actor, lock
from motcua.dossiers.services.processing import latest_extension_day
from motcua.workflow.models import DelayFault, PlannedStep, Route, WorkflowAction
from motcua.workflow.services.routing import log


@transaction.atomic
def reappoint(
    *,
    dossier: Dossier,
    by: Actor,
    new_due_at: dt.datetime,
    reason: str,
    fault_agency: Agency,
    fault_step: PlannedStep | None = None,
) -> Extension:
    """Issue the apology and new appointment (Mẫu 04) at least one working day before the due date.

    Only once per dossier (the dossier core refuses a second); the applicant is notified by the
    dossier core, and the unit (and step) at fault is recorded for the delay statistics. Only the
    desk officer, head of unit or leader of the receiving desk or of the competent agency may.
    """
    locked = lock(dossier)
    require_officer(
        by,
        roles=EXTENSION_ROLES,
        agencies=[locked.receiving_agency, locked.competent_agency],
        doing="xin lỗi và hẹn lại ngày trả kết quả",
    )
    if locked.due_at is None:
        raise DomainError("Hồ sơ chưa có ngày hẹn trả: hãy đặt ngày hẹn trước.")
    if Extension.objects.filter(dossier=locked).exists():
        raise DomainError(
            "Hồ sơ đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần thứ hai."
        )
    last_day = latest_extension_day(locked.due_at)
    today = engine.to_local(timezone.now()).date()
    if today > last_day:
        raise DomainError(
            "Phải xin lỗi và hẹn lại chậm nhất 01 ngày làm việc trước ngày hẹn trả "
            f"{engine.format_moment(locked.due_at)}, tức là trước hết ngày "
            f"{engine.format_day(last_day)}."
        )
    route = Route.objects.filter(dossier=locked).first()
    involved = {locked.receiving_agency_id, locked.competent_agency_id}
    if route is not None:
        involved |= set(route.steps.values_list("agency_id", flat=True))
    if fault_agency.pk not in involved:
        raise DomainError(f"{fault_agency.name} không tham gia giải quyết hồ sơ này.")
    if fault_step is not None and (
        route is None or fault_step.route_id != route.pk or fault_step.agency_id != fault_agency.pk
    ):
        raise DomainError(f"Bước “{fault_step.name}” không phải bước của {fault_agency.name}.")
    extended = dossier_services.extend_due(
        dossier=locked, by=by, new_due_at=new_due_at, reason=reason
    )
    extension = Extension.objects.get(dossier=extended)
    DelayFault.objects.create(extension=extension, agency=fault_agency, step=fault_step)
    log(
        extended,
        WorkflowAction.REAPPOINTED,
        by=by,
        at=extension.created_at,
        note=extension.reason,
        data={
            "previous_due_at": extension.previous_due_at.isoformat(),
            "new_due_at": extension.new_due_at.isoformat(),
            "fault_agency": fault_agency.code,
            "fault_step": fault_step.name if fault_step else "",
        },
    )
    return extension
