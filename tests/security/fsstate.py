"""What is on disk, for tests that must show a command touched nothing."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from pathlib import Path

from ..conftest import GOOD_INCIDENT, SiteFactory


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder`, hidden ones and links included, with its kind and content."""
    found: dict[str, str] = {}
    for directory, subdirectories, files in os.walk(folder):
        for name in [*subdirectories, *files]:
            path = Path(directory, name)
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                what = "link to " + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                what = f"folder {info.st_mode:o}"
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                what = f"file {info.st_mode:o} {digest}"
            found[path.relative_to(folder).as_posix()] = what
    return found


def status_repository(site: SiteFactory) -> SiteFactory:
    """A status repository as people have them: content, a README, hand-written pages, Git."""
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    (site.root / "README.md").write_text("# Our status page\n", "utf-8")
    (site.root / "site_src" / "about.md").write_text("# About us\n", "utf-8")
    (site.root / "postmortems" / "notes.txt").write_text("kept\n", "utf-8")
    (site.root / "draft-not-committed.md").write_text("untracked work\n", "utf-8")
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    return site
