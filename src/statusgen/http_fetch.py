"""Reading one file from a web server statusgen does not control, with limits.

`statusgen import` reads another status page's JSON and `statusgen notify` reads the
published site's: both answers are untrusted. A body is read up to a size limit (one byte
more, to tell a full body from a cut one), within a timeout, and only http and https
addresses are followed (urllib follows redirects, but not to other schemes). A missing
file (404 or 410) is an answer, not an error: a page may not publish every file yet.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import __version__

MISSING = (404, 410)


class FetchFailed(Exception):
    """The file could not be read; the message names the address and says why."""


@dataclass(frozen=True)
class Missing:
    """The server says there is no such file: `reason` is its answer (`404 Not Found`)."""

    url: str
    reason: str


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchFailed(f"{req.full_url} redirects to {newurl}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_bytes(
    url: str,
    *,
    command: str,
    limit: int,
    timeout: float,
    headers: Mapping[str, str] | None = None,
) -> bytes | Missing:
    """The body at `url`, or `Missing` when the server says there is no such file.

    `command` names the statusgen command in the User-Agent, so a site's logs say who asked.
    """
    agent = f"statusgen/{__version__} (+statusgen {command})"
    request = urllib.request.Request(url, headers={"User-Agent": agent, **(headers or {})})
    opener = urllib.request.build_opener(_HttpOnly)
    try:
        with opener.open(request, timeout=timeout) as response:
            data: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in MISSING:
            return Missing(url, f"{exc.code} {exc.reason}")
        raise FetchFailed(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchFailed(f"{url}: {reason}") from None
    if len(data) > limit:
        raise FetchFailed(f"{url}: larger than {limit // (1024 * 1024)} MB; not read")
    return data
