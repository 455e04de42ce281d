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

NAME_MAX = 255
"""Bytes in one file name on the common file systems (ext4, XFS, APFS, btrfs)."""

MAX_NAME_BYTES = 200
"""Longest content file name statusgen accepts, in UTF-8 bytes.

Well under NAME_MAX, so the temporary file beside it (`.<name>.<8 hex>.tmp`) and other names
derived from it always fit; a longer name would make every edit fail with "File name too long".
"""


def _temp_name(name: str) -> str:
    return f".{name}.{secrets.token_hex(4)}.tmp"


assert len(_temp_name("x" * MAX_NAME_BYTES).encode()) <= NAME_MAX


def name_too_long(name: str) -> str | None:
    """Why the file name `name` is too long for statusgen to edit safely, or None."""
    size = len(name.encode("utf-8"))
    if size <= MAX_NAME_BYTES:
        return None
    return (
        f"file name is {size} bytes long; the limit is {MAX_NAME_BYTES} bytes (UTF-8), which "
        "leaves room for the temporary file written beside it: shorten the name"
    )


class ChangedOnDisk(Exception):
    """The file changed between reading it and replacing it (an editor, a `git pull`)."""


def _write_temp(path: Path, data: bytes) -> Path:
    temp = path.with_name(_temp_name(path.name))
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
