"""What mkdocs sees of a page statusgen generates: an empty placeholder source, the page's
front-matter handed over as data, and a render that skips mkdocs' Markdown pass (the page is
finished HTML)."""

from __future__ import annotations

from collections.abc import Callable
from types import MethodType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from statusgen.render.page_context import SitePage


def _render_generated(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What `Page.render` leaves behind for a placeholder with no body: empty content and
    table of contents, the title from the front-matter; `on_page_content` fills the rest."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def generated_render(page: Page) -> Callable[[MkDocsConfig, Files], None]:
    """`_render_generated` as the page's own `render`: a method bound to it, which costs
    one small object a page where a closure cost two (some 14 MB at 20,000 incidents)."""
    return MethodType(_render_generated, page)


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
    copied: dict[str, Any] = _json_copy(meta)
    return copied


def _json_copy(value: Any) -> Any:
    """`value` as `json.loads(json.dumps(value))` gives it: new dicts and lists (tuples
    become lists), keys and strings as plain `str`. Strings, numbers and None are shared
    rather than made again for every page, since nothing can change them: fewer objects,
    and less than half the time of the round trip. Anything else is refused, as json
    refuses it (keys too must be strings here: statusgen's metadata has no others)."""
    if isinstance(value, dict):
        return {_json_key(key): _json_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_copy(item) for item in value]
    if isinstance(value, str):
        return str(value)  # a Markup's text, as JSON would give it back
    if value is None or type(value) in (bool, int, float):
        return value
    raise TypeError(f"not JSON: {value!r}")


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return str(key)
    raise TypeError(f"not a JSON object key: {key!r}")
