import datetime as dt

import pytest
from django.urls import reverse

from motcua.dossiers.services import transfer
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
