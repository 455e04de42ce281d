"""The page around the content: a status page's header and footer, not a documentation site's.

Tab titles, the Subscribe link on every page, the owner's branding, no theme credit unless
asked for, hand-written pages without sidebars, and nothing a Content-Security-Policy that
forbids inline script would block.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from statusgen.build.pipeline import build

from .conftest import NOW, SiteFactory
from .sitecheck import resolve_link, soup

SITE_URL = "https://status.nimbus.example/"


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def test_tab_titles_name_the_page_then_the_site(example_site_dir: Path) -> None:
    def title(url: str) -> str:
        return soup(example_site_dir, url).title.get_text()

    assert title("") == "Nimbus Cloud Status"
    assert title("incidents/2026-11-22-slow-cdn-asia-pacific/") == (
        "Slow asset loading for visitors in Asia-Pacific · Nimbus Cloud Status"
    )
    assert title("history/") == "History · Nimbus Cloud Status"
    assert title("about/") == "About · Nimbus Cloud Status"


def test_every_page_has_subscribe_in_its_header(example_site_dir: Path) -> None:
    pages = [p for p in _pages(example_site_dir) if p.parent.name != "embed"]
    assert len(pages) > 30
    for page in pages:
        document = BeautifulSoup(page.read_text("utf-8"), "lxml")
        link = document.select_one("header a.sg-subscribe-button")
        assert link is not None and link.get_text(strip=True) == "Subscribe", page
        target = resolve_link(example_site_dir, page, str(link["href"]), SITE_URL)
        assert target == example_site_dir / "subscribe" / "index.html", page


def test_subscribe_page_lists_every_way_to_follow(example_site_dir: Path) -> None:
    page = soup(example_site_dir, "subscribe/")
    hrefs = {a["href"] for a in page.select("main a[href]")}
    assert {"../history.atom", "../history.rss", "../maintenance.ics"} <= hrefs
    assert "../api/v2/summary.json" in hrefs
    assert {f"../components/{c}/history.atom" for c in ("api", "db", "cdn")} <= hrefs
    addresses = [c.get_text() for c in page.select("code.sg-address")]
    assert "https://status.nimbus.example/history.atom" in addresses
    snippets = " ".join(pre.get_text() for pre in page.select("pre.sg-snippet"))
    assert 'src="https://status.nimbus.example/widget.js"' in snippets
    assert "https://status.nimbus.example/badge.svg" in snippets
    assert "https://status.nimbus.example/embed/" in snippets
    assert "A feed is" in page.select_one("#feeds").find_next("p").get_text()


def test_no_theme_credit_and_a_neutral_icon_by_default(example_site_dir: Path) -> None:
    for url in ("", "about/", "components/db/"):
        page = soup(example_site_dir, url)
        assert "Material" not in page.select_one("footer").get_text()
        assert page.select_one("footer .sg-footer__name").get_text() == "Nimbus Cloud Status"
        icon = page.select_one('link[rel="icon"]')
        assert icon is not None and icon["href"].endswith("assets/statusgen/favicon.svg")
        assert page.select_one("header svg.sg-logo") is not None
    assert (example_site_dir / "assets/statusgen/favicon.svg").is_file()


def test_owner_branding_logo_favicon_links_and_credit(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    (example_site.root / "site_src" / "brand").mkdir()
    (example_site.root / "site_src" / "brand" / "logo.svg").write_text("<svg/>", "utf-8")
    config = example_site.config_file
    text = config.read_text("utf-8")
    text = text.replace("  language: en\n", "  language: en\n  logo: brand/logo.svg\n")
    text = text.replace("  language: en\n", "  language: en\n  favicon: brand/logo.svg\n")
    text = text.replace(
        "  - statusgen:\n",
        "  - statusgen:\n      footer_links:\n        - name: Nimbus home\n"
        "          url: https://nimbus.example/\n        - name: Privacy\n"
        "          url: about/\n",
    )
    text += "extra:\n  generator: true\ncopyright: © Nimbus Cloud Inc.\n"
    config.write_text(text, "utf-8")
    site = tmp_path / "site"
    assert build(config, NOW, site_dir=site).built
    page = soup(site, "components/db/")
    assert page.select_one("header img.sg-logo")["src"] == "../../brand/logo.svg"
    assert page.select_one('link[rel="icon"]')["href"] == "../../brand/logo.svg"
    footer = page.select_one("footer")
    links = [(a.get_text(), a["href"]) for a in footer.select(".sg-footer__links a")]
    assert links[:2] == [("Nimbus home", "https://nimbus.example/"), ("Privacy", "../../about/")]
    assert footer.select_one(".sg-footer__name").get_text() == "© Nimbus Cloud Inc."
    assert "Material for MkDocs" in footer.select_one(".sg-footer__credit").get_text()


def test_a_footer_link_must_be_a_web_address_or_a_path(site: SiteFactory) -> None:
    from statusgen.content.validate import check_site

    text = site.config_file.read_text("utf-8").replace(
        "  - statusgen:\n",
        "  - statusgen:\n      footer_links:\n        - name: Bad\n"
        "          url: javascript:alert(1)\n",
    )
    site.config_file.write_text(text, "utf-8")
    report = check_site(site.config_file, NOW).report.format("text")
    assert "footer_links[0].url" in report


def test_hand_written_pages_have_no_sidebars_unless_asked(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    (example_site.root / "site_src" / "guide.md").write_text(
        "---\ntoc: true\n---\n# Guide\n\n## First part\n\nText.\n\n## Second part\n\nText.\n",
        "utf-8",
    )
    site = tmp_path / "site"
    assert build(example_site.config_file, NOW, site_dir=site).built
    about = soup(site, "about/")
    assert about.select(".md-sidebar, nav.sg-toc") == []
    guide = soup(site, "guide/")
    assert [a.get_text() for a in guide.select("nav.sg-toc a")] == ["First part", "Second part"]


@pytest.mark.parametrize("attribute", ["onclick", "onload", "onerror", "onchange", "style"])
def test_no_inline_script_or_style_attribute_on_any_page(
    example_site_dir: Path, attribute: str
) -> None:
    for page in _pages(example_site_dir):
        document = BeautifulSoup(page.read_text("utf-8"), "lxml")
        assert document.select(f"[{attribute}]") == [], page
        for script in document.find_all("script"):
            assert script.get("src") or script.get("type") == "application/json", page


ATOM, RSS = "application/atom+xml", "application/rss+xml"
SITE_FEEDS = [
    (ATOM, "Nimbus Cloud Status: Atom feed", "history.atom"),
    (RSS, "Nimbus Cloud Status: RSS feed", "history.rss"),
]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", SITE_FEEDS),
        ("incidents/2026-11-22-slow-cdn-asia-pacific/", SITE_FEEDS),
        (
            "components/api/",
            [
                *SITE_FEEDS,
                (
                    ATOM,
                    "Nimbus Cloud Status: Atom feed for Public API",
                    "components/api/history.atom",
                ),
                (RSS, "Nimbus Cloud Status: RSS feed for Public API", "components/api/history.rss"),
            ],
        ),
    ],
)
def test_each_page_links_its_feeds(
    example_site_dir: Path, url: str, expected: list[tuple[str, str, str]]
) -> None:
    # Pages with the same feeds share one tuple of links: each still prints its own, right.
    page = example_site_dir / url / "index.html"
    found = [
        (
            link["type"],
            link["title"],
            resolve_link(example_site_dir, page, link["href"], "https://status.nimbus.example/"),
        )
        for link in soup(example_site_dir, url).select('head link[rel="alternate"]')
    ]
    assert found == [(kind, title, example_site_dir / href) for kind, title, href in expected]
