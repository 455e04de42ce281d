"""What the theme prints of a page, made safe, and the anchors a page offers links.

mkdocs' templates print site and page texts without escaping; statusgen hands them over as
escaped Markup. Anchor ids are read from statusgen's own fragments to check in-page links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import nh3
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from statusgen.render.sanitise import Policy, sanitise


def escape_site_texts(config: MkDocsConfig) -> None:
    """Site texts as escaped Markup: mkdocs' templates print them without escaping.

    Markup passes the theme's own `| e` unchanged, so nothing is escaped twice.
    """
    for key in ("site_name", "site_description", "site_author"):
        value = config.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            config[key] = escape(value)
    copyright = config.get("copyright")
    if isinstance(copyright, str) and not isinstance(copyright, Markup):
        config["copyright"] = Markup(sanitise(copyright, Policy.PAGE))


# Front-matter fields the theme prints: plain text, escaped before it gets there.
THEME_META = ("title", "description", "author", "subtitle")


def escape_page_texts(page: Page) -> None:
    """The page's title, meta and contents, as the theme prints them: as HTML.

    A title from the front-matter or mkdocs.yml is text and gets escaped; one mkdocs took
    from the page's first heading is already HTML (escaped text), and is only checked.
    """
    raw_title = "title" in vars(page) or "title" in page.meta
    title = page.title
    if isinstance(title, str) and not isinstance(title, Markup):
        page.title = escape(title) if raw_title else _html_text(title)
    for key in THEME_META:
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)
    pending: list[AnchorLink] = list(page.toc)
    while pending:
        anchor = pending.pop()
        anchor.title = _html_text(anchor.title)
        pending.extend(anchor.children)


def _html_text(html: str) -> Markup:
    """HTML reduced to its text, still escaped: no element survives."""
    return Markup(nh3.clean(html, tags=set()))


# Attributes as the HTML tokenizer reads them inside a start tag: name, optional value.
_START_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class LazyAnchors(set[str]):
    """The anchor ids of `html`, found when a link first asks for one.

    mkdocs checks only links from hand-written pages against them, and those point at a few
    of the thousands of generated pages: most pages are never scanned.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self._html: str | None = html

    def _found(self) -> set[str]:
        if self._html is not None:
            self.update(anchor_ids(self._html))
            self._html = None
        return self

    def __contains__(self, anchor: object) -> bool:
        return set.__contains__(self._found(), anchor)

    def __iter__(self) -> Iterator[str]:
        return set.__iter__(self._found())

    def __len__(self) -> int:
        return set.__len__(self._found())


def anchor_ids(html: str) -> set[str]:
    """Every anchor a link can point at in `html`: any element's id, and the name of an <a>.

    A regular-expression scan of start tags, not an HTML parser: statusgen's own fragments
    (escaped by their templates) are all it reads, 5,000 pages of them per build.
    """
    ids: set[str] = set()
    for match in _START_TAG.finditer(html):
        tag = match.group(1).lower()
        for attribute in _ATTRIBUTE.finditer(match.group(2)):
            name = attribute.group(1).lower()
            value = attribute.group(2) or attribute.group(3) or attribute.group(4)
            if value and (name == "id" or (name == "name" and tag == "a")):
                ids.add(unescape(value))
    return ids
