"""A fake SMS gateway on 127.0.0.1 (http.server in a thread) that dedupes on the idempotency key."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeGateway:
    """Records requests; `fail_first` answers 503 to the first requests; `hang_first` never answers
    the first request after recording it (a worker waiting on it can then be killed)."""

    fail_first: int = 0
    fail_status: int = 503
    hang_first: bool = False
    requests: list[dict[str, object]] = field(default_factory=list)
    delivered: dict[str, dict[str, object]] = field(default_factory=dict)
    received: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def delivered_count(self) -> int:
        """Messages actually handed to phones: one per idempotency key."""
        return len(self.delivered)


def _handler(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            key = self.headers.get("Idempotency-Key", "")
            with gateway.lock:
                gateway.requests.append(
                    {"body": body, "key": key, "auth": self.headers.get("Authorization", "")}
                )
                number = len(gateway.requests)
                failing = number <= gateway.fail_first
                if not failing and key not in gateway.delivered:
                    gateway.delivered[key] = {**body, "id": f"gw-{len(gateway.delivered) + 1}"}
            if failing:
                self._answer(gateway.fail_status, {"error": "busy"})
                return
            if gateway.hang_first and number == 1:
                gateway.received.set()
                gateway.release.wait(timeout=60)
                return
            self._answer(200, {"message_id": gateway.delivered[key]["id"]})

        def _answer(self, status: int, payload: dict[str, object]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def running_gateway(gateway: FakeGateway) -> Iterator[FakeGateway]:
    """Serve `gateway` on a free port of 127.0.0.1 for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/messages"
    try:
        yield gateway
    finally:
        gateway.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
