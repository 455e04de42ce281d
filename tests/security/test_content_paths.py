"""What a content folder may hold: links stay inside the site, special files are never opened,
file names are exactly what the name check says and short enough to edit.

A pull request can add any kind of entry to `incidents/` or `postmortems/`; a reviewer running
`statusgen validate` or `make site` on that branch must not publish a file from outside the
repository, hang on a FIFO, or later be unable to `update` a name that validated.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statusgen.cli import cli
from statusgen.clock import Clock
from statusgen.content.names import MAX_NAME_BYTES
from statusgen.content.validate import check_site

from ..conftest import GOOD_INCIDENT, NOW, SiteFactory

CLOCK = Clock(NOW)  # posts are dated by the clock, never by SOURCE_DATE_EPOCH
NOW_TEXT = "2026-11-22T12:00:00Z"

SECRET_INCIDENT = GOOD_INCIDENT.replace("title: API errors", "title: SECRET-FROM-OUTSIDE")

OPEN_INCIDENT = """\
---
title: API errors
impact: major
components:
  api: major_outage
updates:
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: We are looking into errors.
---
"""


def invoke(runner: CliRunner, site: SiteFactory, *args: str) -> Result:
    return runner.invoke(cli, [*args, "-f", str(site.config_file)], obj=CLOCK)


def validate(runner: CliRunner, site: SiteFactory) -> Result:
    return invoke(runner, site, "validate", "--now", NOW_TEXT)


def outside_file(site: SiteFactory, name: str, text: str) -> Path:
    """A file beside the site's folder, as a private file next to a clone would be."""
    path = site.root.parent / "outside" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


# --- Symbolic links ------------------------------------------------------------------------


def test_a_link_to_a_file_outside_the_site_is_an_error_and_is_never_published(
    runner: CliRunner, site: SiteFactory
) -> None:
    secret = outside_file(site, "private.md", SECRET_INCIDENT)
    link = site.root / "incidents/2026-03-01-api-errors.md"
    link.symlink_to(secret)
    result = validate(runner, site)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"incidents/2026-03-01-api-errors.md:1: error: symbolic link to '{secret}', outside the "
        "site's folder: statusgen does not read or publish files outside it; replace the link "
        "by the file itself"
    )
    assert "SECRET" not in result.output
    built = invoke(runner, site, "build", "--now", NOW_TEXT, "--site-dir", "public")
    assert built.exit_code == 1
    assert not (site.root / "public").exists()


def test_a_relative_link_climbing_out_of_the_site_is_refused_in_postmortems_too(
    runner: CliRunner, site: SiteFactory
) -> None:
    outside_file(site, "notes.md", "---\nincident: x\n---\nA human error, in private notes.\n")
    link = site.root / "postmortems/2026-03-01-api-errors.md"
    link.symlink_to(Path("../../outside/notes.md"))
    result = validate(runner, site)
    assert result.exit_code == 1
    assert (
        "postmortems/2026-03-01-api-errors.md:1: error: symbolic link to "
        "'../../outside/notes.md', outside the site's folder"
    ) in result.output
    # `lint` does not read it either: its findings quote the text into CI logs.
    linted = invoke(runner, site, "lint")
    assert "human error" not in linted.output
    assert "postmortems/2026-03-01-api-errors.md:1: error: symbolic link" in linted.output


def test_only_links_inside_the_site_are_read(site: SiteFactory) -> None:
    shared = site.root / "shared/api-errors.md"
    shared.parent.mkdir()
    shared.write_text(GOOD_INCIDENT, "utf-8")
    (site.root / "incidents/2026-03-01-api-errors.md").symlink_to("../shared/api-errors.md")
    secret = outside_file(site, "private.md", SECRET_INCIDENT)
    (site.root / "incidents/2026-03-02-api-errors.md").symlink_to(secret)
    report = check_site(site.config_file, NOW).report
    assert [(p.path, p.severity) for p in report.problems] == [
        ("incidents/2026-03-02-api-errors.md", "error")
    ]
    # With the outside link gone, the inside one is an incident like any other.
    (site.root / "incidents/2026-03-02-api-errors.md").unlink()
    result = check_site(site.config_file, NOW)
    assert result.report.problems == ()
    assert result.content is not None
    assert [i.id for i in result.content.incidents] == ["2026-03-01-api-errors"]


