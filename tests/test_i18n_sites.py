"""The example site built in every shipped language: no English word of statusgen's left, valid
HTML, and an Arabic page that reads right to left in a real browser."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup
from scripts import catalogs

from statusgen.build.pipeline import build
from statusgen.i18n import SHIPPED, html_tag

from .browser_support import ARTIFACTS, vnu_messages
from .conftest import NOW, REPO
from .static_server import Served, serve

PAGES = (
    "index.html",
    "incidents/2026-11-22-slow-cdn-asia-pacific/index.html",
    "incidents/2026-12-05-database-storage-upgrade/index.html",
    "postmortems/2026-09-16-database-failover-outage/index.html",
    "postmortems/index.html",
    "history/index.html",
    "components/index.html",
    "components/db/index.html",
    "subscribe/index.html",
    "embed/index.html",
    "404.html",
)
# What the site's authors wrote (titles, update text, postmortem sections, component names):
# content, in whatever language they wrote it, not statusgen's words.
CONTENT = (
    ".sg-update-body, .sg-body, .sg-latest > div, .sg-card__latest > div, .sg-section-text, "
    ".sg-lead, .sg-entry-title, .sg-card__title, h1, .sg-component-name, .sg-group-name, "
    ".sg-component-description, .sg-affected a, .sg-during a, .sg-facts dd a, .sg-actions td, "
    ".sg-followups li, .sg-brand__name, .sg-footer__name, code, pre, title, .sg-address, "
    ".sg-update-components, .sg-affected, .sg-widget__list, .sg-nav, .sg-skip"
)
LANGUAGES = [code for code in SHIPPED if code != "en"]


def _fragments(catalog: Catalog) -> set[str]:
    """English pieces of every message this language translates differently: the text
    between placeholders and markup, long enough not to be a proper name or a code."""
    found: set[str] = set()
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        if message.string == message.id:
            continue
        for piece in re.split(r"%\([a-z_]+\)[sd]|\{[a-z]+\}|<[^>]+>", str(message.id)):
            piece = piece.strip(" .,:;()·–-")
            if len(piece) >= 12 and " " in piece:
                found.add(piece)
    return found


def _ui_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text("utf-8"), "lxml")
    for element in soup.select(f"script, style, svg, {CONTENT}"):
        element.decompose()
    # Nav section titles come from mkdocs.yml when the site sets them; the example does not.
    return re.sub(r"\s+", " ", soup.get_text(" "))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built: dict[str, Path] = {}
    for code in LANGUAGES:
        root = tmp_path_factory.mktemp(f"site-{code}")
        for name in ("incidents", "postmortems", "site_src"):
            shutil.copytree(REPO / name, root / name)
        config = (REPO / "mkdocs.yml").read_text("utf-8")
        tag = html_tag(code)
        (root / "mkdocs.yml").write_text(config.replace("  language: en\n", f"  language: {tag}\n"))
        assert build(root / "mkdocs.yml", NOW, site_dir=root / "site").built
        built[code] = root / "site"
    return built


@pytest.mark.slow
@pytest.mark.parametrize("code", LANGUAGES)
def test_no_english_word_of_statusgen_remains(sites: dict[str, Path], code: str) -> None:
    fragments = _fragments(catalogs.read(code))
    assert len(fragments) > 50  # the check has something to look for
    left = {
        page: sorted(f for f in fragments if f in _ui_text(sites[code] / page)) for page in PAGES
    }
    assert {page: found for page, found in left.items() if found} == {}


@pytest.mark.slow
def test_every_language_validates_as_html(sites: dict[str, Path]) -> None:
    files = [sites[code] / page for code in LANGUAGES for page in PAGES]
    assert vnu_messages(files) == []


@pytest.mark.slow
@pytest.mark.parametrize("code", LANGUAGES)
def test_the_page_says_its_language_and_direction(sites: dict[str, Path], code: str) -> None:
    html = BeautifulSoup((sites[code] / "index.html").read_text("utf-8"), "lxml").html
    assert html["lang"] == html_tag(code)
    assert html["dir"] == ("rtl" if code == "ar" else "ltr")


@pytest.fixture(scope="module")
def served_arabic(sites: dict[str, Path]) -> Iterator[Served]:
    with serve(sites["ar"]) as served:
        yield served


@pytest.mark.browser
def test_arabic_page_is_mirrored_in_a_browser(served_arabic: Served, chromium: Any) -> None:
    context = chromium.new_context(
        timezone_id="Asia/Riyadh", locale="ar", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(served_arabic.url + "components/db/", wait_until="networkidle")
    days = page.locator(".sg-bar .sg-day")
    first = days.first.bounding_box()
    last = days.last.bounding_box()
    assert first is not None and last is not None
    # The bar runs from the reading start: the oldest day on the right, today on the left.
    assert first["x"] > last["x"]
    legend = page.locator(".sg-bar-legend span")
    start, end = legend.first.bounding_box(), legend.last.bounding_box()
    assert start is not None and end is not None and start["x"] > end["x"]
    heading = page.locator("main h1").bounding_box()
    assert heading is not None and heading["x"] + heading["width"] > 1280 / 2
    # The browser writes relative times and dates in Arabic (Intl, from the page's lang).
    page.goto(served_arabic.url + "incidents/2026-11-22-slow-cdn-asia-pacific/")
    posted = page.locator(".sg-update-time").first.inner_text()
    assert "قبل" in posted or "منذ" in posted, posted
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(served_arabic.url, wait_until="networkidle")
    page.screenshot(path=str(ARTIFACTS / "home-ar-rtl.png"), full_page=True)
    assert (ARTIFACTS / "home-ar-rtl.png").stat().st_size > 10_000
    context.close()
