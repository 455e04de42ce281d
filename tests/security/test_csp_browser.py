"""The Content-Security-Policy refuses inline script, and the page still works under it: the
colour-scheme button remembers its choice, navigation and content tabs work, times show in
the reader's zone, and `statusgen serve` keeps its live reload.

statusgen's page shell loads none of Material's JavaScript, so content tabs switch by
Material's CSS alone (a linked tab is not restored after a reload)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from statusgen.build.pipeline import build

from ..conftest import NOW, REPO
from .browser import RECORD_VIOLATIONS, chromium, require_chromium, serve

pytestmark = pytest.mark.browser

TABS = """

## Regions

=== "Europe"

    Frankfurt and Dublin.

=== "Asia"

    Tokyo and Singapore.
"""


def _example_with_tabs(root: Path) -> Path:
    """This repository's example site, with content tabs (linked) on its About page."""
    for name in ("incidents", "postmortems", "site_src"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = config.replace(
        "    - navigation.tabs\n", "    - navigation.tabs\n    - content.tabs.link\n"
    )
    config = config.replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - pymdownx.superfences\n"
        "  - pymdownx.tabbed:\n      alternate_style: true\n",
    )
    assert "content.tabs.link" in config and "pymdownx.tabbed" in config
    (root / "mkdocs.yml").write_text(config, "utf-8")
    with (root / "site_src" / "about.md").open("a", encoding="utf-8") as about:
        about.write(TABS)
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    root = tmp_path_factory.mktemp("csp")
    result = build(_example_with_tabs(root), NOW, site_dir=root / "site")
    assert result.built, result.report.format("text")
    with serve(root / "site") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-US")
    context.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    context.errors = errors
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()


def _quiet(page: Any) -> None:
    assert page.evaluate("window.__violations") == []
    assert page.context.errors == []


def test_inline_script_is_refused(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site, wait_until="networkidle")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }"
    )
    assert page.evaluate("window.__ran === undefined")
    violations = page.evaluate("window.__violations")
    assert len(violations) == 1 and violations[0].startswith("script-src")


def test_palette_toggle_switches_and_remembers(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site, wait_until="networkidle")
    scheme = "document.documentElement.dataset.mdColorScheme"
    assert page.evaluate(scheme) == "default"
    page.get_by_role("button", name="Switch to dark mode").click()
    assert page.evaluate(scheme) == "slate"
    page.goto(site + "history/", wait_until="networkidle")
    assert page.evaluate(scheme) == "slate"
    _quiet(page)


def test_navigation_tabs_lead_to_their_pages(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site, wait_until="networkidle")
    page.locator("header .sg-nav__link", has_text="Components").click()
    page.wait_for_load_state("networkidle")
    assert page.url == site + "components/"
    assert page.locator("article h1").inner_text() == "Components and availability"
    _quiet(page)


def test_content_tabs_switch(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site + "about/", wait_until="networkidle")
    radios = page.locator(".tabbed-set input[type=radio]")
    assert radios.count() == 2 and radios.nth(0).is_checked()
    assert page.locator(".tabbed-block", has_text="Tokyo").is_hidden()
    page.locator(".tabbed-labels label", has_text="Asia").click()
    assert radios.nth(1).is_checked()
    assert page.locator(".tabbed-block", has_text="Tokyo").is_visible()
    assert page.locator(".tabbed-block", has_text="Frankfurt").is_hidden()
    _quiet(page)


def test_times_show_in_the_readers_zone(site: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site + "incidents/2026-11-22-slow-cdn-asia-pacific/", wait_until="networkidle")
    times = page.locator("time.sg-local")
    assert times.count() > 0
    assert "GMT+9" in times.first.inner_text()
    _quiet(page)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def test_the_preview_keeps_live_reload(tmp_path: Path, browser: Any) -> None:
    config = _example_with_tabs(tmp_path)
    port = _free_port()
    statusgen = Path(sys.executable).parent / "statusgen"
    process = subprocess.Popen(
        [
            *(str(statusgen), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"),
            *("--now", "2026-11-22T12:00:00Z"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"PATH": str(statusgen.parent)},
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert "script-src 'self' 'unsafe-inline'" in _wait(url, 60).replace("&#x27;", "'")
        page = browser.new_page()
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(500)
        assert "Enabled live reload" in messages
        assert page.evaluate("window.__violations") == []
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
