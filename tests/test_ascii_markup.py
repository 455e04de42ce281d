"""statusgen's own markup is ASCII: icons and punctuation are character references.

Python keeps a string in one byte a character only while every character is below U+0100,
and in two once one is not: a single icon (U+2715) doubled the memory of every incident
page and list entry, and each also got a second, UTF-8 copy when it was encoded. Content
in any language is printed as written; only what the templates add must stay ASCII.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import html as lxml_html

from statusgen.build.pipeline import build
from statusgen.content.validate import check_site
from statusgen.render import format as present
from statusgen.render.page_cache import PageCache
from statusgen.render.pages import site_pages

from .conftest import NOW, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import write_site


def wide(text: str) -> list[str]:
    """The characters of `text` that are not ASCII, with what surrounds them."""
    return [text[max(0, n - 40) : n + 20] for n, ch in enumerate(text) if ord(ch) > 127]


def test_incident_pages_and_list_entries_of_ascii_content_are_ascii(tmp_path: Path) -> None:
    # Resolved and active incidents, every outage level, their components' pages and history.
    write_site(tmp_path, 30, active=3)
    content = check_site(tmp_path / "mkdocs.yml", NOW).content
    assert content is not None
    cache = PageCache()
    pages = site_pages(content, NOW, cache=cache)
    incident_pages = [page for page in pages if page.url.startswith("incidents/")]
    assert len(incident_pages) == 33
    assert {page.url: wide(page.html) for page in incident_pages if wide(page.html)} == {}
    entries = cache.entries.used
    assert len(entries) >= 33
    assert {key: wide(html) for key, html in entries.items() if wide(html)} == {}


def test_history_pages_of_ascii_content_are_ascii_and_their_arrows_read_as_arrows(
    tmp_path: Path,
) -> None:
    # A history page lists hundreds of entries: the arrows of its "Newer" and "Older" links,
    # from translations, would double the memory of the whole page.
    write_site(tmp_path, 30, active=3)
    site = tmp_path / "site"
    assert build(tmp_path / "mkdocs.yml", NOW, site_dir=site).built
    content = check_site(tmp_path / "mkdocs.yml", NOW).content
    assert content is not None
    history = [page for page in site_pages(content, NOW) if page.url.startswith("history/")]
    assert len(history) > 2
    assert {page.url: wide(page.html) for page in history if wide(page.html)} == {}
    tree = lxml_html.fromstring((site / "history" / "2" / "index.html").read_bytes())
    newer, older = (
        tree.xpath(f'//nav[@class="sg-pages"]/a[@rel="{rel}"]') for rel in ["prev", "next"]
    )
    assert [newer[0].text_content(), older[0].text_content()] == ["\u2190 Newer", "Older \u2192"]


def test_the_icons_read_as_the_icons(tmp_path: Path) -> None:
    write_site(tmp_path, 30, active=3)
    site = tmp_path / "site"
    assert build(tmp_path / "mkdocs.yml", NOW, site_dir=site).built
    icons = set()
    for page in [site / "index.html", *(site / "incidents").glob("*/index.html")]:
        tree = lxml_html.fromstring(page.read_bytes())
        icons |= {icon.text_content() for icon in tree.find_class("sg-icon")}
    # Every status the synthetic site shows, each as its own character.
    shown = [
        present.COMPONENT_ICONS[status]
        for status in present.COMPONENT_ICONS
        if status.value != "under_maintenance"
    ]
    assert set(shown) <= icons
    assert icons <= {*present.COMPONENT_ICONS.values(), *present.IMPACT_ICONS.values()}
