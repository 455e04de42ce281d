"""Wrapping terminal text by the cells it takes, for scripts that do not separate words.

`textwrap` counts characters and breaks only at spaces: a Japanese sentence, which has no
spaces and whose characters each take two cells, would stay one line twice the terminal's
width. Here a line may also break between two wide characters (as Japanese and Chinese
text does), never inside a run of narrow ones, so ids, times and URLs stay whole to copy.
"""

from __future__ import annotations

import re
import unicodedata

from statusgen.characters import display_width

# Punctuation that must not begin a line in Japanese or Chinese (kinsoku shori): it is
# joined to the character before it, which moves to the next line with it when needed.
_NO_LINE_START = frozenset(
    "、。，．・：；？！）」』】〕〉》ー々"  # closing punctuation, the prolonged sound mark
    "ぁぃぅぇぉっゃゅょゎ"  # small hiragana
    "ァィゥェォッャュョヮ"  # small katakana
)
_WORD = re.compile(r"\S+")


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _pieces(word: str) -> list[str]:
    """`word` cut where a line may break inside it: before each wide character, except
    one that may not begin a line, and after one (a narrow run stays whole)."""
    pieces: list[str] = []
    for char in word:
        joins = pieces and (
            char in _NO_LINE_START or not (_is_wide(char) or _is_wide(pieces[-1][-1]))
        )
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap_cells(text: str, width: int, indent: str = "", next_indent: str = "") -> list[str]:
    """`text` in lines of at most `width` cells where it can break (a longer unbreakable
    piece gets a line of its own), the first line after `indent`, the others after
    `next_indent`."""
    lines: list[str] = []
    line, start = indent, indent
    for word in _WORD.findall(text):
        for index, piece in enumerate(_pieces(word)):
            joiner = " " if index == 0 and line != start else ""
            if line != start and display_width(line + joiner + piece) > width:
                lines.append(line)
                line = start = next_indent
                joiner = ""
            line += joiner + piece
    if line != start or not lines:
        lines.append(line)
    return lines
