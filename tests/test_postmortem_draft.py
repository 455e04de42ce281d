"""`statusgen new postmortem`: a draft with the profile's sections and the timeline filled in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.clock import Clock
from statusgen.content.load import read_document
from statusgen.content.validate import check_site
from statusgen.problems import Problem

from .conftest import NOW, SiteFactory

CRITICAL = """\
---
title: Databases down
impact: critical
components:
  db: major_outage
started_at: 2026-11-20T09:47:00Z
updates:
  - at: 2026-11-20T11:00:00Z
    status: resolved
    body: All clusters work again. **No data** was lost.
  - at: 2026-11-20T10:00:00Z
    status: investigating
    body: |
      Many clusters refuse connections.
      We are on it.
---
"""
MINOR = CRITICAL.replace("impact: critical", "impact: minor")
# What each profile asks a writer for, as rules/postmortem.yml states it: a heading for every
# required section ("Root causes" for "Root causes or Contributing factors") and every
# recommended one. Written out here, not read from the code that writes drafts.
ASKED_FOR = {
    "full": {
        "Summary",
        "Impact",
        "Root causes",
        "Detection",
        "Resolution",
        "What went wrong",
        "What went well",
        "Where we got lucky",
        "Trigger",
    },
    "brief": {"Summary", "What happened", "What we are doing about it"},
}


def new_postmortem(runner: CliRunner, site: SiteFactory, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        cli, ["new", "postmortem", *args, "-f", str(site.config_file)],
        obj=Clock(NOW),
    )  # fmt: skip
    return result.exit_code, result.output


def draft(site: SiteFactory, incident_id: str) -> tuple[Any, list[str], str]:
    document = read_document(site.root / f"postmortems/{incident_id}.md", "x")
    assert not isinstance(document, Problem)
    headings = re.findall(r"^## (.+)$", document.body, re.MULTILINE)
    return document.data, headings, document.body


def test_a_critical_incident_gets_a_full_draft_with_its_timeline(
    runner: CliRunner, site: SiteFactory
) -> None:
    site.incident("2026-11-20-databases-down.md", CRITICAL)
    code, output = new_postmortem(runner, site, "databases", "--owner", "database-team")
    assert code == 0, output
    assert output == (
        f"Created {site.root / 'postmortems/2026-11-20-databases-down.md'}: a full draft "
        "with 3 timeline entries\n"
    )
    data, headings, body = draft(site, "2026-11-20-databases-down")
    assert set(headings) == ASKED_FOR["full"] and len(headings) == len(set(headings))
    assert (data["incident"], data["status"], data["owner"], data["profile"]) == (
        "2026-11-20-databases-down",
        "draft",
        "database-team",
        "full",
    )
    assert data["timeline"] == [
        {"at": "2026-11-20T09:47:00Z", "text": "Impact began.", "kind": "impact-start"},
        {
            "at": "2026-11-20T10:00:00Z",
            "text": "Status page, investigating: Many clusters refuse connections. We are on it.",
        },
        {
            "at": "2026-11-20T11:00:00Z",
            "text": "Status page, resolved: All clusters work again. No data was lost.",
        },
    ]
    assert data["action_items"] == []
    # Every section has a one-line prompt that cannot be published as it stands.
    sections = re.split(r"^## .+$", body, flags=re.MULTILINE)[1:]
    assert all(s.strip().startswith("TODO: ") and "\n" not in s.strip() for s in sections)
    assert check_site(site.config_file, NOW).report.errors == 0


def test_a_minor_incident_gets_a_brief_draft(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-20-databases-down.md", MINOR)
    assert new_postmortem(runner, site, "2026-11-20", "--owner", "db")[0] == 0
    data, headings, _ = draft(site, "2026-11-20-databases-down")
    assert (data["profile"], set(headings)) == ("brief", ASKED_FOR["brief"])


def test_the_profile_can_be_chosen(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-20-databases-down.md", MINOR)
    assert new_postmortem(runner, site, "databases", "--owner", "db", "--profile", "full")[0] == 0
    assert set(draft(site, "2026-11-20-databases-down")[1]) == ASKED_FOR["full"]


def test_an_existing_postmortem_is_not_replaced(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-20-databases-down.md", CRITICAL)
    existing = site.postmortem("2026-11-20-databases-down.md", "ours\n")
    code, output = new_postmortem(runner, site, "databases", "--owner", "db")
    assert (code, output) == (
        1,
        "refused: postmortems/2026-11-20-databases-down.md already exists\n",
    )
    assert existing.read_text("utf-8") == "ours\n"


def test_an_invalid_incident_gets_no_postmortem(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-20-databases-down.md", CRITICAL.replace("critical", "worst"))
    code, output = new_postmortem(runner, site, "databases", "--owner", "db")
    assert code == 1
    assert output.splitlines()[-1] == (
        "refused: incidents/2026-11-20-databases-down.md has errors; fix them first"
    )
    assert list((site.root / "postmortems").iterdir()) == []


def test_the_owner_is_required(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-20-databases-down.md", CRITICAL)
    code, output = new_postmortem(runner, site, "databases")
    assert code == 2
    assert output.splitlines()[-1] == "Error: Missing option '--owner'."


@pytest.mark.parametrize(("text", "profile"), [(CRITICAL, "full"), (MINOR, "brief")])
def test_drafts_meet_the_postmortem_rules(
    runner: CliRunner, site: SiteFactory, text: str, profile: str
) -> None:
    from statusgen.content.postmortem.model import PostmortemFrontMatter
    from statusgen.content.postmortem.rules import Profile, postmortem_rules

    site.incident("2026-11-20-databases-down.md", text)
    assert new_postmortem(runner, site, "databases", "--owner", "db")[0] == 0
    data, headings, _ = draft(site, "2026-11-20-databases-down")
    PostmortemFrontMatter.model_validate(data)
    rules = postmortem_rules().profiles[Profile(profile)]
    missing = [group for group in rules.required if not set(group) & set(headings)]
    assert missing == []
    assert check_site(site.config_file, NOW).report.problems == ()


@pytest.mark.parametrize(("text", "profile"), [(CRITICAL, "full"), (MINOR, "brief")])
def test_a_draft_with_its_prompts_answered_publishes_cleanly(
    runner: CliRunner, site: SiteFactory, text: str, profile: str
) -> None:
    """Answer every prompt and publish: no rule of the profile is left unmet."""
    site.incident("2026-11-20-databases-down.md", text)
    assert new_postmortem(runner, site, "databases", "--owner", "db")[0] == 0
    path = site.root / "postmortems/2026-11-20-databases-down.md"
    answered = re.sub(
        r"^TODO: .*$",
        "For 73 minutes, 40 % of database connections were refused.",
        path.read_text("utf-8"),
        flags=re.MULTILINE,
    )
    answered = answered.replace(
        "summary: 'TODO: two or three sentences for readers, as on the status page.'",
        "summary: Managed databases refused connections for 73 minutes. All data is intact.",
    ).replace("status: draft", "status: published\npublished: 2026-11-21T09:00:00Z")
    answered = answered.replace(
        "action_items: []",
        "action_items:\n  - action: Alert when connections are refused\n    type: detect\n"
        "    owner: database-team\n    priority: P1\n    ticket: https://tracker.example/DB-1",
    )
    assert "TODO" not in answered
    path.write_text(answered, "utf-8")
    assert check_site(site.config_file, NOW).report.problems == ()


def test_drafts_ask_for_what_the_rules_file_says(
    runner: CliRunner, site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rules/postmortem.yml is data: a team's edit to its prompts changes the drafts."""
    from statusgen.authoring import postmortem_draft
    from statusgen.content.postmortem.rules import PostmortemRules, Profile, postmortem_rules

    shipped = postmortem_rules().model_dump()
    shipped["profiles"][Profile.BRIEF]["prompts"] = {
        "What we are doing about it": "First things first.",
        "Summary": "Say it short.",
        "What happened": "Say what happened.",
    }
    shipped["default_profile"]["minor"] = "brief"
    edited = PostmortemRules.model_validate(shipped)
    monkeypatch.setattr(postmortem_draft, "postmortem_rules", lambda: edited)
    site.incident("2026-11-20-databases-down.md", MINOR)
    assert new_postmortem(runner, site, "databases", "--owner", "db")[0] == 0
    _, headings, body = draft(site, "2026-11-20-databases-down")
    assert headings == ["What we are doing about it", "Summary", "What happened"]
    assert "TODO: First things first." in body


def test_a_rules_file_whose_prompts_miss_a_required_section_is_refused() -> None:
    from pydantic import ValidationError

    from statusgen.content.postmortem.rules import PostmortemRules, Profile, postmortem_rules

    shipped = postmortem_rules().model_dump()
    del shipped["profiles"][Profile.FULL]["prompts"]["Detection"]
    with pytest.raises(ValidationError, match=r"full prompts ask for none of \[\('Detection',\)\]"):
        PostmortemRules.model_validate(shipped)
