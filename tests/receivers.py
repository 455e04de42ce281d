"""Real servers on 127.0.0.1 that stand in for chat services, webhooks and a mail server.

`HttpReceiver` records every request (method, path, headers, body) and answers with the
status set for its path; it can hold one request open until told to answer, to stop a sender
between "the message left" and "the sender heard back". `SmtpReceiver` is aiosmtpd's
server, keeping every message it receives.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

WAIT_LIMIT = 20.0  # seconds: no test waits longer for a request to arrive


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class HttpReceiver:
    server: ThreadingHTTPServer
    requests: list[Request] = field(default_factory=list)
    status_by_path: dict[str, int] = field(default_factory=dict)
    reply: bytes = b'{"ok": true}'
    """What a successful answer says (Slack's webhooks answer `ok`)."""
    hold_request: int | None = None
    """Hold the request with this number (1-based) open until `release` is set."""
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        port = self.server.server_address[1]
        return f"127.0.0.1:{port}"

    def bodies(self, path: str | None = None) -> list[Any]:
        return [r.json() for r in self.requests if path is None or r.path == path]

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + WAIT_LIMIT
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.requests)} of {count} requests arrived")
            time.sleep(0.02)


def _handler(receiver: HttpReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with receiver.lock:
                receiver.requests.append(
                    Request("POST", self.path, dict(self.headers.items()), body)
                )
                number = len(receiver.requests)
            if number == receiver.hold_request:
                receiver.release.wait(WAIT_LIMIT)
            status = receiver.status_by_path.get(self.path.split("?")[0], 200)
            payload = receiver.reply if status < 300 else b'{"error": "refused"}'
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the sender is gone (killed by the test): nothing to answer

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def http_receiver() -> Iterator[HttpReceiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    receiver = HttpReceiver(server)
    server.RequestHandlerClass = _handler(receiver)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class SmtpReceiver:
    port: int
    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_receiver() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver(_free_port())
    controller = Controller(receiver, hostname="127.0.0.1", port=receiver.port)
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()
