"""The JSON a Statuspage import reads: from a page's public API, or saved in a folder.

A page's `api/v2/` gives `components.json`, `incidents.json` and
`scheduled-maintenances.json`; a folder of saved files may also hold v1's
`component-groups.json` and several `incidents*.json` and `scheduled-maintenances*.json`
side by side (paged exports). Each document is kept with the name it came from, for the report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statusgen.content.files import scan_content_files
from statusgen.errors import ImportRefused
from statusgen.http_fetch import Missing

from .fetch import api_base, fetch_json

COMPONENTS = "components.json"
GROUPS = "component-groups.json"
INCIDENTS = "incidents.json"
MAINTENANCES = "scheduled-maintenances.json"


class SourceError(ImportRefused):
    """The source cannot be read as Statuspage data: nothing is imported."""


@dataclass
class Documents:
    where: str
    base_url: str | None
    components: list[tuple[str, Any]] = field(default_factory=list)
    groups: list[tuple[str, Any]] = field(default_factory=list)
    incidents: list[tuple[str, Any]] = field(default_factory=list)
    maintenances: list[tuple[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def load_file(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: not JSON ({exc})") from None
    except OSError as exc:
        raise SourceError(f"{path}: {exc.strerror}") from None


def read_folder(folder: Path) -> Documents:
    documents = Documents(where=f"the folder {folder}", base_url=None)
    # Regular files (or links to them inside the folder) only: never open a FIFO or a device.
    scan = scan_content_files(folder, folder)
    names = sorted(p.name for p in scan.files if p.parent == folder and p.suffix == ".json")
    for name in names:
        if name == COMPONENTS:
            documents.components.append((name, load_file(folder / name)))
        elif name == GROUPS:
            documents.groups.append((name, load_file(folder / name)))
        elif name.startswith("incidents"):
            documents.incidents.append((name, load_file(folder / name)))
        elif name.startswith("scheduled-maintenances"):
            documents.maintenances.append((name, load_file(folder / name)))
    for name, found in (
        (COMPONENTS, documents.components),
        (INCIDENTS, documents.incidents),
        (MAINTENANCES, documents.maintenances),
    ):
        if not found:
            documents.missing.append(name)
    return documents


def fetch_documents(address: str, timeout: float) -> Documents:
    base = api_base(address)
    documents = Documents(where=base, base_url=base.removesuffix("api/v2/"))
    for name, target in (
        (COMPONENTS, documents.components),
        (INCIDENTS, documents.incidents),
        (MAINTENANCES, documents.maintenances),
    ):
        found = fetch_json(base + name, timeout=timeout)
        if isinstance(found, Missing):
            documents.missing.append(f"{name} ({found.reason})")
        else:
            target.append((name, found))
    return documents


def items_of(name: str, document: Any, key: str) -> tuple[list[Any], bool]:
    """The items of a v2 document (`{"page": …, key: […]}`) or a v1 array, and whether it
    was a public (v2) document."""
    if isinstance(document, list):
        return document, False
    if isinstance(document, dict) and isinstance(document.get(key), list):
        return document[key], True
    raise SourceError(f'{name}: expected a list of {key.replace("_", " ")}, or {{"{key}": [...]}}')


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""
