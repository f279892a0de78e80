"""The officer's inbox: open steps for one's role and unit, with claim and pass actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from motcua.agencies.models import Officer, Role
from motcua.backoffice.access import officer_required
from motcua.core.errors import DomainError
from motcua.dossiers.states import Status
from motcua.workflow import services
from motcua.workflow.selectors import InboxRow, inbox, inbox_page

PAGE_SIZE = 20
# A page number past this is read as this one: nobody pages that far, and each page is an offset.
MAX_PAGE = 10_000


# Stands for a row's id in a URL reversed once per page (no real id is this large).
_SLOT = 987_654_321_987


@dataclass(frozen=True)
class _Line:
    """One inbox row with the links of its actions."""

    row: InboxRow
    key: str  # the task's id, for the rows' field ids (not number-formatted)
    processing: str
    assign: str
    claim: str
    pass_on: str
    send_back: str


class _Links:
    """The row actions' URLs, reversed once a page: a row fills in its own id."""

    def __init__(self) -> None:
        names = ("processing", "inbox_assign", "inbox_claim", "inbox_pass", "inbox_send_back")
        self.parts = {
            name: reverse(f"backoffice:{name}", args=[_SLOT]).split(str(_SLOT)) for name in names
        }

    def of(self, name: str, pk: int) -> str:
        head, tail = self.parts[name]
        return f"{head}{pk}{tail}"

    def line(self, row: InboxRow) -> _Line:
        pk = row.task.pk
        return _Line(
            row,
            key=str(pk),
            processing=self.of("processing", row.task.dossier_id),
            assign=self.of("inbox_assign", pk),
            claim=self.of("inbox_claim", pk),
            pass_on=self.of("inbox_pass", pk),
            send_back=self.of("inbox_send_back", pk),
        )


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


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
    page = inbox_page(tasks, number=_page_number(request.GET.get("trang")), size=PAGE_SIZE)
    links = _Links()
    kept = request.GET.copy()
    kept.pop("trang", None)
    context = {
        "section": "inbox",
        "officer": officer,
        "page": page,
        "lines": [links.line(row) for row in page.rows],
        "filters": filters,
        "filter_query": kept.urlencode(),
        "statuses": Status.choices,
        "can_assign": bool({Role.HEAD_OF_UNIT, Role.LEADER} & officer.roles),
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
