"""Generated pages that mkdocs lists among its files but neither reads nor renders.

A page linked from the previous site (`linked_pages`) or filled into its kind's shell by
statusgen itself (`filled_pages`) still has to be one of mkdocs' files: links from
hand-written pages to it resolve, their anchors are checked against its HTML, and the
sitemap lists it as mkdocs would. What mkdocs reads of such a file's `page` is given here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from statusgen.render.page_context import SitePage

from .page_texts import LazyAnchors

# Any other plugin may change any page, or list pages (a search index): then mkdocs renders
# every page itself.
_ONLY_PLUGIN = "statusgen"


class ShellChanged(Exception):
    """A page written past mkdocs' rendering would not be what mkdocs renders: a page
    rendered as a check differs from the file the previous build wrote for it (something
    the shell fingerprint does not cover changed), a file to link was replaced while the
    build ran, or a page's kind has no checked shell. The build starts again with every
    page rendered by mkdocs."""


def pages_may_pass_mkdocs(config: MkDocsConfig) -> bool:
    """Whether generated pages may be written without mkdocs rendering them: no plugin but
    statusgen's sees pages, and no template of the site's own (`extra_templates`) is given
    the list of pages, which would then lack them."""
    return list(config.plugins) == [_ONLY_PLUGIN] and not config.extra_templates


@dataclass(frozen=True)
class _PageView:
    """What mkdocs reads of such a file's `page`: the sitemap's fields, and the anchors that
    links to the page are checked against."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    present_anchor_ids: Collection[str]
    is_link: bool = False


class PageFile(File):
    """A generated page's place among mkdocs' files, which mkdocs copies with the static
    files (`copy_file`) instead of reading and rendering it."""

    def __init__(self, config: MkDocsConfig, generated: File, page: SitePage, built_on: str):
        super().__init__(
            generated.src_uri,
            src_dir=None,
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
            dest_uri=generated.dest_uri,
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        self.generated_by = generated.generated_by
        canonical = canonical_url(config.site_url, generated.url)
        self.page = _PageView(  # type: ignore[assignment]
            canonical_url=canonical,
            abs_url=urlsplit(canonical).path if canonical else None,
            update_date=built_on,
            present_anchor_ids=LazyAnchors(page.html),
        )

    def is_documentation_page(self) -> bool:
        return False

    def is_media_file(self) -> bool:
        return False


# A relative address that `urljoin` only appends to a base ending in "/": segments of
# unreserved characters, none of them "." or "..", and nothing else (no query or fragment).
_PLAIN_RELATIVE = re.compile(r"(?:(?!\.\.?/)[A-Za-z0-9._~-]+/)*(?:(?!\.\.?\Z)[A-Za-z0-9._~-]+)?\Z")
# What the probe below appends: a plain segment.
_PROBE = "p"


def canonical_url(site_url: str | None, url: str) -> str | None:
    """A page's canonical URL as mkdocs' `Page` sets it (`urljoin`).

    A build asks this of every page two or three times: a plain relative address is
    appended to the site's address when `urljoin` was seen to do just that with it.
    """
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    if _PLAIN_RELATIVE.match(url) and _appends(base):
        return base + url
    return urljoin(base, url)


@lru_cache(maxsize=16)
def _appends(base: str) -> bool:
    """Whether `urljoin` appends a plain segment to `base` as it is (no dot segments in
    its path to resolve, no query to drop)."""
    return urljoin(base, _PROBE) == base + _PROBE


def sitemap_pages(pages: list[File], files: Files) -> list[File]:
    """The sitemap's pages with the `PageFile`s among them, in the order of `files`."""
    listed = {id(file) for file in pages}
    if not any(isinstance(file, PageFile) for file in files):
        return pages
    return [file for file in files if id(file) in listed or isinstance(file, PageFile)]


def nav_strings(value: Any) -> Iterator[str]:
    """Every string in mkdocs.yml's `nav` (page paths, titles, links)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from nav_strings(key)
            yield from nav_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from nav_strings(item)
