import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from motcua.dossiers.models import ApplicantNotice, NoticeKind
from motcua.dossiers.services import mark_result_ready
from motcua.notifications import delivery, tasks
from motcua.notifications.models import (
    DeliveryChannel,
    DeliveryState,
    MessageTemplate,
    Notification,
)

from .conftest import VN
from .gateway import FakeGateway, running_gateway

pytestmark = pytest.mark.django_db


class BrokenGateway:
    """An SMS backend whose gateway is down."""

    def send(self, to: str, text: str, idempotency_key: str) -> str:
        raise ConnectionError("cổng SMS ngừng hoạt động")


def test_result_ready_reaches_the_applicant_by_email_and_sms_after_commit(
    dossier, specialist, sms_log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mark_result_ready(dossier=dossier, by=specialist)
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    rows = {n.channel: n for n in Notification.objects.filter(dossier=dossier)}
    assert set(rows) == {DeliveryChannel.EMAIL, DeliveryChannel.SMS}
    assert all(n.state == DeliveryState.SENT and n.attempts == 1 for n in rows.values())
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["an.nguyen@example.vn"]
    assert email.subject == f"Hồ sơ {dossier.code} đã có kết quả"
    assert "Kính gửi" in str(email.body)
    assert f"/tra-cuu/?ma={dossier.code}" in str(email.body)
    assert email.extra_headers["Idempotency-Key"] == rows[DeliveryChannel.EMAIL].idempotency_key
    assert [(m.to, m.idempotency_key) for m in sms_log] == [
        ("0912345678", rows[DeliveryChannel.SMS].idempotency_key)
    ]
    assert rows[DeliveryChannel.SMS].provider_message_id == sms_log[0].message_id
    notice = ApplicantNotice.objects.get(dossier=dossier, kind=NoticeKind.RESULT_READY)
    assert notice.sent_at is not None


def test_delivering_a_notice_again_sends_nothing_more(dossier, sms_log):
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    assert delivery.deliver_notice(notice_id=notice.pk) == 2
    assert delivery.deliver_notice(notice_id=notice.pk) == 0
    tasks.sweep_applicant_messages.call()
    assert len(mail.outbox) == 1
    assert len(sms_log) == 1
    assert Notification.objects.filter(notice=notice).count() == 2


def test_only_the_channels_the_applicant_gave_are_used(dossier, sms_log):
    dossier.applicant_phone = ""
    dossier.save(update_fields=["applicant_phone"])
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    delivery.deliver_notice(notice_id=notice.pk)
    assert list(Notification.objects.values_list("channel", flat=True)) == ["email"]
    assert not sms_log


def test_the_supplement_request_lists_the_missing_papers_and_the_answer_date(dossier):
    notice = ApplicantNotice.objects.create(
        dossier=dossier,
        kind=NoticeKind.SUPPLEMENT_REQUESTED,
        payload={
            "missing": ["Giấy chứng sinh", "Bản sao CCCD của mẹ"],
            "reason": "Thiếu giấy tờ",
            "answer_by": dt.datetime(2023, 11, 20, 17, 0, tzinfo=VN).isoformat(),
        },
    )
    delivery.deliver_notice(notice_id=notice.pk)
    body = str(mail.outbox[0].body)
    assert "Giấy chứng sinh; Bản sao CCCD của mẹ" in body
    assert "Hạn bổ sung: 20/11/2023" in body
    sms = Notification.objects.get(channel=DeliveryChannel.SMS)
    assert "truoc ngay 20/11/2023" in sms.body


def test_kinds_applicants_are_not_messaged_about_make_no_rows(dossier):
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.WITHDRAWN)
    assert delivery.deliver_notice(notice_id=notice.pk) == 0
    assert not Notification.objects.exists()


def test_a_failed_send_is_recorded_and_retried_by_the_sweep(dossier, monkeypatch, sms_log):
    monkeypatch.setattr("motcua.notifications.sms.get_backend", BrokenGateway)
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    delivery.deliver_notice(notice_id=notice.pk)
    sms = Notification.objects.get(channel=DeliveryChannel.SMS)
    assert sms.state == DeliveryState.FAILED
    assert sms.attempts == 1
    assert "cổng SMS ngừng hoạt động" in sms.last_error
    assert sms.next_attempt_at is not None
    notice.refresh_from_db()
    assert notice.sent_at is None
    # Not due yet: the sweep leaves it alone.
    tasks.sweep_applicant_messages.call()
    assert Notification.objects.get(pk=sms.pk).attempts == 1
    # The gateway is back and the wait is over.
    monkeypatch.undo()
    later = timezone.now() + dt.timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    tasks.sweep_applicant_messages.call()
    sms.refresh_from_db()
    assert sms.state == DeliveryState.SENT
    assert sms.attempts == 2
    assert sms.last_error == ""
    assert len(sms_log) == 1
    notice.refresh_from_db()
    assert notice.sent_at == sms.sent_at


