"""The fast path of Markdown for the commonest update body: plain sentences in paragraphs.

"We are investigating elevated error rates." goes through Python-Markdown's dozens of block and
inline processors and the sanitiser to come out as itself between `<p>` and `</p>`. Text made
only of letters, digits, spaces and punctuation that no Markdown rule and no HTML escape
touches, with no line that starts a list, a heading, a quote or a definition, comes out the
same way without them. `tests/test_plain_paragraphs.py` holds the fast path to the full
pipeline's output on random text.

Two inline forms are common enough in updates to take the fast path too: `**strong**` words
set off by spaces, and a link `[words](https://host/path)` whose address has only
characters no rule or escape touches.
"""

from __future__ import annotations

import re

# Punctuation that has no meaning to Markdown, the extensions statusgen enables or HTML inside
# a line, and that the sanitiser leaves as it is. Everything else takes the full path:
# `*_[]<>&|{}`, backquotes, backslashes and the like.
_PUNCTUATION = ".,;:?!'\"()/%@$€£’‘“”–—…°#+=~-"
# A line that would start a block of its own: a list (`- `, `+ `, `2024. `, `1) `), a heading
# (`# `, or `===`/`---` under a line), a fence (`~~~`), a definition (`: `).
_BLOCK_START = re.compile(r"\d+[.)]|[-+#=~:]")


# Plain words inside a span: no space at either end, no bracket, asterisk or HTML character.
_WORDS = r"[^\s\[\]*<>&`\\](?:[^\n\[\]*<>&`\\]*[^\s\[\]*<>&`\\])?"
# A web address of characters that Markdown, the sanitiser and HTML all leave as they are.
_ADDRESS = r"https?://[A-Za-z0-9._~/:%@+=-]+"
# `**words**` after the line's start or a space, before its end, a space or punctuation (a
# narrower border than Python-Markdown's, which takes `a**b**c` too: the rest goes the full
# path); `[words](address)`, not after a `!` (`![words](address)` is an image).
_SPAN = re.compile(
    rf"(?:(?<= )|^)\*\*(?P<strong>{_WORDS})\*\*(?=$|[ .,;:!?)])"
    rf"|(?<!!)\[(?P<text>{_WORDS})\]\((?P<href>{_ADDRESS})\)"
)


def _plain_character(character: str) -> bool:
    return character.isalnum() or character == " " or character in _PUNCTUATION


def _plain_text(text: str) -> bool:
    return all(_plain_character(c) for c in text)


def _line_html(line: str) -> str | None:
    """The line's HTML when it is plain text with plain spans, else None."""
    if not line or line[0] == " " or line[-1] == " " or _BLOCK_START.match(line):
        return None  # empty; indented; a line break (two trailing spaces); a block's start
    out: list[str] = []
    last = 0
    for span in _SPAN.finditer(line):
        out.append(line[last : span.start()])
        strong, text = span.group("strong"), span.group("text")
        if strong is not None:
            if not _plain_text(strong):
                return None
            out.append(f"<strong>{strong}</strong>")
        else:
            if not _plain_text(text):
                return None
            out.append(f'<a href="{span.group("href")}">{text}</a>')
        last = span.end()
    out.append(line[last:])
    plain = out[0::2]
    return "".join(out) if all(_plain_text(piece) for piece in plain) else None


def plain_paragraphs(text: str) -> str | None:
    """The HTML of `text` when it is plain paragraphs, else None (use the full path)."""
    paragraphs = []
    for paragraph in text.strip("\n").split("\n\n"):
        lines = [_line_html(line) for line in paragraph.split("\n")]
        if any(line is None for line in lines):
            return None
        paragraphs.append("\n".join(line for line in lines if line is not None))
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
