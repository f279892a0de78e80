"""A dossier's processing page (route, open step, opinions, history) and consultations.

Every unit the dossier passes through, and every agency asked for an opinion, may open the page;
the actions themselves are checked again by the workflow services.
"""

from __future__ import annotations

from typing import Any, Final

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.agencies.models import Officer
from motcua.backoffice.access import officer_required
from motcua.backoffice.consultation_forms import (
    AnswerOpinionForm,
    AskOpinionForm,
    PassForm,
    SendBackForm,
)
from motcua.backoffice.views.dossiers import file_download
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, DossierFile
from motcua.workflow import services
from motcua.workflow.models import StepTask
from motcua.workflow.processing_selectors import (
    consultation_agencies,
    consultation_for,
    consultations_answered,
    consultations_asked,
    consultations_to_answer,
    followed_dossier,
    may_act_on,
    may_answer,
    processing_overview,
)

TASK_ACTIONS: Final = ("nhan", "chuyen", "tra-lai")


def _dossier(officer: Officer, pk: int) -> Dossier:
    dossier = followed_dossier(officer, pk)
    if dossier is None:
        raise Http404(_("Không có hồ sơ này trong các đơn vị bạn theo dõi."))
    return dossier


def _page(
    request: HttpRequest,
    officer: Officer,
    dossier: Dossier,
    *,
    ask_form: AskOpinionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = processing_overview(dossier)
    can_act = overview.is_open and may_act_on(officer, overview.open_task)
    context: dict[str, Any] = {
        "section": "dossiers",
        "officer": officer,
        "dossier": dossier,
        "overview": overview,
        "can_act": can_act,
        "is_desk_side": officer.agency_id
        in (dossier.receiving_agency_id, dossier.competent_agency_id),
        "files": DossierFile.objects.filter(dossier=dossier).order_by("uploaded_at", "pk"),
    }
    if can_act:
        context["ask_form"] = ask_form or AskOpinionForm()
        context["agencies"] = consultation_agencies(officer)
        context["pass_form"] = PassForm()
        context["back_form"] = SendBackForm()
    return render(request, "backoffice/processing/dossier.html", context, status=status)


@officer_required()
@require_GET
def processing(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """The dossier's route step by step, the open step's actions, opinions asked and history."""
    return _page(request, officer, _dossier(officer, pk))


@officer_required()
@require_GET
def processing_file(request: HttpRequest, officer: Officer, pk: int, file_pk: int) -> FileResponse:
    """Download a file of the dossier for a unit on its route or asked for an opinion."""
    return file_download(_dossier(officer, pk), file_pk)


@officer_required()
@require_POST
def ask_opinion(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """Ask another agency's opinion during the officer's open step, with a deadline."""
    dossier = _dossier(officer, pk)
    form = AskOpinionForm(request.POST)
    task = StepTask.objects.open().filter(dossier=dossier).first()
    if form.is_valid():
        if task is None:
            form.add_error(None, _("Hồ sơ không có bước nào đang chờ xử lý."))
        else:
            try:
                services.ask_opinion(
                    task=task,
                    by=officer,
                    to_agency_code=form.cleaned_data["co_quan"],
                    question=form.cleaned_data["noi_dung"],
                    working_days=form.cleaned_data["so_ngay"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã gửi xin ý kiến."))
                return redirect("backoffice:processing", pk=dossier.pk)
    if task is None or not may_act_on(officer, task):
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return redirect("backoffice:processing", pk=dossier.pk)
    return _page(request, officer, dossier, ask_form=form, status=400)


@officer_required()
@require_POST
def task_action(
    request: HttpRequest, officer: Officer, pk: int, task_pk: int, action: str
) -> HttpResponse:
    """Claim, pass on or send back the dossier's open step from its processing page."""
    dossier = _dossier(officer, pk)
    if action not in TASK_ACTIONS:
        raise Http404(_("Không có thao tác này."))
    if not StepTask.objects.filter(pk=task_pk, dossier=dossier).exists():
        raise Http404(_("Không có công việc này trong hồ sơ."))
    try:
        if action == "nhan":
            services.claim_task(task=task_pk, by=officer)
            done = _("Đã nhận xử lý.")
        elif action == "chuyen":
            pass_form = PassForm(request.POST)
            if not pass_form.is_valid():
                raise DomainError(str(pass_form.errors["ghi_chu"][0]))
            services.pass_task(task=task_pk, by=officer, note=pass_form.cleaned_data["ghi_chu"])
            done = _("Đã chuyển bước tiếp theo.")
        else:
            back_form = SendBackForm(request.POST)
            if not back_form.is_valid():
                raise DomainError(str(back_form.errors["ly_do"][0]))
            services.send_back(task=task_pk, by=officer, reason=back_form.cleaned_data["ly_do"])
            done = _("Đã trả lại bước trước.")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("backoffice:processing", pk=dossier.pk)


@officer_required()
@require_GET
def consultation_list(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Opinions the unit is asked for, and those it asked others and still waits for."""
    context = {
        "section": "consultations",
        "officer": officer,
        "to_answer": list(consultations_to_answer(officer)),
        "asked": list(consultations_asked(officer)),
        "answered": consultations_answered(officer),
    }
    return render(request, "backoffice/consultations/list.html", context)


@officer_required()
@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, officer: Officer, pk: int) -> HttpResponse:
    """One request for an opinion: the question, and the answer or the form to give it."""
    consultation = consultation_for(officer, pk)
    if consultation is None:
        raise Http404(_("Không có yêu cầu xin ý kiến này."))
    form = AnswerOpinionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("van_ban")
        try:
            services.answer_opinion(
                consultation=consultation,
                by=officer,
                answer=form.cleaned_data["y_kien"],
                upload=upload,
                file_name=(upload.name or "") if upload is not None else "",
                file_size=upload.size if upload is not None else None,
            )
        except DomainError as error:
            if not may_answer(officer, consultation):
                messages.error(request, error.message)
                return redirect("backoffice:consultation", pk=consultation.pk)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã gửi ý kiến trả lời."))
            return redirect("backoffice:consultations")
    context = {
        "section": "consultations",
        "officer": officer,
        "consultation": consultation,
        "form": form if may_answer(officer, consultation) else None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/consultations/detail.html", context, status=status)


@officer_required()
@require_GET
def consultation_file(request: HttpRequest, officer: Officer, pk: int) -> FileResponse:
    """Download the document sent with an answer, always as an attachment of its checked type."""
    consultation = consultation_for(officer, pk)
    if consultation is None or not consultation.answer_file:
        raise Http404(_("Không có văn bản trả lời này."))
    response = FileResponse(
        consultation.answer_file.open("rb"),
        as_attachment=True,
        filename=consultation.answer_file_name,
        content_type=consultation.answer_file_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
