"""Putting a freshly built site in place of the old one, so a reader never misses a page.

The new site is rendered into a hidden folder beside the target (`.site.building-xxxxxxxx`),
then exchanged with the old one in one step: `renameat2(RENAME_EXCHANGE)` on Linux. Where the
OS or file system has no exchange, two renames move the old site to `.site.previous-xxxxxxxx`
and the new one into place; a kill between them leaves no site, so the next build first puts
that previous site back. Folders a killed build left behind are removed by the next build,
but only those that are recognisably ours: our name pattern, a real folder, empty or carrying
the build marker, and not locked by a build still running.

The site a build replaces is not removed but kept beside as `.site.spare-xxxxxxxx`: the next
build takes its folders over (`reused_folders`) instead of making thousands anew and
removing as many. Only the newest spare is kept; older ones go with the leftovers.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from statusgen.errors import SiteDirUnwritable

from .site_dir import MARKER, MARKER_TEXT, has_marker

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The errors by which a kernel, C library or file system says it cannot exchange.
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
# mkdtemp's alphabet too: folders left by earlier statusgen versions are recognised.
_SUFFIX = r"[a-z0-9_]{8}"


@dataclass
class Staging:
    """A folder being built; locked while this process uses it, so no other build removes it."""

    path: Path
    _lock: int

    def close(self) -> None:
        """Remove the folder (whatever it holds now) and release the lock."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.release()

    def release(self) -> None:
        """Release the lock, leaving the folder for a later build."""
        os.close(self._lock)


def _leftover_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.(building|previous|spare)-{_SUFFIX}\Z")


def _is_a(kind: str, folder: Path, pattern: re.Pattern[str]) -> bool:
    """Whether `folder` is a leftover of `kind` (building, previous, spare) by its name's
    suffix, not by a substring the site's own name could hold."""
    found = pattern.match(folder.name)
    return found is not None and found.group(1) == kind


def _writable(action: str, path: Path, exc: OSError) -> SiteDirUnwritable:
    reason = exc.strerror or str(exc)
    return SiteDirUnwritable(
        f"cannot {action} {path}: {reason}; the site was not changed. Make the folder "
        "writable (not read-only, not immutable) or choose another --site-dir"
    )


def create_staging(target: Path) -> Staging:
    """A new, locked, marked folder beside `target`, with the permissions umask gives."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _writable("create the folder for", target, exc) from exc
    while True:
        path = target.parent / f".{target.name}.building-{secrets.token_hex(4)}"
        try:
            # Not mkdtemp: its 0700 would hide the site from a web server running as another
            # user; os.mkdir gives 0777 minus the umask, like any folder the user makes.
            path.mkdir()
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise _writable("create a folder beside", target, exc) from exc
    lock = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(lock, fcntl.LOCK_EX)
    staging = Staging(path, lock)
    try:
        # Marked from the start, so the next build knows this folder as ours after a kill.
        (path / MARKER).write_text(MARKER_TEXT, "utf-8")
    except OSError as exc:
        staging.close()
        raise _writable("write into", path, exc) from exc
    return staging


def exchange(first: Path, second: Path) -> bool:
    """Exchange two paths atomically with renameat2; False when this system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is None:  # C libraries older than glibc 2.28
        return False
    path, flags = ctypes.c_char_p, ctypes.c_uint
    function.argtypes = [ctypes.c_int, path, ctypes.c_int, path, flags]
    result = function(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(staging: Staging, target: Path) -> None:
    """Put the site built in `staging` at `target`; the old one, if any, goes to `staging.path`."""
    try:
        if not os.path.lexists(target):
            staging.path.rename(target)
            return
        if exchange(staging.path, target):
            return
        _swap_by_renames(staging, target)
    except OSError as exc:
        raise _writable("replace", target, exc) from exc


def _swap_by_renames(staging: Staging, target: Path) -> None:
    previous = target.parent / f".{target.name}.previous-{secrets.token_hex(4)}"
    target.rename(previous)
    try:
        staging.path.rename(target)
    except OSError:
        previous.rename(target)
        raise
    previous.rename(staging.path)


def _is_ours(folder: Path) -> bool:
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        return has_marker(folder) or not any(folder.iterdir())
    except OSError:
        return False


def _try_lock(folder: Path) -> int | None:
    """A lock on `folder` if no running build holds one, else None."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return None
    return handle


def recover_leftovers(target: Path) -> list[Path]:
    """Put back a site a killed build left aside, then remove what killed builds left.

    Returns the folders removed. Runs before a build, so even a build that then fails on
    bad content brings the last good site back.
    """
    pattern = _leftover_pattern(target)
    try:
        found = sorted(entry for entry in target.parent.iterdir() if pattern.match(entry.name))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise _writable("look for leftovers of earlier builds beside", target, exc) from exc
    locks = {entry: _try_lock(entry) for entry in found if _is_ours(entry)}
    ours = [entry for entry, lock in locks.items() if lock is not None]
    try:
        if not os.path.lexists(target):
            _restore_previous(ours, pattern, target)
        spare = _newest(entry for entry in ours if _is_a("spare", entry, pattern))
        removed = []
        for entry in ours:
            if entry.exists() and entry != spare:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
        return removed
    finally:
        for lock in locks.values():
            if lock is not None:
                os.close(lock)


def _newest(folders: Iterable[Path]) -> Path | None:
    """The folder among `folders` whose build marker was written last; None if none has one."""
    marked = [folder for folder in folders if has_marker(folder)]
    if not marked:
        return None
    return max(marked, key=lambda folder: ((folder / MARKER).stat().st_mtime_ns, folder.name))


def _restore_previous(ours: list[Path], pattern: re.Pattern[str], target: Path) -> None:
    """The newest complete previous site goes back to `target`."""
    newest = _newest(entry for entry in ours if _is_a("previous", entry, pattern))
    if newest is None:
        return
    try:
        newest.rename(target)
    except OSError as exc:
        raise _writable("restore the previous site to", target, exc) from exc


def take_spare(target: Path) -> Staging | None:
    """The spare site beside `target`, locked for this build; None when there is none free.

    `recover_leftovers` has left at most one that no running build holds.
    """
    pattern = _leftover_pattern(target)
    try:
        found = [
            entry
            for entry in target.parent.iterdir()
            if _is_a("spare", entry, pattern) and _is_ours(entry)
        ]
    except OSError:
        return None  # without a spare the build makes its folders anew
    spare = _newest(found)
    if spare is None:
        return None
    lock = _try_lock(spare)
    return None if lock is None else Staging(spare, lock)


def keep_spare(staging: Staging, target: Path) -> bool:
    """Keep the site `swap_in` left in `staging` beside `target` for the next build to take
    its folders from; False when it cannot be kept (the caller removes it)."""
    if not has_marker(staging.path):
        return False  # only a site statusgen built is kept, and later taken apart
    spare = target.parent / f".{target.name}.spare-{secrets.token_hex(4)}"
    try:
        staging.path.rename(spare)
    except OSError:
        return False
    staging.path = spare  # still locked: no other build takes or removes it before `close`
    return True
