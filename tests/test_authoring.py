"""`statusgen new incident|maintenance`, `update` and `resolve`: valid files or nothing at all."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.cli import cli
from statusgen.clock import Clock
from statusgen.content.load import read_document
from statusgen.content.validate import check_site
from statusgen.problems import Problem

from .conftest import GOOD_INCIDENT, NOW, UPCOMING_MAINTENANCE, SiteFactory

CLOCK = Clock(NOW)  # the commands run at 2026-11-22T12:00:00Z

# A hand-written file: comments, unusual key order, a folded body and a trailing body.
HAND_WRITTEN = """\
---
# Opened by the on-call engineer.
title: API errors   # keep it short
components:
  api: major_outage
impact: major
updates:
  # newest first!
  - status: identified
    at: 2026-11-22T10:30:00Z
    body: >
      A bad deploy.
      Rolling back.
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: We are looking into errors.
---

Some *longer* text.
"""

MAINTENANCE = UPCOMING_MAINTENANCE


def invoke(runner: CliRunner, site: SiteFactory, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(
        cli, [*args, "-f", str(site.config_file)], obj=CLOCK, input=stdin, catch_exceptions=False
    )


def data_of(path: Path) -> Any:
    document = read_document(path, path.name)
    assert not isinstance(document, Problem), document
    return document.data


def data_of_text(raw: bytes) -> Any:
    from statusgen.content.yaml_front_matter import parse_yaml

    text = raw.decode("utf-8")
    return parse_yaml(text.split("---\n")[1])[0]


def files_in(site: SiteFactory) -> dict[str, bytes]:
    """Every file of the site, hidden ones included, so leftovers of a refused write show."""
    return {
        p.relative_to(site.root).as_posix(): p.read_bytes()
        for p in sorted(site.root.rglob("*"))
        if p.is_file()
    }


def assert_site_valid(site: SiteFactory) -> None:
    report = check_site(site.config_file, NOW).report
    assert report.problems == (), report.format("text")


# --- new incident ----------------------------------------------------------------------------


def test_new_incident_writes_a_valid_file_and_prints_path_and_url(
    runner: CliRunner, site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site.root)
    result = invoke(
        runner,
        site,
        "new",
        "incident",
        "Elevated API errors (EU)",
        "--impact",
        "major",
        "--component",
        "api=partial_outage",
        "-c",
        "web=degraded_performance",
        "-m",
        "Some API requests fail.\n\nWe are investigating.",
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Created incidents/2026-11-22-elevated-api-errors-eu.md",
        "Once published: https://status.test.example/incidents/2026-11-22-elevated-api-errors-eu/",
    ]
    path = site.root / "incidents/2026-11-22-elevated-api-errors-eu.md"
    assert path.read_text("utf-8") == (
        "---\n"
        "title: Elevated API errors (EU)\n"
        "impact: major\n"
        "components:\n"
        "  api: partial_outage\n"
        "  web: degraded_performance\n"
        "updates:\n"
        "  - at: 2026-11-22T12:00:00Z\n"
        "    status: investigating\n"
        "    body: |\n"
        "      Some API requests fail.\n"
        "\n"
        "      We are investigating.\n"
        "---\n"
    )
    assert_site_valid(site)


def test_new_incident_backdated_is_named_after_the_day_impact_began(
    runner: CliRunner, site: SiteFactory
) -> None:
    result = invoke(
        runner,
        site,
        "new",
        "incident",
        "Löschen: Überlastung!",
        "--impact",
        "minor",
        "--status",
        "identified",
        "--at",
        "2026-11-22T00:30:00+01:00",
        "--started-at",
        "2026-11-21T22:50:00Z",
        "-m",
        "Known cause.",
    )
    assert result.exit_code == 0, result.output
    assert data_of(site.root / "incidents/2026-11-21-loschen-uberlastung.md") == {
        "title": "Löschen: Überlastung!",
        "impact": "minor",
        "started_at": "2026-11-21T22:50:00Z",
        "updates": [{"at": "2026-11-21T23:30:00Z", "status": "identified", "body": "Known cause."}],
    }
    assert_site_valid(site)


def test_new_incident_with_unknown_component_is_refused_with_validates_message(
    runner: CliRunner, site: SiteFactory
) -> None:
    before = files_in(site)
    result = invoke(
        runner, site, "new", "incident", "X", "--impact", "major", "-c", "apii=major_outage",
        "-m", "m",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "incidents/2026-11-22-x.md:5: error: components: unknown component 'apii' "
        "(did you mean 'api'? known: api, web, db)",
        "refused: incidents/2026-11-22-x.md would not be valid; nothing written",
    ]
    assert files_in(site) == before


def test_new_incident_refuses_an_existing_id(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-22-api-errors.md", GOOD_INCIDENT.replace("2026-03-01", "2026-11-22"))
    before = files_in(site)
    result = invoke(runner, site, "new", "incident", "API errors", "--impact", "minor", "-m", "m")
    assert result.exit_code == 1
    assert result.output == (
        "refused: incidents/2026-11-22-api-errors.md already exists; add to it with "
        "'statusgen update 2026-11-22-api-errors', or pick another name with --slug\n"
    )
    assert files_in(site) == before


@pytest.mark.parametrize("slug", ["../../escape", "Bad_Name"])
def test_new_incident_refuses_a_slug_that_is_no_file_name(
    runner: CliRunner, site: SiteFactory, slug: str
) -> None:
    before = files_in(site)
    result = invoke(
        runner, site, "new", "incident", "X", "--impact", "minor", "--slug", slug, "-m", "m"
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"incidents/2026-11-22-{slug}.md:1: error: file name must be <YYYY-MM-DD>-<slug>.md in "
        "lower case, e.g. 2026-03-01-api-errors.md (the date the incident began)",
        "refused: not a valid incident file name",
    ]
    assert files_in(site) == before
    assert not (site.root.parent / "escape.md").exists()


def test_new_incident_reports_warnings_but_writes(runner: CliRunner, site: SiteFactory) -> None:
    result = invoke(
        runner, site, "new", "incident", "Typo", "--impact", "minor", "--at",
        "2027-11-22T12:00:00Z", "-m", "m",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "incidents/2027-11-22-typo.md:5: warning: updates[0].at: 2027-11-22T12:00:00+00:00 is in "
        "the future: mistyped date or year?"
    )


def test_new_incident_reads_the_message_from_a_file_or_stdin(
    runner: CliRunner, site: SiteFactory, tmp_path: Path
) -> None:
    message = tmp_path / "message.md"
    message.write_text("From a *file*.\n", "utf-8")
    first = invoke(
        runner, site, "new", "incident", "One", "--impact", "minor", "--message-file", str(message)
    )
    second = invoke(
        runner, site, "new", "incident", "Two", "--impact", "minor", "--message-file", "-",
        stdin="From stdin.\n",
    )  # fmt: skip
    assert (first.exit_code, second.exit_code) == (0, 0)
    bodies = [
        data_of(site.root / f"incidents/2026-11-22-{n}.md")["updates"][0]["body"]
        for n in ("one", "two")
    ]
    assert bodies == ["From a *file*.", "From stdin."]


def test_without_a_message_or_terminal_nothing_is_written(
    runner: CliRunner, site: SiteFactory
) -> None:
    before = files_in(site)
    result = invoke(runner, site, "new", "incident", "X", "--impact", "minor")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: no message: give --message TEXT or --message-file FILE "
        "(there is no terminal to open an editor in)"
    )
    assert files_in(site) == before


def test_the_editor_supplies_the_message_above_the_scissors(
    runner: CliRunner, site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fake_edit(text: str, **options: object) -> str:
        seen.append(text)
        return "# Heading kept\n\nTyped in the editor.\n" + text

    monkeypatch.setattr("statusgen.cli.posting._interactive", lambda: True)
    monkeypatch.setattr("click.edit", fake_edit)
    result = invoke(runner, site, "new", "incident", "Edited", "--impact", "minor")
    assert result.exit_code == 0, result.output
    assert "# New incident: Edited" in seen[0]
    data = data_of(site.root / "incidents/2026-11-22-edited.md")
    assert data["updates"][0]["body"] == "# Heading kept\n\nTyped in the editor.\n"


def test_an_editor_closed_without_saving_cancels(
    runner: CliRunner, site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files_in(site)
    monkeypatch.setattr("statusgen.cli.posting._interactive", lambda: True)
    monkeypatch.setattr("click.edit", lambda text, **options: None)
    result = invoke(runner, site, "new", "incident", "Edited", "--impact", "minor")
    assert (result.exit_code, result.output) == (
        1,
        "Cancelled: no message was saved; nothing written.\n",
    )
    assert files_in(site) == before


# --- new maintenance -------------------------------------------------------------------------


def test_new_maintenance_is_named_after_its_window(runner: CliRunner, site: SiteFactory) -> None:
    result = invoke(
        runner, site, "new", "maintenance", "Database storage upgrade",
        "--start", "2026-12-05T02:00Z", "--end", "2026-12-05T04:00Z",
        "--component", "db=under_maintenance", "-m", "Writes pause for a minute.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = site.root / "incidents/2026-12-05-database-storage-upgrade.md"
    assert path.read_text("utf-8") == (
        "---\n"
        "title: Database storage upgrade\n"
        "kind: maintenance\n"
        "components:\n"
        "  db: under_maintenance\n"
        "scheduled_for: 2026-12-05T02:00:00Z\n"
        "scheduled_until: 2026-12-05T04:00:00Z\n"
        "updates:\n"
        "  - at: 2026-11-22T12:00:00Z\n"
        "    status: scheduled\n"
        "    body: Writes pause for a minute.\n"
        "---\n"
    )
    assert_site_valid(site)


def test_new_maintenance_refuses_a_window_that_ends_before_it_starts(
    runner: CliRunner, site: SiteFactory
) -> None:
    result = invoke(
        runner, site, "new", "maintenance", "Backwards",
        "--start", "2026-12-05T04:00Z", "--end", "2026-12-05T02:00Z", "-m", "m",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "incidents/2026-12-05-backwards.md:5: error: scheduled_until: window ends "
        "(2026-12-05T02:00:00+00:00) before it starts (2026-12-05T04:00:00+00:00, line 4)",
        "refused: incidents/2026-12-05-backwards.md would not be valid; nothing written",
    ]
    assert not (site.root / "incidents/2026-12-05-backwards.md").exists()


# --- update and resolve ----------------------------------------------------------------------


def test_update_inserts_one_block_and_keeps_every_other_byte(
    runner: CliRunner, site: SiteFactory
) -> None:
    path = site.incident("2026-11-22-api-errors.md", HAND_WRITTEN)
    original = path.read_bytes()
    result = invoke(
        runner, site, "update", "2026-11-22-api-errors", "--status", "monitoring",
        "-m", "Rolled back.\nWatching error rates.", "--component", "api=operational",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    inserted = (
        b"  - at: 2026-11-22T12:00:00Z\n"
        b"    status: monitoring\n"
        b"    body: |\n"
        b"      Rolled back.\n"
        b"      Watching error rates.\n"
        b"    components:\n"
        b"      api: operational\n"
    )
    at = original.index(b"  - status: identified")
    assert path.read_bytes() == original[:at] + inserted + original[at:]
    assert_site_valid(site)


def test_update_keeps_crlf_line_endings_and_a_byte_order_mark(
    runner: CliRunner, site: SiteFactory
) -> None:
    path = site.root / "incidents/2026-11-22-api-errors.md"
    original = b"\xef\xbb\xbf" + HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    result = invoke(runner, site, "update", "api-errors", "-m", "Still rolling back.")
    assert result.exit_code == 0, result.output
    inserted = (
        b"  - at: 2026-11-22T12:00:00Z\r\n"
        b"    status: identified\r\n"
        b"    body: Still rolling back.\r\n"
    )
    at = original.index(b"  - status: identified")
    assert path.read_bytes() == original[:at] + inserted + original[at:]


def test_update_an_indentless_list(runner: CliRunner, site: SiteFactory) -> None:
    text = GOOD_INCIDENT.replace("  - ", "- ").replace("    ", "  ")
    text = text.replace("status: resolved", "status: monitoring")
    path = site.incident("2026-03-01-api-errors.md", text)
    original = path.read_bytes()
    result = invoke(runner, site, "resolve", "2026-03-01", "-m", "Done.")
    assert result.exit_code == 0, result.output
    inserted = b"- at: 2026-11-22T12:00:00Z\n  status: resolved\n  body: Done.\n"
    at = original.index(b"- at: 2026-03-01T11")
    assert path.read_bytes() == original[:at] + inserted + original[at:]
    assert_site_valid(site)


def test_update_with_an_awkward_message_round_trips(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-22-api-errors.md", HAND_WRITTEN)
    message = 'yes: it\'s "quoted" #not-a-comment\n\n  - indented list\n\ttab\nnull'
    result = invoke(runner, site, "update", "api-errors", "-m", message)
    assert result.exit_code == 0, result.output
    data = data_of(site.root / "incidents/2026-11-22-api-errors.md")
    assert data["updates"][0]["body"] == message.strip() + "\n"


REFUSALS = {
    "status after resolved": (
        ["resolve", "api-errors", "-m", "Fixed."],
        ["update", "api-errors", "--status", "investigating", "-m", "Again?"],
        [
            "incidents/2026-11-22-api-errors.md:13: error: updates[1].status: 'resolved' must be "
            "the last update, but 1 newer update follows it (line 9): open a new incident instead",
        ],
    ),
    "earlier than the latest update": (
        [],
        ["update", "api-errors", "--at", "2026-11-22T10:15:00Z", "-m", "Late."],
        [
            "incidents/2026-11-22-api-errors.md:13: error: updates[1].at: updates must be newest "
            "first: 2026-11-22T10:30:00+00:00 is newer than 2026-11-22T10:15:00+00:00 above it "
            "(line 9)",
        ],
    ),
    "unknown component": (
        [],
        ["update", "api-errors", "-c", "dbb=operational", "-m", "Better."],
        [
            "incidents/2026-11-22-api-errors.md:13: error: updates[0].components: unknown "
            "component 'dbb' (did you mean 'db'? known: api, web, db)",
        ],
    ),
    "maintenance status on an incident": (
        [],
        ["update", "api-errors", "--status", "in_progress", "-m", "Working."],
        [
            "incidents/2026-11-22-api-errors.md:10: error: updates[0].status: 'in_progress' is not "
            "a status for an incident: use one of investigating, identified, monitoring, resolved",
        ],
    ),
    "unknown component status": (
        [],
        ["update", "api-errors", "-c", "api=down", "-m", "Down."],
        [
            "incidents/2026-11-22-api-errors.md:13: error: updates[0].components.api: must be one "
            "of operational, degraded_performance, partial_outage, major_outage, "
            "under_maintenance (got 'down')",
        ],
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refused_updates_leave_every_file_unchanged(
    runner: CliRunner, site: SiteFactory, case: str
) -> None:
    first, refused, expected = REFUSALS[case]
    site.incident("2026-11-22-api-errors.md", HAND_WRITTEN)
    if first:
        assert invoke(runner, site, *first).exit_code == 0
    before = files_in(site)
    result = invoke(runner, site, *refused)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        *expected,
        "refused: incidents/2026-11-22-api-errors.md would not be valid after this update "
        "(line numbers as they would be); the file is unchanged",
    ]
    assert files_in(site) == before


def test_an_invalid_file_is_not_edited(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-22-api-errors.md", HAND_WRITTEN.replace("impact: major", "impact: bad"))
    before = files_in(site)
    result = invoke(runner, site, "update", "api-errors", "-m", "m")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "incidents/2026-11-22-api-errors.md:6: error: impact: must be one of none, minor, major, "
        "critical (got 'bad')",
        "refused: incidents/2026-11-22-api-errors.md has errors; fix them first",
    ]
    assert files_in(site) == before


def test_a_flow_style_list_is_refused_not_mangled(runner: CliRunner, site: SiteFactory) -> None:
    site.incident(
        "2026-11-22-flow.md",
        "---\ntitle: Flow\nimpact: minor\nupdates: [{at: 2026-11-22T10:00:00Z, status: "
        "investigating, body: Looking.}]\n---\n",
    )
    before = files_in(site)
    result = invoke(runner, site, "update", "flow", "-m", "m")
    assert result.exit_code == 1
    assert result.output == (
        "refused: incidents/2026-11-22-flow.md: line 4: cannot add an update here automatically; "
        "write each update as a block item starting with '- at:' (not a [flow list] or a lone "
        "'-')\n"
    )
    assert files_in(site) == before


def test_resolve_completes_a_maintenance(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-12-05-database-upgrade.md", MAINTENANCE)
    result = invoke(runner, site, "resolve", "database", "-m", "All clusters upgraded.")
    assert result.exit_code == 0, result.output
    data = data_of(site.root / "incidents/2026-12-05-database-upgrade.md")
    assert [u["status"] for u in data["updates"]] == ["completed", "scheduled"]
    assert_site_valid(site)


def test_update_a_maintenance_with_its_statuses(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-12-05-database-upgrade.md", MAINTENANCE)
    ok = invoke(runner, site, "update", "database", "--status", "in_progress", "-m", "Started.")
    wrong = invoke(runner, site, "update", "database", "--status", "monitoring", "-m", "Hm.")
    assert ok.exit_code == 0, ok.output
    assert wrong.exit_code == 1
    assert wrong.output.splitlines()[0] == (
        "incidents/2026-12-05-database-upgrade.md:10: error: updates[0].status: 'monitoring' is "
        "not a status for a maintenance: use one of scheduled, in_progress, verifying, completed"
    )


# --- finding the incident --------------------------------------------------------------------


@pytest.fixture
def three(site: SiteFactory) -> SiteFactory:
    for name in ("2026-11-20-api-errors", "2026-11-21-api-latency", "2026-11-22-web-down"):
        day = name[:10]
        site.incident(f"{name}.md", GOOD_INCIDENT.replace("2026-03-01", day))
    return site


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("2026-11-20-api-errors", "2026-11-20-api-errors"),
        ("2026-11-21", "2026-11-21-api-latency"),
        ("web", "2026-11-22-web-down"),
        ("api-l", "2026-11-21-api-latency"),
        ("errors", "2026-11-20-api-errors"),
        ("incidents/2026-11-22-web-down.md", "2026-11-22-web-down"),
    ],
)
def test_an_incident_is_found_by_id_prefix_name_or_path(
    three: SiteFactory, ref: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen.authoring.lookup import find_incident
    from statusgen.content.config_file import load_config

    monkeypatch.chdir(three.root)
    config = load_config(three.config_file)
    assert not isinstance(config, list)
    assert find_incident(config, ref).stem == expected


def test_an_ambiguous_prefix_lists_the_candidates(runner: CliRunner, three: SiteFactory) -> None:
    before = files_in(three)
    result = invoke(runner, three, "update", "api", "-m", "m")
    assert result.exit_code == 1
    assert result.output == (
        "Error: 'api' matches 2 incidents; type more of the id:\n"
        "  2026-11-20-api-errors\n"
        "  2026-11-21-api-latency\n"
    )
    assert files_in(three) == before


def test_an_unknown_id_says_what_to_type(runner: CliRunner, three: SiteFactory) -> None:
    result = invoke(runner, three, "resolve", "db", "-m", "m")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no incident matches 'db' in incidents/: give its id (the file name without .md), "
        "the start of it, or its path\n"
    )


def test_a_path_outside_the_incidents_folder_is_refused(
    runner: CliRunner, three: SiteFactory
) -> None:
    result = invoke(runner, three, "resolve", str(three.config_file), "-m", "m")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {three.config_file} is not in incidents/ of the site at {three.root.resolve()}\n"
    )


# --- any message survives the trip into YAML and back ----------------------------------------

settings_for_messages = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# Any text a page can carry: control characters are refused (tests/security covers that).
publishable = st.characters(
    exclude_categories=("Cs", "Cc"), include_characters="\n\t", exclude_characters="\ufffe\uffff"
)
one_line = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufffe\uffff"
)


@settings_for_messages
@given(message=st.text(publishable, min_size=1, max_size=80))
def test_any_message_is_stored_exactly_and_nothing_else_changes(
    site: SiteFactory, message: str
) -> None:
    from statusgen.authoring.posting import add_update
    from statusgen.authoring.text_edits import body_text
    from statusgen.content.config_file import load_config
    from statusgen.errors import Refused

    path = site.incident("2026-11-22-api-errors.md", HAND_WRITTEN)
    original = path.read_bytes()
    config = load_config(site.config_file)
    assert not isinstance(config, list)
    try:
        add_update(config, path, message=message, at=NOW, now=NOW)
    except Refused as exc:
        # Only an empty update may be refused, with validate's message.
        assert not message.strip()
        assert [p.message for p in exc.problems] == [
            "empty update: tell readers what is affected and what is being done"
        ]
        assert path.read_bytes() == original
        return
    data = data_of(path)
    assert data["updates"][0]["body"] == body_text(message)
    assert data["updates"][1:] == data_of_text(original)["updates"]
    assert path.read_bytes().endswith(original[original.index(b"  - status: identified") :])


@settings_for_messages
@given(title=st.text(one_line, min_size=1, max_size=60))
def test_any_title_makes_a_valid_file_named_after_it(title: str) -> None:
    from statusgen.authoring.posting import new_incident
    from statusgen.content.config_file import load_config

    with tempfile.TemporaryDirectory() as folder:
        site = SiteFactory(Path(folder))
        config = load_config(site.config_file)
        assert not isinstance(config, list)
        written = new_incident(
            config, title=title, impact="minor", components={"api": "partial_outage"},
            status="investigating", message="m", at=NOW, now=NOW,
        )  # fmt: skip
        assert written.incident_id.startswith("2026-11-22-")
        assert data_of(written.path)["title"] == title
        assert_site_valid(site)


def test_a_bad_request_is_refused_before_the_editor_opens(
    runner: CliRunner, site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.incident("2026-11-22-api-errors.md", HAND_WRITTEN)
    before = files_in(site)
    opened: list[str] = []
    monkeypatch.setattr("statusgen.cli.posting._interactive", lambda: True)
    monkeypatch.setattr("click.edit", lambda text, **options: opened.append(text) or "typed")
    result = invoke(runner, site, "update", "api-errors", "-c", "dbb=operational")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        "unknown component 'dbb' (did you mean 'db'? known: api, web, db)"
    )
    assert opened == []
    assert files_in(site) == before
    good = invoke(runner, site, "update", "api-errors", "-c", "db=operational")
    assert good.exit_code == 0, good.output
    assert "#   title: API errors   # keep it short" in opened[0]
    assert (
        data_of(site.root / "incidents/2026-11-22-api-errors.md")["updates"][0]["body"] == "typed"
    )
