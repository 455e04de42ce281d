"""What an import plans to write: one `PlannedFile` a file, and the options it runs with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from . import postmortem as pm
from .incidents import BuiltIncident

Action = Literal["create", "update", "unchanged", "kept"]
SOURCE_NAMES = {"statuspage": "Statuspage", "cstate": "cState"}


@dataclass(frozen=True)
class ImportOptions:
    now: datetime
    update: bool = False
    postmortem_owner: str = "Incident response team"


@dataclass
class PlannedFile:
    path: Path
    rel: str
    what: str
    action: Action
    data: bytes
    original: bytes | None = None


@dataclass
class PlannedItem:
    """An incident of the source, with the file it goes to and its postmortem's plan."""

    built: BuiltIncident
    stem: str
    path: Path
    postmortem: PlannedFile | None = None
    postmortem_parts: tuple[pm.Arranged, str] | None = None


def planned_file(path: Path, rel: str, what: str, data: bytes, update: bool) -> PlannedFile:
    if not path.exists():
        return PlannedFile(path, rel, what, "create", data)
    original = path.read_bytes()
    if original == data:
        return PlannedFile(path, rel, what, "unchanged", data, original)
    return PlannedFile(path, rel, what, "update" if update else "kept", data, original)
