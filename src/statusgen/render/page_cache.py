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

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from statusgen import cache_folder
from statusgen.cache_folder import FOLDER as FOLDER
from statusgen.cache_folder import code_fingerprint

from .page_context import SitePage

PAGES_FILE = "pages-v1.json"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):  # pydantic's own JSON: several times faster than json's
        return value.model_dump_json()
    return repr(value)


def fingerprint(inputs: object) -> str:
    text = json.dumps([code_fingerprint(), inputs], sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class PageCache:
    """Pages from the previous build (`stored`) and those this build used (`used`)."""

    stored: dict[str, SitePage] = field(default_factory=dict)
    used: dict[str, SitePage] = field(default_factory=dict)

    def page(self, inputs: object, render: Callable[[], SitePage]) -> SitePage:
        """The page made of `inputs`: kept from before, else rendered now."""
        key = fingerprint(inputs)
        found = self.used.get(key) or self.stored.get(key) or render()
        self.used[key] = found
        return found


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


def load(root: Path) -> PageCache:
    """The cache kept in `root`'s cache folder; empty when absent, unreadable or foreign."""
    try:
        data = json.loads(cache_folder.read_text(root, PAGES_FILE) or "{}")
        if data.get("code") != code_fingerprint():
            return PageCache()
        return PageCache({key: _page_from(page) for key, page in data["pages"].items()})
    except (ValueError, TypeError, KeyError, AttributeError):
        return PageCache()


def save(cache: PageCache, root: Path) -> bool:
    """Keep the pages this build used, replacing only the cache's own file.

    A folder of that name statusgen did not make is left alone (False).
    """
    pages = {key: asdict(page) for key, page in sorted(cache.used.items())}
    text = json.dumps({"code": code_fingerprint(), "pages": pages}, ensure_ascii=False)
    return cache_folder.write_text(root, PAGES_FILE, text)
