"""Reading a public status page's JSON over HTTP(S), and nothing else.

What comes back is untrusted: `statusgen.http_fetch` reads it within its limits (size,
time, http and https only), and it must be JSON. A missing file (404 or 410) is not an
error: pages may not publish every endpoint.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from statusgen.errors import ImportRefused
from statusgen.http_fetch import FetchFailed, Missing, fetch_bytes

MAX_BYTES = 64 * 1024 * 1024


class FetchError(ImportRefused):
    """The page could not be read: nothing is imported."""


def api_base(address: str) -> str:
    """`https://status.example.com/api/v2/` for the page's address or any file under it."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"'{address}' is not an http(s) address of a status page")
    path = parts.path
    marker = path.find("/api/v2")
    path = path[:marker] if marker >= 0 else path
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/api/v2/", "", ""))


def fetch_json(url: str, *, timeout: float) -> Any | Missing:
    """The JSON document at `url`, or `Missing` when the server says there is none."""
    try:
        data = fetch_bytes(
            url,
            command="import",
            limit=MAX_BYTES,
            timeout=timeout,
            headers={"Accept": "application/json"},
        )
    except FetchFailed as exc:
        raise FetchError(str(exc)) from None
    if isinstance(data, Missing):
        return data
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{url}: not JSON ({exc})") from None
