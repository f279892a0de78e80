"""Reading dossiers: what an actor may see, with what is needed to show it."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from motcua.accounts.models import User
from motcua.agencies.models import Officer
from motcua.api.models import ApiKey
from motcua.core.errors import NotFoundError
from motcua.dossiers.models import Dossier, DossierEvent, DossierQuerySet
from motcua.dossiers.services.lifecycle import Actor


def visible_dossiers(actor: Actor) -> DossierQuerySet:
    """Dossiers `actor` may see: an officer their agency's (receiving or competent), a key its
    agency's (all for a province-wide key), a citizen their own, nobody else anything."""
    dossiers = Dossier.objects.select_related(
        "procedure", "procedure_version", "receiving_agency", "competent_agency"
    )
    if isinstance(actor, Officer):
        return dossiers.for_agency(actor.agency)
    if isinstance(actor, ApiKey):
        if actor.agency_id is None:
            return dossiers.all()
        return dossiers.filter(
            Q(receiving_agency_id=actor.agency_id) | Q(competent_agency_id=actor.agency_id)
        )
    if isinstance(actor, User):
        if actor.is_superuser:
            return dossiers.all()
        return dossiers.owned_by(actor)
    return dossiers.none()


def dossier_for(actor: Actor, pk: int | str) -> Dossier:
    """One visible dossier with its checklist, files, history, pauses; 404 when not visible."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise NotFoundError("Không tìm thấy hồ sơ.") from None
    dossier = (
        visible_dossiers(actor)
        .select_related("extension")
        .prefetch_related(
            "components",
            "files",
            "clock_pauses",
            Prefetch("events", queryset=DossierEvent.objects.order_by("at", "pk")),
        )
        .filter(pk=key)
        .first()
    )
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ (hoặc bạn không có quyền xem hồ sơ này).")
    return dossier


def officer_of(user: User) -> Officer | None:
    """The officer profile of a logged-in user, with agency and roles loaded."""
    return (
        Officer.objects.select_related("agency", "user")
        .prefetch_related("role_grants")
        .filter(user=user, user__is_active=True)
        .first()
    )
