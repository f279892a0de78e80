"""SMS gateways behind one small interface; `settings.SMS_BACKEND` names the one in use.

A backend's `send(to, text, idempotency_key)` returns the provider's message id or raises
`SmsError`. The idempotency key is the same on every retry of one message, so a gateway that
deduplicates on it delivers the message once even when we resend after a crash.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass
from typing import Final, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message (after its own retries)."""


class SmsBackend(Protocol):
    """What every SMS gateway adapter offers."""

    def send(self, to: str, text: str, idempotency_key: str) -> str:
        """Hand one message to the gateway; return the provider's message id."""
        ...


@dataclass(frozen=True)
class LoggedSms:
    """One message the logging backend pretended to send."""

    to: str
    text: str
    idempotency_key: str
    message_id: str


class LoggingBackend:
    """Development default: logs each message and keeps it in `sent` (deduplicated by key)."""

    # The latest messages, shared by every instance (tests read them); bounded for long runs.
    sent: deque[LoggedSms] = deque(maxlen=1000)

    def send(self, to: str, text: str, idempotency_key: str) -> str:
        """Log the message once per idempotency key and return a stable message id."""
        for earlier in LoggingBackend.sent:
            if earlier.idempotency_key == idempotency_key:
                return earlier.message_id
        message_id = f"log-{idempotency_key}"
        LoggingBackend.sent.append(LoggedSms(to, text, idempotency_key, message_id))
        logger.info("SMS to %s (%s): %s", to, idempotency_key, text)
        return message_id


# Gateway answers worth another try: it is overloaded or briefly down.
_RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


class HttpGatewayBackend:
    """A JSON-over-HTTPS SMS gateway: POST {to, text} with a bearer token and an idempotency key.

    Connection errors, timeouts, 429 and 5xx answers are retried with exponential backoff;
    other 4xx answers (a bad number, a bad token) fail at once. The gateway must answer 2xx with
    a JSON object holding `message_id` (or `id`).
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        timeout: float = 10.0,
        attempts: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        if not self.url:
            raise SmsError("Chưa cấu hình địa chỉ cổng SMS (MOTCUA_SMS_GATEWAY_URL).")
        if not self.url.startswith(("https://", "http://")):
            raise SmsError(f"Địa chỉ cổng SMS không hợp lệ: {self.url}")
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff

    def _request(self, to: str, text: str, idempotency_key: str) -> urllib.request.Request:
        return urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps({"to": to, "text": text}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": idempotency_key,
            },
        )

    def _post_once(self, to: str, text: str, idempotency_key: str) -> str:
        request = self._request(to, text, idempotency_key)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            answer = json.loads(response.read() or b"{}")
        message_id = (
            answer.get("message_id") or answer.get("id") if isinstance(answer, dict) else ""
        )
        if not message_id:
            raise SmsError("Cổng SMS nhận tin nhưng không trả mã tin nhắn.")
        return str(message_id)

    def send(self, to: str, text: str, idempotency_key: str) -> str:
        """POST the message, retrying transient failures; return the gateway's message id."""
        last_error = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return self._post_once(to, text, idempotency_key)
            except urllib.error.HTTPError as exc:
                last_error = f"HTTP {exc.code}"
                if exc.code not in _RETRY_STATUSES:
                    raise SmsError(f"Cổng SMS từ chối tin nhắn ({last_error}).") from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last_error = str(getattr(exc, "reason", exc))
            logger.warning("SMS gateway attempt %s failed: %s", attempt + 1, last_error)
        raise SmsError(f"Cổng SMS không phản hồi sau {self.attempts} lần thử ({last_error}).")


def get_backend() -> SmsBackend:
    """The configured SMS backend (`settings.SMS_BACKEND`)."""
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