@pytest.mark.parametrize("command", [["update", "-m", "Still on it."], ["resolve", "-m", "Fixed."]])
@pytest.mark.parametrize("ref", ["api-errors", "incidents/2026-11-22-api-errors.md"])
def test_update_and_resolve_never_replace_a_link_by_a_file(
    runner: CliRunner,
    site: SiteFactory,
    command: list[str],
    ref: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = site.root / "shared/open.md"
    target.parent.mkdir()
    target.write_text(OPEN_INCIDENT, "utf-8")
    link = site.root / "incidents/2026-11-22-api-errors.md"
    link.symlink_to("../shared/open.md")
    monkeypatch.chdir(site.root)
    result = invoke(runner, site, command[0], ref, *command[1:])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "refused: incidents/2026-11-22-api-errors.md is a symbolic link (to '../shared/open.md');"
        " statusgen edits only regular files and never replaces a link: update the file itself"
    )
    assert link.is_symlink()
    assert os.readlink(link) == "../shared/open.md"
    assert target.read_text("utf-8") == OPEN_INCIDENT
    assert sorted(p.name for p in link.parent.iterdir()) == ["2026-11-22-api-errors.md"]


def test_a_link_to_a_folder_is_not_followed_and_says_so(
    runner: CliRunner, site: SiteFactory
) -> None:
    elsewhere = site.root / "archive"
    elsewhere.mkdir()
    (elsewhere / "2026-03-01-api-errors.md").write_text(GOOD_INCIDENT, "utf-8")
    (site.root / "incidents/archive").symlink_to("../archive")
    result = validate(runner, site)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "incidents/archive:1: warning: symbolic link to the folder '../archive': skipped, "
        "statusgen does not follow links to folders; move the files here instead"
    )


def test_a_broken_link_is_skipped_with_a_warning(runner: CliRunner, site: SiteFactory) -> None:
    (site.root / "incidents/2026-03-01-gone.md").symlink_to("2026-03-01-moved.md")
    result = validate(runner, site)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "incidents/2026-03-01-gone.md:1: warning: broken symbolic link (to "
        "'2026-03-01-moved.md'): skipped; remove it"
    )


# --- FIFOs, sockets, devices ---------------------------------------------------------------


