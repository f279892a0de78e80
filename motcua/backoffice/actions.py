"""The lifecycle actions the dossier page offers, each backed by one dossier service.

Whether an action is offered is asked of the domain itself: the lifecycle table
(`states.can_move`) and the policies the service will apply (`policies.require_*`). The page
never re-states who may do what.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Officer
from motcua.backoffice.forms import (
    AcceptOnlineForm,
    RefuseForm,
    ResultReadyForm,
    ReturnResultForm,
    SupplementForm,
    TransferForm,
    VersionedForm,
    WithdrawForm,
)
from motcua.core.errors import PermissionDeniedError
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.policies import require_desk_officer, require_processing_officer
from motcua.dossiers.states import Status, can_move


def _is_desk(officer: Officer, dossier: Dossier) -> bool:
    try:
        require_desk_officer(officer, dossier.receiving_agency, doing="")
    except PermissionDeniedError:
        return False
    return True


def _is_processing(officer: Officer, dossier: Dossier) -> bool:
    try:
        require_processing_officer(officer, dossier, doing="")
    except PermissionDeniedError:
        return False
    return True


def _moves_to(target: Status) -> Callable[[Dossier], bool]:
    return lambda dossier: can_move(dossier.status, target)


def _accept_online(officer: Officer, dossier: Dossier, form: forms.Form) -> Dossier:
    return services.accept_online(
        dossier=dossier,
        by=officer,
        note=form.cleaned_data.get("note") or "",
        expected_version=form.cleaned_data["version"],
    )


def _refuse(officer: Officer, dossier: Dossier, form: forms.Form) -> Dossier:
    return services.refuse_dossier(
        dossier=dossier,
        by=officer,
        reasons=form.cleaned_data["reasons"],
        expected_version=form.cleaned_data["version"],
    )


def _transfer(officer: Officer, dossier: Dossier, form: forms.Form) -> Dossier:
    return services.transfer(
        dossier=dossier, by=officer, expected_version=form.cleaned_data["version"]
    )


def _request_supplement(officer: Officer, dossier: Dossier, form: forms.Form) -> Dossier:
    assert isinstance(form, SupplementForm)  # noqa: S101 (the registry pairs them)
    return services.request_supplement(
        dossier=dossier,
        by=officer,
        missing=form.missing_items(),
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )


def _result_ready(officer: Officer, dossier: Dossier, form: forms.Form) -> Dossier:
    return services.mark_result_ready(
        dossier=dossier,
        by=officer,
        note=form.cleaned_data.get("note") or "",
        expected_version=form.cleaned_data["version"],
    )


def _return_result(officer: Officer, dossier: Dossier, form: forms.Form) -> Dossier:
    data = form.cleaned_data
    return services.return_result(
        dossier=dossier,
        by=officer,
        collected_by_name=data["collected_by_name"],
        collected_by_id_no=data.get("collected_by_id_no") or "",
        method=data["method"],
        note=data.get("note") or "",
        expected_version=data["version"],
    )


def _withdraw(officer: Officer, dossier: Dossier, form: forms.Form) -> Dossier:
    return services.withdraw(
        dossier=dossier,
        by=officer,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )


@dataclass(frozen=True)
class DossierAction:
    """One button (with its small form) on the dossier page."""

    key: str
    label: str | Promise
    form_class: type[VersionedForm]
    status_allows: Callable[[Dossier], bool]
    officer_may: Callable[[Officer, Dossier], bool]
    perform: Callable[[Officer, Dossier, forms.Form], Dossier]
    done: str | Promise
    is_destructive: bool = False

    def is_available(self, officer: Officer, dossier: Dossier) -> bool:
        """Whether the table allows the move now and the officer may make it."""
        return self.status_allows(dossier) and self.officer_may(officer, dossier)


ACTIONS: Final[Mapping[str, DossierAction]] = {
    action.key: action
    for action in (
        DossierAction(
            key="tiep-nhan",
            label=_("Tiếp nhận hồ sơ nộp trực tuyến"),
            form_class=AcceptOnlineForm,
            status_allows=lambda d: d.status == Status.SUBMITTED,
            officer_may=_is_desk,
            perform=_accept_online,
            done=_("Đã tiếp nhận hồ sơ; tải Giấy tiếp nhận để gửi người nộp."),
        ),
        DossierAction(
            key="tu-choi",
            label=_("Từ chối tiếp nhận"),
            form_class=RefuseForm,
            status_allows=_moves_to(Status.REFUSED),
            officer_may=_is_desk,
            perform=_refuse,
            done=_("Đã từ chối tiếp nhận; tải Phiếu từ chối (Mẫu 03) để gửi người nộp."),
            is_destructive=True,
        ),
        DossierAction(
            key="chuyen-xu-ly",
            label=_("Chuyển cơ quan giải quyết"),
            form_class=TransferForm,
            status_allows=lambda d: d.status == Status.RECEIVED,
            officer_may=_is_desk,
            perform=_transfer,
            done=_("Đã chuyển hồ sơ cho cơ quan giải quyết."),
        ),
        DossierAction(
            key="yeu-cau-bo-sung",
            label=_("Yêu cầu bổ sung hồ sơ"),
            form_class=SupplementForm,
            status_allows=lambda d: d.status in (Status.RECEIVED, Status.IN_PROGRESS),
            officer_may=_is_processing,
            perform=_request_supplement,
            done=_("Đã gửi yêu cầu bổ sung; thời hạn giải quyết tạm dừng."),
        ),
        DossierAction(
            key="co-ket-qua",
            label=_("Chuyển kết quả về Bộ phận Một cửa"),
            form_class=ResultReadyForm,
            status_allows=_moves_to(Status.RESULT_READY),
            officer_may=_is_processing,
            perform=_result_ready,
            done=_("Hồ sơ đã có kết quả, chờ trả cho người nộp."),
        ),
        DossierAction(
            key="tra-ket-qua",
            label=_("Trả kết quả"),
            form_class=ReturnResultForm,
            status_allows=_moves_to(Status.RETURNED),
            officer_may=_is_desk,
            perform=_return_result,
            done=_("Đã trả kết quả."),
        ),
        DossierAction(
            key="rut-ho-so",
            label=_("Rút hồ sơ theo đề nghị"),
            form_class=WithdrawForm,
            status_allows=_moves_to(Status.WITHDRAWN),
            officer_may=_is_desk,
            perform=_withdraw,
            done=_("Đã rút hồ sơ theo đề nghị của người nộp."),
            is_destructive=True,
        ),
    )
}


def available_actions(officer: Officer, dossier: Dossier) -> list[DossierAction]:
    """The actions the page offers this officer on this dossier now."""
    return [action for action in ACTIONS.values() if action.is_available(officer, dossier)]
