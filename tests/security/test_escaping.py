"""Every page of a site built from XSS payloads: nothing that can run, and every text exactly once
escaped (a reader sees the payload as it was typed, in titles, descriptions and headers)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from statusgen.render.format import UPDATE_LABELS

from .dom_checks import parse_page, unsafe_markup
from .payload_site import TICKET, payloads


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text("utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def _config(site: Path) -> dict[str, object]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load((site.parent / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    assert isinstance(data, dict)
    return data


def test_the_catalogue_is_large_enough() -> None:
    assert len(payloads()) >= 50


def test_no_page_carries_handlers_scripts_or_dangerous_urls(payload_site: Path) -> None:
    pages = _pages(payload_site)
    assert len(pages) > 40
    found = {
        str(page.relative_to(payload_site)): problems
        for page in pages
        if (problems := unsafe_markup(parse_page(page.read_text("utf-8"))))
    }
    assert found == {}


def test_every_page_carries_the_policy_first_in_its_head(payload_site: Path) -> None:
    for page in _pages(payload_site):
        head = parse_page(page.read_text("utf-8")).find("head")
        first = [e for e in head if isinstance(e.tag, str)][:2]
        assert [e.tag for e in first] == ["meta", "meta"], page
        assert first[0].get("charset") == "utf-8"
        assert first[1].get("http-equiv") == "Content-Security-Policy", page
        assert "script-src 'self';" in first[1].get("content"), page


def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text("utf-8"), "lxml")


def _text(document: BeautifulSoup, selector: str) -> list[str]:
    return [e.get_text().strip() for e in document.select(selector)]


def _attribute(document: BeautifulSoup, selector: str, name: str) -> list[str]:
    return [str(e.get(name)) for e in document.select(selector)]


def test_titles_descriptions_and_headers_show_the_text_as_typed(payload_site: Path) -> None:
    config = _config(payload_site)
    site_name = str(config["site_name"])
    incidents = sorted((payload_site.parent / "incidents").glob("*.md"))
    assert len(incidents) > 40
    for source in incidents:
        title = str(_front_matter(source)["title"])
        page = payload_site / "incidents" / source.stem / "index.html"
        document = _soup(page)
        assert _text(document, "title") == [f"{title} · {site_name}"]
        assert _text(document, "article h1")[0] == title
        assert _text(document, "header .sg-brand__name") == [site_name]
        (description,) = _attribute(document, "meta[name=description]", "content")
        status = description.split(": ", 1)
        assert status[1] == title and status[0] in UPDATE_LABELS.values()


def test_site_and_component_texts_show_as_typed(payload_site: Path) -> None:
    config = _config(payload_site)
    site_name, description = str(config["site_name"]), str(config["site_description"])
    missing = _soup(payload_site / "404.html")
    assert _text(missing, "title") == [f"Page not found · {site_name}"]
    assert _attribute(missing, "meta[name=description]", "content") == [description]
    assert _text(missing, "header .sg-brand__name") == [site_name]
    assert _text(missing, "footer .sg-footer__name") != []
    plugin = config["plugins"][0]["statusgen"]  # type: ignore[index]
    components = plugin["components"]
    for component in components:
        page = payload_site / "components" / component["id"] / "index.html"
        document = _soup(page)
        assert _text(document, "article h1") == [component["name"]]
        assert _text(document, "article .sg-lead") == [component["description"]]
        feeds = _attribute(document, "link[rel=alternate]", "title")
        assert f"{site_name}: Atom feed for {component['name']}" in feeds
    index = _soup(payload_site / "index.html")
    names = _text(index, ".sg-component-name")
    assert names == [c["name"] for c in components]
    groups = _text(index, ".sg-group-name")
    expected = list(dict.fromkeys(c["group"] for c in components))
    assert len(groups) == len(expected)
    assert [g for g, name in zip(groups, expected, strict=True) if not g.startswith(name)] == []


def test_hand_written_page_and_nav_titles_show_as_typed(payload_site: Path) -> None:
    config = _config(payload_site)
    nav_title = next(iter(config["nav"][-1]))  # type: ignore[index]
    about = payload_site.parent / "site_src" / "about.md"
    meta = _front_matter(about)
    document = _soup(payload_site / "about" / "index.html")
    assert _text(document, "title") == [f"{meta['title']} · {config['site_name']}"]
    assert _attribute(document, "meta[name=description]", "content") == [meta["description"]]
    assert nav_title in _text(document, "header .sg-nav__link")
    # A payload in a heading is text in the table of contents: one entry per heading, no
    # element inside. (Payloads that leave raw HTML open swallow the headings after them.)
    headings = document.select("article h2")
    assert len(headings) > 20
    (toc,) = document.select("nav.sg-toc")  # the page asks for one: `toc: true`
    entries = toc.select("li a")
    assert len(entries) == len(headings)
    assert [e for e in entries if e.find(True) is not None] == []


@pytest.mark.parametrize("pre_escaped", ["&lt;script&gt;alert(1)&lt;/script&gt;"])
def test_text_that_looks_escaped_is_not_unescaped(payload_site: Path, pre_escaped: str) -> None:
    """Material's own title block runs `striptags`, which would turn this into a script."""
    for page in _pages(payload_site):
        assert "<script>alert(1)</script>" not in page.read_text("utf-8"), page
    sources = [
        p
        for p in (payload_site.parent / "incidents").glob("*.md")
        if pre_escaped in str(_front_matter(p)["title"])
    ]
    assert sources
    page = payload_site / "incidents" / sources[0].stem / "index.html"
    assert pre_escaped in _text(_soup(page), "title")[0]


def test_a_ticket_address_stays_inside_its_link(payload_site: Path) -> None:
    postmortem = sorted((payload_site / "postmortems").glob("*/index.html"))[0]
    links = _attribute(_soup(postmortem), ".sg-actions a", "href")
    assert links == [TICKET]
