"""A lean site: incident pages under 8 kB, statusgen's templates printed without their source
indentation (and rendering the same), and none of Material's files that no page loads."""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from statusgen.adapters.mkdocs.compact_templates import CompactTemplates, compact
from statusgen.build.pipeline import build

from .conftest import NOW, REPO, SiteFactory

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import write_site

PAGE_LIMIT = 8_000
INCIDENT = "incidents/2026-11-22-slow-cdn-asia-pacific/index.html"


def test_an_incident_page_stays_under_8_kb(tmp_path: Path) -> None:
    # The benchmark's incidents (three updates, two components, a body with a link).
    write_site(tmp_path, 40, active=2)
    site = tmp_path / "site"
    assert build(tmp_path / "mkdocs.yml", NOW, site_dir=site).built
    sizes = [page.stat().st_size for page in (site / "incidents").glob("*/index.html")]
    assert len(sizes) == 42
    assert statistics.median(sizes) <= PAGE_LIMIT and max(sizes) <= PAGE_LIMIT, sorted(sizes)


def test_the_page_shell_is_printed_without_its_source_indentation(
    example_site_dir: Path,
) -> None:
    text = (example_site_dir / INCIDENT).read_text("utf-8")
    shell = text[: text.index("<article")] + text[text.index("</article>") :]
    assert re.findall(r"^[ \t]+\S.*$", shell, re.MULTILINE) == []


def _normalised(page: Path) -> str:
    """The page's tree as a browser lays it out: runs of white space as one space (in text and
    in attribute values, such as an SVG path's), and the head's white space-only text (never
    shown) left out."""
    root = lxml_html.document_fromstring(page.read_bytes())
    for element in root.iter():
        for name, value in element.attrib.items():
            element.set(name, re.sub(r"\s+", " ", value))
        for attribute in ("text", "tail"):
            value = getattr(element, attribute)
            if value is None:
                continue
            value = re.sub(r"\s+", " ", value)
            in_head = any(a.tag == "head" for a in element.iterancestors()) or element.tag == "head"
            setattr(element, attribute, None if in_head and not value.strip() else value)
    return lxml_html.tostring(root, encoding="unicode")


def test_compact_templates_render_pages_the_browser_lays_out_the_same(
    example_site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CompactTemplates, "preprocess", lambda self, source, *names: source)
    as_written = tmp_path / "as-written"
    assert build(REPO / "mkdocs.yml", NOW, site_dir=as_written).built
    pages = sorted(p.relative_to(as_written) for p in as_written.rglob("*.html"))
    assert INCIDENT in map(str, pages) and len(pages) > 30
    smaller = 0
    for page in pages:
        compacted, written = example_site_dir / page, as_written / page
        assert _normalised(compacted) == _normalised(written), page
        smaller += compacted.stat().st_size < written.stat().st_size
    assert smaller == len(pages)


def test_compact_keeps_a_line_break_wherever_the_source_had_white_space() -> None:
    source = (
        "<p>\n  <a>one</a>\n  {% if x %}\n  <b>two</b>\n  {% endif %}\n  <i>three</i>\n</p>\n"
        "{#- stripped before -#}\n{% block b %}\n<s>four</s>{% endblock %}\n"
        '  {% include "x.html" %}\n<u>five</u>\n'
    )
    assert compact(source) == (
        "<p>\n<a>one</a>\n{% if x %}<b>two</b>\n{% endif %}<i>three</i>\n</p>\n"
        "{#- stripped before -#}\n{% block b %}\n<s>four</s>{% endblock %}\n"
        '{% include "x.html" %}\n<u>five</u>\n'
    )


def _local_references(site: Path) -> set[Path]:
    found: set[Path] = set()
    for page in site.rglob("*.html"):
        root = lxml_html.document_fromstring(page.read_bytes())
        for value in root.xpath("//script/@src | //link/@href"):
            if "//" not in value and not value.startswith(("mailto:", "#")):
                path = value.split("#")[0].split("?")[0]
                # 404.html links from the site's root: a host shows it at any address.
                base = site if path.startswith("/") else page.parent
                target = (base / path.lstrip("/")).resolve()
                found.add(target / "index.html" if target.is_dir() else target)
    return found


def test_materials_files_that_no_page_loads_are_left_out(example_site_dir: Path) -> None:
    assert not (example_site_dir / "assets/javascripts").exists()
    assert not (example_site_dir / "assets/stylesheets").exists()
    assert list(example_site_dir.rglob("*.map")) == []
    missing = [p for p in _local_references(example_site_dir) if not p.is_file()]
    assert missing == []


def _materials_bundle(site: Path) -> list[Path]:
    return sorted((site / "assets/javascripts").glob("bundle.*.min.js"))


def test_a_site_with_search_keeps_materials_files(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    config = example_site.config_file.read_text("utf-8")
    assert "plugins:\n" in config
    example_site.config_file.write_text(config.replace("plugins:\n", "plugins:\n  - search\n"))
    site = tmp_path / "built"
    assert build(example_site.config_file, NOW, site_dir=site).built
    assert _materials_bundle(site) and (site / "assets/javascripts/workers").is_dir()
    assert (site / "search/search_index.json").is_file()


def test_a_site_with_its_own_templates_keeps_materials_files(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    # The example's custom_dir holds no template until a site adds one.
    overrides = example_site.root / "site_src/overrides/partials"
    overrides.mkdir(parents=True)
    (overrides / "footer.html").write_text("<footer>Own footer</footer>\n", "utf-8")
    site = tmp_path / "built"
    assert build(example_site.config_file, NOW, site_dir=site).built
    assert "Own footer" in (site / INCIDENT).read_text("utf-8")
    assert _materials_bundle(site)
