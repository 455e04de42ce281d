"""Files the new site shares with the site it replaces: hard-linked instead of written again.

One posted update changes a handful of a 5,000-incident site's pages, yet every build wrote
5,000 new files and then removed 5,000 old ones: block allocations, journal entries and, on
file systems mounted with `discard`, a trim for every file removed. A page whose bytes are the
same as the file at its path in the previous site becomes a second name of that file. The
previous site is only read: it stays whole until the new one is swapped in, and removing it
afterwards frees only the files the new site does not share.

A linked file must never be written in place (that would change the previous site too), so
only the renderer's own page writes link, each path once per build.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnchangedFiles:
    """Links files of `staging` to the same bytes at the same path in `previous`."""

    def __init__(self, previous: Path, staging: Path) -> None:
        self.previous = str(previous)
        self.staging = str(staging)

    def link_if_same(self, path: str, data: bytes) -> bool:
        """Make `path` (inside `staging`) a link to the previous site's file at the same
        place when that is a regular file holding exactly `data`; False leaves `path` to be
        written as usual (nothing there, different bytes, or no link possible here)."""
        relative = os.path.relpath(path, self.staging)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return False  # not inside the new site (a name like "..x" is)
        old = os.path.join(self.previous, relative)
        try:
            # Not through a symbolic link: only a file the previous build wrote is shared.
            descriptor = os.open(old, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return False
        try:
            with os.fdopen(descriptor, "rb") as file:
                status = os.fstat(file.fileno())
                if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
                    return False
                if file.read(len(data) + 1) != data:
                    return False
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(old, path, follow_symlinks=False)
        except OSError:  # another file system, a link limit: written instead
            return False
        return True
