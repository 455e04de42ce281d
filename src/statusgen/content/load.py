"""Reading content files: bytes → text → front-matter YAML → data, remembering every key's line.

Nothing here knows what an incident is; it turns a file into plain data plus a map from each
key path (``("updates", 0, "status")``) to the 1-based line where it stands, so that later
stages can report a problem at the offending key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statusgen.characters import FORBIDDEN, describe
from statusgen.errors import YamlShapeError
from statusgen.problems import Problem, error

from .locations import Loc, field_path
from .yaml_front_matter import LineMap, parse_yaml


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


DEFAULT_MAX_FILE_KIB = 1024
"""A content file may be this large by default; config `max_file_kib` changes it."""


MAX_REPORTED_CHARACTERS = 10
"""Forbidden characters reported one by one per file; the rest are counted in one more line."""


def _size_problem(rel: str, size: int, max_kib: int) -> Problem:
    return error(
        rel,
        1,
        "",
        f"the file is {size / 1024:,.0f} KiB; content files are limited to {max_kib:,} KiB "
        "so that the site builds in seconds: shorten or split it, or raise the limit with "
        "'max_file_kib' under statusgen in mkdocs.yml",
    )


def character_problems(text: str, rel: str) -> list[Problem]:
    """Every character of `text` that content may not hold, as `file:line:col` errors."""
    problems: list[Problem] = []
    found = FORBIDDEN.finditer(text)
    for count, match in enumerate(found):
        if count == MAX_REPORTED_CHARACTERS:
            rest = 1 + sum(1 for _ in found)
            problems.append(
                error(rel, problems[-1].line, "", f"and {rest:,} more such characters below")
            )
            break
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - text.rfind("\n", 0, match.start())
        problems.append(
            Problem(rel, line, col, message=f"{describe(match.group())} {UNPUBLISHABLE}")
        )
    return problems


UNPUBLISHABLE = "is not allowed: feeds and pages cannot carry it; remove it"


def value_character_problems(data: Any, lines: LineMap, rel: str) -> list[Problem]:
    """Forbidden characters that YAML escapes (`"\\e"`, `"\\0"`) put into keys and values."""
    problems: list[Problem] = []
    pending: list[tuple[Loc, Any]] = [((), data)]
    while pending and len(problems) < MAX_REPORTED_CHARACTERS:
        loc, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                here = (*loc, str(key))
                if isinstance(key, str) and (match := FORBIDDEN.search(key)):
                    problems.append(_value_problem(rel, lines, here, match, "key"))
                pending.append((here, item))
        elif isinstance(value, list):
            pending.extend(((*loc, index), item) for index, item in enumerate(value))
        elif isinstance(value, str) and (match := FORBIDDEN.search(value)):
            problems.append(_value_problem(rel, lines, loc, match, "text"))
    return sorted(problems)


def _value_problem(rel: str, lines: LineMap, loc: Loc, match: re.Match[str], what: str) -> Problem:
    return error(
        rel,
        lines.line_of(loc),
        field_path(loc),
        f"the {what} holds {describe(match.group())}, which feeds and pages cannot carry: "
        "remove the escape that writes it (such as \\e or \\x00)",
    )


def read_document(
    path: Path, rel: str, *, max_kib: int = DEFAULT_MAX_FILE_KIB
) -> Document | Problem:
    """Read a front-matter Markdown file, or say precisely why it cannot be read.

    Characters content may not hold are reported in the document's `problems` (every one, with
    its line and column), and the front-matter is read with them blanked out, so the file's
    other problems are found in the same run.
    """
    size = path.stat().st_size
    if size > max_kib * 1024:
        return _size_problem(rel, size, max_kib)
    return parse_document(path.read_bytes(), path, rel, max_kib=max_kib)


def parse_document(
    raw: bytes, path: Path, rel: str, *, max_kib: int = DEFAULT_MAX_FILE_KIB
) -> Document | Problem:
    """`read_document` of the bytes `raw`, read from `path`."""
    if len(raw) > max_kib * 1024:  # grew since stat
        return _size_problem(rel, len(raw), max_kib)
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
    problems = character_problems(text, rel)
    if problems:
        yaml_text = FORBIDDEN.sub("\ufffd", yaml_text)
    try:
        data, lines = parse_yaml(yaml_text, first_line=2)
    except YamlShapeError as exc:
        return error(rel, exc.line, "", exc.message)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return error(rel, 2, "", f"front-matter must be a mapping of fields, not {kind}")
    problems.extend(value_character_problems(data, lines, rel))
    return Document(
        path=path,
        rel=rel,
        data=data,
        lines=lines,
        body=body,
        body_line=body_line,
        problems=tuple(problems),
        text=text,
    )
