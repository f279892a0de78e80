"""Two submissions of the same intake form at the same moment (PostgreSQL row locks)."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from motcua.backoffice.models import IntakeSubmission
from motcua.dossiers.models import Dossier, DossierCodeCounter

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("calendar_years"),
]


def test_simultaneous_submissions_of_one_form_create_one_dossier(desk_officer, intake_procedure):
    papers = [
        component.pk
        for component_set in intake_procedure.current_version.component_sets.all()
        for component in component_set.components.all()
    ]
    data = {
        "token": str(uuid.uuid4()),
        "applicant_name": "Nguyễn Thị Hương Giang",
        "applicant_id_no": "038190001234",
        "action": "accept",
        **{f"c{pk}": "on" for pk in papers},
    }
    start = threading.Barrier(3)
    locations: list[str] = []

    def submit() -> None:
        client = Client()
        client.force_login(desk_officer.account)
        try:
            start.wait()
            response = client.post("/backoffice/tiep-nhan/1.001193/", data)
            locations.append(response["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    dossier = Dossier.objects.get()
    assert len(locations) == 3
    assert set(locations) == {f"/backoffice/ho-so/{dossier.pk}/"}
    assert IntakeSubmission.objects.get().dossier == dossier
    # No code was consumed by the losers: the day's counter stands at one.
    assert DossierCodeCounter.objects.get().last_value == 1
