"""The built home page in headless Chromium: local times, no foreign requests, works without JS.

Drives Debian's chromium through playwright (never a downloaded browser). Outside CI the tests
skip when /usr/bin/chromium is missing; in CI (CI=true) they fail instead, so they always run.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from statusgen.build import build

from .conftest import NOW, REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if CHROMIUM.exists() and shutil.which("chromium"):
        return
    message = "Debian's chromium is not installed (apt-get install -y chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {message}")
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_chromium()
    site_dir = tmp_path_factory.mktemp("browser") / "site"
    assert build(REPO / "mkdocs.yml", NOW, site_dir=site_dir).built
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def test_home_page_in_the_readers_time_zone(served_site: str, browser: object) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
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
    page.goto(served_site, wait_until="networkidle")

    first_time = page.locator(".sg-banner-time time")
    assert first_time.get_attribute("title") == "Nov 22, 2026, 12:00 UTC"
    shown = first_time.inner_text()
    assert "UTC" not in shown and "GMT+9" in shown and "9:00" in shown, shown
    assert (
        page.locator(".sg-banner-text").inner_text().strip().endswith("Partially Degraded Service")
    )

    foreign = [url for url in requests if not url.startswith(served_site)]
    assert requests and foreign == []
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert (ARTIFACTS / "home.png").stat().st_size > 10_000
    context.close()


def test_home_page_without_javascript(served_site: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False, timezone_id="Asia/Tokyo")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(served_site)
    banner = page.locator(".sg-banner-text")
    assert banner.is_visible()
    assert banner.inner_text().strip().endswith("Partially Degraded Service")
    assert page.locator(".sg-banner-time time").inner_text() == "Nov 22, 2026, 12:00 UTC"
    assert page.locator("li.sg-component").count() == 9
    page.screenshot(path=str(ARTIFACTS / "home-no-js.png"))
    context.close()


def test_phone_width_has_no_horizontal_scroll(served_site: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(served_site, wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / "home-phone.png"), full_page=True)
    context.close()


def test_dark_palette_follows_the_system(served_site: str, browser: object) -> None:
    context = browser.new_context(color_scheme="dark")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(served_site, wait_until="networkidle")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == "slate"
    context.close()
