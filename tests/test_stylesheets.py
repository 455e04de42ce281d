"""Every page links one stylesheet (Material's, statusgen's, the site's extra_css and the first
screen's rules, joined in that order); the home page alone also carries the first screen's
rules inline, allowed by its policy's hash."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import material
from bs4 import BeautifulSoup, Tag

from statusgen.adapters.mkdocs.stylesheets import critical_css
from statusgen.build.pipeline import build

from .conftest import NOW, SiteFactory

THEME = Path(__file__).parent.parent / "src/statusgen/adapters/mkdocs/theme/assets/statusgen"
INCIDENT = "incidents/2026-11-22-slow-cdn-asia-pacific/index.html"
# Material's own stylesheets, which reach the site joined only.
MATERIAL = Path(material.__file__).parent / "templates"


def head(site: Path, page: str) -> Tag:
    document = BeautifulSoup((site / page).read_text("utf-8"), "html.parser")
    found = document.find("head")
    assert isinstance(found, Tag)
    return found


def linked(site: Path, page: str) -> list[str]:
    return [str(link["href"]) for link in head(site, page).select("link[rel=stylesheet]")]


def style_src(site: Path, page: str) -> list[str]:
    meta = head(site, page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert isinstance(meta, Tag)
    [directive] = [d for d in str(meta["content"]).split(";") if d.split()[0] == "style-src"]
    return directive.split()[1:]


def without_source_map(text: str) -> str:
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text).strip()


def inline_hash(css: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(css.encode('utf-8')).digest()).decode()}'"


def blocking_stylesheets(document: Tag) -> list[Tag]:
    """The stylesheets a browser waits for before painting: linked, for every medium."""
    return [
        link
        for link in document.select("link[rel~=stylesheet]")
        if link.get("media") in (None, "", "all", "screen") and not link.has_attr("disabled")
    ]


def test_each_page_links_one_stylesheet_joining_the_others_in_cascade_order(
    example_site_dir: Path,
) -> None:
    for page in ("index.html", INCIDENT, "history/index.html", "404.html"):
        [joined] = linked(example_site_dir, page)
        assert re.fullmatch(r"(/|(\.\./)*)assets/statusgen/site\.[0-9a-f]{12}\.css", joined), page
    [joined] = linked(example_site_dir, "index.html")
    text = (example_site_dir / joined).read_text("utf-8")
    sources = [
        *sorted((MATERIAL / "assets/stylesheets").glob("main.*.min.css")),
        *sorted((MATERIAL / "assets/stylesheets").glob("palette.*.min.css")),
        example_site_dir / "assets/statusgen/statusgen.css",
        example_site_dir / "stylesheets/brand.css",
    ]
    at = [text.index(without_source_map(path.read_text("utf-8"))) for path in sources]
    # The first screen's rules come last, after the site's own: the cascade inline had.
    at.append(text.index(critical_css()))
    assert at == sorted(at) and at[0] == 0
    assert text.endswith(critical_css() + "\n")
    assert "sourceMappingURL" not in text  # the maps name the files, not the joined one


def test_an_incident_page_links_exactly_one_stylesheet_and_has_no_inline_style(
    example_site_dir: Path,
) -> None:
    for page in (INCIDENT, "history/index.html", "components/index.html", "404.html"):
        document = BeautifulSoup((example_site_dir / page).read_text("utf-8"), "html.parser")
        assert len(document.select("link[rel~=stylesheet]")) == 1, page
        assert document.find("style") is None, page
        assert document.select("[style]") == [], page
        assert style_src(example_site_dir, page) == ["'self'"], page  # no hash without a style


def test_the_home_page_has_the_first_screens_rules_inline_allowed_by_their_hash(
    example_site_dir: Path,
) -> None:
    document = head(example_site_dir, "index.html")
    [style] = BeautifulSoup(
        (example_site_dir / "index.html").read_text("utf-8"), "html.parser"
    ).find_all("style")
    assert style.parent is not None and style.parent.name == "head"
    assert len(blocking_stylesheets(document)) == 1
    elements = [e.name for e in document.find_all(["link", "style"]) if e.name == "style" or
                "stylesheet" in e.get("rel", [])]  # fmt: skip
    assert elements == ["link", "style"]  # right after the stylesheet: the same cascade
    css = style.get_text()
    assert style_src(example_site_dir, "index.html") == ["'self'", inline_hash(css)]
    assert ".md-typeset .sg-banner {" in css and ".md-typeset .sg-card {" in css
    assert "/*" not in css
    [joined] = linked(example_site_dir, "index.html")
    # The joined stylesheet holds the same rules, for the pages that do not inline them; the
    # site has no critical.css of its own to fetch.
    assert css in (example_site_dir / joined).read_text("utf-8")
    assert not (example_site_dir / "assets/statusgen/critical.css").exists()
    assert (THEME / "critical.css").is_file()


def test_a_stylesheet_with_relative_urls_and_those_after_it_stay_apart(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    root = example_site.root
    (root / "site_src/stylesheets/fonts.css").write_text(
        '@font-face { font-family: Brand; src: url("brand.woff2"); }\n', "utf-8"
    )
    (root / "site_src/stylesheets/late.css").write_text("body { margin: 0; }\n", "utf-8")
    config = (root / "mkdocs.yml").read_text("utf-8")
    config = config.replace(
        "  - stylesheets/brand.css\n",
        "  - stylesheets/brand.css\n  - stylesheets/fonts.css\n  - stylesheets/late.css\n",
    )
    (root / "mkdocs.yml").write_text(config, "utf-8")
    site = tmp_path / "built"
    assert build(root / "mkdocs.yml", NOW, site_dir=site).built
    joined, *apart = linked(site, "index.html")
    assert apart == ["stylesheets/fonts.css", "stylesheets/late.css"]
    text = (site / joined).read_text("utf-8")
    assert "--md-primary-fg-color: #3b3f9e" in text  # brand.css, before fonts.css, joined
    assert "brand.woff2" not in text
