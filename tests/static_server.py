"""A static host on 127.0.0.1 that behaves like GitHub Pages where the checks care.

It serves a built site folder with the content types Pages sends, compresses text with gzip
when the browser asks for it (so byte counts and Lighthouse see what readers download),
answers missing paths with the site's 404.html and status 404, and sends
`Access-Control-Allow-Origin: *` as Pages does, so cross-origin reads of the JSON work.

Used by the browser tests, `scripts/lighthouse.py` and `benchmarks/first_visit.py`.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
    ".ics": "text/calendar; charset=utf-8",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".atom", ".rss", ".xml", ".xsl", ".ics")


@dataclass
class Served:
    """A running server: its base URL and what it was asked for."""

    url: str
    requests: list[str] = field(default_factory=list)
    sent_bytes: dict[str, int] = field(default_factory=dict)


def _handler(root: Path, served: Served, extra_headers: dict[str, str]) -> type:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self._respond(body=False)

        def do_GET(self) -> None:
            self._respond(body=True)

        def _find(self, path: str) -> Path | None:
            target = (root / path.lstrip("/")).resolve()
            if not target.is_relative_to(root):
                return None
            if target.is_dir():
                if not path.endswith("/"):
                    return None
                target = target / "index.html"
            return target if target.is_file() else None

        def _respond(self, *, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            served.requests.append(path)
            target = self._find(path)
            status = 200
            if target is None and (root / path.lstrip("/")).is_dir():
                # Pages redirects a folder without its slash; links never rely on it.
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if target is None:
                status, target = 404, root / "404.html"
            data = target.read_bytes() if target.is_file() else b"not found"
            headers = {"Content-Type": TYPES.get(target.suffix, "application/octet-stream")}
            accepts = self.headers.get("Accept-Encoding", "")
            if target.suffix in COMPRESSIBLE and "gzip" in accepts:
                # mtime=0: the same bytes every time, so sizes are comparable between runs.
                data = gzip.compress(data, 6, mtime=0)
                headers["Content-Encoding"] = "gzip"
                headers["Vary"] = "Accept-Encoding"
            headers["Cache-Control"] = "max-age=600"
            headers.update(extra_headers)
            served.sent_bytes[path] = len(data)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


@contextmanager
def running_server(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server with `handler` on a free port of 127.0.0.1 until the block
    ends; yields its base URL. Every test server is started and stopped here."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class QuietFolderHandler(http.server.SimpleHTTPRequestHandler):
    """A folder as it is, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_plain_folder(folder: Path) -> AbstractContextManager[str]:
    """`folder` as it is over HTTP on 127.0.0.1; yields the base address."""
    return running_server(functools.partial(QuietFolderHandler, directory=str(folder)))


@contextmanager
def serve(
    root: Path, *, cors: bool = True, extra_headers: dict[str, str] | None = None
) -> Iterator[Served]:
    """Serve `root` on a free port of 127.0.0.1 until the block ends."""
    headers = {"Access-Control-Allow-Origin": "*"} if cors else {}
    headers.update(extra_headers or {})
    served = Served(url="")
    with running_server(_handler(root.resolve(), served, headers)) as url:
        served.url = url
        yield served
