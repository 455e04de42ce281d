"""What mkdocs sees of a page statusgen generates: a placeholder source with the page's
front-matter, and a render that skips mkdocs' Markdown pass (the page is finished HTML)."""

from __future__ import annotations

import json
from collections.abc import Callable

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


def placeholder(page: SitePage) -> str:
    """The Markdown source mkdocs sees; the body is replaced by the rendered fragment."""
    meta = {
        "title": page.title,
        "description": page.description,
        "search": {"exclude": True},
        **page.meta,
    }
    # JSON is valid YAML, and escapes any title safely.
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n"
