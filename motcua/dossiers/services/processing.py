"""After intake (ND 118 Art. 18–22): transfer, supplementation, extension, result, return, exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.core.text import clean
from motcua.deadlines import engine
from motcua.deadlines import services as deadline_services
from motcua.dossiers import deadlines
from motcua.dossiers.models import (
    ApplicantNotice,
    ClockPause,
    Dossier,
    EventAction,
    Extension,
    NoticeKind,
    ReturnMethod,
)
from motcua.dossiers.policies import (
    EXTENSION_ROLES,
    is_applicant_side,
    require_desk_officer,
    require_officer,
    require_processing_officer,
)
from motcua.dossiers.services.checklist import (
    ComponentInput,
    checklist_flags,
    update_checklist,
)
from motcua.dossiers.services.lifecycle import Actor, ensure_status, lock, move, record
from motcua.dossiers.states import Status


def _close_open_pause(dossier: Dossier, at: dt.datetime) -> ClockPause | None:
    pause = dossier.clock_pauses.filter(ended_at__isnull=True).first()
    if pause is not None:
        pause.ended_at = max(at, pause.started_at)
        pause.save(update_fields=["ended_at"])
    return pause


@transaction.atomic
def transfer(*, dossier: Dossier, by: Actor, expected_version: int | None = None) -> Dossier:
    """Hand the received dossier to the competent agency; late transfers are recorded as such."""
    locked = lock(dossier)
    officer = require_desk_officer(
        by, locked.receiving_agency, doing="chuyển hồ sơ cho cơ quan giải quyết"
    )
    now = timezone.now()
    on_time = locked.transfer_due_at is None or now <= locked.transfer_due_at
    return move(
        locked,
        to=Status.IN_PROGRESS,
        by=officer,
        action=EventAction.TRANSFERRED,
        note="" if on_time else "Chuyển muộn so với hạn chuyển hồ sơ giấy.",
        data={"to_agency": locked.competent_agency.code, "on_time": on_time},
        changes={"transferred_at": now},
        expected_version=expected_version,
        at=now,
    )


@transaction.atomic
def request_supplement(
    *,
    dossier: Dossier,
    by: Actor,
    missing: Sequence[str],
    reason: str,
    expected_version: int | None = None,
) -> Dossier:
    """Ask for missing papers after appraisal (≤3 working days from receipt); the clock stops."""
    locked = lock(dossier)
    officer = require_processing_officer(by, locked, doing="yêu cầu bổ sung hồ sơ")
    items = [clean(item) for item in missing if clean(item)]
    text = clean(reason)
    if not items:
        raise DomainError("Phải liệt kê đầy đủ các giấy tờ cần bổ sung, hoàn thiện (một lần).")
    if not text:
        raise DomainError("Phải ghi rõ lý do yêu cầu bổ sung.")
    ensure_status(
        locked,
        frozenset({Status.RECEIVED, Status.IN_PROGRESS}),
        doing="yêu cầu bổ sung hồ sơ",
    )
    now = timezone.now()
    received_at = locked.transferred_at or locked.accepted_at
    if received_at is not None:
        window_ends = deadlines.supplement_request_deadline(received_at)
        if now > window_ends:
            raise DomainError(
                "Đã quá thời hạn 03 ngày làm việc kể từ khi nhận hồ sơ để yêu cầu bổ sung "
                f"(hạn: {engine.format_moment(window_ends)}). Hồ sơ không đủ điều kiện thì trả "
                "lại kèm lý do (dừng xử lý)."
            )
    ClockPause.objects.create(
        dossier=locked,
        started_at=now,
        expires_at=deadlines.supplement_expires_at(now),
        reason=text,
        missing=items,
        due_at_before=locked.due_at,
        requested_by=officer,
    )
    moved = move(
        locked,
        to=Status.SUPPLEMENT_REQUESTED,
        by=officer,
        action=EventAction.SUPPLEMENT_REQUESTED,
        note=text,
        data={"missing": items},
        changes={"missing_components": items},
        expected_version=expected_version,
        at=now,
    )
    ApplicantNotice.objects.create(
        dossier=moved,
        kind=NoticeKind.SUPPLEMENT_REQUESTED,
        created_at=now,
        payload={
            "missing": items,
            "reason": text,
            "answer_by": deadlines.supplement_expires_at(now).isoformat(),
        },
    )
    return moved


@transaction.atomic
def provide_supplement(
    *,
    dossier: Dossier,
    by: Actor,
    components: Sequence[ComponentInput] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The applicant completed the dossier: the clock restarts from zero with the full period."""
    locked = lock(dossier)
    if not is_applicant_side(by, locked):
        require_desk_officer(by, locked.receiving_agency, doing="nhận hồ sơ bổ sung")
    ensure_status(locked, frozenset({Status.SUPPLEMENT_REQUESTED}), doing="nhận hồ sơ bổ sung")
    now = timezone.now()
    update_checklist(locked, components)
    _close_open_pause(locked, now)
    due = deadlines.due_date(
        now, locked.processing_time, locked.time_unit, locked.procedure.cutoff_time
    )
    restart = (
        f"Bổ sung đầy đủ lúc {engine.format_moment(now)}: thời hạn tính lại từ đầu "
        "(Nghị định 118/2025/NĐ-CP)."
    )
    return move(
        locked,
        to=Status.IN_PROGRESS,
        by=by,
        action=EventAction.SUPPLEMENT_PROVIDED,
        note=clean(note),
        changes={
            **checklist_flags(locked),
            "due_at": due.due_at if not locked.is_due_manual else locked.due_at,
            "due_explanation": [restart, *due.explanation],
            "missing_components": [],
        },
        expected_version=expected_version,
        at=now,
    )


