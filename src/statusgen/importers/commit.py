"""Writing a validated import: every file or none.

New files are created without ever replacing one (a file that appeared since the plan stops
the import); files that change are locked for the whole commit and replaced only if they
still hold the bytes the plan read. If any write fails, the files written so far are put
back as they were, so a refused or failed import leaves the site untouched.
"""

from __future__ import annotations

import os
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

from statusgen.authoring.safe_write import LockedFile, create_checked, locked_for_edit
from statusgen.errors import ChangedOnDisk, LockTimeout, NotEditable, StatusgenError

from .plan import ImportPlan, PlannedFile


class CommitFailed(StatusgenError):
    """The site changed while importing, or a file could not be written; nothing was kept."""

    headline = "refused: {message}"


@dataclass
class _Undo:
    created: list[Path]
    replaced: list[tuple[Path, bytes]]
    folders: list[Path]

    def run(self) -> None:
        for path in reversed(self.created):
            path.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            with suppress(OSError):  # only if still empty: someone may have put a file there
                folder.rmdir()
        for path, original in reversed(self.replaced):
            temp = path.with_name(f".{path.name}.restore.tmp")
            temp.write_bytes(original)
            os.replace(temp, path)


def _missing_folders(folder: Path) -> list[Path]:
    """The folders `create_checked` will make for a file in `folder`, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def _accept(_: Path) -> None:
    """The bytes were validated in the scratch copy of the site already."""


def commit(plan: ImportPlan) -> list[PlannedFile]:
    """Write the plan's new and changed files; return them. The plan must have no errors."""
    if not plan.ok:
        raise CommitFailed("the import does not validate; nothing written")
    undo = _Undo([], [], [])
    writes = plan.writes
    try:
        with ExitStack() as stack:
            locks: dict[Path, LockedFile] = {}
            for planned in writes:
                if planned.action == "update":
                    locked = stack.enter_context(locked_for_edit(planned.path))
                    if locked.original != planned.original:
                        raise ChangedOnDisk(planned.path)
                    locks[planned.path] = locked
            for planned in writes:
                if planned.action == "create":
                    undo.folders.extend(_missing_folders(planned.path.parent))
                    create_checked(planned.path, planned.data, _accept)
                    undo.created.append(planned.path)
                else:
                    locks[planned.path].replace(planned.data, _accept)
                    assert planned.original is not None
                    undo.replaced.append((planned.path, planned.original))
    except FileExistsError as exc:
        undo.run()
        raise CommitFailed(
            f"{exc.filename or exc} appeared while importing; nothing written"
        ) from None
    except ChangedOnDisk as exc:
        undo.run()
        raise CommitFailed(
            f"{exc.path} changed while importing; nothing written, run it again"
        ) from None
    except (NotEditable, LockTimeout, OSError) as exc:
        undo.run()
        raise CommitFailed(f"{exc}; nothing written") from None
    return writes
