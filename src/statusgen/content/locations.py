"""Finding the places in parsed front-matter that a pattern such as `updates.*.body` names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .load import Loc


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
