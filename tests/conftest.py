"""Shared fixtures: small status sites written into tmp_path."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from .browser_support import launched_chromium
from .static_server import Served, serve

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

CONFIG = """\
site_name: Test Status
site_url: https://status.test.example/
docs_dir: site_src
theme:
  name: material
  font: false
plugins:
  - statusgen:
      components:
        - id: api
          name: API
          group: Core
        - id: web
          name: Website
          group: Core
        - id: db
          name: Database
          group: Data
"""


def maintenance_text(
    scheduled_for: str,
    scheduled_until: str,
    *,
    announced: str = "2026-11-20T10:00:00Z",
    body: str = "Writes pause for a minute.",
) -> str:
    """A database maintenance on `db`, announced (status scheduled) at `announced`."""
    return (
        "---\n"
        "title: Database upgrade\n"
        "kind: maintenance\n"
        "components:\n"
        "  db: under_maintenance\n"
        f"scheduled_for: {scheduled_for}\n"
        f"scheduled_until: {scheduled_until}\n"
        "updates:\n"
        f"  - at: {announced}\n"
        "    status: scheduled\n"
        f"    body: {body}\n"
        "---\n"
    )


# A maintenance announced on 20 November for a window on 5 December (after NOW).
UPCOMING_MAINTENANCE = maintenance_text("2026-12-05T02:00:00Z", "2026-12-05T04:00:00Z")

GOOD_INCIDENT = """\
---
title: API errors
impact: major
components:
  api: major_outage
postmortem: not-required
postmortem_reason: A test fixture; postmortem tests write their own incidents.
updates:
  - at: 2026-03-01T11:00:00Z
    status: resolved
    body: Fixed.
  - at: 2026-03-01T10:00:00Z
    status: investigating
    body: We are looking into errors.
---
"""


class SiteFactory:
    """Writes a status site into a folder: config, incidents and postmortems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "incidents").mkdir(exist_ok=True)
        (root / "postmortems").mkdir(exist_ok=True)
        (root / "site_src").mkdir(exist_ok=True)
        self.config(CONFIG)

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def config(self, text: str) -> Path:
        self.config_file.write_text(textwrap.dedent(text), "utf-8")
        return self.config_file

    def incident(self, name: str, text: str) -> Path:
        path = self.root / "incidents" / name
        path.write_text(textwrap.dedent(text), "utf-8")
        return path

    def postmortem(self, name: str, text: str) -> Path:
        path = self.root / "postmortems" / name
        path.write_text(textwrap.dedent(text), "utf-8")
        return path


@pytest.fixture
def site(tmp_path: Path) -> SiteFactory:
    return SiteFactory(tmp_path / "site-repo")


@pytest.fixture
def example_site(tmp_path: Path) -> SiteFactory:
    """A copy of this repository's example content, safe to modify."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("incidents", "postmortems", "site_src"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    factory = SiteFactory.__new__(SiteFactory)
    factory.root = root
    return factory


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


WriteFn = Callable[[str, str], Path]


@pytest.fixture(scope="session")
def example_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site (this repository's content) built once per test session at NOW."""
    from statusgen.build.pipeline import build

    site_dir = tmp_path_factory.mktemp("example-build") / "site"
    assert build(REPO / "mkdocs.yml", NOW, site_dir=site_dir).built
    return site_dir


@pytest.fixture(scope="session")
def served_example(example_site_dir: Path) -> Iterator[Served]:
    """The built example site on a local server that behaves like GitHub Pages."""
    with serve(example_site_dir) as served:
        yield served


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's headless chromium, driven by playwright (never a downloaded browser)."""
    with launched_chromium() as instance:
        yield instance
