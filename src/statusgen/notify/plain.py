"""Update text as plain text for chat and e-mail: paragraphs and list items kept, links spelt out.

The Markdown is rendered with the site's own safe renderer, then reduced to text; nothing
the author typed can become markup in a receiving service, and control characters are gone.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from statusgen.characters import strip_unprintable
from statusgen.render.markdown import render_markdown

_BLOCKS = {"p", "div", "ul", "ol", "pre", "blockquote", "table", "h1", "h2", "h3", "h4", "h5"}
_BREAKS = {"br", "tr"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.link_text: list[int] = []
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_pre += tag == "pre"
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _BREAKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text.append(len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        self.in_pre -= tag == "pre"
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            start = self.link_text.pop()
            shown = "".join(self.parts[start:]).strip()
            if href and href != shown and not href.startswith("#"):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if data.strip() or self.in_pre or "\n" not in data:
            self.parts.append(data)  # whitespace between block tags is layout, not text


def plain_text(markdown_text: str) -> str:
    """`markdown_text` as plain text: blank lines between paragraphs, `- ` before list items."""
    parser = _Text()
    parser.feed(render_markdown(markdown_text))
    parser.close()
    text = strip_unprintable("".join(parser.parts), keep_newlines=True)
    lines = [re.sub(r"[ ]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
