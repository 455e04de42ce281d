"""The example site built in every shipped language: no English word of statusgen's left, valid
HTML, and an Arabic page that reads right to left in a real browser."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup
from click.testing import CliRunner
from scripts import catalogs

from statusgen.build.pipeline import build
from statusgen.cli import cli
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
    "reliability/index.html",
    "404.html",
)
# What the site's authors wrote (titles, update text, postmortem sections, component names):
# content, in whatever language they wrote it, not statusgen's words.
CONTENT = (
    ".sg-update-body, .sg-body, .sg-latest > div, .sg-card__latest > div, .sg-section-text, "
    ".sg-lead, .sg-entry-title, .sg-card__title, h1, .sg-component-name, .sg-group-name, "
    ".sg-component-description, .sg-affected a, .sg-during a, .sg-facts dd a, .sg-actions td, "
    ".sg-followups li, .sg-brand__name, .sg-footer__name, code, pre, title, .sg-address, "
    ".sg-update-components, .sg-affected, .sg-widget__list, .sg-nav, .sg-skip, .sg-worst a, "
    ".sg-figures tbody th"
)
LANGUAGES = [code for code in SHIPPED if code != "en"]
# The example at a moment its Asia-Pacific incident is overdue for an update, so `status`
# says so; and a horizon long enough for `notify` to word every kind of event it has.
OVERDUE_AT = "2026-11-22T16:00:00Z"
NOTIFY_TARGET = (
    "  - statusgen:\n      notify:\n        - name: chat\n          url_env: SG_TEST_CHAT\n"
)


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


def _ui_strings(path: Path) -> str:
    """The page's own words, one text node a line; a chart's words are in its aria-label."""
    soup = BeautifulSoup(path.read_text("utf-8"), "lxml")
    labels = [str(svg.get("aria-label", "")) for svg in soup.select("svg[role=img]")]
    for element in soup.select(f"script, style, svg, {CONTENT}"):
        element.decompose()
    # Nav section titles come from mkdocs.yml when the site sets them; the example does not.
    return "\n".join([soup.get_text("\n"), *labels])


def _ui_text(path: Path) -> str:
    return re.sub(r"\s+", " ", _ui_strings(path))


def _content_text() -> str:
    """Everything the example's authors wrote: what may stay as it is in every language."""
    files = [REPO / "mkdocs.yml", *sorted((REPO / "incidents").glob("*.md"))]
    files += sorted((REPO / "postmortems").glob("*.md"))
    text = " ".join(path.read_text("utf-8") for path in files)
    return re.sub(r"\s+", " ", re.sub(r"[`*]", "", text))  # Markdown's marks are not words


def _phrases(text: str) -> set[str]:
    """English phrases of an output: the runs of words between figures, times and marks."""
    found = set()
    for piece in re.split(r"[\d·;:()\[\]/|–—\"“”<>]+|\bUTC\b|\n|\s{2,}", text):
        piece = piece.strip(" .,'%…-")
        if len(piece) >= 12 and " " in piece and re.search("[A-Za-z]{4}", piece):
            found.add(piece)
    return found


def _english_left(english: str, translated: str, content: str) -> list[str]:
    """The English output's phrases the translation still has, except the authors' words."""
    flat = re.sub(r"\s+", " ", translated)
    return sorted(p for p in _phrases(english) if p in flat and p not in content)


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example in every shipped language, English too, with one notify target."""
    made: dict[str, Path] = {}
    for code in SHIPPED:
        root = tmp_path_factory.mktemp(f"site-{code}")
        for name in ("incidents", "postmortems", "site_src"):
            shutil.copytree(REPO / name, root / name)
        config = (REPO / "mkdocs.yml").read_text("utf-8")
        config = config.replace("  language: en\n", f"  language: {html_tag(code)}\n")
        (root / "mkdocs.yml").write_text(config.replace("  - statusgen:\n", NOTIFY_TARGET, 1))
        made[code] = root
    return made


@pytest.fixture(scope="module")
def sites(roots: dict[str, Path]) -> dict[str, Path]:
    for root in roots.values():
        assert build(root / "mkdocs.yml", NOW, site_dir=root / "site").built
    return {code: root / "site" for code, root in roots.items()}


def _terminal_texts(root: Path, tmp_path: Path) -> str:
    """What `status` prints while an update is overdue, and the messages `notify` would send."""
    runner = CliRunner()
    config = str(root / "mkdocs.yml")
    status = runner.invoke(
        cli, ["status", "-f", config, "--now", OVERDUE_AT], env={"COLUMNS": "1000"}
    )
    assert status.exit_code == 0, status.output
    plan_file = tmp_path / f"{root.name}-plan.json"
    notify = runner.invoke(
        cli,
        ["notify", "-f", config, "--now", OVERDUE_AT, "--horizon", "30d", "--write-plan",
         str(plan_file)],
    )  # fmt: skip
    assert notify.exit_code == 0, notify.output
    deliveries = json.loads(plan_file.read_text("utf-8"))["deliveries"]
    return "\n".join([status.output, *(f"{d['title']}\n{d['body']}" for d in deliveries)])


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
@pytest.mark.parametrize("code", LANGUAGES)
def test_no_english_phrase_of_the_english_site_remains(sites: dict[str, Path], code: str) -> None:
    # Catches words that never went through a catalog, which the test above cannot see.
    content = _content_text()
    left = {
        page: _english_left(_ui_strings(sites["en"] / page), _ui_strings(sites[code] / page),
                            content)
        for page in PAGES
    }  # fmt: skip
    assert {page: found for page, found in left.items() if found} == {}


@pytest.mark.parametrize("code", LANGUAGES)
def test_status_and_notify_speak_the_sites_language(
    roots: dict[str, Path], code: str, tmp_path: Path
) -> None:
    english = _terminal_texts(roots["en"], tmp_path)
    assert "overdue" in english and "Components:" in english  # the words worth checking
    translated = _terminal_texts(roots[code], tmp_path)
    assert _english_left(english, translated, _content_text()) == []


@pytest.mark.slow
def test_every_language_validates_as_html(sites: dict[str, Path]) -> None:
    files = [sites[code] / page for code in SHIPPED for page in PAGES]
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
