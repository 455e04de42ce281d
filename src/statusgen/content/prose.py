"""Markdown reduced to the writer's own words, with every character left where it was.

Checks on wording must not fire on code, quotations or comments, yet must report the line
and column of what they find. So nothing is removed: what is not prose is overwritten with
spaces, keeping line breaks, and positions in the result are positions in the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
BLOCKQUOTE = re.compile(r"^ {0,3}>")
COMMENT = re.compile(r"<!--[\s\S]*?-->")
CODE_SPAN = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)")
# A quotation within one paragraph: the words are someone else's.
QUOTE = re.compile(r'"(?:[^"\n]|\n(?![ \t]*\n))*"|“(?:[^”\n]|\n(?![ \t]*\n))*”')


def fenced_lines(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fences included)."""
    inside: list[bool] = []
    fence = ""
    for line in lines:
        match = FENCE.match(line)
        if fence:
            inside.append(True)
            closes = match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence)
            if closes and not line.strip().lstrip(fence[0]):
                fence = ""
        elif match:
            fence = match["fence"]
            inside.append(True)
        else:
            inside.append(False)
    return inside


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def without_comments(text: str) -> str:
    return COMMENT.sub(_blank, text)


def inline_prose(text: str) -> str:
    """Comments, code spans and quotations blanked out."""
    return QUOTE.sub(_blank, CODE_SPAN.sub(_blank, without_comments(text)))


def markdown_prose(text: str) -> str:
    """`inline_prose`, and code blocks and block quotes blanked out too."""
    lines = text.split("\n")
    inside = fenced_lines(lines)
    kept = [
        " " * len(line) if inside[i] or BLOCKQUOTE.match(line) else line
        for i, line in enumerate(lines)
    ]
    return inline_prose("\n".join(kept))
