"""Places in parsed front-matter: how they are named (`updates[2].status`) and found.

A place is a `Loc`, the path of keys and list indexes from the top of the front-matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statusgen.characters import shorten

Loc = tuple[str | int, ...]
KEY_LIMIT = 40


def field_path(loc: Loc) -> str:
    """`("updates", 2, "status")` → `updates[2].status`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = shorten(part, KEY_LIMIT)  # keys come from the file: bound what is echoed
            text += f".{name}" if text else name
    return text


def text_locations(pattern: Loc, data: Any) -> Iterator[tuple[Loc, str]]:
    """Every concrete location of `pattern` in `data` that holds text; `*` is any list item."""
    if not pattern:
        if isinstance(data, str):
            yield (), data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for index, item in enumerate(data if isinstance(data, list) else []):
            for found, value in text_locations(rest, item):
                yield (index, *found), value
    elif isinstance(data, dict) and head in data:
        for found, value in text_locations(rest, data[head]):
            yield (head, *found), value
