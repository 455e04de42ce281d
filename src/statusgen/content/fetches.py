"""What in a page makes the browser fetch something, and from which host.

The status page promises its readers that opening it asks no one but the site itself: an
image, video or stylesheet from another host would tell that host who reads the page and
when, and break when that host is down (often the very moment the page is read). Links are
navigation and may go anywhere; these attributes load without a click.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from urllib.parse import urlsplit

FETCH_ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "embed": ("src",),
    "iframe": ("src",),
    "object": ("data",),
    "script": ("src",),
    "link": ("href",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# Browsers drop these from URLs before they parse them (WHATWG URL: tab and newline
# anywhere, C0 controls and spaces at either end).
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# A host name (or IPv4 address), optionally with a port; `*.` allows every subdomain.
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOST_PATTERN = rf"^(\*\.)?({_LABEL}\.)*{_LABEL}(:[0-9]{{1,5}})?\Z"


def _browser_form(url: str) -> str:
    return _IGNORED_IN_URL.sub("", url).strip(_EDGES)


def is_web_url(url: str) -> bool:
    """True for relative URLs and http(s) ones, as the browser will read `url`."""
    scheme = _SCHEME.match(_browser_form(url))
    return scheme is None or scheme[1].lower() in ("http", "https")


def fetch_host(url: str) -> str | None:
    """The host (with its port, if any) `url` is fetched from; None for this site's own."""
    try:
        parts = urlsplit(_browser_form(url).replace("\\", "/"))
        host = parts.hostname
        port = parts.port
    except ValueError:
        return "?"
    if not parts.netloc:
        return None
    return f"{host or ''}{f':{port}' if port else ''}".lower()


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """`host` matches one of `allowed`: exactly, or under a `*.example.com` pattern."""
    for pattern in allowed:
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` ("a.png 1x, b.png 2x")."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def fetched_urls(html: str) -> list[str]:
    """Every URL in `html` the browser would load without a click, in document order."""
    parser = _FetchParser()
    parser.feed(html)
    parser.close()
    return parser.urls


class _FetchParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fetching = FETCH_ATTRIBUTES.get(tag, ())
        for name, value in attrs:
            if name in fetching and value:
                self.urls.extend(srcset_urls(value) if name == "srcset" else [value])

    handle_startendtag = handle_starttag


def foreign_hosts(html: str, allowed: Iterable[str]) -> list[tuple[str, str]]:
    """(url, host) of every fetch in `html` from a host not in `allowed`, in order."""
    allowed = tuple(allowed)
    found = []
    for url in fetched_urls(html):
        host = fetch_host(url)
        if host is not None and not host_allowed(host, allowed):
            found.append((url, host))
    return found
