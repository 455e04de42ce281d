"""Writing a content file all at once, only after the exact bytes to be written pass a check.

The new content goes to a hidden file beside the target (the loaders skip hidden files), the
check reads that file, and only then does it take the target's place in one rename. A reader,
`statusgen serve` or a crash never sees half a file, and a refused edit leaves no trace.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class ChangedOnDisk(Exception):
    """The file changed between reading it and replacing it (an editor, a `git pull`)."""


def _write_temp(path: Path, data: bytes) -> Path:
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with temp.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return temp


def create_checked(
    path: Path, data: bytes, check: Callable[[Path], T], *, commit: bool = True
) -> T:
    """Create `path` with `data` if `check` accepts it; never replace an existing file.

    `check` receives the temporary file and raises to refuse. Raises `FileExistsError` when
    `path` exists, even if it appeared while checking. `commit=False` only checks.
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
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(temp, path)
        return result
    finally:
        temp.unlink(missing_ok=True)


def replace_checked(
    path: Path, data: bytes, original: bytes, check: Callable[[Path], T], *, commit: bool = True
) -> T:
    """Replace `path` (whose content was `original`) with `data` if `check` accepts it."""
    temp = _write_temp(path, data)
    try:
        shutil.copymode(path, temp)
        result = check(temp)
        if not commit:
            return result
        if path.read_bytes() != original:
            raise ChangedOnDisk(path)
        os.replace(temp, path)
        return result
    finally:
        temp.unlink(missing_ok=True)
