"""Who may see and act on a dossier: the receiving desk, the competent agency, its owner, a key."""

from __future__ import annotations

from collections.abc import Iterable

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Officer, Role
from motcua.agencies.oversight import oversees
from motcua.api.models import ApiKey
from motcua.core.errors import PermissionDeniedError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.lifecycle import Actor

# Roles of the one-stop desk (intake, transfer, return) and of the deciding agency.
DESK_ROLES = frozenset({Role.COUNTER_OFFICER})
PROCESSING_ROLES = frozenset({Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER})
EXTENSION_ROLES = frozenset({Role.COUNTER_OFFICER, Role.HEAD_OF_UNIT, Role.LEADER})


def _role_names(roles: Iterable[Role]) -> str:
    return ", ".join(str(role.label) for role in roles)


def require_officer(
    by: Actor, *, roles: frozenset[Role], agencies: Iterable[Agency | None], doing: str
) -> Officer:
    """The acting officer, if they hold one of `roles` in one of `agencies`; else refuse."""
    if not isinstance(by, Officer):
        raise PermissionDeniedError(f"Chỉ cán bộ có thẩm quyền mới được {doing}.")
    agency_ids = {agency.pk for agency in agencies if agency is not None}
    if by.agency_id not in agency_ids:
        raise PermissionDeniedError(
            f"Cán bộ của {by.agency.name} không được {doing} đối với hồ sơ của cơ quan khác."
        )
    if not roles & by.roles:
        raise PermissionDeniedError(f"Cần vai trò {_role_names(roles)} để {doing}.")
    return by


def require_desk_officer(by: Actor, agency: Agency, *, doing: str) -> Officer:
    """A counter officer of the receiving desk."""
    return require_officer(by, roles=DESK_ROLES, agencies=[agency], doing=doing)


def is_delegated_on_the_spot(by: Actor, dossier: Dossier) -> bool:
    """A counter officer authorised to decide a "4 tại chỗ" procedure at the receiving desk.

    ND 118 Art. 8.1.c and 17.5 let the desk officer decide on the spot when so authorised.
    """
    return (
        isinstance(by, Officer)
        and by.can_decide_on_spot
        and by.agency_id == dossier.receiving_agency_id
        and Role.COUNTER_OFFICER in by.roles
        and dossier.procedure.is_on_the_spot
    )


def require_processing_officer(by: Actor, dossier: Dossier, *, doing: str) -> Officer:
    """An officer of the competent agency who appraises, approves or signs.

    For a "4 tại chỗ" procedure, also the authorised counter officer of the receiving desk.
    """
    if isinstance(by, Officer) and is_delegated_on_the_spot(by, dossier):
        return by
    return require_officer(
        by, roles=PROCESSING_ROLES, agencies=[dossier.competent_agency], doing=doing
    )


def is_applicant_side(by: Actor, dossier: Dossier) -> bool:
    """Whether `by` speaks for the applicant: the owner's account or a key of the agency."""
    if isinstance(by, User):
        return dossier.owner_id is not None and dossier.owner_id == by.pk
    if isinstance(by, ApiKey):
        return key_covers(by, dossier)
    return False


def key_covers(key: ApiKey, dossier: Dossier) -> bool:
    """A key without an agency serves the whole province; otherwise only its agency's dossiers."""
    if key.agency_id is None:
        return True
    return key.agency_id in (dossier.receiving_agency_id, dossier.competent_agency_id)


def can_view(by: Actor, dossier: Dossier) -> bool:
    """Whether `by` may read the dossier and download its files."""
    if isinstance(by, Officer):
        agencies = (dossier.receiving_agency_id, dossier.competent_agency_id)
        # Its own agency's dossiers, or those of the agencies it oversees (supervisors, leaders
        # and heads of unit read the lists behind their statistics).
        return by.agency_id in agencies or any(oversees(by, pk) for pk in agencies)
    if isinstance(by, ApiKey):
        return key_covers(by, dossier)
    if isinstance(by, User):
        if by.is_superuser:
            return True
        officer = getattr(by, "officer", None)
        if isinstance(officer, Officer):
            return can_view(officer, dossier)
        return dossier.owner_id is not None and dossier.owner_id == by.pk
    return False
