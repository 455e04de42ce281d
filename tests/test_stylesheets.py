"""Every page links one stylesheet (Material's, statusgen's and the site's extra_css, joined
in that order) and carries the first screen's rules inline, allowed by the policy's hash."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from statusgen.build.pipeline import build

from .conftest import NOW, SiteFactory

THEME = Path(__file__).parent.parent / "src/statusgen/adapters/mkdocs/theme/assets/statusgen"
INCIDENT = "incidents/2026-11-22-slow-cdn-asia-pacific/index.html"


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


def test_each_page_links_one_stylesheet_joining_the_others_in_cascade_order(
    example_site_dir: Path,
) -> None:
    for page in ("index.html", INCIDENT, "history/index.html", "404.html"):
        [joined] = linked(example_site_dir, page)
        assert re.fullmatch(r"(/|(\.\./)*)assets/statusgen/site\.[0-9a-f]{12}\.css", joined), page
    [joined] = linked(example_site_dir, "index.html")
    text = (example_site_dir / joined).read_text("utf-8")
    sources = [
        *sorted((example_site_dir / "assets/stylesheets").glob("main.*.min.css")),
        *sorted((example_site_dir / "assets/stylesheets").glob("palette.*.min.css")),
        example_site_dir / "assets/statusgen/statusgen.css",
        example_site_dir / "stylesheets/brand.css",
    ]
    at = [text.index(without_source_map(path.read_text("utf-8"))) for path in sources]
    assert at == sorted(at) and at[0] == 0
    assert "sourceMappingURL" not in text  # the maps name the files, not the joined one


def test_the_first_screens_rules_are_inline_after_it_and_allowed_by_their_hash(
    example_site_dir: Path,
) -> None:
    for page in ("index.html", INCIDENT):
        document = head(example_site_dir, page)
        [style] = document.find_all("style")
        elements = [e.name for e in document.find_all(["link", "style"]) if e.name == "style" or
                    "stylesheet" in e.get("rel", [])]  # fmt: skip
        assert elements == ["link", "style"]  # after the stylesheet: the same cascade as before
        css = style.get_text()
        digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
        assert style_src(example_site_dir, page) == ["'self'", f"'sha256-{digest}'"]
        assert ".md-typeset .sg-banner {" in css and ".md-typeset .sg-card {" in css
        assert "/*" not in css
    [joined] = linked(example_site_dir, "index.html")
    # Moved, not copied: the joined stylesheet has none of them, the site no critical.css.
    assert ".sg-banner {" not in (example_site_dir / joined).read_text("utf-8")
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
