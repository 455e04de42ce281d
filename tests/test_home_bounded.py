"""The home page stays the same size however many incidents a day had: what it shows is capped."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from statusgen.build.pipeline import build

from .conftest import NOW, SiteFactory

BUSY_DAY, BUSY_COUNT = "2026-11-20", 40  # within the home page's recent days
QUIET_DAY, QUIET_COUNT = "2026-10-01", 2


def incident(day: str, number: int, impact: str, minutes: int) -> str:
    """An incident on the API that day from 10:00, lasting `minutes`."""
    hours, rest = divmod(minutes, 60)
    return f"""\
---
title: Busy day incident {number}
impact: {impact}
components:
  api: partial_outage
postmortem: not-required
postmortem_reason: A test fixture of many incidents.
updates:
  - at: {day}T{10 + hours:02d}:{rest:02d}:00Z
    status: resolved
    body: Fixed.
  - at: {day}T10:00:00Z
    status: investigating
    body: Errors.
---
"""


def bar_cell(home: BeautifulSoup, day_text: str) -> Tag:
    cells = home.select("#component-api ol.sg-bar > li")
    return next(c for c in cells if c.select_one(".sg-tip-day").get_text() == day_text)


def built_home(site: SiteFactory, tmp_path: Path) -> tuple[Path, BeautifulSoup]:
    # Minor incidents of growing length, and one major of middling length among them.
    for n in range(BUSY_COUNT):
        impact = "major" if n == 7 else "minor"
        site.incident(f"{BUSY_DAY}-busy-{n:02d}.md", incident(BUSY_DAY, n, impact, 5 + n))
    for n in range(QUIET_COUNT):
        site.incident(f"{QUIET_DAY}-quiet-{n}.md", incident(QUIET_DAY, 100 + n, "minor", 5 + n))
    out = tmp_path / "out"
    result = build(site.config_file, NOW, site_dir=out)
    assert result.built, result.report.format("text")
    return out, BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")


def test_a_busy_days_tooltip_links_its_worst_incident_and_counts_the_rest(
    site: SiteFactory, tmp_path: Path
) -> None:
    out, home = built_home(site, tmp_path)
    busy, quiet = bar_cell(home, "Nov 20, 2026"), bar_cell(home, "Oct 1, 2026")
    busy_links = busy.select(".sg-tip a")
    # As many links on the busiest day as on a day of two: the page does not grow with them.
    assert len(busy_links) == len(quiet.select(".sg-tip a"))
    worst, more = busy_links
    assert worst.get_text() == "Busy day incident 7"  # the major one, not the longest minor
    assert quiet.select(".sg-tip a")[0].get_text() == "Busy day incident 101"  # the longer one
    assert more.get_text() == f"and {BUSY_COUNT - 1} more"
    # The rest are on the page the link leads to, in the built site.
    target = out / more["href"] / "index.html"
    listed = set(re.findall(r"Busy day incident \d+", target.read_text("utf-8")))
    assert listed >= {f"Busy day incident {n}" for n in range(BUSY_COUNT)}
    # Still announced to screen readers and reachable by keyboard (issue 11).
    assert busy.get("tabindex") == "0" and busy.get("aria-hidden") is None


def test_the_recent_days_list_a_few_incidents_each_and_link_the_rest(
    site: SiteFactory, tmp_path: Path
) -> None:
    out, home = built_home(site, tmp_path)
    days = home.select("section[aria-labelledby=sg-past] .sg-day-group")
    busy = next(d for d in days if d.select_one("h3").get_text() == "Nov 20, 2026")
    shown = busy.select(".sg-entry-title a")
    assert 0 < len(shown) < BUSY_COUNT
    more = busy.select_one(".sg-more a")
    assert more.get_text() == f"{BUSY_COUNT - len(shown)} more that day in the history"
    assert (out / more["href"] / "index.html").is_file()
