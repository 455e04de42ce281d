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
from typing import NamedTuple


class PreviousFile(NamedTuple):
    """A file of the previous site, as read: its bytes, and which file it is (device, inode)."""

    data: bytes
    identity: tuple[int, int]


def read_previous(path: str) -> PreviousFile | None:
    """The regular file at `path`, not reached through a symbolic link; else None.

    Only a file the previous build wrote is ever shared, never what a link points to.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):
                return None
            return PreviousFile(file.read(), (status.st_dev, status.st_ino))
    except OSError:
        return None


def link_previous(old: str, new: str, identity: tuple[int, int]) -> bool:
    """Make `new` a second name of the file at `old` if that is still the file `identity`
    names; False leaves nothing at `new` (another file system, a link limit, or the file
    at `old` replaced since it was read: linking goes by name, so the result is checked)."""
    os.makedirs(os.path.dirname(new), exist_ok=True)
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError:
        return False
    status = os.lstat(new)
    if stat.S_ISREG(status.st_mode) and (status.st_dev, status.st_ino) == identity:
        return True
    os.unlink(new)
    return False


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
        found = read_previous(old)
        if found is None or found.data != data:
            return False
        return link_previous(old, path, found.identity)
