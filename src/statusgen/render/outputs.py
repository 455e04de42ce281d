"""Every non-page output of the site (feeds, JSON, calendar, badge), by site-relative path.

Each renderer returns its files; this module merges them and refuses two renderers writing
one path, or a path that would land outside the site folder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from statusgen.content.site import Content
from statusgen.errors import OutputConflict
from statusgen.reliability.data import reliability_files

from .badge import badge_files
from .calendar import calendar_files
from .feeds import feed_files
from .statuspage_json import api_files

Renderer = Callable[[Content, datetime], dict[str, bytes]]
RENDERERS: tuple[Renderer, ...] = (
    feed_files,
    api_files,
    calendar_files,
    badge_files,
    reliability_files,
)


def static_outputs(content: Content, now: datetime) -> dict[str, bytes]:
    """Every renderer's files, sorted by path."""
    owners: dict[str, str] = {}
    merged: dict[str, bytes] = {}
    for render in RENDERERS:
        for path, data in render(content, now).items():
            _check_path(path, render.__name__)
            if path in owners:
                raise OutputConflict(
                    f"{path} is written by both {owners[path]} and {render.__name__}"
                )
            owners[path] = render.__name__
            merged[path] = data
    return dict(sorted(merged.items()))


def _check_path(path: str, owner: str) -> None:
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise OutputConflict(f"{owner} names '{path}', which is not a path inside the site")
