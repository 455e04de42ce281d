"""Reading one file from a server statusgen does not control (`statusgen.http_fetch`), used by
`statusgen import` and `statusgen notify`: real servers on 127.0.0.1."""

from __future__ import annotations

import http.server
from collections.abc import Iterator

import pytest

from statusgen.http_fetch import FetchFailed, Missing, fetch_bytes

from .static_server import running_server

LIMIT = 1024 * 1024


class _Handler(http.server.BaseHTTPRequestHandler):
    """`/size/N` answers N bytes; `/gone` 410; `/broken` 500; `/ftp` redirects to ftp://."""

    def do_GET(self) -> None:
        if self.path.startswith("/size/"):
            body = b"x" * int(self.path.removeprefix("/size/"))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/gone":
            self.send_error(410, "Gone")
        elif self.path == "/broken":
            self.send_error(500, "Internal Server Error")
        elif self.path == "/ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/file.json")
            self.end_headers()
        else:
            self.send_error(404, "File not found")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server(_Handler) as base:
        yield base


def fetch(url: str) -> bytes | Missing:
    return fetch_bytes(url, command="test", limit=LIMIT, timeout=10)


def test_a_body_up_to_the_limit_is_read_whole(server: str) -> None:
    assert fetch(server + f"size/{LIMIT}") == b"x" * LIMIT


def test_a_body_over_the_limit_is_refused(server: str) -> None:
    with pytest.raises(FetchFailed, match=r"size/1048577: larger than 1 MB; not read"):
        fetch(server + f"size/{LIMIT + 1}")


def test_a_missing_file_is_an_answer_with_the_servers_reason(server: str) -> None:
    assert fetch(server + "none.json") == Missing(server + "none.json", "404 File not found")
    assert fetch(server + "gone") == Missing(server + "gone", "410 Gone")


def test_a_server_error_is_a_failure_naming_the_address(server: str) -> None:
    with pytest.raises(FetchFailed, match=r"/broken: the server answered 500"):
        fetch(server + "broken")


def test_a_redirect_to_another_scheme_is_not_followed(server: str) -> None:
    with pytest.raises(FetchFailed, match=r"redirects to ftp://127\.0\.0\.1/file\.json"):
        fetch(server + "ftp")


def test_nothing_listening_is_a_failure() -> None:
    with running_server(_Handler) as base:
        pass  # the server is gone once the block ends: its port refuses connections
    with pytest.raises(FetchFailed, match=r"^http://127\.0\.0\.1:\d+/size/1: "):
        fetch(base + "size/1")
