"""`statusgen action-issues` against a stand-in `gh` that records its calls (`fake_gh.py`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from statusgen.cli import cli

from . import fake_gh
from .conftest import SiteFactory
from .postmortem_samples import INCIDENT_ID
from .test_action_items import FULL_WITH_ITEMS, items_site  # noqa: F401

NOW = "2026-11-22T12:00:00Z"
PM_FILE = f"postmortems/{INCIDENT_ID}.md"


@pytest.fixture
def gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    folder = tmp_path / "bin"
    fake_gh.install(folder)
    paths = {"state": tmp_path / "gh-state.json", "log": tmp_path / "gh-log.jsonl"}
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_GH_STATE", str(paths["state"]))
    monkeypatch.setenv("FAKE_GH_LOG", str(paths["log"]))
    monkeypatch.setenv("GH_TOKEN", "token-from-the-job")
    monkeypatch.setenv("GH_REPO", "octo-org/status")
    return paths


def sync(runner: CliRunner, site: SiteFactory, *args: str, now: str = NOW) -> tuple[int, str]:
    result = runner.invoke(cli, ["action-issues", "-f", str(site.config_file), "--now", now, *args])
    return result.exit_code, result.output


def issues(gh: dict[str, Path]) -> list[dict[str, Any]]:
    return list(fake_gh.state(gh["state"])["issues"])


def commands(gh: dict[str, Path]) -> list[str]:
    return [" ".join(call["args"][:2]) for call in fake_gh.calls(gh["log"])]


def edit(site: SiteFactory, old: str, new: str) -> None:
    path = site.root / PM_FILE
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_opens_one_issue_per_overdue_item_once(
    runner: CliRunner,
    items_site: SiteFactory,  # noqa: F811
    gh: dict[str, Path],
) -> None:
    code, output = sync(runner, items_site)
    assert code == 0, output
    assert output.splitlines() == [
        "opened #1: 2026-03-01-db-outage#2: Overdue action item: Alert on stale health data.",
        "opened #2: 2026-03-01-db-outage#5: Overdue action item: Document the runbook for @ops "
        "<b>[here](https://evil.example/)</b>.",
        "opened #3: 2026-03-05-slow-web#1: Overdue action item: Draft item.",
    ]
    assert commands(gh) == ["issue list", "label create"] + ["issue create"] * 3
    assert {(c["token"], c["repo"]) for c in fake_gh.calls(gh["log"])} == {
        ("token-from-the-job", "octo-org/status")
    }
    first = issues(gh)[0]
    assert first["labels"] == ["action-item"]
    assert first["body"].startswith("<!-- statusgen-action-item: 2026-03-01-db-outage#2 -->\n")
    # Owners cannot be pinged and text cannot link anywhere: Markdown punctuation escaped.
    assert "- Owner: \\@sre\\-oncall\n" in first["body"]
    assert "https://status.test.example/postmortems/2026-03-01-db-outage/" in first["body"]
    # Nobody is mentioned, nothing links or renders as HTML in the body.
    assert (
        "**Document the runbook for \\@ops &lt;b&gt;\\[here\\]\\(https://evil\\.example/\\)"
        "&lt;/b&gt;\\.**" in issues(gh)[1]["body"]
    )
    assert "(draft, not published)" in issues(gh)[2]["body"]

    code, output = sync(runner, items_site)
    assert (code, output) == (0, "Action item issues are up to date.\n")
    assert commands(gh)[5:] == ["issue list"]


def test_closes_the_issue_when_the_item_is_done_or_dropped(
    runner: CliRunner,
    items_site: SiteFactory,  # noqa: F811
    gh: dict[str, Path],
) -> None:
    sync(runner, items_site)
    edit(items_site, "    due: 2026-11-21\n    status: in-progress\n",
         "    due: 2026-11-21\n    status: done\n    completed: 2026-11-22\n")  # fmt: skip
    edit(items_site, "    due: 2026-10-01\n",
         "    due: 2026-10-01\n    status: wont-do\n    reason: Replaced by a tool.\n")  # fmt: skip
    code, output = sync(runner, items_site)
    assert code == 0, output
    assert output.splitlines() == [
        "closed #1: 2026-03-01-db-outage#2: Overdue action item: Alert on stale health data.",
        "closed #2: 2026-03-01-db-outage#5: Overdue action item: Document the runbook for @ops "
        "<b>[here](https://evil.example/)</b>.",
    ]
    first, second, third = issues(gh)
    assert (first["state"], first["reason"]) == ("CLOSED", "completed")
    assert first["comments"] == ["Closing: the action item was marked done on Nov 22, 2026."]
    assert (second["state"], second["reason"]) == ("CLOSED", "not planned")
    assert second["comments"] == [
        "Closing: the action item will not be done: Replaced by a tool\\."
    ]
    assert third["state"] == "OPEN"


def test_a_new_due_date_keeps_the_issue_open_and_current(
    runner: CliRunner,
    items_site: SiteFactory,  # noqa: F811
    gh: dict[str, Path],
) -> None:
    sync(runner, items_site)
    edit(items_site, "    due: 2026-11-21\n", "    due: 2026-12-31\n")
    code, output = sync(runner, items_site)
    assert code == 0
    assert output.splitlines() == [
        "updated #1: 2026-03-01-db-outage#2: Overdue action item: Alert on stale health data."
    ]
    assert issues(gh)[0]["state"] == "OPEN"
    assert "- Due: Dec 31, 2026\n" in issues(gh)[0]["body"]


def test_an_issue_closed_by_hand_is_never_opened_again(
    runner: CliRunner,
    items_site: SiteFactory,  # noqa: F811
    gh: dict[str, Path],
) -> None:
    sync(runner, items_site)
    state = fake_gh.state(gh["state"])
    state["issues"][0]["state"] = "CLOSED"
    gh["state"].write_text(json.dumps(state), "utf-8")
    # A week later: another item is overdue now and gets its issue; #1 stays closed.
    code, output = sync(runner, items_site, now="2026-11-30T12:00:00Z")
    assert code == 0
    assert output.splitlines() == [
        "opened #4: 2026-03-01-db-outage#3: Overdue action item: Rehearse manual promotion "
        "every quarter."
    ]
    assert [i["state"] for i in issues(gh)] == ["CLOSED", "OPEN", "OPEN", "OPEN"]


def test_an_item_removed_from_its_postmortem_closes_its_issue(
    runner: CliRunner,
    items_site: SiteFactory,  # noqa: F811
    gh: dict[str, Path],
) -> None:
    sync(runner, items_site)
    (items_site.root / "postmortems" / "2026-03-05-slow-web.md").unlink()
    code, output = sync(runner, items_site)
    assert code == 0
    assert output.splitlines() == [
        "closed #3: 2026-03-05-slow-web#1: Overdue action item: Draft item."
    ]
    assert issues(gh)[2]["comments"] == [
        "Closing: action item `2026-03-05-slow-web#1` is no longer in its postmortem."
    ]


def test_dry_run_changes_nothing(
    runner: CliRunner,
    items_site: SiteFactory,  # noqa: F811
    gh: dict[str, Path],
) -> None:
    code, output = sync(runner, items_site, "--dry-run")
    assert code == 0
    assert output.splitlines()[0] == (
        "would be opened: 2026-03-01-db-outage#2: Overdue action item: Alert on stale health data."
    )
    assert commands(gh) == ["issue list"]


def test_a_failing_or_missing_gh_is_an_error_as_in_overdue(
    runner: CliRunner,
    items_site: SiteFactory,  # noqa: F811
    gh: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAKE_GH_FAIL", "issue create")
    result = runner.invoke(cli, ["action-issues", "-f", str(items_site.config_file), "--now", NOW])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: gh issue create failed (exit 1): HTTP 403: Resource not accessible by integration"
    )
    # A failing program is an error (1), not a usage error (2), whichever command ran it.
    monkeypatch.setenv("FAKE_GH_FAIL", "issue list")
    config = str(items_site.config_file)
    actions = runner.invoke(cli, ["action-issues", "-f", config, "--now", NOW])
    overdue = runner.invoke(cli, ["overdue", "--github-issues", "-f", config, "--now", NOW])
    assert (actions.exit_code, overdue.exit_code) == (1, 1)
    said = "gh issue list failed (exit 1): HTTP 403: Resource not accessible by integration"
    assert actions.output.strip() == f"error: {said}"
    assert overdue.output.strip().splitlines()[-1] == f"error: GitHub issues not in step: {said}"
    monkeypatch.setenv("PATH", "/nonexistent")
    result = runner.invoke(cli, ["action-issues", "-f", str(items_site.config_file), "--now", NOW])
    assert result.exit_code == 1
    assert "the GitHub CLI (gh) is not installed" in result.output
