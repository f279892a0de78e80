import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.notifications.models import DeliveryChannel, MessageKind, MessageTemplate
from motcua.notifications.rendering import SAMPLE, VARIABLES, render, template_problems

pytestmark = pytest.mark.django_db


def test_every_kind_has_a_seeded_vietnamese_template_per_channel_that_renders():
    templates = {(t.kind, t.channel): t for t in MessageTemplate.objects.all()}
    assert set(templates) == {(k.value, c.value) for k in MessageKind for c in DeliveryChannel}
    for template in templates.values():
        assert template_problems(template.subject, template.body, channel=template.channel) == []
        assert SAMPLE["dossier_code"] in render(template.body, SAMPLE)


def test_the_documented_variables_all_have_sample_values():
    assert set(SAMPLE) == set(VARIABLES)


def test_a_template_naming_an_unknown_variable_is_refused():
    template = MessageTemplate.objects.get(kind=MessageKind.RESULT_READY, channel="email")
    template.body = "Hồ sơ {{ dossier_code }} của {{ ho_ten }}"
    with pytest.raises(ValidationError, match="ho_ten"):
        template.full_clean()


def test_a_template_that_does_not_compile_is_refused():
    template = MessageTemplate.objects.get(kind=MessageKind.RESULT_READY, channel="sms")
    template.body = "Hồ sơ {% if dossier_code %}{{ dossier_code }}"
    with pytest.raises(ValidationError, match="sai cú pháp"):
        template.full_clean()


def test_an_email_needs_a_subject_and_an_sms_must_stay_short():
    assert template_problems("", "Nội dung", channel="email") == ["Email phải có tiêu đề."]
    problems = template_problems("", "{{ procedure_name }} " * 30, channel="sms")
    assert len(problems) == 1
    assert "vượt quá" in problems[0]


def test_admin_edits_a_template_and_sees_a_preview(admin_client):
    template = MessageTemplate.objects.get(kind=MessageKind.EXTENDED, channel="email")
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert SAMPLE["new_due_on"] in page.content.decode()
    refused = admin_client.post(
        url, {"subject": "Gia hạn", "body": "Hẹn mới {{ ngay_moi }}", "is_active": "on"}
    )
    assert refused.status_code == 200
    assert "ngay_moi" in refused.content.decode()
    saved = admin_client.post(
        url, {"subject": "Gia hạn", "body": "Hẹn mới {{ new_due_on }}", "is_active": "on"}
    )
    assert saved.status_code == 302
    template.refresh_from_db()
    assert template.body == "Hẹn mới {{ new_due_on }}"


def test_admin_lists_notifications_read_only(admin_client):
    page = admin_client.get(reverse("admin:notifications_notification_changelist") + "?state=sent")
    assert page.status_code == 200
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
