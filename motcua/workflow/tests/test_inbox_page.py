import datetime as dt

import pytest
from django.urls import reverse

from motcua.backoffice.views import inbox as inbox_views
from motcua.dossiers.services import transfer
from motcua.dossiers.tests.factories import ApplicantFactory, DossierFactory
from motcua.workflow.models import StepTask

from .conftest import VN

pytestmark = pytest.mark.django_db


def test_the_inbox_page_shows_marks_and_passes_a_step(
    client, clock, received, desk_officer, specialist
):
    received.due_at = dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN)
    transfer(dossier=received, by=desk_officer)
    client.force_login(specialist.account)
    page = client.get(reverse("backoffice:inbox"), {"q": "", "ma": received.code})
    assert page.status_code == 200
    assert received.code in page.content.decode()
    # The code opens the processing page, which every unit on the route may open.
    assert reverse("backoffice:processing", args=[received.pk]) in page.content.decode()
    task = StepTask.objects.open().get(dossier=received)
    done = client.post(reverse("backoffice:inbox_pass", args=[task.pk]), {"note": "Đạt"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert not task.is_open


def test_a_wrong_role_gets_a_clear_message_and_nothing_changes(
    client, clock, received, desk_officer, head
):
    transfer(dossier=received, by=desk_officer)
    client.force_login(head.account)
    task = StepTask.objects.open().get(dossier=received)
    response = client.post(reverse("backoffice:inbox_pass", args=[task.pk]), follow=True)
    assert "Chuyên viên xử lý" in response.content.decode()
    task.refresh_from_db()
    assert task.is_open


def test_the_inbox_pages_without_counting_and_keeps_the_filters(
    client, clock, centre, department, procedure, desk_officer, specialist, monkeypatch
):
    monkeypatch.setattr(inbox_views, "PAGE_SIZE", 1)
    # Two steps of the same applicant, the first due sooner; one per page.
    dossiers = []
    for due in (
        dt.datetime(2023, 10, 30, 17, 0, tzinfo=VN),
        dt.datetime(2023, 11, 3, 17, 0, tzinfo=VN),
    ):
        dossier = DossierFactory(
            procedure=procedure,
            receiving_agency=centre,
            competent_agency=department,
            due_at=due,
            applicant=ApplicantFactory(name="Lê Thị Hoa"),
        )
        transfer(dossier=dossier, by=desk_officer)
        dossiers.append(dossier)
    soon, later = (StepTask.objects.open().get(dossier=d) for d in dossiers)
    assert soon.due_soon_at is not None
    clock.set(soon.due_soon_at + dt.timedelta(minutes=1))
    client.force_login(specialist.account)
    url = reverse("backoffice:inbox")
    first = client.get(url, {"q": "le thi hoa"})
    html = first.content.decode()
    assert first.status_code == 200
    assert soon.dossier_code in html
    assert later.dossier_code not in html
    assert "Sắp đến hạn" in html
    assert "q=le+thi+hoa&amp;trang=2" in html
    second = client.get(url, {"q": "le thi hoa", "trang": "2"}).content.decode()
    assert later.dossier_code in second
    assert "Trang trước" in second
    assert "Trang sau" not in second
    clock.set(soon.due_at + dt.timedelta(minutes=1))
    assert "Quá hạn" in client.get(url, {"q": "le thi hoa"}).content.decode()
    past_the_end = client.get(url, {"trang": "99"}).content.decode()
    assert "Không còn hồ sơ nào ở trang này." in past_the_end
    assert client.get(url, {"trang": "abc"}).status_code == 200
