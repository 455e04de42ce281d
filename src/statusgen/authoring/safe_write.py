"""Writing a content file all at once, only after the exact bytes to be written pass a check.

The new content goes to a hidden file beside the target (the loaders skip hidden files), the
check reads that file, and only then does it take the target's place in one rename. A reader,
`statusgen serve` or a crash never sees half a file, and a refused edit leaves no trace.

Edits of an existing file are read-modify-write, so two of them at once could both succeed
with one lost. `locked_for_edit` serialises them: it holds an advisory lock on the file from
the moment it is read until its replacement is renamed into place, and just before the rename
checks that the path still holds the bytes that were read (writers that take no lock, such as
a text editor or `git pull`, are caught there). A symbolic link, a FIFO or a device is never
opened for editing nor replaced by a regular file.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from statusgen.content.names import MAX_NAME_BYTES, NAME_MAX
from statusgen.errors import ChangedOnDisk, LockTimeout, NotEditable

T = TypeVar("T")

LOCK_TIMEOUT = 30.0
"""Seconds to wait for another statusgen to finish writing the same file."""

# A FIFO opened without O_NONBLOCK blocks until a writer appears: never wait on one.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


def _temp_name(name: str) -> str:
    return f".{name}.{secrets.token_hex(4)}.tmp"


assert len(_temp_name("x" * MAX_NAME_BYTES).encode()) <= NAME_MAX


def _write_temp(path: Path, data: bytes, mode: int | None = None) -> Path:
    temp = path.with_name(_temp_name(path.name))
    with temp.open("xb") as handle:
        handle.write(data)
        handle.flush()
        if mode is not None:
            os.fchmod(handle.fileno(), mode)
        os.fsync(handle.fileno())
    return temp


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - file systems that refuse fsync on folders
        pass
    finally:
        os.close(descriptor)


def create_checked(
    path: Path, data: bytes, check: Callable[[Path], T], *, commit: bool = True
) -> T:
    """Create `path` with `data` if `check` accepts it; never replace an existing file.

    `check` receives the temporary file and raises to refuse. Raises `FileExistsError` when
    `path` exists (a dangling link included), even if it appeared while checking.
    `commit=False` only checks.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _write_temp(path, data)
    try:
        result = check(temp)
        if not commit:
            return result
        try:
            os.link(temp, path)  # atomic, and refuses an existing file
        except FileExistsError:
            raise
        except OSError:  # pragma: no cover - file systems without hard links
            if os.path.lexists(path):
                raise FileExistsError(path) from None
            os.replace(temp, path)
        _sync_folder(path.parent)
        return result
    finally:
        temp.unlink(missing_ok=True)


def _read_all(descriptor: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(descriptor, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _open_regular(path: Path) -> int:
    """A read-only descriptor of `path`, refusing links and anything but a regular file."""
    before = os.lstat(path)
    if stat.S_ISLNK(before.st_mode):
        raise NotEditable(path, f"a symbolic link (to '{os.readlink(path)}')")
    if not stat.S_ISREG(before.st_mode):
        raise NotEditable(path, "not a regular file")
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if os.path.islink(path):  # became a link after the check above
            raise NotEditable(path, "a symbolic link") from None
        raise exc
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise NotEditable(path, "not a regular file")
    return descriptor


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for_lock(descriptor: int, path: Path, deadline: float, timeout: float) -> None:
    pause = 0.002
    while not _try_lock(descriptor):
        if time.monotonic() > deadline:
            raise LockTimeout(path, timeout)
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


@dataclass
class LockedFile:
    """An existing file, locked against other statusgen edits, with the bytes it held."""

    path: Path
    original: bytes
    _descriptor: int
    _identity: tuple[int, int]
    _mode: int

    def verify_unchanged(self) -> None:
        """Raise `ChangedOnDisk` unless the path still is the file read, with the same bytes."""
        try:
            now = os.lstat(self.path)
        except FileNotFoundError:
            raise ChangedOnDisk(self.path) from None
        if _identity(now) != self._identity or _read_all(self._descriptor) != self.original:
            raise ChangedOnDisk(self.path)

    def replace(self, data: bytes, check: Callable[[Path], T], *, commit: bool = True) -> T:
        """Replace the file with `data` if `check` accepts it and nobody changed the file."""
        temp = _write_temp(self.path, data, self._mode)
        try:
            result = check(temp)
            if not commit:
                return result
            self.verify_unchanged()
            os.replace(temp, self.path)
            _sync_folder(self.path.parent)
            return result
        finally:
            temp.unlink(missing_ok=True)


@contextmanager
def locked_for_edit(path: Path, *, timeout: float | None = None) -> Iterator[LockedFile]:
    """Lock the regular file `path` for a read-modify-write; yield it with its bytes.

    The lock is `flock` on the file itself. An edit replaces the file by a new one, so after
    waiting for the lock this checks that the path still names the file locked, and starts
    over on the new one if not. Raises `NotEditable` for a link or a special file,
    `LockTimeout` after `timeout` seconds (default `LOCK_TIMEOUT`), `FileNotFoundError` when
    there is no file.
    """
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    while True:
        descriptor = _open_regular(path)
        try:
            _wait_for_lock(descriptor, path, deadline, timeout)
            locked = os.fstat(descriptor)
            try:
                current = os.lstat(path)
            except FileNotFoundError:
                current = None
            if current is not None and _identity(current) == _identity(locked):
                yield LockedFile(
                    path,
                    _read_all(descriptor),
                    descriptor,
                    _identity(locked),
                    stat.S_IMODE(locked.st_mode),
                )
                return
            if current is None:
                raise FileNotFoundError(path)
        finally:
            os.close(descriptor)  # closing releases the lock
