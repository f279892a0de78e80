import pytest
from django.urls import reverse

from motcua.workflow.models import Workflow

pytestmark = pytest.mark.django_db


def _post(admin_client, procedure, appraise: str):
    data = {
        "procedure": procedure.pk,
        "case_code": "",
        "name": "Quy trình nội bộ",
        "is_active": "on",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-position": "1",
        "steps-0-name": "Thẩm định",
        "steps-0-kind": "appraise",
        "steps-0-place": "competent",
        "steps-0-role": "specialist",
        "steps-0-amount": appraise,
        "steps-0-unit": "working_day",
        "steps-1-position": "2",
        "steps-1-name": "Phê duyệt",
        "steps-1-kind": "approve",
        "steps-1-place": "competent",
        "steps-1-role": "head_of_unit",
        "steps-1-amount": "1",
        "steps-1-unit": "working_day",
    }
    return admin_client.post(reverse("admin:workflow_workflow_add"), data)


def test_the_admin_refuses_steps_exceeding_the_legal_time(clock, admin_client, procedure):
    response = _post(admin_client, procedure, "5")
    assert response.status_code == 200
    assert "vượt thời hạn" in response.content.decode()
    assert not Workflow.objects.exists()


def test_the_admin_saves_steps_within_the_legal_time(clock, admin_client, procedure):
    response = _post(admin_client, procedure, "4")
    assert response.status_code == 302
    assert Workflow.objects.get().steps.count() == 2