def run_statusgen(site: SiteFactory, *args: str) -> subprocess.CompletedProcess[str]:
    """In a process of its own with a deadline: a command that opens a FIFO would never end."""
    return subprocess.run(
        [sys.executable, "-m", "statusgen", *args, "-f", str(site.config_file)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def test_fifos_and_sockets_in_content_folders_are_skipped_with_a_warning_never_opened(
    site: SiteFactory,
) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    os.mkfifo(site.root / "incidents/2026-03-02-pipe.md")
    os.mkfifo(site.root / "postmortems/2026-03-01-api-errors.md")
    (site.root / "incidents/2026-03-03-to-pipe.md").symlink_to("2026-03-02-pipe.md")
    server = socket.socket(socket.AF_UNIX)
    with contextlib.chdir(site.root / "incidents"):  # a socket's path must be short
        server.bind("2026-03-04-socket.md")
    try:
        result = run_statusgen(site, "validate", "--now", NOW_TEXT)
        linted = run_statusgen(site, "lint")
        public = site.root / "public"
        built = run_statusgen(site, "build", "--now", NOW_TEXT, "--site-dir", str(public))
    finally:
        server.close()
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[:4] == [
        "incidents/2026-03-02-pipe.md:1: warning: a FIFO (named pipe), not a regular file: "
        "skipped, never opened; remove it",
        "incidents/2026-03-03-to-pipe.md:1: warning: symbolic link to a FIFO (named pipe) "
        "('2026-03-02-pipe.md'): skipped, never opened; remove it",
        "incidents/2026-03-04-socket.md:1: warning: a socket, not a regular file: skipped, "
        "never opened; remove it",
        "postmortems/2026-03-01-api-errors.md:1: warning: a FIFO (named pipe), not a regular "
        "file: skipped, never opened; remove it",
    ]
    assert "postmortems/2026-03-01-api-errors.md:1: warning: a FIFO" in linted.stdout
    assert built.returncode == 0, built.stdout + built.stderr
    assert (public / "incidents/2026-03-01-api-errors/index.html").is_file()


def test_update_by_path_refuses_a_fifo_without_opening_it(site: SiteFactory) -> None:
    os.mkfifo(site.root / "incidents/2026-11-22-pipe.md")
    result = run_statusgen(site, "update", "incidents/2026-11-22-pipe.md", "-m", "x")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: incidents/2026-11-22-pipe.md is not an incident statusgen reads: a FIFO (named "
        "pipe), not a regular file: skipped, never opened; remove it"
    )


# --- File names ----------------------------------------------------------------------------


def test_a_file_name_ending_in_a_newline_fails_the_name_check(
    runner: CliRunner, site: SiteFactory
) -> None:
    site.incident("2026-03-01-api-errors\n.md", GOOD_INCIDENT)
    site.postmortem("2026-03-01-api-errors\n.md", "---\nincident: 2026-03-01-api-errors\n---\n")
    result = check_site(site.config_file, NOW)
    errors = [(p.path, p.message) for p in result.report.problems if p.severity == "error"]
    assert errors[0] == (
        "incidents/2026-03-01-api-errors\n.md",
        "file name must be <YYYY-MM-DD>-<slug>.md in lower case, e.g. 2026-03-01-api-errors.md "
        "(the date the incident began)",
    )
    assert errors[1][0] == "postmortems/2026-03-01-api-errors\n.md"
    assert errors[1][1].startswith("file name must be lower-case letters, digits and dashes")
    assert result.content is None


def test_new_incident_refuses_a_slug_ending_in_a_newline(
    runner: CliRunner, site: SiteFactory
) -> None:
    result = invoke(runner, site, "new", "incident", "X", "--impact", "minor", "-m", "m",
                    "--slug", "api-errors\n")  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "refused: not a valid incident file name"
    assert list((site.root / "incidents").iterdir()) == []


def incident_name(size: int) -> str:
    """A valid incident file name of exactly `size` bytes."""
    return "2026-11-22-" + "a" * (size - len("2026-11-22-.md")) + ".md"


def test_names_up_to_the_length_limit_validate_and_edit_and_longer_ones_do_not(
    runner: CliRunner, site: SiteFactory
) -> None:
    name = incident_name(MAX_NAME_BYTES)
    path = site.incident(name, OPEN_INCIDENT)
    too_long = site.incident(incident_name(MAX_NAME_BYTES + 1), OPEN_INCIDENT)
    report = check_site(site.config_file, NOW).report
    assert [p.path for p in report.problems] == [f"incidents/{too_long.name}"]
    too_long.unlink()
    updated = invoke(runner, site, "update", name.removesuffix(".md"), "-m", "Rolling back.")
    assert updated.exit_code == 0, updated.output
    resolved = invoke(runner, site, "resolve", name.removesuffix(".md"), "-m", "Fixed.")
    assert resolved.exit_code == 0, resolved.output
    assert "status: resolved" in path.read_text("utf-8")


@pytest.mark.parametrize("size", [MAX_NAME_BYTES + 1, 254, 255])
def test_a_name_over_the_length_limit_fails_validation_naming_the_limit(
    runner: CliRunner, site: SiteFactory, size: int
) -> None:
    name = incident_name(size)
    path = site.incident(name, OPEN_INCIDENT)
    result = validate(runner, site)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"incidents/{name}:1: error: file name is {size} bytes long; the limit is "
        f"{MAX_NAME_BYTES} bytes (UTF-8), which leaves room for the temporary file written "
        "beside it: shorten the name"
    )
    # update and resolve refuse it the same way, without a traceback.
    before = path.read_bytes()
    updated = invoke(runner, site, "update", name.removesuffix(".md"), "-m", "m")
    assert updated.exit_code == 1
    assert f"file name is {size} bytes long" in updated.output
    assert path.read_bytes() == before


def test_a_postmortem_name_over_the_length_limit_fails_validation(site: SiteFactory) -> None:
    name = "a" * (MAX_NAME_BYTES - 2) + ".md"
    site.postmortem(name, "---\nincident: 2026-03-01-api-errors\n---\n")
    problems = check_site(site.config_file, NOW).report.problems
    assert (f"postmortems/{name}", f"file name is {MAX_NAME_BYTES + 1} bytes long") in [
        (p.path, p.message.split(";")[0]) for p in problems
    ]


def test_new_incident_refuses_a_slug_too_long_for_its_file_name(
    runner: CliRunner, site: SiteFactory
) -> None:
    result = invoke(runner, site, "new", "incident", "X", "--impact", "minor", "-m", "m",
                    "--slug", "a" * 250)  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"incidents/2026-11-22-{'a' * 250}.md:1: error: file name is 264 bytes long; the limit "
        f"is {MAX_NAME_BYTES} bytes (UTF-8), which leaves room for the temporary file written "
        "beside it: shorten the name"
    )
    assert list((site.root / "incidents").iterdir()) == []
