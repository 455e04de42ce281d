"""Content folders stay inside the repository: a pull request cannot point statusgen at /usr
to read it, or at ../x to make `statusgen new incident` write outside the clone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.clock import Clock
from statusgen.content.config_file import load_config

from ..conftest import GOOD_INCIDENT, NOW, SiteFactory
from .fsstate import snapshot

CLOCK = Clock(NOW)  # posts are dated by the clock, never by SOURCE_DATE_EPOCH


def configure(site: SiteFactory, **settings: str) -> None:
    """Sets statusgen options (`incidents_dir`...) or, for docs_dir, mkdocs' own."""
    text = site.config_file.read_text("utf-8")
    for key, value in settings.items():
        if key == "docs_dir":
            text = text.replace("docs_dir: site_src", f"docs_dir: {value}")
        else:
            text = text.replace("- statusgen:\n", f"- statusgen:\n      {key}: {value}\n")
    site.config_file.write_text(text, "utf-8")


def line_of(site: SiteFactory, key: str) -> int:
    lines = site.config_file.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


def invoke(site: SiteFactory, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "-f", str(site.config_file)], obj=CLOCK)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("incidents_dir", "/usr"),
        ("incidents_dir", "../x"),
        ("postmortems_dir", "/etc"),
        ("postmortems_dir", "../../elsewhere"),
        ("docs_dir", "../pages"),
    ],
)
def test_a_content_folder_outside_the_repository_is_a_config_error_with_its_line(
    site: SiteFactory, key: str, value: str
) -> None:
    configure(site, **{key: value})
    status, output = invoke(site, "validate")
    assert status == 1
    expected = f"mkdocs.yml:{line_of(site, key)}: error: {key}: '{value}' is outside the folder"
    assert expected in output
    assert "allow_dirs_outside_repo: true" in output
    assert "Traceback" not in output


def test_a_content_folder_linked_to_outside_the_repository_is_refused(
    site: SiteFactory, tmp_path: Path
) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "2026-03-01-api-errors.md").write_text(GOOD_INCIDENT, "utf-8")
    (site.root / "linked").symlink_to(outside, target_is_directory=True)
    configure(site, incidents_dir="linked")
    loaded = load_config(site.config_file)
    assert isinstance(loaded, list)
    assert [(p.line, p.field) for p in loaded] == [
        (line_of(site, "incidents_dir"), "incidents_dir")
    ]


def test_new_incident_writes_nothing_outside_the_repository(
    site: SiteFactory, tmp_path: Path
) -> None:
    configure(site, incidents_dir="../x")
    before = snapshot(tmp_path)
    status, output = invoke(site, "new", "incident", "API errors", "--impact", "minor", "-m", "m")
    assert status != 0
    assert re.search(r"mkdocs\.yml:\d+: error: incidents_dir: '\.\./x' is outside", output)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "x").exists()


def test_folders_outside_the_repository_work_when_the_config_allows_them(
    site: SiteFactory, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-incidents"
    shared.mkdir()
    (shared / "2026-03-01-api-errors.md").write_text(GOOD_INCIDENT, "utf-8")
    (shared / "notes.txt").write_text("not an incident\n", "utf-8")
    configure(site, incidents_dir=str(shared), allow_dirs_outside_repo="true")
    status, output = invoke(site, "validate")
    # Files outside are named by their absolute path, not by a relative_to() traceback.
    assert f"{shared}/notes.txt:1: warning: not a Markdown file" in output
    assert status == 0, output
    status, output = invoke(site, "new", "incident", "Slow API", "--impact", "minor", "-m", "m")
    assert status == 0, output
    assert (shared / "2026-11-22-slow-api.md").is_file()
    status, output = invoke(site, "build", "--site-dir", str(tmp_path / "out"))
    assert status == 0, output
    assert (tmp_path / "out" / "incidents" / "2026-03-01-api-errors" / "index.html").is_file()
