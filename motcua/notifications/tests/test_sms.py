import socket

import pytest

from motcua.notifications.sms import HttpGatewayBackend, LoggingBackend, SmsError, get_backend

from .gateway import FakeGateway, running_gateway


def test_the_gateway_adapter_retries_server_errors_with_the_same_idempotency_key():
    with running_gateway(FakeGateway(fail_first=2)) as gateway:
        backend = HttpGatewayBackend(gateway.url, "token-123", attempts=3, backoff=0.01)
        message_id = backend.send("0912345678", "Hồ sơ đã có kết quả", "motcua-notification-7")
    assert message_id == "gw-1"
    assert len(gateway.requests) == 3
    assert {r["key"] for r in gateway.requests} == {"motcua-notification-7"}
    assert gateway.requests[-1]["auth"] == "Bearer token-123"
    assert gateway.requests[-1]["body"] == {"to": "0912345678", "text": "Hồ sơ đã có kết quả"}
    assert gateway.delivered_count == 1


def test_the_gateway_adapter_gives_up_after_its_attempts():
    with running_gateway(FakeGateway(fail_first=10)) as gateway:
        backend = HttpGatewayBackend(gateway.url, "t", attempts=2, backoff=0.01)
        with pytest.raises(SmsError, match="sau 2 lần thử"):
            backend.send("0912345678", "x", "k")
    assert len(gateway.requests) == 2
    assert gateway.delivered_count == 0


def test_a_refused_message_is_not_retried():
    with running_gateway(FakeGateway(fail_first=10, fail_status=400)) as gateway:
        backend = HttpGatewayBackend(gateway.url, "t", attempts=3, backoff=0.01)
        with pytest.raises(SmsError, match="HTTP 400"):
            backend.send("số sai", "x", "k")
    assert len(gateway.requests) == 1


def test_an_unreachable_gateway_is_retried_then_reported():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = HttpGatewayBackend(f"http://127.0.0.1:{port}/", "t", attempts=2, backoff=0.01)
    with pytest.raises(SmsError, match="không phản hồi"):
        backend.send("0912345678", "x", "k")


def test_the_gateway_adapter_needs_an_address(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(SmsError, match="MOTCUA_SMS_GATEWAY_URL"):
        HttpGatewayBackend()


def test_the_logging_backend_is_the_default_and_sends_a_key_once(sms_log):
    backend = get_backend()
    assert isinstance(backend, LoggingBackend)
    first = backend.send("0912345678", "a", "k1")
    again = backend.send("0912345678", "a", "k1")
    assert first == again
    assert [m.idempotency_key for m in sms_log] == ["k1"]
