"""The officer's inbox: open steps for one's role and unit, with claim and pass actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from motcua.agencies.models import Officer
from motcua.backoffice.access import officer_required
from motcua.core.errors import DomainError
from motcua.dossiers.states import Status
from motcua.workflow import services
from motcua.workflow.selectors import inbox, urgency

PAGE_SIZE = 20


@officer_required()
@require_GET
def inbox_list(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Open steps waiting for the officer's roles in their unit, the most urgent first."""
    filters = {
        "procedure_code": request.GET.get("thu_tuc", ""),
        "status": request.GET.get("trang_thai", ""),
        "applicant": request.GET.get("nguoi_nop", ""),
        "code": request.GET.get("ma", ""),
        "query": request.GET.get("q", ""),
    }
    tasks = inbox(
        officer=officer,
        procedure_code=filters["procedure_code"],
        status=filters["status"],
        applicant=filters["applicant"],
        code=filters["code"],
        query=filters["query"],
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    rows = [(task, urgency(task.due_at, now)) for task in page.object_list]
    context = {
        "section": "inbox",
        "officer": officer,
        "page": page,
        "rows": rows,
        "filters": filters,
        "statuses": Status.choices,
    }
    return render(request, "backoffice/inbox/list.html", context)


@officer_required()
@require_POST
def inbox_claim(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Take an open step."""
    try:
        services.claim_task(task=pk, by=officer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã nhận xử lý.")
    return redirect("backoffice:inbox")


@officer_required()
@require_POST
def inbox_pass(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Pass one's step to the next with a note."""
    try:
        services.pass_task(task=pk, by=officer, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã chuyển bước tiếp theo.")
    return redirect("backoffice:inbox")


@officer_required()
@require_POST
def inbox_send_back(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Send the dossier back to the previous step with a reason."""
    try:
        services.send_back(task=pk, by=officer, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã trả lại bước trước.")
    return redirect("backoffice:inbox")
