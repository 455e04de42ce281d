"""The fast path of Markdown for the commonest update body: plain sentences in paragraphs.

"We are investigating elevated error rates." goes through Python-Markdown's dozens of block and
inline processors and the sanitiser to come out as itself between `<p>` and `</p>`. Text made
only of letters, digits, spaces and punctuation that no Markdown rule and no HTML escape
touches, with no line that starts a list, a heading, a quote or a definition, comes out the
same way without them. `tests/test_plain_paragraphs.py` holds the fast path to the full
pipeline's output on random text.
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


def _plain_character(character: str) -> bool:
    return character.isalnum() or character == " " or character in _PUNCTUATION


def _plain_line(line: str) -> bool:
    return (
        bool(line)
        and line[0] != " "
        and line[-1] != " "  # two trailing spaces are a line break
        and not _BLOCK_START.match(line)
        and all(_plain_character(c) for c in line)
    )


def plain_paragraphs(text: str) -> str | None:
    """The HTML of `text` when it is plain paragraphs, else None (use the full path)."""
    paragraphs = text.strip("\n").split("\n\n")
    lines = [paragraph.split("\n") for paragraph in paragraphs]
    if not all(_plain_line(line) for paragraph in lines for line in paragraph):
        return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
