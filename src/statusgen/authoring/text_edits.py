"""Front-matter as text: write new files and add an update without touching any other byte.

Engineers hand-edit incident files, with comments, their own key order and line wrapping.
A round trip through a YAML library would reformat some of that, so an update is inserted
as a text block above the first item of `updates:`, indented like that item; everything
else in the file is copied byte for byte (including a BOM and CRLF line endings).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import yaml

from statusgen.content.load import Document
from statusgen.content.yaml_front_matter import TIMESTAMP_TAG
from statusgen.errors import EditError
from statusgen.render.format import iso

STR_TAG = "tag:yaml.org,2002:str"
_DASH_LINE = re.compile(r"^(?P<indent> *)- +\S")


class _Dumper(yaml.SafeDumper):
    """Writes front-matter the way the example files look.

    Times stay plain (`at: 2026-03-01T10:00:00Z`) because statusgen reads timestamps as text;
    multi-line text becomes a `|` block; lists are indented under their key.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


# Unicode line separators: PyYAML writes them raw into plain and block scalars, where the
# reader folds them into line breaks. Only double quotes carry them through unchanged.
_LINE_SEPARATORS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(separator in value for separator in _LINE_SEPARATORS):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar(STR_TAG, value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """YAML text for `data` in the house style; long lines are never folded."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


def body_text(message: str) -> str:
    """A message as it is stored: trimmed, and ending in a newline when it has several lines."""
    text = message.replace("\r\n", "\n").strip()
    return text + "\n" if "\n" in text else text


def update_item(
    at: datetime,
    status: str,
    message: str,
    components: Mapping[str, str] | None = None,
    next_update_at: datetime | None = None,
) -> dict[str, Any]:
    """One entry of `updates:` as plain data, in the order the examples use."""
    item: dict[str, Any] = {"at": iso(at), "status": status}
    if next_update_at is not None:
        item["next_update_at"] = iso(next_update_at)
    item["body"] = body_text(message)
    if components:
        item["components"] = dict(components)
    return item


def new_file(front_matter: Mapping[str, Any], body: str = "") -> str:
    """A whole content file: front-matter between `---` lines, then the Markdown body."""
    return f"---\n{dump(dict(front_matter))}---\n{body}"


def insert_first_update(text: str, document: Document, item: Mapping[str, Any]) -> str:
    """`text` with `item` inserted as the new first entry of `updates:`.

    `document` is `text` parsed by `load.read_document`; its line map says where the current
    first update starts. Line numbers are the same in `text`, whose line endings are kept.
    """
    line_number = document.lines.lines.get(("updates", 0))
    if line_number is None:
        raise EditError("there is no update to add above: 'updates' is missing or empty")
    lines = text.split("\n")
    first = lines[line_number - 1]
    match = _DASH_LINE.match(first)
    if match is None:
        raise EditError(
            f"line {line_number}: cannot add an update here automatically; write each update "
            "as a block item starting with '- at:' (not a [flow list] or a lone '-')"
        )
    newline_end = "\r" if first.endswith("\r") else ""
    indent = match["indent"]
    block = [
        (indent + line if line else line) + newline_end
        for line in dump([dict(item)]).rstrip("\n").split("\n")
    ]
    return "\n".join([*lines[: line_number - 1], *block, *lines[line_number - 1 :]])
