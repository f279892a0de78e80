"""The officer's start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.agencies.models import Officer, Role
from motcua.backoffice.access import officer_required
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status


@officer_required()
def home(request: HttpRequest, officer: Officer) -> HttpResponse:
    """Where an officer starts: intake for the desk, the agency's open dossiers for everyone."""
    dossiers = Dossier.objects.for_agency(officer.agency)
    context = {
        "section": "home",
        "officer": officer,
        "is_desk": officer.has_role(Role.COUNTER_OFFICER),
        "open_count": dossiers.open().count(),
        "to_transfer_count": dossiers.filter(
            status=Status.RECEIVED, receiving_agency=officer.agency
        ).count(),
        "to_return_count": dossiers.filter(
            status=Status.RESULT_READY, receiving_agency=officer.agency
        ).count(),
    }
    return render(request, "backoffice/home.html", context)
