"""Feeds opened in a browser read as a page: every feed names an XSLT stylesheet the site
ships, and the stylesheet turns it into HTML with the feed's address and linked entries.

libxslt (through lxml) is the XSLT processor Chromium uses, so the transform checked here is
the one readers see; the browser test shows Chromium applying it to a feed served as XML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from statusgen.render.format import UPDATE_LABELS

from .static_server import Served

STATUS_LABELS = {label for label in UPDATE_LABELS.values()} | {"Postmortem"}
FEEDS = ("history.atom", "history.rss", "components/db/history.atom", "components/db/history.rss")


def _stylesheet_of(feed: Path) -> str:
    document = etree.parse(str(feed))
    instructions = [
        node
        for node in document.xpath("/processing-instruction('xml-stylesheet')")
        if node.get("type") == "text/xsl"
    ]
    assert len(instructions) == 1
    href = instructions[0].get("href")
    assert href is not None
    return str(href)


def _entries(feed: Path) -> list[tuple[str, str]]:
    document = etree.parse(str(feed))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    if feed.suffix == ".atom":
        return [
            (e.findtext("a:title", namespaces=atom), e.find("a:link", atom).get("href"))
            for e in document.getroot().findall("a:entry", atom)
        ]
    return [(i.findtext("title"), i.findtext("link")) for i in document.iter("item")]


@pytest.mark.parametrize("name", FEEDS)
def test_feed_names_a_stylesheet_that_renders_it_as_a_page(
    example_site_dir: Path, name: str
) -> None:
    feed = example_site_dir / name
    href = _stylesheet_of(feed)
    stylesheet = (feed.parent / href).resolve()
    assert stylesheet.is_file() and stylesheet.is_relative_to(example_site_dir.resolve())

    transform = etree.XSLT(etree.parse(str(stylesheet)))
    page = BeautifulSoup(str(transform(etree.parse(str(feed)))), "lxml")
    entries = _entries(feed)
    assert entries
    shown = [(a.get_text(), a["href"]) for a in page.select("main ol li h2 a")]
    assert shown == entries
    assert page.select_one("h1").get_text() == page.select_one("title").get_text()
    assert "This is a feed." in page.select_one(".note").get_text()
    assert f"https://status.nimbus.example/{name}" in page.select_one(".note code").get_text()
    # Each entry says its latest status (the first bold label of its text) and its date.
    for meta in page.select("li .meta"):
        status, _, day = meta.get_text(" ", strip=True).partition(" · ")
        assert status in STATUS_LABELS, meta
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 20\d\d", day), meta
    assert page.select("script") == []


@pytest.mark.browser
def test_chromium_shows_a_feed_served_as_xml_through_the_stylesheet(
    chromium: Any, served_example: Served, example_site_dir: Path
) -> None:
    url = urljoin(served_example.url, "components/db/history.atom")
    body = (example_site_dir / "components/db/history.atom").read_bytes()
    context = chromium.new_context()
    page = context.new_page()
    # Chromium shows feed media types as plain text whatever they say; Firefox and Safari
    # parse them as XML. Served as application/xml, Chromium applies the stylesheet too.
    page.route(
        url, lambda route: route.fulfill(status=200, body=body, content_type="application/xml")
    )
    page.goto(url)
    page.locator("main ol li h2 a").first.wait_for()
    titles = page.locator("main ol li h2 a").all_inner_texts()
    heading = page.locator("h1").inner_text()
    context.close()
    assert heading == "Nimbus Cloud Status - Databases - Incident History"
    expected = _entries(example_site_dir / "components/db/history.atom")
    assert titles == [title for title, _ in expected]
