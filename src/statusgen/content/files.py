"""Finding the content files of a folder without opening anything that is not one.

A content folder arrives through pull requests, so what is in it is not trusted: a symbolic
link may point at `/etc/passwd` or at a private file beside the repository, and a FIFO or a
device blocks whoever opens it. The scan decides from directory entries and `lstat` alone,
never by opening, and says what it skipped and why: a link that leaves the site's folder is
an error (publishing it would publish that file), anything else it cannot read is a warning.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from statusgen.problems import Problem, Severity, error, warning

_SKIPPED_NAMES = ("readme.md", "readme")

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True)
class ContentScan:
    """The readable files below a folder, in a stable order, and what was left out."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]


def shown_path(path: Path, root: Path) -> str:
    """`path` as reports name it: relative to the site's folder when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _kind(mode: int) -> str:
    for test, name in _SPECIAL_KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _inside(real: str, places: tuple[str, ...]) -> bool:
    return any(real == place or real.startswith(place.rstrip(os.sep) + os.sep) for place in places)


class _Scanner:
    def __init__(self, folder: Path, root: Path, shown: Callable[[Path], str]) -> None:
        self.shown = shown
        # A link may point anywhere in the site's folder, or within the content folder itself
        # when the configuration keeps that elsewhere.
        self.places = (os.path.realpath(root), os.path.realpath(folder))
        self.found: list[str] = []
        self.problems: list[Problem] = []

    def _problem(self, path: str, severity: Severity, message: str) -> None:
        rel = self.shown(Path(path))
        make = error if severity is Severity.ERROR else warning
        self.problems.append(make(rel, 1, "", message))

    def walk(self, directory: str) -> None:
        # os.scandir's entries know their type without a stat call on most file systems:
        # the scan stays as fast as a plain listing on thousands of files.
        try:
            with os.scandir(directory) as iterator:
                entries = list(iterator)
        except OSError as exc:
            self._problem(directory, Severity.WARNING, f"cannot read this folder: {exc.strerror}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                self._entry(entry)
            except FileNotFoundError:  # removed while scanning (a git checkout): not content
                continue

    def _entry(self, entry: os.DirEntry[str]) -> None:
        if entry.is_symlink():
            if not self._skipped_name(entry.name):
                self._link(entry.path)
        elif entry.is_dir(follow_symlinks=False):
            self.walk(entry.path)
        elif self._skipped_name(entry.name):
            return
        elif entry.is_file(follow_symlinks=False):
            self.found.append(entry.path)
        else:
            kind = _kind(entry.stat(follow_symlinks=False).st_mode)
            self._problem(
                entry.path,
                Severity.WARNING,
                f"{kind}, not a regular file: skipped, never opened; remove it",
            )

    @staticmethod
    def _skipped_name(name: str) -> bool:
        return name.lower() in _SKIPPED_NAMES

    def _link(self, path: str) -> None:
        target = os.readlink(path)
        real = os.path.realpath(path)
        if not _inside(real, self.places):
            self._problem(
                path,
                Severity.ERROR,
                f"symbolic link to '{target}', outside the site's folder: statusgen does not "
                "read or publish files outside it; replace the link by the file itself",
            )
            return
        try:
            mode = os.stat(real).st_mode
        except OSError:
            self._problem(
                path, Severity.WARNING, f"broken symbolic link (to '{target}'): skipped; remove it"
            )
            return
        if stat.S_ISREG(mode):
            self.found.append(path)
        elif stat.S_ISDIR(mode):
            self._problem(
                path,
                Severity.WARNING,
                f"symbolic link to the folder '{target}': skipped, statusgen does not follow "
                "links to folders; move the files here instead",
            )
        else:
            self._problem(
                path,
                Severity.WARNING,
                f"symbolic link to {_kind(mode)} ('{target}'): skipped, never opened; remove it",
            )


def scan_content_files(
    folder: Path, root: Path, *, shown: Callable[[Path], str] | None = None
) -> ContentScan:
    """Every readable file below `folder`, skipping hidden files and READMEs.

    `root` is the site's folder (where mkdocs.yml is): links resolving outside it are refused.
    Regular files and links to regular files inside it are returned, sorted by path. Problems
    name files by `shown(path)`, by default relative to `root`.
    """
    if not folder.is_dir():
        return ContentScan((), ())
    scanner = _Scanner(folder, root, shown or (lambda path: shown_path(path, root)))
    scanner.walk(str(folder))
    files = tuple(Path(name) for name in sorted(scanner.found))
    return ContentScan(files, tuple(sorted(scanner.problems)))
