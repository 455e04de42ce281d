"""Debian's chromium through playwright, and a static server for a built site on 127.0.0.1.

Chromium is launched as every browser test launches it (`browser_support`): outside CI a
missing chromium skips the test; in CI (CI=true) it fails it.
The server answers a missing path with the site's 404.html, as GitHub Pages does.
"""

from __future__ import annotations

import functools
import http.server
from contextlib import AbstractContextManager
from pathlib import Path

from ..browser_support import launched_chromium, require_chromium
from ..static_server import running_server

__all__ = ["RECORD_VIOLATIONS", "chromium", "require_chromium", "serve"]

# Records every Content-Security-Policy violation the page reports, from its first byte.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site_dir: Path) -> AbstractContextManager[str]:
    """Serve `site_dir` on 127.0.0.1; yields the base URL."""
    return running_server(functools.partial(_PagesHandler, directory=str(site_dir)))


chromium = launched_chromium
