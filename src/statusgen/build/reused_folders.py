"""A new site built in the folders of the site before last, instead of thousands made anew.

Linking an unchanged page (`unchanged_files`) still needs its folder in the new site: one
posted update on a 5,000-incident site made 5,000 folders, and then removed as many with the
old site, about half of the file system's share of the build. The site a build replaces is
kept as a spare instead (`site_swap.keep_spare`), and the next build takes its folders over:

- a file of the spare that is the very file (device and inode) the new site links at the
  same place, checked against the previous site, stays where it is;
- every other file, symbolic link or special file is unlinked, never opened: many are
  second names of the live site's files, and writing into one would change that site;
- a folder that no file of the new site lies in is removed once emptied;
- what is left is moved into the new site's folder, which then holds only folders and files
  the new site has at those places.

Nothing is followed through a symbolic link, so a spare edited by hand can lose files but
never reach outside itself.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .site_dir import MARKER

FileIdentity = tuple[int, int]  # (device, inode)


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder (relative, '/'-separated) the files at `paths` lie in, up to the top."""
    folders: set[str] = set()
    for path in paths:
        folder = posixpath.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return folders


def reuse_folders(
    spare: Path, staging: Path, keep: Mapping[str, FileIdentity], folders: set[str]
) -> set[str]:
    """Move the spare site's folders into `staging` (a new site's folder, empty but for its
    marker), keeping only the files `keep` names at their places with their identities.

    `keep` and `folders` use '/'-separated paths relative to the site; `folders` are those
    the new site has files in. Returns the paths of `keep` now in place. A spare that is
    gone (taken by an earlier attempt of the same build) gives nothing.
    """
    pruning = _Pruning(keep, folders)
    try:
        entries = list(os.scandir(spare))
    except OSError:
        return pruning.kept
    for entry in entries:
        if entry.name == MARKER:
            continue  # the new site has its own
        if pruning.stays(entry, entry.name):
            try:
                os.rename(entry.path, os.path.join(staging, entry.name))
            except OSError:
                pruning.forget(entry.name)  # left in the spare, which is removed with it
    return pruning.kept


@dataclass
class _Pruning:
    """What stays of a spare site: the files `keep` names, in the `folders` of the new site."""

    keep: Mapping[str, FileIdentity]
    folders: set[str]
    kept: set[str] = field(default_factory=set)

    def stays(self, entry: os.DirEntry[str], path: str) -> bool:
        """Unlink what must not stay under `entry` (at site path `path`); True if it stays."""
        try:
            if entry.is_dir(follow_symlinks=False):
                return self._folder_stays(entry, path)
            if _is_file(entry, self.keep.get(path)):
                self.kept.add(path)
                return True
            os.unlink(entry.path)
        except OSError:
            pass  # whatever stays in the spare is removed with it
        return False

    def _folder_stays(self, entry: os.DirEntry[str], path: str) -> bool:
        with os.scandir(entry.path) as children:
            for child in list(children):
                self.stays(child, f"{path}/{child.name}")
        if path in self.folders:
            return True
        try:
            os.rmdir(entry.path)  # not a folder of the new site
        except OSError:
            self.forget(path)  # not empty: left in the spare, and removed with it
        return False

    def forget(self, top: str) -> None:
        """Paths under `top` are not in the new site after all."""
        for path in [p for p in self.kept if p == top or p.startswith(top + "/")]:
            self.kept.discard(path)


def _is_file(entry: os.DirEntry[str], identity: FileIdentity | None) -> bool:
    """Whether `entry` is the regular file `identity` names (the inode from the folder's
    listing first, so most entries cost no `lstat`)."""
    if identity is None or entry.inode() != identity[1]:
        return False
    info = entry.stat(follow_symlinks=False)
    return stat.S_ISREG(info.st_mode) and info.st_dev == identity[0]
