"""What an earlier import left in the site: files by origin, and who names which incident."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from statusgen.content.files import scan_content_files
from statusgen.content.incident import UpdateStatus
from statusgen.content.load import read_document
from statusgen.content.settings import SiteConfig

from ..problems import Problem
from .source import Finding, System
from .times import parse_time


@dataclass(frozen=True)
class ImportedFile:
    path: Path
    data: dict[str, Any]

    def times(self) -> list[tuple[datetime, UpdateStatus]]:
        """The file's updates, oldest first, as (time, status)."""
        found: list[tuple[datetime, UpdateStatus]] = []
        for item in reversed(self.data.get("updates") or []):
            if not isinstance(item, dict):
                continue
            parsed = parse_time(item.get("at"))
            try:
                status = UpdateStatus(str(item.get("status")))
            except ValueError:
                continue
            if parsed is not None:
                found.append((parsed[0], status))
        return found


@dataclass
class ExistingSite:
    by_origin: dict[str, ImportedFile] = field(default_factory=dict)
    """Origin id → the incident file an earlier import wrote for it."""
    incident_stems: set[str] = field(default_factory=set)
    postmortem_paths: dict[str, Path] = field(default_factory=dict)
    """Postmortem file name (without .md) → its path."""
    named_by_postmortems: dict[str, list[Path]] = field(default_factory=dict)
    """Incident id → the postmortem files that name it."""
    findings: list[Finding] = field(default_factory=list)


def read_existing(config: SiteConfig, system: System) -> ExistingSite:
    site = ExistingSite()
    for path in scan_content_files(config.incidents_dir, config.root).files:
        if path.suffix.lower() != ".md":
            continue
        site.incident_stems.add(path.stem)
        document = read_document(path, config.display_path(path))
        if isinstance(document, Problem):
            continue
        origin = document.data.get("origin")
        if not isinstance(origin, dict) or origin.get("system") != system or not origin.get("id"):
            continue
        key = str(origin["id"])
        if key in site.by_origin:
            site.findings.append(
                Finding(
                    f"{system} id {key}",
                    f"{config.display_path(path)} and "
                    f"{config.display_path(site.by_origin[key].path)} both say they came from "
                    "it: the second is left alone",
                )
            )
            continue
        site.by_origin[key] = ImportedFile(path, document.data)
    for path in scan_content_files(config.postmortems_dir, config.root).files:
        if path.suffix.lower() != ".md":
            continue
        site.postmortem_paths[path.stem] = path
        document = read_document(path, config.display_path(path))
        if isinstance(document, Problem):
            continue
        named = document.data.get("incident")
        for incident_id in [named] if isinstance(named, str) else named or []:
            if isinstance(incident_id, str):
                site.named_by_postmortems.setdefault(incident_id, []).append(path)
    return site
