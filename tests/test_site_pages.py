"""The generated pages as fragments, straight from `site_pages`: what each page says and lists."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from bs4 import BeautifulSoup
from lxml import etree

from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.render.feeds import feed_files
from statusgen.render.pages import site_pages
from statusgen.render.statuspage_json import api_files

from .conftest import NOW, UPCOMING_MAINTENANCE, SiteFactory

ATOM = "{http://www.w3.org/2005/Atom}"
# Posted at 11:00; the update naming the database comes at 15:00.
LATER_COMPONENT = """\
---
title: API errors
impact: minor
components:
  api: partial_outage
updates:
  - at: 2026-11-22T15:00:00Z
    status: identified
    body: The database is the cause.
    components:
      db: degraded_performance
  - at: 2026-11-22T11:00:00Z
    status: investigating
    body: Some requests fail.
---
"""
UPCOMING = UPCOMING_MAINTENANCE


def content_of(site: SiteFactory, now: datetime = NOW) -> Content:
    result = check_site(site.config_file, now)
    assert result.content is not None, result.report.format("text")
    return result.content


def page(content: Content, url: str, now: datetime = NOW) -> BeautifulSoup:
    [found] = [p for p in site_pages(content, now) if p.url == url]
    return BeautifulSoup(found.html, "lxml")


def text(node: object, separator: str = " ") -> str:
    return re.sub(r"\s+", " ", node.get_text(separator)).strip()  # type: ignore[attr-defined]


def component_rows(content: Content, incident_id: str, now: datetime = NOW) -> list[str]:
    return [
        text(li, "")
        for li in page(content, f"incidents/{incident_id}/", now).select(".sg-during li")
    ]


def listed(content: Content, url: str, now: datetime = NOW) -> list[str]:
    """The ids of the incidents a page lists, in order."""
    links = page(content, url, now).select(".sg-entry-title a")
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in links]


def feed_ids(content: Content, path: str, now: datetime = NOW) -> list[str]:
    root = etree.fromstring(feed_files(content, now)[path])
    links = [e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")]
    return [link.rstrip("/").rsplit("/", 1)[-1] for link in links]


def test_a_component_named_by_a_later_update_shows_only_from_then_on(site: SiteFactory) -> None:
    site.incident("2026-11-22-api-errors.md", LATER_COMPONENT)
    content = content_of(site)
    noon = NOW  # 12:00, before the 15:00 update
    assert component_rows(content, "2026-11-22-api-errors", noon) == ["API: ◐ Partial outage"]
    assert listed(content, "components/db/", noon) == []
    assert feed_ids(content, "components/db/history.atom", noon) == []
    later = NOW + timedelta(hours=4)
    assert component_rows(content, "2026-11-22-api-errors", later) == [
        "API: ◐ Partial outage",
        "Database: ▾ Degraded performance",
    ]
    assert listed(content, "components/db/", later) == ["2026-11-22-api-errors"]
    assert feed_ids(content, "components/db/history.atom", later) == ["2026-11-22-api-errors"]


def test_history_feeds_and_json_list_the_example_in_one_order(example_site: SiteFactory) -> None:
    content = content_of(example_site)
    urls = [p.url for p in site_pages(content, NOW) if p.url.startswith("history/")]
    history = [incident for url in urls for incident in listed(content, url)]
    assert history[:2] == [
        "2026-12-05-database-storage-upgrade",
        "2026-11-22-slow-cdn-asia-pacific",
    ]
    # The incident posted first is not the one that began first: it is listed by its start.
    assert history[2:4] == [
        "2026-11-10-webhook-delivery-delays",
        "2026-10-02-dashboard-login-errors",
    ]
    assert feed_ids(content, "history.atom") == history
    api = json.loads(api_files(content, NOW)["api/v2/incidents.json"])
    incidents = [i["id"] for i in api["incidents"]]
    assert incidents == [i for i in history if i in incidents]


def test_an_incident_of_no_impact_says_so_once(site: SiteFactory) -> None:
    site.incident(
        "2026-11-22-api-errors.md", LATER_COMPONENT.replace("impact: minor", "impact: none")
    )
    content = content_of(site)
    facts = page(content, "incidents/2026-11-22-api-errors/").select(".sg-facts dd")
    assert text(facts[1]) == "✓ No impact"
    home_entry = page(content, "").select_one("section[aria-labelledby=sg-active] .sg-impact")
    assert text(home_entry) == "✓ No impact"


def test_an_upcoming_maintenance_says_what_is_planned_not_under_maintenance(
    site: SiteFactory,
) -> None:
    site.incident("2026-12-05-database-upgrade.md", UPCOMING)
    content = content_of(site)
    assert component_rows(content, "2026-12-05-database-upgrade") == [
        "Database: planned to be under maintenance during the window"
    ]
    during = datetime.fromisoformat("2026-12-05T03:00:00Z")
    assert component_rows(content, "2026-12-05-database-upgrade", during) == [
        "Database: ⚙ Under maintenance"
    ]


def test_now_is_said_only_when_it_differs(site: SiteFactory) -> None:
    recovered = LATER_COMPONENT.replace("      db: degraded_performance", "      api: operational")
    site.incident("2026-11-22-api-errors.md", recovered)
    content = content_of(site)
    assert component_rows(content, "2026-11-22-api-errors") == ["API: ◐ Partial outage"]
    later = NOW + timedelta(hours=4)
    assert component_rows(content, "2026-11-22-api-errors", later) == [
        "API: ◐ Partial outage (now operational)"
    ]


def test_the_example_cdn_incident_is_not_now_what_it_already_says(
    example_site: SiteFactory,
) -> None:
    content = content_of(example_site)
    assert component_rows(content, "2026-11-22-slow-cdn-asia-pacific") == [
        "CDN: ▾ Degraded performance"
    ]


def months_on(content: Content, url: str) -> list[tuple[str, list[str]]]:
    found = page(content, url)
    return [
        (
            text(section.select_one("h2")),
            [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in section.select(".sg-entry-title a")]
            or [text(section.select_one(".sg-quiet"))],
        )
        for section in found.select("section.sg-month")
    ]


def test_history_shows_the_configured_number_of_months_per_page(site: SiteFactory) -> None:
    site.config(site.config_file.read_text("utf-8") + "      history_months_per_page: 2\n")
    for day in ("2026-11-02", "2026-10-15", "2026-08-09"):
        site.incident(f"{day}-api-errors.md", LATER_COMPONENT.replace("2026-11-22", day))
    content = content_of(site)
    pages = [p.url for p in site_pages(content, NOW) if p.url.startswith("history/")]
    assert pages == ["history/", "history/2/"]
    assert months_on(content, "history/") == [
        ("November 2026", ["2026-11-02-api-errors"]),
        ("October 2026", ["2026-10-15-api-errors"]),
    ]
    assert months_on(content, "history/2/") == [
        ("September 2026", ["No incidents reported."]),
        ("August 2026", ["2026-08-09-api-errors"]),
    ]
