"""YAML front-matter as plain data, read from the parser's events, with every key's line.

Tags, anchors and aliases are refused as they come (no alias bombs, no Python objects), and
each key path (``("updates", 0, "status")``) is mapped to the 1-based line where it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from statusgen.characters import shorten
from statusgen.errors import YamlShapeError

from .locations import Loc

try:  # The C loader is several times faster on thousands of files.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


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


MAX_DEPTH = 64
"""Front-matter needs a handful of levels; far deeper nesting only serves to exhaust the stack."""


NULL_TAG = "tag:yaml.org,2002:null"


STR_TAG = "tag:yaml.org,2002:str"


_SCALAR_TAGS = {
    NULL_TAG: "null",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
}


_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors


_NO_KEY = object()


_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


@dataclass
class _Open:
    """A mapping or list being read: where it is, what it holds so far."""

    path: Loc
    value: dict[Any, Any] | list[Any]
    key: Any = _NO_KEY
    key_text: str = ""


class _Walk:
    """Builds plain data and the line of every key and list item from the parser's events.

    Reading events rather than a composed node tree means nothing is ever shared or expanded:
    an anchor, an alias or an explicit tag (`!!pairs`, `!<tag:yaml.org,2002:seq>`, a `%TAG`
    shorthand) is refused the moment the parser reaches it, so a "billion laughs" document
    costs what its bytes cost. Front-matter never needs any of them. In mkdocs.yml, whose
    `!ENV` and `!!python/name:` tags are mkdocs' business, a tagged value is read as nothing.
    """

    def __init__(self, loader: Any, first_line: int, tolerate_tags: bool, where: str) -> None:
        self.loader = loader
        self.first_line = first_line
        self.tolerate_tags = tolerate_tags
        self.where = where
        self.lines: dict[Loc, int] = {}

    def line(self, event: Any) -> int:
        return self.first_line + int(event.start_mark.line)

    def refuse(self, event: Any, message: str) -> YamlShapeError:
        """An error at `event`; `{where}` in `message` names the file's kind."""
        return YamlShapeError(self.line(event), message.format(where=self.where))

    def document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        start = loader.get_event()
        if getattr(start, "tags", None):
            raise self.refuse(start, "YAML %TAG directives are not allowed in {where}")
        value = self.values()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise self.refuse(loader.peek_event(), "invalid YAML: a second document starts here")
        return value

    def values(self) -> Any:
        """Read one value, iteratively: a deep document cannot exhaust Python's stack."""
        stack: list[_Open] = []
        loader = self.loader
        while True:
            event = loader.get_event()
            top = stack[-1] if stack else None
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                assert top is not None
                stack.pop()
                value: Any = top.value
            else:
                self.check_plain(event)
                if top is not None and isinstance(top.value, dict) and top.key is _NO_KEY:
                    self.key(top, event)
                    continue
                path = self.path_of(top, event)
                if event.tag is not None:  # only reached when tags are tolerated
                    self.skip(event)
                    value = None
                elif isinstance(event, yaml.ScalarEvent):
                    value = self.scalar(event)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise self.refuse(event, f"{{where}} nests deeper than {MAX_DEPTH} levels")
                    container: list[Any] | dict[Any, Any] = (
                        [] if isinstance(event, yaml.SequenceStartEvent) else {}
                    )
                    stack.append(_Open(path, container))
                    continue
            if not stack:
                return value
            parent = stack[-1]
            if isinstance(parent.value, list):
                parent.value.append(value)
            else:
                parent.value[parent.key] = value
                parent.key = _NO_KEY

    def check_plain(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise self.refuse(
                event, "YAML anchors and aliases (&name, *name) are not allowed in {where}"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not self.tolerate_tags:
            raise self.refuse(
                event,
                f"YAML tags such as {_shown_tag(tag)} are not allowed in {{where}}: write the "
                "value plainly (in quotes to keep it text)",
            )

    def path_of(self, top: _Open | None, event: Any) -> Loc:
        if top is None:
            return ()
        if isinstance(top.value, list):
            here = (*top.path, len(top.value))
            self.lines[here] = self.line(event)
            return here
        return (*top.path, top.key_text)

    def key(self, mapping: _Open, event: Any) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise YamlShapeError(self.line(event), "a key must be plain text")
        line = self.line(event)
        key_text = event.value
        if key_text == "<<" and event.implicit[0]:
            raise self.refuse(event, "YAML merge keys (<<) are not allowed in {where}")
        here = (*mapping.path, key_text)
        if here in self.lines:
            raise YamlShapeError(
                line, f"duplicate key '{shorten(key_text)}' (first at line {self.lines[here]})"
            )
        self.lines[here] = line
        mapping.key = self.scalar(event)
        mapping.key_text = key_text

    def scalar(self, event: Any) -> Any:
        tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        kind = _SCALAR_TAGS.get(tag)
        if kind is None:  # text, or a YAML 1.1 oddity such as `=` or `<<` used as a value
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _CONSTRUCTORS[tag](self.loader, node)
        except (ValueError, OverflowError, ArithmeticError):
            raise YamlShapeError(
                self.line(event),
                f"'{shorten(event.value)}' cannot be read as a {kind}: quote it if it is text",
            ) from None

    def skip(self, event: Any) -> None:
        """Step over a tagged value (mkdocs.yml only) without building it."""
        if isinstance(event, yaml.ScalarEvent):
            return
        depth = 1
        while depth:
            inner = self.loader.get_event()
            if isinstance(inner, yaml.AliasEvent):
                continue
            if isinstance(inner, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
            elif isinstance(inner, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1


def _shown_tag(tag: str) -> str:
    """`tag:yaml.org,2002:int` as it is usually typed, `!!int`; at most 40 characters."""
    short = "!!" + tag.removeprefix(_YAML_TAG_PREFIX) if tag.startswith(_YAML_TAG_PREFIX) else tag
    return shorten(short, 40).replace("{", "{{").replace("}", "}}")


def parse_yaml(
    text: str, *, first_line: int = 1, tolerate_tags: bool = False, where: str = "front-matter"
) -> tuple[Any, LineMap]:
    """Parse one YAML document; raise `YamlShapeError` with a file line on any problem."""
    loader = _FrontMatterLoader(text)
    try:
        walk = _Walk(loader, first_line, tolerate_tags, where)
        try:
            data = walk.document()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = first_line + (mark.line if mark else 0)
            problem = exc.problem or "invalid YAML"
            context = f" {exc.context}" if exc.context else ""
            raise YamlShapeError(line, f"invalid YAML: {problem}{context}") from None
        except yaml.YAMLError as exc:
            raise YamlShapeError(first_line, f"invalid YAML: {shorten(str(exc))}") from None
        return data, LineMap(walk.lines, first_line)
    finally:
        loader.dispose()
