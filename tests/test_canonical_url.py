"""A page's canonical URL is what mkdocs' `urljoin` gives, fast path or not.

`canonical_url` appends plain relative addresses to the site's address instead of calling
`urljoin`, two or three times per page of a build. Whatever the site's address and the
page's, the result must be `urljoin`'s, as mkdocs computes it for the pages it renders.
"""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import example, given, settings
from hypothesis import strategies as st

from statusgen.adapters.mkdocs.page_files import canonical_url

# Site addresses people configure, and ones that make `urljoin` do more than append.
SITE_URLS = [
    "https://status.example.com/",
    "https://status.example.com",
    "https://example.github.io/status/",
    "https://example.github.io/status",
    "http://127.0.0.1:8000/a/b/",
    "https://example.com/a/../b/",
    "https://example.com/./",
    "https://example.com/a//",
    "https://example.com/?page=",
    "https://example.com/#top",
    "https://example.com/a;params/",
    "ftp://example.com/files/",
    "example.com/status/",
    "/status/",
]
SEGMENT = st.sampled_from(["incidents", "a", ".", "..", "...", ".a", "x.html", "~u", "", "%41"])
PIECE = st.sampled_from(["", "?q=1", "#h", ":", "//host", "/", " ", "é"])


@st.composite
def page_urls(draw: st.DrawFn) -> str:
    segments = draw(st.lists(SEGMENT, max_size=4))
    url = "/".join(segments) + draw(st.sampled_from(["", "/"]))
    return draw(st.sampled_from(["", "/", "./"])) * draw(st.booleans()) + url + draw(PIECE)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(SITE_URLS), page_urls())
@example("https://example.com/a/../b/", "incidents/x/")
@example("https://example.com/?page=", "incidents/x/")
@example("https://example.com/", "incidents/../x/")
@example("https://example.com/", "incidents/./x/")
@example("https://example.com/", "..")
@example("https://example.com/", "")
def test_the_canonical_url_is_urljoins(site_url: str, url: str) -> None:
    base = site_url if site_url.endswith("/") else site_url + "/"
    assert canonical_url(site_url, url) == urljoin(base, url)


def test_a_site_without_an_address_has_no_canonical_urls() -> None:
    assert canonical_url(None, "incidents/x/") is None
    assert canonical_url("", "incidents/x/") is None
