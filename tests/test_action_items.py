"""Action items across postmortems: `statusgen actions`, overdue warnings, the index's
follow-ups."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.cli import cli

from .conftest import SiteFactory
from .postmortem_samples import DRAFT, FULL, INCIDENT_ID, write
from .sitecheck import soup

NOW = "2026-11-22T12:00:00Z"
ITEMS = """\
action_items:
  - action: Limit fencing to 5% of clusters per minute.
    type: prevent
    owner: Database team
    priority: P1
    ticket: DB-1
    status: done
    completed: 2026-03-10
  - action: Alert on stale health data.
    type: detect
    owner: "@sre-oncall"
    priority: P1
    due: 2026-11-21
    status: in-progress
  - action: Rehearse manual promotion every quarter.
    type: process
    owner: Database team
    priority: P2
    due: 2026-11-22
  - action: Rewrite the control plane.
    type: repair
    owner: Database team
    priority: P3
    status: wont-do
    reason: The fencing limit removes the risk.
  - action: "Document the runbook for @ops <b>[here](https://evil.example/)</b>."
    type: mitigate
    owner: Docs team
    priority: P2
    due: 2026-10-01
"""
FULL_WITH_ITEMS = FULL.replace(
    FULL[FULL.index("action_items:") : FULL.index("---\n\n## Summary")], ITEMS
)
DRAFT_WITH_ITEM = DRAFT.replace(
    "summary: TODO\n",
    "summary: TODO\naction_items:\n  - action: Draft item.\n    type: detect\n"
    "    owner: Web team\n    priority: P3\n    due: 2026-11-01\n",
).replace(INCIDENT_ID, "2026-03-05-slow-web")


@pytest.fixture
def items_site(site: SiteFactory) -> SiteFactory:
    write(site, FULL_WITH_ITEMS)
    site.postmortem("2026-03-05-slow-web.md", DRAFT_WITH_ITEM)
    return site


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


ALERT_LINE = line_of(FULL_WITH_ITEMS, "  - action: Alert")
DOCUMENT_LINE = line_of(FULL_WITH_ITEMS, '  - action: "Document')
DRAFT_LINE = line_of(DRAFT_WITH_ITEM, "  - action: Draft")


def run(runner: CliRunner, site: SiteFactory, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, [*args, "-f", str(site.config_file), "--now", NOW])
    return result.exit_code, result.output


def test_actions_lists_every_item_with_where_it_is_written(
    runner: CliRunner, items_site: SiteFactory
) -> None:
    code, output = run(runner, items_site, "actions")
    assert code == 0, output
    file = f"postmortems/{INCIDENT_ID}.md"
    lines = output.splitlines()
    first = line_of(FULL_WITH_ITEMS, "  - action: Limit")
    assert lines[0] == f"{file}:{first}  P1 prevent  Done 2026-03-10  owner: Database team"
    assert lines[2].endswith("P1 detect  OVERDUE 1 day (due 2026-11-21)  owner: @sre-oncall")
    assert lines[4].endswith("P2 process  Open, due 2026-11-22  owner: Database team")  # due today
    assert lines[6].endswith("P3 repair  Won't do  owner: Database team")
    assert lines[9] == "    Document the runbook for @ops <b>[here](https://evil.example/)</b>."
    assert lines[10].startswith("postmortems/2026-03-05-slow-web.md:") and "[draft]" in lines[10]
    assert lines[-1] == "6 action items: 4 open (3 overdue), 1 done, 1 won't do"


def test_filters_open_overdue_and_owner(runner: CliRunner, items_site: SiteFactory) -> None:
    code, output = run(runner, items_site, "actions", "--overdue", "--format", "json")
    assert code == 0
    data = json.loads(output)
    assert [(i["key"], i["days_overdue"]) for i in data["action_items"]] == [
        ("2026-03-01-db-outage#2", 1),
        ("2026-03-01-db-outage#5", 52),
        ("2026-03-05-slow-web#1", 21),
    ]
    first = data["action_items"][0]
    assert first == {
        "key": "2026-03-01-db-outage#2", "postmortem": INCIDENT_ID,
        "postmortem_status": "published",
        "file": f"postmortems/{INCIDENT_ID}.md", "line": ALERT_LINE,
        "number": 2, "action": "Alert on stale health data.", "type": "detect", "priority": "P1",
        "owner": "@sre-oncall", "status": "in-progress", "due": "2026-11-21", "overdue": True,
        "days_overdue": 1, "ticket": None, "completed": None,
    }  # fmt: skip
    _, output = run(runner, items_site, "actions", "--open", "--owner", "DATABASE  team")
    assert output.splitlines()[-1] == "1 action item: 1 open (0 overdue), 0 done, 0 won't do"
    _, output = run(runner, items_site, "actions", "--owner", "sre-oncall")
    assert "Alert on stale health data." in output


def test_github_format_annotates_overdue_items_as_warnings(
    runner: CliRunner, items_site: SiteFactory
) -> None:
    code, output = run(runner, items_site, "actions", "--open", "--format", "github")
    assert code == 0
    annotations = [line for line in output.splitlines() if line.startswith("::")]
    assert [a.split(" ", 1)[0] for a in annotations] == [
        "::warning", "::notice", "::warning", "::warning",
    ]  # fmt: skip
    alert = annotations[0]
    assert alert.startswith(
        f"::warning file=postmortems/{INCIDENT_ID}.md,line={ALERT_LINE},"
        "title=Action item 2026-03-01-db-outage#2%3A OVERDUE 1 day (due 2026-11-21)::"
    )


def test_validate_warns_at_each_overdue_item_and_strict_fails(
    runner: CliRunner, items_site: SiteFactory
) -> None:
    code, output = run(runner, items_site, "validate")
    assert code == 0, output
    overdue = [line for line in output.splitlines() if "overdue" in line]
    assert overdue == [
        f"postmortems/{INCIDENT_ID}.md:{ALERT_LINE}: warning: "
        "action_items[1].due: action item overdue by 1 day (due 2026-11-21, in progress, owner "
        "@sre-oncall): mark it done, or agree a new due date",
        f"postmortems/{INCIDENT_ID}.md:{DOCUMENT_LINE}: warning: "
        "action_items[4].due: action item overdue by 52 days (due 2026-10-01, open, owner Docs "
        "team): mark it done, or agree a new due date",
        "postmortems/2026-03-05-slow-web.md:"
        f"{DRAFT_LINE}: warning: action_items[0].due: action "
        "item overdue by 21 days (due 2026-11-01, open, owner Web team): mark it done, or agree "
        "a new due date",
    ]
    code, _ = run(runner, items_site, "validate", "--strict")
    assert code == 1


def test_an_item_due_today_is_not_overdue_yet(runner: CliRunner, items_site: SiteFactory) -> None:
    _, output = run(runner, items_site, "validate")
    assert "due 2026-11-22" not in output


def test_the_postmortems_index_counts_follow_ups_and_lists_them(
    items_site: SiteFactory, tmp_path: Path
) -> None:
    from statusgen.clock import parse_time

    result = build(items_site.config_file, parse_time(NOW), site_dir=tmp_path / "out")
    assert result.built, result.report.format("text")
    page = soup(tmp_path / "out", "postmortems/")
    entries = page.select("article.sg-entry")
    assert len(entries) == 1  # the draft is not on the site, nor its item
    summary = entries[0].select_one("details summary")
    assert summary is not None
    assert re.sub(r"\s+", " ", summary.get_text()).strip() == (
        "Follow-ups: 1 done · 3 open (2 overdue) · 1 won't do"
    )
    items = [re.sub(r"\s+", " ", li.get_text()).strip() for li in entries[0].select("details li")]
    assert items == [
        "Limit fencing to 5% of clusters per minute. — ✓ Done (Mar 10, 2026)",
        "Alert on stale health data. — Overdue, was due Nov 21, 2026",
        "Rehearse manual promotion every quarter. — Open, due Nov 22, 2026",
        "Rewrite the control plane. — Won't do",
        "Document the runbook for @ops <b>[here](https://evil.example/)</b>. — Overdue, was due "
        "Oct 1, 2026",
    ]
    assert "sre-oncall" not in page.get_text() and "Docs team" not in page.get_text()


def test_owners_show_on_the_index_only_when_the_config_says_so(
    items_site: SiteFactory, tmp_path: Path
) -> None:
    from statusgen.clock import parse_time

    config = items_site.config_file.read_text("utf-8").replace(
        "      components:", "      show_postmortem_owners: true\n      components:"
    )
    items_site.config_file.write_text(config, "utf-8")
    assert build(items_site.config_file, parse_time(NOW), site_dir=tmp_path / "out").built
    page = soup(tmp_path / "out", "postmortems/")
    assert "owner: @sre-oncall" in page.get_text()
