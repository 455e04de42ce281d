"""Shared pieces of the import tests: a real HTTP server, a new site, the command, facts."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from statusgen.authoring.scaffold import create_site
from statusgen.cli import cli
from statusgen.content.incident import Incident
from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.status.timeline import component_spans, started_at, visible_components

from .static_server import running_server

FIXTURES = Path(__file__).parent / "fixtures"
FAR = datetime(2100, 1, 1, tzinfo=UTC)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; `/fail/…` answers 500, as a broken page would."""

    def do_GET(self) -> None:
        if self.path.startswith("/fail/"):
            self.send_error(500, "Internal Server Error")
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> AbstractContextManager[str]:
    """`folder` over HTTP on 127.0.0.1; yields the base address."""
    return running_server(functools.partial(_Handler, directory=str(folder)))


def published_api(files: Path, www: Path) -> Path:
    """The JSON files of `files` where a Statuspage page serves them: `www/api/v2/`."""
    target = www / "api" / "v2"
    target.mkdir(parents=True)
    for path in files.glob("*.json"):
        shutil.copy(path, target / path.name)
    return www


def new_site(root: Path, now: datetime, url: str = "https://status.example.com/") -> Path:
    """A site as `statusgen init` writes it; returns its mkdocs.yml."""
    create_site(root, now, url=url)
    return root / "mkdocs.yml"


def run_import(*args: str) -> Result:
    return CliRunner().invoke(cli, ["import", *args], catch_exceptions=False)


def content_of(config_file: Path, now: datetime) -> Content:
    result = check_site(config_file, now)
    assert result.content is not None, result.report.format("text")
    return result.content


def tree(root: Path) -> dict[str, str]:
    """Every file below `root` by relative path, as a hash of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def by_origin(content: Content) -> dict[str, Incident]:
    return {i.origin.id: i for i in content.incidents if i.origin is not None}


def facts(incident: Incident) -> dict[str, Any]:
    """What readers learn from an incident, as statusgen reads its file."""
    return {
        "title": incident.title,
        "kind": incident.kind,
        "impact": incident.effective_impact,
        "window": (incident.scheduled_for, incident.scheduled_until),
        "updates": [(u.at, u.status, u.body.strip()) for u in incident.updates],
        "started": started_at(incident, FAR),
        "spans": [(s.component, s.status, s.start, s.end) for s in component_spans(incident, FAR)],
        "components": sorted(visible_components(incident, FAR)),
    }


def section(output: str, subject: str) -> str:
    """The lines the report lists under the subject line that contains `subject`."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  ") and subject in line)
    found = []
    for line in lines[start + 1 :]:
        if not line.startswith("    - "):
            break
        found.append(line[6:])
    return "\n".join(found)
