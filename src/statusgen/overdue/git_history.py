"""Who last changed a content file, as far as Git knows; nothing at all when it cannot say.

`statusgen overdue` names who posted last so the on-call team knows whom to ask. Git may be
missing, the folder may not be a repository, the file may be uncommitted, or the clone may
be shallow (a CI checkout): in a shallow clone the oldest commit present lists every file
as added, so naming its author would be a guess, and the answer is "unknown" instead.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from statusgen.characters import strip_unprintable
from statusgen.run_program import ProgramNotRun, run_program

GIT_TIMEOUT = 10  # seconds; a hung git must not hold up an alarm


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    at: datetime

    @property
    def short(self) -> str:
        return self.sha[:7]


def _git(folder: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        result = run_program([git, "-C", str(folder), *args], timeout=GIT_TIMEOUT)
    except ProgramNotRun:
        return None
    return result.stdout if result.returncode == 0 else None


def _shallow_boundary(folder: Path) -> set[str]:
    """Commits whose parents a shallow clone lacks (empty for a full clone)."""
    if (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() != "true":
        return set()
    shallow = (_git(folder, "rev-parse", "--git-path", "shallow") or "").strip()
    if not shallow:
        return set()
    path = Path(shallow) if Path(shallow).is_absolute() else folder / shallow
    try:
        return set(path.read_text("utf-8").split())
    except OSError:
        return set()


def last_commit(path: Path) -> Commit | None:
    """The latest commit that changed `path`, or None when Git cannot tell."""
    folder = path.parent
    out = _git(folder, "log", "-1", "--format=%H%x00%an%x00%ae%x00%aI", "--", path.name)
    if not out or not out.strip():
        return None
    fields = out.strip().split("\x00")
    if len(fields) != 4:
        return None
    sha, author, email, when = fields
    if sha in _shallow_boundary(folder):
        return None
    try:
        at = datetime.fromisoformat(when)
    except ValueError:
        return None
    return Commit(sha, strip_unprintable(author), strip_unprintable(email), at)