@transaction.atomic
def close_unanswered(*, dossier: Dossier | int, at: dt.datetime | None = None) -> Dossier:
    """Close a dossier whose supplement request went unanswered past its deadline (system)."""
    locked = lock(dossier)
    now = at or timezone.now()
    pause = locked.clock_pauses.filter(ended_at__isnull=True).first()
    if pause is None or pause.expires_at > now:
        raise DomainError("Yêu cầu bổ sung của hồ sơ chưa hết hạn trả lời.")
    moved = move(
        locked,
        to=Status.CLOSED_UNANSWERED,
        by=None,
        action=EventAction.CLOSED_UNANSWERED,
        note=(
            "Quá 15 ngày kể từ ngày yêu cầu bổ sung mà người nộp chưa bổ sung: "
            "hồ sơ bị đóng (Nghị định 118/2025/NĐ-CP)."
        ),
        at=now,
    )
    ApplicantNotice.objects.create(dossier=moved, kind=NoticeKind.CLOSED_UNANSWERED, created_at=now)
    return moved


@transaction.atomic
def withdraw(
    *, dossier: Dossier, by: Actor, reason: str, expected_version: int | None = None
) -> Dossier:
    """Withdraw at the applicant's request, allowed until the result is issued."""
    locked = lock(dossier)
    if not is_applicant_side(by, locked):
        require_desk_officer(by, locked.receiving_agency, doing="rút hồ sơ theo đề nghị")
    text = clean(reason)
    if not text:
        raise DomainError("Phải ghi rõ lý do hoặc văn bản đề nghị rút hồ sơ.")
    now = timezone.now()
    moved = move(
        locked,
        to=Status.WITHDRAWN,
        by=by,
        action=EventAction.WITHDRAWN,
        note=text,
        expected_version=expected_version,
        at=now,
    )
    _close_open_pause(moved, now)
    ApplicantNotice.objects.create(dossier=moved, kind=NoticeKind.WITHDRAWN, created_at=now)
    return moved


@transaction.atomic
def stop_processing(
    *, dossier: Dossier, by: Actor, reason: str, expected_version: int | None = None
) -> Dossier:
    """Stop processing a dossier found ineligible, with written reasons (trả lại, dừng xử lý)."""
    locked = lock(dossier)
    officer = require_processing_officer(by, locked, doing="dừng xử lý hồ sơ")
    text = clean(reason)
    if not text:
        raise DomainError("Phải ghi rõ lý do dừng xử lý hồ sơ.")
    now = timezone.now()
    moved = move(
        locked,
        to=Status.STOPPED,
        by=officer,
        action=EventAction.STOPPED,
        note=text,
        changes={"refusal_reasons": text},
        expected_version=expected_version,
        at=now,
    )
    _close_open_pause(moved, now)
    ApplicantNotice.objects.create(
        dossier=moved, kind=NoticeKind.STOPPED, created_at=now, payload={"reason": text}
    )
    return moved


