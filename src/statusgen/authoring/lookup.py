"""Finding an incident file from what an engineer types: an id, a unique prefix or a path.

During an outage nobody wants to type `2026-11-22-slow-cdn-asia-pacific`; `2026-11-22-slow`,
`slow-cdn` or `cdn-asia` is enough as long as only one incident matches.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from statusgen.content.files import scan_content_files
from statusgen.content.names import INCIDENT_NAME, MARKDOWN_SUFFIXES
from statusgen.content.settings import SiteConfig
from statusgen.errors import IncidentLookupError


def incident_files(config: SiteConfig) -> dict[str, Path]:
    """Every incident file by id (the file name without `.md`), in path order."""
    files: dict[str, Path] = {}
    for path in scan_content_files(config.incidents_dir, config.root).files:
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            files.setdefault(path.stem, path)
    return files


def _slug(incident_id: str) -> str:
    match = INCIDENT_NAME.fullmatch(incident_id)
    return match["slug"] if match else incident_id


def find_incident(config: SiteConfig, ref: str, cwd: Path | None = None) -> Path:
    """The one incident file `ref` names; raise `IncidentLookupError` saying why there is none."""
    if ref.endswith(".md") or "/" in ref or "\\" in ref:
        return _by_path(config, ref, cwd or Path.cwd())
    files = incident_files(config)
    if ref in files:
        return files[ref]
    # A prefix of the id first; then a prefix of the name after the date, which is what
    # people remember; then any part of the name.
    matchers: list[Callable[[str], bool]] = [
        lambda i: i.startswith(ref),
        lambda i: _slug(i).startswith(ref),
        lambda i: ref in _slug(i),
    ]
    for matches in matchers:
        found = sorted(i for i in files if matches(i))
        if len(found) == 1:
            return files[found[0]]
        if len(found) > 1:
            shown = "\n  ".join(found[:20]) + ("\n  …" if len(found) > 20 else "")
            raise IncidentLookupError(
                f"'{ref}' matches {len(found)} incidents; type more of the id:\n  {shown}"
            )
    folder = config.options.incidents_dir
    raise IncidentLookupError(
        f"no incident matches '{ref}' in {folder}/: give its id (the file name without .md), "
        "the start of it, or its path"
    )


def _by_path(config: SiteConfig, ref: str, cwd: Path) -> Path:
    typed = Path(ref)
    candidates = [typed] if typed.is_absolute() else [cwd / typed, config.root / typed]
    for candidate in candidates:
        if os.path.lexists(candidate):
            # The folder resolved, the name not: a link is edited (refused) as the link it is.
            path = candidate.parent.resolve() / candidate.name
            break
    else:
        raise IncidentLookupError(f"no such file: {ref}")
    if not path.parent.is_relative_to(config.incidents_dir.resolve()):
        raise IncidentLookupError(
            f"{ref} is not in {config.options.incidents_dir}/ of the site at {config.root}"
        )
    scan = scan_content_files(config.incidents_dir, config.root, shown=config.display_path)
    for found in scan.files:
        if found.parent.resolve() / found.name == path:
            return found
    why = [p.message for p in scan.problems if p.path == config.display_path(path)]
    if why:
        raise IncidentLookupError(f"{ref} is not an incident statusgen reads: {why[0]}")
    raise IncidentLookupError(f"no such file: {ref}")
