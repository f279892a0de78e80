"""Citizen pages: online submission from a procedure page, and "my dossiers"."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.catalog.models import Case, Procedure
from motcua.core.errors import DomainError, NotFoundError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_for
from motcua.dossiers.services import ComponentInput, attach_file, provide_supplement, withdraw
from motcua.dossiers.states import Status
from motcua.portal import drafts
from motcua.portal.models import DossierDraft
from motcua.ratings.models import Rating
from motcua.ratings.services import can_rate

View = Callable[..., HttpResponseBase]


def citizen_view(view: View) -> View:
    """Login required; another person's dossier or draft is a plain 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc

    return wrapper


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise DomainError("Dữ liệu gửi lên không hợp lệ.") from None


@citizen_view
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, code: str) -> HttpResponse:
    """Choose the desk and the case of an online submission; opens a draft."""
    procedure = get_object_or_404(Procedure.objects.published(), code=code)
    version = procedure.current_version
    agencies = list(procedure.receiving_agencies.all()) or list(Agency.objects.receiving())
    cases = list(version.cases.all()) if version else []
    if request.method == "POST":
        try:
            agency = next((a for a in agencies if a.pk == _int(request.POST.get("agency"))), None)
            if agency is None:
                raise DomainError("Hãy chọn nơi tiếp nhận hồ sơ.")
            case: Case | None = None
            if cases:
                case = next((c for c in cases if c.pk == _int(request.POST.get("case"))), None)
                if case is None:
                    raise DomainError("Hãy chọn trường hợp phù hợp với bạn.")
            draft = drafts.start_draft(
                user=_user(request), procedure=procedure, agency=agency, case=case
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("portal:citizen_draft", pk=draft.pk)
    return render(
        request,
        "portal/citizen/start.html",
        {"procedure": procedure, "agencies": agencies, "cases": cases},
    )


def _draft_action(request: HttpRequest, draft_id: int) -> HttpResponse:
    user = _user(request)
    action = request.POST.get("action", "")
    if action == "submit":
        dossier, created = drafts.submit_draft(user=user, draft_id=draft_id)
        if created:
            messages.success(request, f"Đã nộp hồ sơ {dossier.code}.")
        else:
            messages.info(request, f"Hồ sơ này đã được nộp trước đó ({dossier.code}).")
        return redirect("portal:my_dossier", pk=dossier.pk)
    if action == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("Chưa chọn tệp để tải lên.")
        drafts.add_upload(
            user=user,
            draft_id=draft_id,
            component_id=_int(request.POST.get("component")),
            upload=upload,
            name=upload.name or "",
            size=upload.size,
        )
    elif action == "reuse":
        drafts.reuse_file(
            user=user,
            draft_id=draft_id,
            component_id=_int(request.POST.get("component")),
            file_id=_int(request.POST.get("reuse")),
        )
    elif action == "remove":
        drafts.remove_file(user=user, draft_id=draft_id, file_id=_int(request.POST.get("file")))
    elif action == "save":
        drafts.save_applicant(
            user=user,
            draft_id=draft_id,
            data={key: request.POST.get(key, "") for key in drafts.APPLICANT_FIELDS},
        )
        messages.success(request, "Đã lưu hồ sơ nháp.")
    else:
        raise DomainError("Thao tác không hợp lệ.")
    return redirect("portal:citizen_draft", pk=draft_id)


@citizen_view
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill in the applicant, attach or reuse each paper, save, submit."""
    user = _user(request)
    current = drafts.draft_for(user, pk)
    if request.method == "POST":
        try:
            return _draft_action(request, current.pk)
        except NotFoundError:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
    else:
        status = 200
        if current.submitted_dossier_id is not None:
            return redirect("portal:my_dossier", pk=current.submitted_dossier_id)
    files = list(current.files.select_related("reused_from__dossier"))
    components = [
        (component, [f for f in files if f.component_id == component.pk])
        for component in drafts.draft_components(current)
    ]
    return render(
        request,
        "portal/citizen/draft.html",
        {
            "draft": current,
            "components": components,
            "reusable": drafts.reusable_files(user),
            "is_verified": user.email_verified_at is not None,
        },
        status=status,
    )


@citizen_view
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """The citizen's dossiers and unfinished drafts."""
    user = _user(request)
    return render(
        request,
        "portal/citizen/my_dossiers.html",
        {
            "dossiers": Dossier.objects.owned_by(user).select_related("procedure_version"),
            "drafts": DossierDraft.objects.filter(
                owner=user, submitted_dossier__isnull=True
            ).select_related("procedure__current_version"),
        },
    )


@citizen_view
def my_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the citizen's dossiers: status, history, appointment, what is missing, results."""
    dossier = dossier_for(_user(request), pk)
    return render(
        request,
        "portal/citizen/my_dossier.html",
        {
            "dossier": dossier,
            "results": [f for f in dossier.files.all() if f.is_result],
            "can_supplement": dossier.status == Status.SUPPLEMENT_REQUESTED,
            "can_withdraw": dossier.status
            in {
                Status.SUBMITTED,
                Status.NEEDS_COMPLETION,
                Status.RECEIVED,
                Status.IN_PROGRESS,
                Status.SUPPLEMENT_REQUESTED,
                Status.AWAITING_PAYMENT,
            },
            "missing_lines": [c for c in dossier.components.all() if not c.is_provided],
            "can_rate": can_rate(dossier),
            "rating": Rating.objects.filter(dossier=dossier).first(),
        },
    )


@citizen_view
@require_POST
def supplement(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a supplement request by uploading the missing papers."""
    user = _user(request)
    dossier = dossier_for(user, pk)
    lines = {line.pk: line for line in dossier.components.all()}
    try:
        uploads = [
            (line_id, upload)
            for line_id in lines
            if (upload := request.FILES.get(f"line-{line_id}")) is not None
        ]
        if not uploads:
            raise DomainError("Hãy tải lên ít nhất một giấy tờ còn thiếu.")
        with transaction.atomic():
            for line_id, upload in uploads:
                attach_file(
                    dossier_id=dossier.pk,
                    by=user,
                    upload=upload,
                    name=upload.name or "",
                    size=upload.size,
                    component_id=line_id,
                )
            provide_supplement(
                dossier=dossier,
                by=user,
                components=[
                    ComponentInput(component_id=lines[line_id].component_id or 0)
                    for line_id, _upload in uploads
                    if lines[line_id].component_id is not None
                ],
                note=request.POST.get("note", ""),
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã gửi giấy tờ bổ sung; thời hạn giải quyết được tính lại.")
    return redirect("portal:my_dossier", pk=dossier.pk)


@citizen_view
@require_POST
def withdraw_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a dossier (allowed until the result is issued)."""
    dossier = dossier_for(_user(request), pk)
    try:
        withdraw(dossier=dossier, by=_user(request), reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã rút hồ sơ.")
    return redirect("portal:my_dossier", pk=dossier.pk)


@citizen_view
def download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """Download a file of one's own dossier (results included)."""
    dossier = dossier_for(_user(request), pk)
    item = next((f for f in dossier.files.all() if f.pk == file_id), None)
    if item is None:
        raise Http404("Không tìm thấy tệp.")
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
