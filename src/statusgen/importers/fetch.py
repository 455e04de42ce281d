"""Reading a public status page's JSON over HTTP(S), with limits, and nothing else.

What comes back is untrusted: a response is read up to a size limit, must be JSON, and only
http and https addresses are followed (urllib follows redirects, but not to other schemes).
A missing file (404 or 410) is not an error: pages may not publish every endpoint.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from statusgen.errors import ImportRefused

from .. import __version__

MAX_BYTES = 64 * 1024 * 1024
USER_AGENT = f"statusgen/{__version__} (+statusgen import)"


class FetchError(ImportRefused):
    """The page could not be read: nothing is imported."""


@dataclass(frozen=True)
class Missing:
    url: str
    reason: str


def api_base(address: str) -> str:
    """`https://status.example.com/api/v2/` for the page's address or any file under it."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"'{address}' is not an http(s) address of a status page")
    path = parts.path
    marker = path.find("/api/v2")
    path = path[:marker] if marker >= 0 else path
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/api/v2/", "", ""))


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"{req.full_url} redirects to {newurl}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_json(url: str, *, timeout: float) -> Any | Missing:
    """The JSON document at `url`, or `Missing` when the server says there is none."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    )
    opener = urllib.request.build_opener(_HttpOnly)
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in (404, 410):
            return Missing(url, f"{exc.code} {exc.reason}")
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: {reason}") from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"{url}: larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{url}: not JSON ({exc})") from None
