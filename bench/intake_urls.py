"""URLs of the intake benchmark: the whole app plus `bench/bare-intake/` (bench only)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as app_urlpatterns
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Applicant, Dossier, DossierEvent
from motcua.dossiers.states import Status

_ids: dict[str, Any] = {}


def _references(procedure_code: str) -> dict[str, Any]:
    """IDs the bare view needs, looked up once per worker (it does no validation at all)."""
    if not _ids:
        procedure = Procedure.objects.select_related("current_version").get(code=procedure_code)
        agency = procedure.receiving_agencies.get()
        applicant = Applicant.objects.order_by("pk").first()
        _ids.update(
            procedure_id=procedure.pk,
            version_id=procedure.current_version_id,
            agency_id=agency.pk,
            applicant_id=applicant.pk if applicant else None,
        )
    return _ids


@csrf_exempt
@require_POST
def bare_intake(request: HttpRequest) -> JsonResponse:
    """The floor: parse JSON, insert the same dossier and event rows, answer JSON."""
    body = json.loads(request.body)
    ids = _references(body["procedure_code"])
    now = timezone.now()
    applicant = body["applicant"]
    with transaction.atomic():
        dossier = Dossier.objects.create(
            code=f"BARE-{uuid.uuid4().hex[:20]}",
            status=Status.SUBMITTED,
            channel="online",
            procedure_id=ids["procedure_id"],
            procedure_version_id=ids["version_id"],
            receiving_agency_id=ids["agency_id"],
            competent_agency_id=ids["agency_id"],
            applicant_id=ids["applicant_id"],
            applicant_kind="person",
            applicant_name=applicant["name"],
            applicant_id_no=applicant["id_no"],
            applicant_phone=applicant.get("phone", ""),
            submitted_at=now,
        )
        DossierEvent.objects.create(
            dossier=dossier,
            at=now,
            action="submitted",
            from_status="",
            to_status=Status.SUBMITTED,
            actor_name="bench",
        )
    return JsonResponse(
        {"id": dossier.pk, "code": dossier.code, "status": 1, "due_at": None}, status=201
    )


urlpatterns = [path("bench/bare-intake/", bare_intake), *app_urlpatterns]
