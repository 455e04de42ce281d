"""Running the GitHub CLI, and writing text that GitHub shows exactly as it is.

Titles and bodies made from content are passed to `gh` as separate arguments (or through a
file), never through a shell. Issues are read by colleagues, not parsed by a terminal, so
control characters are dropped rather than shown escaped, and Markdown punctuation is
escaped so that content can neither mention anyone nor link anywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from statusgen.characters import strip_unprintable

TITLE_LIMIT = 256  # GitHub's limit for issue titles
GH_TIMEOUT = 60  # seconds per gh call
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~@>])")


class GhFailed(Exception):
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
            result = subprocess.run(
                [self.executable, *args],
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=GH_TIMEOUT,
                check=False,
                env={**os.environ, "GH_PROMPT_DISABLED": "1", "NO_COLOR": "1"},
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise GhFailed(f"gh {' '.join(args[:2])} could not run: {exc}") from None
        if result.returncode != 0:
            said = strip_unprintable(result.stderr.strip() or result.stdout.strip())[:500]
            raise GhFailed(f"gh {' '.join(args[:2])} failed (exit {result.returncode}): {said}")
        return result.stdout


def markdown_text(text: str) -> str:
    """Plain text as Markdown that renders as the same text: no mention, link or HTML."""
    flat = strip_unprintable(text)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)


def clipped(title: str) -> str:
    """`title` without control characters, cut to GitHub's limit for a title."""
    title = strip_unprintable(title)
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"
