"""A page left open during an incident stays current: how long ago things happened, and new
content swapped in place within a minute of the site being rebuilt, without a reload.

The browser's clock is playwright's, set to moments after the build, so "5 min old" and the
60-second refresh are exact and the test needs no waiting.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from statusgen.build.pipeline import build

from .conftest import NOW, SiteFactory
from .sitecheck import soup
from .static_server import serve

ACTIVE = "incidents/2026-11-22-slow-cdn-asia-pacific.md"
RESOLVED_UPDATE = """updates:
  - at: 2026-11-22T12:03:00Z
    status: resolved
    body: The network link is repaired and traffic is back on our Singapore edge location.
"""


def _resolve_the_active_incident(root: Path) -> None:
    path = root / ACTIVE
    text = path.read_text("utf-8")
    assert text.count("updates:\n") == 1
    path.write_text(text.replace("updates:\n", RESOLVED_UPDATE, 1), "utf-8")


def test_home_page_reloads_itself_without_javascript_only_while_something_is_active(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    site_dir = tmp_path / "site"
    assert build(example_site.config_file, NOW, site_dir=site_dir).built
    refresh = soup(site_dir, "").select('noscript meta[http-equiv="refresh"]')
    assert [m["content"] for m in refresh] == ["60"]
    assert soup(site_dir, "incidents/2026-11-22-slow-cdn-asia-pacific/").select("noscript") == []
    assert soup(site_dir, "history/").select("noscript") == []

    _resolve_the_active_incident(example_site.root)
    assert build(example_site.config_file, NOW + timedelta(minutes=5), site_dir=site_dir).built
    assert soup(site_dir, "").select("noscript") == []
    assert "data-sg-live" not in soup(site_dir, "").body.attrs


@pytest.mark.browser
@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_open_page_swaps_in_new_content_in_place(
    chromium: Any, example_site: SiteFactory, tmp_path: Path, motion: str
) -> None:
    site_dir = tmp_path / "site"
    assert build(example_site.config_file, NOW, site_dir=site_dir).built
    with serve(site_dir) as served:
        context = chromium.new_context(
            viewport={"width": 1280, "height": 700}, timezone_id="UTC", reduced_motion=motion
        )
        page = context.new_page()
        page.clock.install(time=(NOW + timedelta(minutes=5)).timestamp())
        page.goto(served.url)
        banner = page.locator(".sg-banner__text")
        assert banner.inner_text().strip() == "Partially Degraded Service"
        assert page.locator(".sg-banner__time").inner_text() == (
            "As of Nov 22, 2026, 12:00 PM UTC (this page is 5 min old)"
        )
        posted = page.locator(".sg-card__posted").inner_text()
        assert posted == (
            "Latest update: Monitoring, posted 7 hours ago, at Nov 22, 2026, 04:10 AM UTC"
        )
        page.evaluate("window.stillTheSamePage = true")
        page.locator("#sg-components").scroll_into_view_if_needed()
        before = page.locator("#sg-components").bounding_box()

        _resolve_the_active_incident(example_site.root)
        rebuilt = build(example_site.config_file, NOW + timedelta(minutes=4), site_dir=site_dir)
        assert rebuilt.built
        served.requests.clear()
        page.clock.run_for(61_000)
        banner.filter(has_text="All Systems Operational").wait_for(timeout=10_000)

        after = page.locator("#sg-components").bounding_box()
        assert page.evaluate("window.stillTheSamePage") is True
        assert page.locator("section[aria-labelledby=sg-active]").count() == 0
        assert before is not None and after is not None
        assert abs(after["y"] - before["y"]) < 2, (before, after)
        assert page.locator("#sg-news").inner_text() == "Page updated: All Systems Operational."
        refreshed = page.locator("#sg-main.sg-refreshed").count()
        assert refreshed == (0 if motion == "reduce" else 1)
        assert served.requests[:2] == ["/api/v2/status.json", "/"]
        assert page.evaluate("document.body.hasAttribute('data-sg-live')") is False
        # Nothing is active any more: the page stops asking.
        served.requests.clear()
        page.clock.run_for(3 * 61_000)
        assert served.requests == []
        context.close()
