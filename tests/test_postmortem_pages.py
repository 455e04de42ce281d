"""Postmortems on the built site: published only, facts computed, links both ways."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from statusgen.build.pipeline import build
from statusgen.content.validate import check_site
from statusgen.render.pages import site_pages

from .conftest import GOOD_INCIDENT, NOW, SiteFactory
from .sitecheck import soup
from .test_feeds import POSTMORTEM

PUBLISHED = POSTMORTEM.format(status="published", published="published: 2026-03-06T12:00:00Z\n")
TIMELINE = """\
timeline:
  - at: 2026-03-01T09:50:00Z
    kind: impact-start
    text: A configuration change reaches every API server.
  - at: 2026-03-01T10:00:00Z
    kind: detected
    text: Error-rate alert pages the on-call engineer.
  - at: 2026-03-01T10:30:00Z
    kind: mitigated
    text: The change is rolled back.
  - at: 2026-03-01T10:55:00Z
    kind: impact-end
    text: Error rates are back to normal.
action_items:
  - action: Roll configuration out in stages.
    type: prevent
    owner: Platform team
    priority: P1
    ticket: PLAT-42
    status: open
"""


def text(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()  # type: ignore[attr-defined]


@pytest.fixture
def built(site: SiteFactory, tmp_path: Path) -> Path:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    site.incident(
        "2026-03-05-web-slow.md",
        GOOD_INCIDENT.replace("API errors", "Web slow").replace("2026-03-01", "2026-03-05"),
    )
    site.postmortem(
        "2026-03-01-api-errors.md",
        PUBLISHED.replace("profile: brief\n", "profile: brief\n" + TIMELINE),
    )
    site.postmortem(
        "2026-03-05-web-slow.md",
        POSTMORTEM.format(status="draft", published="")
        .replace("2026-03-01-api-errors", "2026-03-05-web-slow")
        .replace("A configuration change", "SECRET DRAFT WORDING"),
    )
    out = tmp_path / "out"
    result = build(site.config_file, NOW, site_dir=out)
    assert result.built, result.report.format("text")
    return out


def test_drafts_never_reach_the_site_feeds_or_json(built: Path) -> None:
    assert not (built / "postmortems" / "2026-03-05-web-slow").exists()
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".atom", ".rss", ".json", ".ics", ".xml"):
            assert b"SECRET DRAFT WORDING" not in path.read_bytes(), path
    incidents = json.loads((built / "api/v2/incidents.json").read_text())["incidents"]
    assert {i["id"]: i["status"] for i in incidents} == {
        "2026-03-01-api-errors": "postmortem",
        "2026-03-05-web-slow": "resolved",
    }
    assert soup(built, "incidents/2026-03-05-web-slow/").select_one(".sg-postmortem-link") is None


def test_facts_box_is_computed_from_the_timeline(built: Path) -> None:
    page = soup(built, "postmortems/2026-03-01-api-errors/")
    facts = {
        text(d.select_one("dt")): text(d.select_one("dd")) for d in page.select(".sg-facts > div")
    }
    assert facts["Impact"] == "◐ Major impact"
    assert facts["Impact lasted"] == "1 h 5 min"
    assert facts["Time to detect"] == "10 min"
    assert facts["Time to mitigate"] == "40 min"
    assert facts["Time to resolve"] == "1 h 10 min"
    assert facts["Components"] == "API"
    assert facts["Incident"] == "API errors"
    assert text(page.select_one("h1")) == "Postmortem: API errors"
    assert [text(h) for h in page.select("h2")] == [
        "Summary",
        "What happened",
        "Timeline",
        "What we are doing about it",
        "Action items",
    ]
    markers = [text(m) for m in page.select(".sg-marker-label")]
    assert markers == ["Impact start", "Detected", "Mitigated", "Impact end"]


def test_owners_and_tickets_only_when_configured(
    site: SiteFactory, built: Path, tmp_path: Path
) -> None:
    page = soup(built, "postmortems/2026-03-01-api-errors/")
    headers = [text(th) for th in page.select(".sg-actions thead th")]
    assert headers == ["Action", "Type", "Priority", "Status"]
    assert "PLAT-42" not in str(page) and "Platform team" not in str(page)
    site.config(
        site.config_file.read_text().replace(
            "      components:", "      show_postmortem_owners: true\n      components:"
        )
    )
    out = tmp_path / "with-owners"
    assert build(site.config_file, NOW, site_dir=out).built
    page = soup(out, "postmortems/2026-03-01-api-errors/")
    assert [text(th) for th in page.select(".sg-actions thead th")][-2:] == ["Owner", "Ticket"]
    assert "PLAT-42" in text(page.select_one(".sg-actions tbody"))


def test_incident_links_to_its_postmortem_and_index_lists_it(built: Path) -> None:
    link = soup(built, "incidents/2026-03-01-api-errors/").select_one(".sg-postmortem-link a")
    assert link is not None and link["href"] == "../../postmortems/2026-03-01-api-errors/"
    index = soup(built, "postmortems/")
    assert [a["href"] for a in index.select(".sg-entry-title a")] == [
        "../postmortems/2026-03-01-api-errors/"
    ]


def test_preview_with_drafts_marks_them(site: SiteFactory, built: Path) -> None:
    content = check_site(site.config_file, NOW).content
    assert content is not None
    pages = {p.url: p for p in site_pages(content, NOW, include_drafts=True)}
    draft = pages["postmortems/2026-03-05-web-slow/"]
    assert "Draft: not published." in draft.html
    assert draft.robots == "noindex"  # the built page carries it: see test_preview.py
    public = {p.url for p in site_pages(content, NOW)}
    assert "postmortems/2026-03-05-web-slow/" not in public


def test_updates_stand_in_for_a_missing_timeline(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    site.postmortem("2026-03-01-api-errors.md", PUBLISHED)
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    page = soup(out, "postmortems/2026-03-01-api-errors/")
    rows = [text(li.select_one(".sg-update-head")) for li in page.select(".sg-timeline > li")]
    assert rows == [
        "Mar 1, 2026, 10:00 UTC Investigating",
        "Mar 1, 2026, 11:00 UTC Resolved",
    ]
