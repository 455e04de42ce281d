"""The built site in headless Chromium: local times, no foreign requests, works without JS;
the reliability page's charts on a phone in dark mode.

Drives Debian's chromium through playwright (never a downloaded browser). Outside CI the tests
skip when /usr/bin/chromium is missing; in CI (CI=true) they fail instead, so they always run.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from statusgen.build.pipeline import build

from .browser_support import ARTIFACTS
from .conftest import NOW, SiteFactory
from .static_server import Served, serve

pytestmark = pytest.mark.browser


def test_home_page_in_the_readers_time_zone(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(
        timezone_id="Asia/Tokyo", locale="en-US", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served_example.url, wait_until="networkidle")

    first_time = page.locator(".sg-banner__time time")
    assert first_time.get_attribute("title") == "Nov 22, 2026, 12:00 UTC"
    shown = first_time.inner_text()
    assert "UTC" not in shown and "GMT+9" in shown and "9:00" in shown, shown
    assert (
        page.locator(".sg-banner__text").inner_text().strip().endswith("Partially Degraded Service")
    )

    foreign = [url for url in requests if not url.startswith(served_example.url)]
    assert requests and foreign == []
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert (ARTIFACTS / "home.png").stat().st_size > 10_000
    context.close()


def test_home_page_without_javascript(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(java_script_enabled=False, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(served_example.url)
    banner = page.locator(".sg-banner__text")
    assert banner.is_visible()
    assert banner.inner_text().strip().endswith("Partially Degraded Service")
    assert page.locator(".sg-banner__time time").inner_text() == "Nov 22, 2026, 12:00 UTC"
    assert page.locator("li.sg-component").count() == 9
    page.screenshot(path=str(ARTIFACTS / "home-no-js.png"))
    context.close()


def test_phone_width_has_no_horizontal_scroll(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(served_example.url, wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / "home-phone.png"), full_page=True)
    context.close()


def test_dark_palette_follows_the_system(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(served_example.url, wait_until="networkidle")
    scheme = page.evaluate("document.documentElement.getAttribute('data-md-color-scheme')")
    assert scheme == "slate"
    context.close()


def test_right_to_left_mirrors_accents_and_bars(
    example_site: SiteFactory, tmp_path: Path, chromium: Any
) -> None:
    config = example_site.config_file
    config.write_text(
        config.read_text("utf-8").replace("  language: en\n", "  language: en\n  direction: rtl\n"),
        "utf-8",
    )
    assert build(config, NOW, site_dir=tmp_path / "site").built
    with serve(tmp_path / "site") as served:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(served.url)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        card = page.locator(".sg-card").first
        widths = card.evaluate(
            "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]"
        )
        cells = page.locator("#component-api ol.sg-bar > li")
        oldest, today = cells.first.bounding_box(), cells.last.bounding_box()
        page.screenshot(path=str(ARTIFACTS / "home-rtl.png"))
        context.close()
    assert widths == ["6px", "1px"]
    assert oldest is not None and today is not None and oldest["x"] > today["x"]


@pytest.mark.parametrize(
    "url", ["", "components/db/", "incidents/2026-11-22-slow-cdn-asia-pacific/"]
)
def test_pages_never_ask_for_a_sitemap(served_example: Served, chromium: Any, url: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_example.url + url, wait_until="networkidle")
    context.close()
    assert requests[0] == served_example.url + url
    assert [r for r in requests if "sitemap" in r] == []
    assert all(r.startswith(served_example.url) for r in requests)


def test_availability_bars_line_up_with_their_labels(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_example.url)
    edges = {
        selector: page.locator(f"#component-api {selector}").bounding_box()
        for selector in (".sg-component-name", "ol.sg-bar", ".sg-bar-legend")
    }
    context.close()
    starts = {selector: round(box["x"]) for selector, box in edges.items() if box}
    ends = {selector: round(box["x"] + box["width"]) for selector, box in edges.items() if box}
    assert len(set(starts.values())) == 1, starts
    assert ends["ol.sg-bar"] == ends[".sg-bar-legend"], ends


def test_colour_scheme_button_switches_and_remembers(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(served_example.url)
    scheme = "document.documentElement.getAttribute('data-md-color-scheme')"
    button = page.get_by_role("button", name="Switch to dark mode")
    assert page.evaluate(scheme) == "default"
    button.click()
    assert page.evaluate(scheme) == "slate"
    page.goto(served_example.url + "history/")
    assert page.evaluate(scheme) == "slate"
    page.get_by_role("button", name="Switch to light mode").click()
    assert page.evaluate(scheme) == "default"
    context.close()

    no_js = chromium.new_context(java_script_enabled=False)
    page = no_js.new_page()
    page.goto(served_example.url)
    assert page.locator(".sg-scheme-button").is_hidden()
    assert page.get_by_role("link", name="Subscribe").first.is_visible()
    no_js.close()


def strict_policy(site: Path) -> str:
    """A header policy stricter than the pages' own, allowing styles only from the site and
    the one inline style by the hash the pages' policy gives (never 'unsafe-inline')."""
    text = (site / "index.html").read_text("utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    assert meta is not None
    [styles] = [d for d in html.unescape(meta[1]).split(";") if d.split()[0] == "style-src"]
    hashes = [source for source in styles.split() if source.startswith("'sha256-")]
    assert len(hashes) == 1
    return (
        f"default-src 'none'; script-src 'self'; style-src 'self' {hashes[0]}; "
        "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'self'"
    )


@pytest.mark.parametrize(
    "url", ["", "subscribe/", "embed/", "incidents/2026-11-22-slow-cdn-asia-pacific/"]
)
def test_pages_work_under_a_policy_without_inline_script_or_style(
    example_site_dir: Path, chromium: Any, url: str
) -> None:
    policy = strict_policy(example_site_dir)
    with serve(example_site_dir, extra_headers={"Content-Security-Policy": policy}) as served:
        context = chromium.new_context()
        page = context.new_page()
        blocked: list[str] = []
        page.on(
            "console",
            lambda message: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.on("pageerror", lambda error: blocked.append(str(error)))
        page.goto(served.url + url, wait_until="networkidle")
        localised = page.locator("time.sg-local").count()
        widget = page.locator("[data-statusgen-widget] .w").count()
        context.close()
    assert blocked == []
    if url == "embed/":
        assert widget == 1
    else:
        assert localised > 0 or url == "subscribe/"


def _luminance(rgb: str) -> float:
    red, green, blue = (int(part) for part in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_reliability_charts_on_a_phone_in_dark_mode(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, color_scheme="dark"
    )
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(served_example.url + "reliability/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    charts = page.locator("svg.sg-chart")
    assert charts.count() == 5
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and 250 <= box["width"] <= 360 and box["height"] > 40, box
    # Text is currentColor, so light on the dark palette; bars take the palette's colours.
    label = page.locator("svg.sg-chart text").first
    assert _luminance(label.evaluate("e => getComputedStyle(e).fill")) > 0.6
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _luminance(background) < 0.3
    critical = page.locator("svg.sg-chart rect.sg-fill-critical").first
    palette_red = page.evaluate(
        "(() => { const probe = document.createElement('span');"
        " probe.style.color = 'var(--sg-major)'; document.body.append(probe);"
        " const colour = getComputedStyle(probe).color; probe.remove(); return colour; })()"
    )
    assert critical.evaluate("e => getComputedStyle(e).fill") == palette_red
    assert _luminance(palette_red) > 0.4  # the dark palette's red, not the light one's
    assert [url for url in requests if not url.startswith(served_example.url)] == []
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reliability-phone-dark.png"), full_page=True)
    context.close()


def test_reliability_page_without_javascript(served_example: Served, chromium: Any) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_example.url + "reliability/")
    assert page.locator("svg.sg-chart").first.is_visible()
    assert page.locator("#incidents-by-quarter").is_visible()
    assert page.locator("section[aria-labelledby=incidents-by-quarter] table").is_visible()
    context.close()
