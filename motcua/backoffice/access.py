"""Who may use the officer pages, and which dossiers an officer may open."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.agencies.models import Officer, Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.policies import can_view

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
OfficerView = Callable[Concatenate[HttpRequest, Officer, P], R]


def officer_of(request: HttpRequest) -> Officer | None:
    """The officer profile behind the logged-in user, with roles and agency loaded."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return None
    officer = (
        Officer.objects.select_related("agency", "agency__parent")
        .prefetch_related("role_grants")
        .filter(user_id=user.pk)
        .first()
    )
    if officer is not None and isinstance(user, User):
        # Link both ways to the request's own user: `officer.user` and the templates'
        # `user.officer` then need no query of their own.
        user.officer = officer
    return officer


def officer_required(
    *roles: Role,
) -> Callable[[OfficerView[P, R]], Callable[Concatenate[HttpRequest, P], R]]:
    """Log in first (anonymous users go to the login page), be an officer, hold one of `roles`.

    The view receives the officer as its second argument.
    """

    def decorate(view: OfficerView[P, R]) -> Callable[Concatenate[HttpRequest, P], R]:
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
            officer = officer_of(request)
            if officer is None:
                raise PermissionDenied(_("Trang này chỉ dành cho cán bộ, công chức."))
            if roles and not set(roles) & officer.roles:
                needed = ", ".join(str(role.label) for role in roles)
                raise PermissionDenied(_("Cần vai trò: %(roles)s.") % {"roles": needed})
            return view(request, officer, *args, **kwargs)

        update_wrapper(wrapper, view)
        return login_required(wrapper)

    return decorate


def dossier_for(officer: Officer, pk: int) -> Dossier:
    """A dossier the officer's agency received or decides; 404 for any other.

    Another agency's dossier answers exactly like a missing one, so ids cannot be probed.
    """
    dossier = (
        Dossier.objects.select_related(
            "procedure",
            "procedure_version",
            "case",
            "receiving_agency",
            "receiving_agency__parent",
            "competent_agency",
            "received_by__user",
        )
        .filter(pk=pk)
        .first()
    )
    if dossier is None or not can_view(officer, dossier):
        raise Http404(_("Không có hồ sơ này trong đơn vị của bạn."))
    return dossier
