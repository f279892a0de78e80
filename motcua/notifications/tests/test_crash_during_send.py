"""A worker killed after the gateway took the message, before the row was marked sent."""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from django.utils import timezone

from motcua.dossiers.models import ApplicantNotice, NoticeKind
from motcua.notifications import delivery
from motcua.notifications.models import DeliveryChannel, DeliveryState, Notification

from .gateway import FakeGateway, running_gateway

ROOT = Path(__file__).resolve().parents[3]
WORKER = (
    "import sys, django; django.setup(); "
    "from motcua.notifications.delivery import deliver_notification; "
    "deliver_notification(int(sys.argv[1]))"
)


def _test_database_url() -> str:
    """The URL of the test database this process uses, for a worker in another process."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = connection.settings_dict["NAME"]
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_send_never_makes_the_applicant_receive_the_sms_twice(
    dossier, settings
):
    # given: an SMS-only notice and a gateway that takes the first request and never answers
    dossier.applicant_email = ""
    dossier.save(update_fields=["applicant_email"])
    notice = ApplicantNotice.objects.create(dossier=dossier, kind=NoticeKind.RESULT_READY)
    (sms,) = delivery.prepare_notice(notice_id=notice.pk)
    assert sms.channel == DeliveryChannel.SMS
    with running_gateway(FakeGateway(hang_first=True)) as gateway:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _test_database_url(),
            "MOTCUA_SMS_BACKEND": "motcua.notifications.sms.HttpGatewayBackend",
            "MOTCUA_SMS_GATEWAY_URL": gateway.url,
            "MOTCUA_SMS_GATEWAY_TOKEN": "token-123",
        }
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", WORKER, str(sms.pk)], cwd=ROOT, env=env
        )
        try:
            # when: the gateway has the message, the worker is killed before recording it
            assert gateway.received.wait(timeout=60), "the worker never reached the gateway"
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=10)
        sms.refresh_from_db()
        assert sms.state == DeliveryState.SENDING
        assert sms.attempts == 1
        # A rerun while the lease still holds does nothing.
        settings.SMS_BACKEND = "motcua.notifications.sms.HttpGatewayBackend"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_TOKEN = "token-123"
        assert delivery.deliver_notification(sms.pk) is False
        # then: once the lease expires the rerun resends with the same key; the gateway dedupes
        after_lease = timezone.now() + delivery.LEASE + delivery.LEASE
        assert delivery.deliver_notification(sms.pk, now=after_lease) is True
    sms.refresh_from_db()
    assert sms.state == DeliveryState.SENT
    assert sms.attempts == 2
    assert sms.provider_message_id == "gw-1"
    assert [r["key"] for r in gateway.requests] == [sms.idempotency_key] * 2
    assert gateway.delivered_count == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert Notification.objects.filter(notice=notice).count() == 1
