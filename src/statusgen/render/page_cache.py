"""Rendered pages kept between builds, by a hash of everything they are made of.

One posted update changes one incident page; the other 4,999 come out as before. A page is
kept under a fingerprint of its template's inputs (the incident, what its page says of it at
`now`, its postmortem, the site's configuration) plus statusgen's own code and templates and
the versions of the libraries that render Markdown and HTML. A page whose inputs change with
the clock (an active incident's, say) gets a new fingerprint and is rendered again, so a build
with the cache writes the same bytes as one without it.

The pages are one file in statusgen's cache folder (`statusgen.cache_folder`): a file it
cannot read is ignored, never fatal, and nothing in the folder but that file is replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import orjson

from statusgen import cache_folder, heap
from statusgen.cache_folder import FOLDER as FOLDER
from statusgen.cache_folder import code_fingerprint, coded_json

from .fragment_store import FragmentStore
from .page_context import SitePage

PAGES_FILE = "pages-v1.json"


@dataclass
class WrittenFiles:
    """The files a build wrote for pages kept in the cache: for each page's URL, the
    fingerprint it was kept under and the SHA-256 of the file. `shell` is the renderer's
    fingerprint of all else in those files (the theme, the site's configuration)."""

    shell: str = ""
    files: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class PageCache:
    """Pages from the previous build (`stored`) and those this build used (`used`), and
    the list entries of the history and component pages likewise (`entries`); the files
    the previous build wrote for its pages (`written_before`) and this build's (`written`)."""

    stored: dict[str, SitePage] = field(default_factory=dict)
    used: dict[str, SitePage] = field(default_factory=dict)
    entries: FragmentStore = field(default_factory=FragmentStore)
    written_before: WrittenFiles = field(default_factory=WrittenFiles)
    written: WrittenFiles = field(default_factory=WrittenFiles)
    # This build's pages made through `pages`, by URL: the fingerprint each is kept under.
    keys: dict[str, str] = field(default_factory=dict)

    def pages(
        self, keys: Sequence[str], render: Callable[[list[int]], list[SitePage]]
    ) -> list[SitePage]:
        """The page kept under each of `keys` (the `fingerprint` of what it is made of): kept
        from before where it can be, the others rendered by one call of `render` with their
        positions in `keys`."""
        found = [self.used.get(key) or self.stored.get(key) for key in keys]
        missing = [n for n, page in enumerate(found) if page is None]
        rendered = dict(zip(missing, render(missing), strict=True))
        pages = [page or rendered[n] for n, page in enumerate(found)]
        self.used.update(zip(keys, pages, strict=True))
        self.keys.update((page.url, key) for key, page in zip(keys, pages, strict=True))
        return pages


def _page_from(data: Any) -> SitePage:
    return SitePage(
        url=str(data["url"]),
        title=str(data["title"]),
        html=str(data["html"]),
        description=str(data["description"]),
        feeds=tuple((str(a), str(b), str(c)) for a, b, c in data["feeds"]),
        robots=str(data["robots"]),
        meta=dict(data["meta"]),
    )


_PAGE_FIELDS = tuple(f.name for f in fields(SitePage))


def _page_data(page: SitePage) -> dict[str, Any]:
    """The page's fields as JSON takes them. Not `asdict`, which deep-copies every value
    of every page first (a third of a second at 5,000 incidents) only for json to read it."""
    return {name: getattr(page, name) for name in _PAGE_FIELDS}


def load(root: Path) -> PageCache:
    """The cache kept in `root`'s cache folder; empty when absent, unreadable or foreign."""
    try:
        with heap.collector_paused():  # thousands of pages, no cycle among them
            data = orjson.loads(cache_folder.read_bytes(root, PAGES_FILE) or b"{}")
            if data.get("code") != code_fingerprint():
                return PageCache()
            pages = {key: _page_from(page) for key, page in data["pages"].items()}
            entries = {str(key): str(html) for key, html in data["entries"].items()}
            written = WrittenFiles(
                str(data["shell"]["fingerprint"]),
                {str(url): (str(key), str(sha)) for url, (key, sha) in data["written"].items()},
            )
        return PageCache(pages, entries=FragmentStore(entries), written_before=written)
    except (ValueError, TypeError, KeyError, AttributeError):
        return PageCache()


def save(cache: PageCache, root: Path) -> bool:
    """Keep the pages this build used, replacing only the cache's own file.

    A folder of that name statusgen did not make is left alone (False).
    """
    try:
        return cache_folder.write_chunks(root, PAGES_FILE, _document(cache))
    except orjson.JSONEncodeError:  # a lone surrogate from a YAML escape: no cache this time
        return False


def _document(cache: PageCache) -> Iterator[bytes]:
    """The cache file's JSON, as `load` reads it, in pieces (`cache_folder.coded_json`)."""
    pages = ((key, orjson.dumps(_page_data(page))) for key, page in sorted(cache.used.items()))
    entries = ((key, orjson.dumps(html)) for key, html in sorted(cache.entries.used.items()))
    written = ((url, orjson.dumps(file)) for url, file in sorted(cache.written.files.items()))
    shell = [("fingerprint", orjson.dumps(cache.written.shell))]
    return coded_json(
        [("pages", pages), ("entries", entries), ("written", written), ("shell", shell)]
    )