@transaction.atomic
def mark_result_ready(
    *,
    dossier: Dossier,
    by: Actor,
    has_e_result: bool = False,
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """The competent agency hands the result to the desk: processing ends (status 9)."""
    locked = lock(dossier)
    officer = require_processing_officer(by, locked, doing="chuyển kết quả về Bộ phận Một cửa")
    e_result = has_e_result or locked.files.filter(is_result=True).exists()
    now = timezone.now()
    moved = move(
        locked,
        to=Status.RESULT_READY,
        by=officer,
        action=EventAction.RESULT_READY,
        note=clean(note),
        changes={"has_e_result": e_result},
        expected_version=expected_version,
        at=now,
    )
    ApplicantNotice.objects.create(dossier=moved, kind=NoticeKind.RESULT_READY, created_at=now)
    return moved


@transaction.atomic
def return_result(
    *,
    dossier: Dossier,
    by: Actor,
    collected_by_name: str,
    collected_by_id_no: str = "",
    method: str = ReturnMethod.COUNTER,
    note: str = "",
    expected_version: int | None = None,
) -> Dossier:
    """Hand the result to the applicant (or post it) and record who collected it, when and how."""
    locked = lock(dossier)
    officer = require_desk_officer(by, locked.receiving_agency, doing="trả kết quả")
    if method not in ReturnMethod.values:
        raise DomainError(f"Hình thức trả kết quả “{method}” không hợp lệ.")
    name = clean(collected_by_name)
    if not name:
        raise DomainError("Phải ghi họ tên người nhận kết quả (hoặc người nhận bưu gửi).")
    id_no = clean(collected_by_id_no).replace(" ", "")
    if len(id_no) > 20:
        raise DomainError("Số giấy tờ của người nhận kết quả dài quá 20 ký tự.")
    now = timezone.now()
    return move(
        locked,
        to=Status.RETURNED,
        by=officer,
        action=EventAction.RETURNED,
        note=clean(note),
        data={"collected_by": name, "method": method},
        changes={
            "returned_at": now,
            "returned_to_name": name,
            "returned_to_id_no": id_no,
            "return_method": method,
        },
        expected_version=expected_version,
        at=now,
    )


def latest_extension_day(due_at: dt.datetime) -> dt.date:
    """The last day a re-appointment may be asked: the working day before the due date's day.

    ND 118 Art. 21: at least one working day before the due date, so weekends, holidays and days
    off between that working day and the due date do not count.
    """
    calendar = deadline_services.current_calendar()
    day = engine.to_local(due_at).date() - dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


@transaction.atomic
def extend_due(
    *,
    dossier: Dossier,
    by: Actor,
    new_due_at: dt.datetime,
    reason: str,
    expected_version: int | None = None,
) -> Dossier:
    """Re-appoint once: asked ≥1 working day before the due date, to a later working day."""
    locked = lock(dossier)
    officer = require_officer(
        by,
        roles=EXTENSION_ROLES,
        agencies=[locked.receiving_agency, locked.competent_agency],
        doing="gia hạn, hẹn lại ngày trả kết quả",
    )
    text = clean(reason)
    if not text:
        raise DomainError("Phải ghi rõ lý do chậm trả kết quả.")
    ensure_status(
        locked,
        frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_PAYMENT}),
        doing="gia hạn",
    )
    if locked.due_at is None:
        raise DomainError("Hồ sơ chưa có ngày hẹn trả: hãy đặt ngày hẹn trước.")
    now = timezone.now()
    used = Extension.objects.filter(dossier=locked).count()
    last_day = latest_extension_day(locked.due_at)
    # A second request is refused as such by the engine, whatever the day it is asked.
    if not used and engine.to_local(now).date() > last_day:
        raise engine.ExtensionNotAllowedError(
            "Phải xin lỗi và hẹn lại chậm nhất 01 ngày làm việc trước ngày hẹn trả "
            f"{engine.format_moment(locked.due_at)}, tức là trước hết ngày "
            f"{engine.format_day(last_day)}."
        )
    due = engine.extend_due(
        deadline_services.current_calendar(),
        due_at=locked.due_at,
        requested_at=now,
        new_due_at=new_due_at,
        extensions_used=used,
    )
    Extension.objects.create(
        dossier=locked,
        previous_due_at=locked.due_at,
        new_due_at=due.due_at,
        reason=text,
        requested_by=officer,
        created_at=now,
    )
    extended = record(
        locked,
        by=officer,
        action=EventAction.EXTENDED,
        note=text,
        data={"previous_due_at": locked.due_at.isoformat(), "new_due_at": due.due_at.isoformat()},
        changes={
            "due_at": due.due_at,
            "due_explanation": [*locked.due_explanation, *due.explanation],
        },
        expected_version=expected_version,
        at=now,
    )
    ApplicantNotice.objects.create(
        dossier=extended,
        kind=NoticeKind.EXTENDED,
        created_at=now,
        payload={"new_due_at": due.due_at.isoformat(), "reason": text},
    )
    return extended


@transaction.atomic
def set_due_date(
    *,
    dossier: Dossier,
    by: Actor,
    due_at: dt.datetime,
    reason: str,
    expected_version: int | None = None,
) -> Dossier:
    """Set the appointment date by hand when the procedure's time cannot be computed."""
    locked = lock(dossier)
    officer = require_officer(
        by,
        roles=EXTENSION_ROLES,
        agencies=[locked.receiving_agency, locked.competent_agency],
        doing="đặt ngày hẹn trả kết quả",
    )
    if not locked.is_due_manual:
        raise DomainError(
            "Ngày hẹn của hồ sơ này được tính tự động; muốn lùi ngày hẹn thì dùng gia hạn."
        )
    ensure_status(
        locked,
        frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_PAYMENT}),
        doing="đặt ngày hẹn trả kết quả",
    )
    text = clean(reason)
    if not text:
        raise DomainError("Phải ghi căn cứ của ngày hẹn (thời hạn theo mô tả của thủ tục).")
    accepted = locked.accepted_at or locked.submitted_at
    if engine.to_local(due_at) <= accepted:
        raise DomainError("Ngày hẹn trả phải sau thời điểm tiếp nhận hồ sơ.")
    moment = engine.format_moment(due_at)
    return record(
        locked,
        by=officer,
        action=EventAction.DUE_SET,
        note=text,
        data={"due_at": due_at.isoformat()},
        changes={
            "due_at": due_at,
            "due_explanation": [f"Cán bộ đặt ngày hẹn trả: {moment} ({text})."],
        },
        expected_version=expected_version,
    )