def test_a_message_is_given_up_after_the_maximum_attempts(dossier, monkeypatch):
    monkeypatch.setattr("motcua.notifications.sms.get_backend", BrokenGateway)
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    delivery.deliver_notice(notice_id=notice.pk)
    sms = Notification.objects.get(channel=DeliveryChannel.SMS)
    moment = timezone.now()
    for _ in range(delivery.MAX_ATTEMPTS + 2):
        moment += dt.timedelta(days=1)
        delivery.deliver_notification(sms.pk, now=moment)
    sms.refresh_from_db()
    assert sms.state == DeliveryState.FAILED
    assert sms.attempts == delivery.MAX_ATTEMPTS
    assert sms.pk not in set(delivery.notifications_to_retry(moment).values_list("pk", flat=True))


def test_a_row_held_by_a_live_lease_is_not_sent_by_another_worker(dossier, sms_log):
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    rows = delivery.prepare_notice(notice_id=notice.pk)
    sms = next(r for r in rows if r.channel == DeliveryChannel.SMS)
    assert delivery.claim(sms.pk) is not None
    assert delivery.deliver_notification(sms.pk) is False
    assert not sms_log
    expired = timezone.now() + delivery.LEASE + dt.timedelta(seconds=1)
    assert delivery.deliver_notification(sms.pk, now=expired) is True
    assert len(sms_log) == 1


def test_the_sweep_picks_up_notices_written_without_a_status_move(dossier, sms_log):
    notice = ApplicantNotice.objects.create(
        dossier=dossier,
        kind=NoticeKind.EXTENDED,
        payload={
            "new_due_at": dt.datetime(2023, 11, 10, 17, 0, tzinfo=VN).isoformat(),
            "reason": "Chờ ý kiến cơ quan phối hợp",
        },
    )
    tasks.sweep_applicant_messages.call()
    assert Notification.objects.filter(notice=notice, state=DeliveryState.SENT).count() == 2
    assert "Ngày hẹn trả kết quả mới: 10/11/2023" in str(mail.outbox[0].body)
    assert "10/11/2023" in sms_log[0].text


def test_the_sweep_ignores_stale_notices_and_unreachable_applicants(dossier):
    old = ApplicantNotice.objects.create(
        dossier=dossier,
        kind=NoticeKind.RESULT_READY,
        created_at=timezone.now() - delivery.NOTICE_PICKUP_WINDOW - dt.timedelta(hours=1),
    )
    dossier.applicant_email = ""
    dossier.applicant_phone = ""
    dossier.save(update_fields=["applicant_email", "applicant_phone"])
    fresh = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    pending = set(delivery.notices_to_deliver(timezone.now()).values_list("pk", flat=True))
    assert old.pk not in pending
    assert fresh.pk not in pending


def test_a_procedure_name_on_several_lines_gives_a_one_line_subject(dossier):
    version = dossier.procedure_version
    version.name = "Đăng ký khai sinh\nkết hợp đăng ký thường trú"
    version.save(update_fields=["name"])
    template = MessageTemplate.objects.get(kind=NoticeKind.RESULT_READY, channel="email")
    template.subject = "Kết quả: {{ procedure_name }}"
    template.save(update_fields=["subject"])
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    delivery.deliver_notice(notice_id=notice.pk)
    assert mail.outbox[0].subject == "Kết quả: Đăng ký khai sinh kết hợp đăng ký thường trú"


def test_a_mail_server_failure_leaves_the_sms_sent_and_the_notice_open(dossier, monkeypatch):
    def refuse(self: object, fail_silently: bool = False) -> int:
        raise smtplib.SMTPServerDisconnected("máy chủ thư ngắt kết nối")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    assert delivery.deliver_notice(notice_id=notice.pk) == 1
    states = dict(Notification.objects.values_list("channel", "state"))
    assert states == {"email": DeliveryState.FAILED, "sms": DeliveryState.SENT}
    notice.refresh_from_db()
    assert notice.sent_at is None


def test_an_sms_goes_through_the_http_gateway_when_configured(dossier, settings):
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    with running_gateway(FakeGateway(fail_first=1)) as gateway:
        settings.SMS_BACKEND = "motcua.notifications.sms.HttpGatewayBackend"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_TOKEN = "token-123"
        delivery.deliver_notice(notice_id=notice.pk)
    sms = Notification.objects.get(channel=DeliveryChannel.SMS)
    assert sms.state == DeliveryState.SENT
    assert sms.provider_message_id == "gw-1"
    assert [r["key"] for r in gateway.requests] == [sms.idempotency_key] * 2
    assert gateway.delivered[sms.idempotency_key]["text"] == sms.body
