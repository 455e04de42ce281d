"""What mkdocs sees of a page statusgen generates: an empty placeholder source, the page's
front-matter handed over as data, and a render that skips mkdocs' Markdown pass (the page is
finished HTML)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from statusgen.render.page_context import SitePage


def generated_render(page: Page) -> Callable[[MkDocsConfig, Files], None]:
    """What `Page.render` leaves behind for a placeholder with no body: empty content and
    table of contents, the title from the front-matter; `on_page_content` fills the rest."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        page.links_to_anchors = {}

    return render


# The source mkdocs reads for a generated page. Empty: front-matter in it would be YAML that
# mkdocs parses again for every page (5,000 parses at 5,000 incidents), only to return the
# data `page_meta` gives directly.
PLACEHOLDER = ""


def page_meta(page: SitePage) -> dict[str, Any]:
    """The front-matter mkdocs would have read from the page's source, as plain data."""
    meta = {
        "title": page.title,
        "description": page.description,
        "search": {"exclude": True},
        **page.meta,
    }
    # A copy made of JSON's types, as YAML would give them (lists, not tuples), so nothing the
    # theme changes in a page's meta reaches the SitePage or another page.
    copied: dict[str, Any] = json.loads(json.dumps(meta, ensure_ascii=False))
    return copied
