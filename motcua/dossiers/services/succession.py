"""When an agency is succeeded (the 2025 restructuring), its open dossiers follow its successor."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier, DossierEvent, EventAction
from motcua.dossiers.services.lifecycle import SYSTEM_NAME
from motcua.dossiers.states import OPEN


def move_open_dossiers(agency: Agency, successor: Agency) -> dict[str, int]:
    """Point open dossiers of `agency` (receiving or competent) at `successor`, with history.

    Registered in OPEN_WORK_MOVERS; runs inside `succeed_agency`'s transaction.
    """
    affected = Dossier.objects.select_for_update().filter(
        Q(receiving_agency=agency) | Q(competent_agency=agency), status__in=OPEN
    )
    rows = list(affected.values_list("pk", "status", "receiving_agency_id", "competent_agency_id"))
    if not rows:
        return {"dossiers": 0}
    ids = [pk for pk, *_ in rows]
    Dossier.objects.filter(pk__in=ids, receiving_agency=agency).update(
        receiving_agency=successor, version=F("version") + 1, updated_at=timezone.now()
    )
    Dossier.objects.filter(pk__in=ids, competent_agency=agency).update(
        competent_agency=successor, version=F("version") + 1, updated_at=timezone.now()
    )
    now = timezone.now()
    note = f"{agency.name} ({agency.code}) được kế thừa bởi {successor.name} ({successor.code})."
    DossierEvent.objects.bulk_create(
        DossierEvent(
            dossier_id=pk,
            at=now,
            action=EventAction.AGENCY_SUCCEEDED,
            from_status=status,
            to_status=status,
            actor_name=SYSTEM_NAME,
            note=note,
            data={
                "from": agency.code,
                "to": successor.code,
                "receiving": receiving == agency.pk,
                "competent": competent == agency.pk,
            },
        )
        for pk, status, receiving, competent in rows
    )
    return {"dossiers": len(rows)}
