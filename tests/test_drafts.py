"""Draft incidents: validated like any other, shown to the team, never to readers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.cli import cli
from statusgen.content.validate import check_site
from statusgen.notify.events import site_events
from statusgen.notify.sites import state_of_content
from statusgen.render.pages import site_pages

from .conftest import GOOD_INCIDENT, NOW, SiteFactory
from .sitecheck import soup
from .test_feeds import POSTMORTEM

DRAFT_ID = "2026-11-22-checkout-down"
DRAFT = """\
---
title: SECRET-DRAFT-TITLE checkout down
impact: critical
draft: true
alert_key: api-errors/{}:{alertname="CheckoutDown"}
components:
  api: major_outage
updates:
  - at: 2026-11-22T11:40:00Z
    status: identified
    body: SECRET-DRAFT-BODY the payment provider times out.
  - at: 2026-11-22T11:30:00Z
    status: investigating
    body: SECRET-DRAFT-BODY we are investigating checkout errors.
---
"""


@pytest.fixture
def draft_site(site: SiteFactory) -> SiteFactory:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    site.incident(f"{DRAFT_ID}.md", DRAFT)
    return site


def test_a_draft_validates_like_any_incident(draft_site: SiteFactory) -> None:
    result = check_site(draft_site.config_file, NOW)
    assert result.content is not None, result.report.format("text")
    assert [i.id for i in result.content.drafts] == [DRAFT_ID]
    assert [i.id for i in result.content.incidents] == ["2026-03-01-api-errors"]
    draft_site.incident(f"{DRAFT_ID}.md", DRAFT.replace("major_outage", "down"))
    broken = CliRunner().invoke(cli, ["validate", "-f", str(draft_site.config_file)])
    assert broken.exit_code == 1
    assert f"incidents/{DRAFT_ID}.md:7: error: components.api" in broken.output


def test_drafts_never_reach_pages_feeds_json_calendar_badge_or_sitemap(
    draft_site: SiteFactory, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build(draft_site.config_file, NOW, site_dir=out)
    assert result.built, result.report.format("text")
    assert (out / "incidents" / "2026-03-01-api-errors" / "index.html").is_file()
    assert not (out / "incidents" / DRAFT_ID).exists()
    checked = 0
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (
            ".html",
            ".atom",
            ".rss",
            ".xml",
            ".json",
            ".ics",
            ".svg",
        ):
            data = path.read_bytes()
            checked += 1
            assert b"SECRET-DRAFT" not in data, path
            assert DRAFT_ID.encode() not in data, path
    assert checked > 10
    status = json.loads((out / "api/v2/summary.json").read_text())
    api = next(c for c in status["components"] if c["id"].endswith("api") or c["name"] == "API")
    assert api["status"] == "operational"
    assert status["incidents"] == []
    assert "All Systems Operational" in soup(out, "").get_text()


def test_notify_finds_no_news_in_a_draft(draft_site: SiteFactory) -> None:
    content = check_site(draft_site.config_file, NOW).content
    assert content is not None
    events = site_events(state_of_content(content, NOW))
    assert all(DRAFT_ID not in e.key for e in events)
    published = content.with_drafts()
    assert any(DRAFT_ID in e.key for e in site_events(state_of_content(published, NOW)))


def test_status_lists_drafts_marked_and_keeps_them_out_of_the_rollup(
    draft_site: SiteFactory,
) -> None:
    result = CliRunner().invoke(
        cli, ["status", "-f", str(draft_site.config_file), "--now", NOW.isoformat()],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "All Systems Operational" in result.output
    assert "Drafts, not published (1)" in result.output
    assert "[draft] SECRET-DRAFT-TITLE checkout down" in result.output
    assert f"publish with 'statusgen publish {DRAFT_ID}'" in result.output


def test_the_preview_with_drafts_shows_the_draft_marked(draft_site: SiteFactory) -> None:
    content = check_site(draft_site.config_file, NOW).content
    assert content is not None
    preview = {p.url: p for p in site_pages(content.with_drafts(), NOW, include_drafts=True)}
    page = preview[f"incidents/{DRAFT_ID}/"]
    assert "Draft: not published." in page.html
    assert page.robots == "noindex"
    assert f"incidents/{DRAFT_ID}/" not in {p.url for p in site_pages(content, NOW)}


def test_a_published_postmortem_of_a_draft_is_refused(draft_site: SiteFactory) -> None:
    resolved = DRAFT.replace(
        "updates:\n",
        "updates:\n  - at: 2026-11-22T11:50:00Z\n    status: resolved\n    body: Fixed.\n",
    )
    draft_site.incident(f"{DRAFT_ID}.md", resolved)
    draft_site.postmortem(
        f"{DRAFT_ID}.md",
        POSTMORTEM.format(status="published", published="published: 2026-11-22T12:00:00Z\n")
        .replace("2026-03-01-api-errors", DRAFT_ID),
    )  # fmt: skip
    result = CliRunner().invoke(cli, ["validate", "-f", str(draft_site.config_file)])
    assert result.exit_code == 1
    assert f"its incident '{DRAFT_ID}' is still a draft" in result.output


# --- publishing -----------------------------------------------------------------------------


def publish(site: SiteFactory, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["publish", DRAFT_ID, "-f", str(site.config_file), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return (site.root / "incidents" / f"{DRAFT_ID}.md").read_text("utf-8")


def test_publish_removes_the_flag_and_dates_the_first_update_then(
    draft_site: SiteFactory, tmp_path: Path
) -> None:
    text = publish(draft_site, "--at", "2026-11-22T11:50:00Z")
    assert "draft:" not in text
    assert text == DRAFT.replace("draft: true\n", "").replace(
        "2026-11-22T11:30:00Z", "2026-11-22T11:50:00Z"
    ).replace("2026-11-22T11:40:00Z", "2026-11-22T11:50:00Z")
    out = tmp_path / "out"
    assert build(draft_site.config_file, NOW, site_dir=out).built
    page = soup(out, f"incidents/{DRAFT_ID}/")
    assert "SECRET-DRAFT-BODY the payment provider" in page.get_text()
    assert page.select_one(".sg-draft-banner") is None


def test_publish_keeps_later_updates_that_are_newer_and_can_keep_every_time(
    draft_site: SiteFactory,
) -> None:
    text = publish(draft_site, "--at", "2026-11-22T11:35:00Z")
    assert "at: 2026-11-22T11:40:00Z" in text and "at: 2026-11-22T11:35:00Z" in text
    draft_site.incident(f"{DRAFT_ID}.md", DRAFT)
    assert publish(draft_site, "--keep-times") == DRAFT.replace("draft: true\n", "")


def test_publish_uses_the_clock_without_at(draft_site: SiteFactory) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    text = publish(draft_site)
    content = check_site(draft_site.config_file, datetime.now(UTC)).content
    assert content is not None and "draft" not in text
    incident = content.incident(DRAFT_ID)
    assert incident is not None and incident.first_posted_at >= before


def test_publishing_what_is_not_a_draft_is_refused_and_changes_nothing(
    draft_site: SiteFactory,
) -> None:
    path = draft_site.root / "incidents" / "2026-03-01-api-errors.md"
    before = path.read_bytes()
    result = CliRunner().invoke(
        cli, ["publish", "2026-03-01-api-errors", "-f", str(draft_site.config_file)]
    )
    assert result.exit_code == 1
    assert "is not a draft" in result.output
    assert path.read_bytes() == before


def test_publish_refuses_a_time_before_impact_began(draft_site: SiteFactory) -> None:
    draft_site.incident(
        f"{DRAFT_ID}.md",
        DRAFT.replace("components:", "started_at: 2026-11-22T11:20:00Z\ncomponents:"),
    )
    path = draft_site.root / "incidents" / f"{DRAFT_ID}.md"
    before = path.read_bytes()
    result = CliRunner().invoke(
        cli,
        ["publish", DRAFT_ID, "-f", str(draft_site.config_file), "--at", "2026-11-22T11:00:00Z"],
    )
    assert result.exit_code == 1
    assert "would not be valid once published" in result.output
    assert path.read_bytes() == before
