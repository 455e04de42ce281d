"""Reading content files: bytes → text → front-matter YAML → data, remembering every key's line.

Nothing here knows what an incident is; it turns a file into plain data plus a map from each
key path (``("updates", 0, "status")``) to the 1-based line where it stands, so that later
stages can report a problem at the offending key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, error

try:  # The C loader is several times faster on thousands of files.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

Loc = tuple[str | int, ...]
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _FrontMatterLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that leaves timestamps as text.

    PyYAML turns `2026-03-01 10:00` into a naive datetime and drops what was typed; keeping
    the text lets validation quote it back and insist on an explicit offset.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class YamlShapeError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class LineMap:
    """Where each key of a YAML document stands, as 1-based lines in the whole file."""

    lines: Mapping[Loc, int]
    default: int

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest part of `loc` that exists in the document."""
        for end in range(len(loc), 0, -1):
            found = self.lines.get(loc[:end])
            if found is not None:
                return found
        return self.default


@dataclass(frozen=True)
class Document:
    """A Markdown file split into front-matter data and body."""

    path: Path
    rel: str
    data: dict[str, Any]
    lines: LineMap
    body: str
    body_line: int
    problems: tuple[Problem, ...] = field(default=())
    text: str = field(default="", repr=False)
    """The whole file as read (BOM removed, line ends normalized), for column positions."""


class _ConfigLoader(_FrontMatterLoader):
    """Also reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags are mkdocs' business."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def parse_yaml(
    text: str, *, first_line: int = 1, tolerate_tags: bool = False
) -> tuple[Any, LineMap]:
    """Parse one YAML document; raise `YamlShapeError` with a file line on any problem."""
    loader = (_ConfigLoader if tolerate_tags else _FrontMatterLoader)(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = first_line + (mark.line if mark else 0)
            problem = exc.problem or "invalid YAML"
            context = f" {exc.context}" if exc.context else ""
            raise YamlShapeError(line, f"invalid YAML: {problem}{context}") from None
        except yaml.YAMLError as exc:
            raise YamlShapeError(first_line, f"invalid YAML: {exc}") from None
        if node is None:
            return None, LineMap({}, first_line)
        lines: dict[Loc, int] = {}
        try:
            data = _build(loader, node, (), lines, set(), first_line)
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark
            line = first_line + (mark.line if mark else 0)
            raise YamlShapeError(line, f"invalid YAML: {exc.problem}") from None
        return data, LineMap(lines, first_line)
    finally:
        loader.dispose()


_PLAIN_TAGS = {
    "tag:yaml.org,2002:map": yaml.MappingNode,
    "tag:yaml.org,2002:seq": yaml.SequenceNode,
}
STR_TAG = "tag:yaml.org,2002:str"


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: Loc,
    lines: dict[Loc, int],
    seen: set[int],
    offset: int,
) -> Any:
    """Construct the value of `node` and record the line of every key and list item.

    One walk does both, so large trees of files parse in a single pass. Aliases are refused
    outright: front-matter never needs them, and a few nested ones ("billion laughs") would
    expand into gigabytes during validation. Only collections can expand, so only they are
    tracked.
    """
    node_type = type(node)
    if node_type is yaml.ScalarNode:
        return node.value if node.tag == STR_TAG else loader.construct_object(node, deep=True)
    if id(node) in seen:
        raise YamlShapeError(
            offset + node.start_mark.line,
            "YAML anchors and aliases (&name, *name) are not allowed in front-matter",
        )
    seen.add(id(node))
    if _PLAIN_TAGS.get(node.tag) is not node_type:
        return loader.construct_object(node, deep=True)
    if node_type is yaml.SequenceNode:
        items = []
        for index, item in enumerate(node.value):
            here = (*path, index)
            lines[here] = offset + item.start_mark.line
            items.append(_build(loader, item, here, lines, seen, offset))
        return items
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        is_text = type(key_node) is yaml.ScalarNode
        key_text = str(key_node.value) if is_text else "?"
        line = offset + key_node.start_mark.line
        here = (*path, key_text)
        if here in lines:
            if key_text == "<<":
                raise YamlShapeError(line, "YAML merge keys (<<) are not allowed in front-matter")
            raise YamlShapeError(line, f"duplicate key '{key_text}' (first at line {lines[here]})")
        if key_text == "<<":
            raise YamlShapeError(line, "YAML merge keys (<<) are not allowed in front-matter")
        lines[here] = line
        if is_text and key_node.tag == STR_TAG:
            key: Any = key_text
        else:
            key = _build(loader, key_node, here, {}, seen, offset)
            try:
                hash(key)
            except TypeError:
                raise YamlShapeError(line, "a key must be plain text") from None
        mapping[key] = _build(loader, value_node, here, lines, seen, offset)
    return mapping


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (yaml text, body, body's first line) or None when there is no front-matter."""
    if not text.startswith("---"):
        return None
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].rstrip() != "---":
        return None
    position = first_newline + 1
    line_number = 2
    while position <= len(text):
        end = text.find("\n", position)
        line = text[position:] if end == -1 else text[position:end]
        if line.rstrip() in ("---", "..."):
            yaml_text = text[first_newline + 1 : position]
            body = "" if end == -1 else text[end + 1 :]
            return yaml_text, body, line_number + 1
        if end == -1:
            break
        position = end + 1
        line_number += 1
    return None


def read_document(path: Path, rel: str) -> Document | Problem:
    """Read a front-matter Markdown file, or say precisely why it cannot be read."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return error(
            rel, line, "", f"not UTF-8 (byte 0x{raw[exc.start]:02x}): save the file as UTF-8"
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    split = _split_front_matter(text)
    if split is None:
        return error(
            rel,
            1,
            "",
            "missing front-matter: start the file with a '---' line, the YAML fields, "
            "then another '---' line",
        )
    yaml_text, body, body_line = split
    try:
        data, lines = parse_yaml(yaml_text, first_line=2)
    except YamlShapeError as exc:
        return error(rel, exc.line, "", exc.message)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return error(rel, 2, "", f"front-matter must be a mapping of fields, not {kind}")
    return Document(
        path=path, rel=rel, data=data, lines=lines, body=body, body_line=body_line, text=text
    )
