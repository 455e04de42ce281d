"""Markdown → HTML for incident and postmortem text, safe by default.

Incident text arrives through pull requests, so unless the config allows it, raw HTML is
shown as text and links may only use web, mail and relative addresses: a contributor cannot
put a script on the status page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_URL = re.compile(r"^(https?:|mailto:|#|/|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)
EXTENSIONS = ["extra", "sane_lists"]


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not SAFE_URL.match(value.strip()):
                    del element.attrib[attribute]


class _EscapeHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafeLinks(md), "drop_unsafe_links", 0)


@lru_cache(maxsize=2)
def _converter(allow_html: bool) -> markdown.Markdown:
    extensions: list[str | Extension] = list(EXTENSIONS)
    if not allow_html:
        extensions.append(_EscapeHtml())
    return markdown.Markdown(extensions=extensions, output_format="html")


def render_markdown(text: str, *, allow_html: bool = False) -> str:
    """HTML for `text`; raw HTML is escaped unless `allow_html`."""
    converter = _converter(allow_html)
    try:
        return converter.convert(text).strip()
    finally:
        converter.reset()


def plain_text(text: str, limit: int | None = None) -> str:
    """Markdown reduced to one line of plain text (for summaries and terminal output)."""
    html = render_markdown(text)
    flat = re.sub(r"<[^>]+>", "", html)
    flat = re.sub(r"\s+", " ", flat).strip()
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        flat = flat.replace(entity, char)
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat
