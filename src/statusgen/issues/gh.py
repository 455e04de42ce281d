"""Running the GitHub CLI, and writing text that GitHub shows exactly as it is.

Titles and bodies made from content are passed to `gh` as separate arguments (or through a
file), never through a shell. Issues are read by colleagues, not parsed by a terminal, so
control characters are dropped rather than shown escaped, and Markdown punctuation is
escaped so that content can neither mention anyone nor link anywhere.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statusgen.characters import strip_unprintable
from statusgen.errors import ToolFailed
from statusgen.run_program import ProgramNotRun, run_program

TITLE_LIMIT = 256  # GitHub's limit for issue titles
GH_TIMEOUT = 60  # seconds per gh call
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~@>])")


@dataclass(frozen=True)
class MarkedIssue:
    """An issue statusgen opened: its hidden marker names what it is about (`key`)."""

    number: int
    state: str  # OPEN or CLOSED
    title: str
    body: str
    key: str


@dataclass(frozen=True)
class IssueKind:
    """The issues statusgen keeps about one kind of thing: their label, and the hidden marker
    in each body that names what the issue is about (its key)."""

    label: str
    color: str  # the label's, as GitHub writes colours: six hex digits
    description: str
    marker: str  # the marker, with `{key}` where the key goes
    key_pattern: str  # a regular expression every key matches
    list_limit: int  # issues read at the most in one run

    def marker_for(self, key: str) -> str:
        return self.marker.format(key=key)

    def marker_pattern(self) -> re.Pattern[str]:
        """The marker, its key as the first group."""
        before, after = self.marker.split("{key}")
        return re.compile(f"{re.escape(before)}({self.key_pattern}){re.escape(after)}")


class GhFailed(ToolFailed):
    """`gh` is missing or one of its calls failed; the message says which and why."""


@dataclass(frozen=True)
class Gh:
    """Runs the GitHub CLI: `executable` is `gh`, or a stand-in the tests put on PATH."""

    executable: str

    @classmethod
    def find(cls) -> Gh:
        found = shutil.which("gh")
        if found is None:
            raise GhFailed(
                "the GitHub CLI (gh) is not installed: GitHub's runners have it; elsewhere "
                "see https://cli.github.com/"
            )
        return cls(found)

    def run(self, *args: str) -> str:
        try:
            result = run_program(
                [self.executable, *args],
                timeout=GH_TIMEOUT,
                env={"GH_PROMPT_DISABLED": "1", "NO_COLOR": "1"},
            )
        except ProgramNotRun as exc:
            raise GhFailed(f"gh {' '.join(args[:2])} could not run: {exc}") from None
        if result.returncode != 0:
            said = strip_unprintable(result.stderr.strip() or result.stdout.strip())[:500]
            raise GhFailed(f"gh {' '.join(args[:2])} failed (exit {result.returncode}): {said}")
        return result.stdout

    def marked_issues(self, kind: IssueKind, *, state: str) -> list[MarkedIssue]:
        """The issues of `kind` in `state` (open, closed, all) whose body holds its marker,
        oldest first."""
        listed = self.run(
            "issue", "list", "--label", kind.label, "--state", state,
            "--limit", str(kind.list_limit), "--json", "number,state,title,body",
        )  # fmt: skip
        marker = kind.marker_pattern()
        try:
            data: Any = json.loads(listed or "[]")
        except json.JSONDecodeError:
            raise GhFailed("gh issue list did not print JSON") from None
        issues = []
        for entry in data if isinstance(data, list) else []:
            body = str(entry.get("body") or "")
            found = marker.search(body)
            if found is not None and isinstance(entry.get("number"), int):
                title = str(entry.get("title") or "")
                issue_state = str(entry.get("state") or "").upper()
                issues.append(MarkedIssue(entry["number"], issue_state, title, body, found[1]))
        return sorted(issues, key=lambda issue: issue.number)

    def create_label(self, kind: IssueKind) -> None:
        """Create the label of `kind`, or bring its colour and description up to date."""
        self.run(
            "label", "create", kind.label, "--color", kind.color,
            "--description", kind.description, "--force",
        )  # fmt: skip


@contextmanager
def body_file(body: str) -> Iterator[str]:
    """An issue body in a temporary file, for `--body-file`: never on the command line."""
    with tempfile.TemporaryDirectory(prefix="statusgen-issue-") as folder:
        path = Path(folder) / "body.md"
        path.write_text(body, "utf-8")
        yield str(path)


def same_text(a: str, b: str) -> bool:
    """Whether GitHub's copy of a title or body says what statusgen would write."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def markdown_text(text: str) -> str:
    """Plain text as Markdown that renders as the same text: no mention, link or HTML."""
    flat = strip_unprintable(text)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)


def clipped(title: str) -> str:
    """`title` without control characters, cut to GitHub's limit for a title."""
    title = strip_unprintable(title)
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"
