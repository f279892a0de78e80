"""Reading dossiers: what an actor may see, with what is needed to show it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, Q

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Officer
from motcua.api.models import ApiKey
from motcua.catalog.models import Procedure, ProcedureVersion
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


@dataclass(frozen=True)
class IntakeTarget:
    """The procedure and receiving agency of an online submission, and whether they match."""

    procedure: Procedure
    agency: Agency
    receives: bool


def _intake_sql() -> str:
    quote = connection.ops.quote_name
    procedure = quote(Procedure._meta.db_table)
    version = quote(ProcedureVersion._meta.db_table)
    agency = quote(Agency._meta.db_table)
    receivers = quote(Procedure.receiving_agencies.through._meta.db_table)
    return (
        "SELECT p.id, p.code, p.is_active, p.competent_agency_id, p.cutoff_time, "  # noqa: S608
        "p.current_version_id, v.procedure_id, v.source_hash, a.id, a.code, a.name, "
        f"EXISTS (SELECT 1 FROM {receivers} r WHERE r.procedure_id = p.id), "
        f"EXISTS (SELECT 1 FROM {receivers} r WHERE r.procedure_id = p.id AND r.agency_id = a.id) "
        f"FROM {procedure} p LEFT JOIN {version} v ON v.id = p.current_version_id "
        f"CROSS JOIN {agency} a WHERE p.code = %s AND a.code = %s"
    )


_CUTOFF = Procedure._meta.get_field("cutoff_time")


def intake_target(procedure_code: str, agency_code: str) -> IntakeTarget:
    """Procedure (with its current version) and agency by code in one round trip.

    Online submission is the hot path of intake (bench/bench_intake.py); the ORM would take three
    queries. The instances carry only what intake reads; other fields load on access.
    """
    with connection.cursor() as cursor:
        cursor.execute(_intake_sql(), [procedure_code, agency_code])
        row = cursor.fetchone()
    if row is None:
        if not Procedure.objects.filter(code=procedure_code).exists():
            raise NotFoundError(f"Không có thủ tục mã {procedure_code}.")
        raise NotFoundError(f"Không có cơ quan mã {agency_code}.")
    (p_id, p_code, active, competent_id, cutoff, version_id, v_procedure, v_hash) = row[:8]
    (a_id, a_code, a_name, restricted, listed) = row[8:]
    procedure = Procedure.from_db(
        connection.alias,
        ["id", "code", "is_active", "competent_agency_id", "cutoff_time", "current_version_id"],
        [p_id, p_code, bool(active), competent_id, _CUTOFF.to_python(cutoff), version_id],
    )
    if version_id is not None:
        procedure.current_version = ProcedureVersion.from_db(
            connection.alias,
            ["id", "procedure_id", "source_hash"],
            [version_id, v_procedure, v_hash],
        )
    agency = Agency.from_db(connection.alias, ["id", "code", "name"], [a_id, a_code, a_name])
    return IntakeTarget(procedure=procedure, agency=agency, receives=not restricted or bool(listed))


def officer_of(user: User) -> Officer | None:
    """The officer profile of a logged-in user, with agency and roles loaded."""
    return (
        Officer.objects.select_related("agency", "user")
        .prefetch_related("role_grants")
        .filter(user=user, user__is_active=True)
        .first()
    )
