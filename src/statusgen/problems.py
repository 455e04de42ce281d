"""Problems found in content, and the three ways of reporting them (text, GitHub, JSON)."""

from __future__ import annotations

import json
import reprlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from .characters import printable, shorten


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file. Sorts by file, then line, then column.

    Problems found by a named rule (the blameless-language check) carry the rule's id and a
    suggested rewrite; the others name the front-matter field they are about.
    """

    path: str
    line: int
    col: int = 0
    severity: Severity = Severity.ERROR
    field: str = ""
    message: str = ""
    rule: str = ""
    suggestion: str = ""

    @property
    def detail(self) -> str:
        """The message with its suggestion, as one line of prose."""
        return f"{self.message} — {self.suggestion}" if self.suggestion else self.message

    def as_text(self) -> str:
        """One line for a terminal: messages quote content, so controls are shown escaped."""
        place = f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")
        if self.rule:
            # The lint style of prose checkers: `path:line:col rule: message — suggestion`.
            return printable(f"{place} {self.rule}: {self.detail}")
        field = f"{self.field}: " if self.field else ""
        return printable(f"{place}: {self.severity}: {field}{self.message}")

    def as_github(self) -> str:
        """A workflow command: one line, whatever the file name, field or message holds."""
        text = f"{self.field}: {self.message}" if self.field else self.detail
        properties = [f"file={_property(self.path)}", f"line={self.line}"]
        if self.col:
            properties.append(f"col={self.col}")
        properties.append(f"title={_property(self.rule or self.field or 'statusgen')}")
        return f"::{self.severity} {','.join(properties)}::{_data(text)}"


def _data(text: str) -> str:
    """Escape a workflow command's message the way GitHub's runner toolkit does."""
    text = printable(text, keep_newlines=True)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value: as data, and ':' and ',' too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def quoted(value: object, limit: int = 80) -> str:
    """`value` as a message quotes it: text in quotes, anything else as Python shows it, and
    never more than `limit` characters, however large the input."""
    if isinstance(value, str):
        return f"'{shorten(value, limit)}'"
    return shorten(reprlib.repr(value), limit)  # reprlib stops early on large structures


def error(path: str, line: int, field: str, message: str) -> Problem:
    return Problem(path=path, line=line, severity=Severity.ERROR, field=field, message=message)


def warning(path: str, line: int, field: str, message: str) -> Problem:
    return Problem(path=path, line=line, severity=Severity.WARNING, field=field, message=message)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Report:
    """Every problem of one run, sorted, and how many files were read."""

    problems: tuple[Problem, ...]
    files_checked: int

    @classmethod
    def of(cls, problems: Iterable[Problem], files_checked: int) -> Report:
        return cls(tuple(sorted(set(problems))), files_checked)

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    def failed(self, *, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        return (
            f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')} "
            f"in {_plural(self.files_checked, 'file')}"
        )

    def format(self, style: str) -> str:
        if style == "json":
            return json.dumps(
                {
                    "problems": [asdict(p) for p in self.problems],
                    "errors": self.errors,
                    "warnings": self.warnings,
                    "files_checked": self.files_checked,
                },
                indent=2,
            )
        if style == "github":
            lines = [p.as_github() for p in self.problems]
        else:
            lines = [p.as_text() for p in self.problems]
        return "\n".join([*lines, self.summary()])
