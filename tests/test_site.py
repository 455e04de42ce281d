"""The built example site, parsed: what a customer reads during an outage."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.cli import cli
from statusgen.errors import BuildFailed

from .conftest import NOW, REPO, SiteFactory
from .sitecheck import internal_links, soup, tree_digest


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("example") / "site"
    result = build(REPO / "mkdocs.yml", NOW, site_dir=site_dir)
    assert result.built, result.report.format("text")
    return site_dir


def text(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()  # type: ignore[attr-defined]


def test_banner_says_what_is_broken(example: Path) -> None:
    banner = soup(example, "").select_one(".sg-banner__text")
    assert banner is not None
    assert text(banner) == "Partially Degraded Service"
    assert banner.select_one("svg[aria-hidden=true]") is not None
    assert "sg-banner--minor" in banner.parent["class"]


def test_each_component_shows_its_status_in_words(example: Path) -> None:
    page = soup(example, "")
    statuses = {
        text(li.select_one(".sg-component-name")): text(
            li.select_one(".sg-component-head .sg-status")
        )
        for li in page.select("li.sg-component")
    }
    assert statuses["CDN"] == "▾ Degraded performance"
    assert {name for name, status in statuses.items() if status != "✓ Operational"} == {"CDN"}
    assert len(statuses) == 9
    groups = [text(h).split(" ✓")[0].split(" ▾")[0] for h in page.select(".sg-group-name")]
    assert groups == ["Core platform", "Data", "Delivery"]


def test_active_incident_shows_latest_update(example: Path) -> None:
    section = soup(example, "").select_one("section[aria-labelledby=sg-active]")
    assert section is not None
    entry = section.select_one("article")
    assert (
        text(entry.select_one(".sg-card__title"))
        == "Slow asset loading for visitors in Asia-Pacific"
    )
    posted = entry.select_one(".sg-card__posted")
    assert " ".join(posted.get_text().split()) == (
        "Latest update: Monitoring, posted Nov 22, 2026, 04:10 UTC"
    )
    assert posted.select_one("[data-sg-ago] time")["datetime"] == "2026-11-22T04:10:00Z"
    assert "moved traffic from our Singapore edge location" in text(
        entry.select_one(".sg-card__latest")
    )
    assert text(entry.select_one(".sg-affected")) == "Affected: CDN (degraded performance)"
    # The example's latest update promises the next one (next_update_at): the card says when.
    promise = entry.select_one(".sg-card__next")
    assert promise is not None
    assert text(promise) == "Next update by Nov 22, 2026, 14:00 UTC"
    assert promise.select_one("[data-sg-due] time")["datetime"] == "2026-11-22T14:00:00Z"


def test_upcoming_maintenance_shows_its_window(example: Path) -> None:
    section = soup(example, "").select_one("section[aria-labelledby=sg-maint-next]")
    assert section is not None
    times = [t["datetime"] for t in section.select(".sg-entry-meta time")]
    assert times == ["2026-12-05T02:00:00Z", "2026-12-05T04:00:00Z"]


def test_quiet_days_say_so(example: Path) -> None:
    days = soup(example, "").select(".sg-day-group")
    assert len(days) == 14
    assert text(days[0].select_one("h3")) == "Nov 22, 2026"
    assert text(days[1]) == "Nov 21, 2026 No incidents reported."


def test_availability_bar_cells_tell_date_downtime_and_incidents(example: Path) -> None:
    api = soup(example, "").select_one("#component-api")
    cells = api.select("ol.sg-bar > li")
    assert len(cells) == 90
    assert text(cells[-1]) == "Nov 22, 2026 no downtime"
    webhook_day = next(c for c in cells if "Nov 10, 2026" in text(c))
    assert webhook_day.get("tabindex") == "0"
    assert webhook_day.select_one("a")["href"] == "incidents/2026-11-10-webhook-delivery-delays/"
    # The API was in partial outage 15:20-17:28 (128 min), counted at 30 %: 38.4 min.
    assert text(webhook_day) == (
        "Nov 10, 2026 38 min of downtime, worst: partial outage "
        "Webhook delivery delays and API errors on event endpoints"
    )
    assert re.fullmatch(r"\d+\.\d\d % available", text(api.select_one(".sg-uptime-figure")))


def test_only_bar_days_with_incidents_reach_screen_readers(example: Path) -> None:
    """Ninety "no downtime" tooltips per component would drown the page for a screen reader."""
    cells = soup(example, "").select_one("#component-api").select("ol.sg-bar > li")
    announced = [text(c).split(" of downtime")[0] for c in cells if c.get("aria-hidden") != "true"]
    assert announced == ["Sep 16, 2026 20 min", "Nov 10, 2026 38 min"]
    assert all(c.get("tabindex") == "0" for c in cells if c.get("aria-hidden") != "true")


def test_incident_page_lists_updates_newest_first(example: Path) -> None:
    page = soup(example, "incidents/2026-09-16-database-failover-outage/")
    times = [t["datetime"] for t in page.select(".sg-update-head time")]
    assert len(times) >= 3
    assert times == sorted(times, reverse=True)
    labels = [text(s) for s in page.select(".sg-update-head .sg-update-status")]
    assert labels[0] == "Resolved" and labels[-1] == "Investigating"
    facts = {
        text(d.select_one("dt")): text(d.select_one("dd")) for d in page.select(".sg-facts > div")
    }
    assert facts["Impact"] == "✕ Critical impact"
    assert set(facts) >= {"Status", "Started", "Resolved", "Duration"}


def test_every_incident_is_reachable_from_history(example: Path) -> None:
    expected = {p.stem for p in (REPO / "incidents").glob("*.md")}
    seen: set[str] = set()
    url: str | None = "history/"
    pages = 0
    while url:
        page = soup(example, url)
        pages += 1
        for link in page.select(".sg-entry-title a"):
            seen.add(link["href"].rstrip("/").split("/")[-1])
        older = page.select_one("a[rel=next]")
        url = (
            (Path(url) / older["href"]).as_posix().replace("history/../", "") + "/"
            if older
            else None
        )
    assert seen == expected
    # Six months to a page: Dec 2026-Jul 2026, Jun 2026-Jan 2026, Dec 2025.
    assert pages == 3


def test_navigation_lists_sections_not_incidents(example: Path) -> None:
    page = soup(example, "incidents/2026-11-10-webhook-delivery-delays/")
    nav_links = [text(a) for a in page.select("header nav.sg-nav a")]
    assert {"Status", "History", "Components", "Postmortems", "Reliability", "About"} <= set(
        nav_links
    )
    assert not any("Webhook" in label for label in nav_links)


def test_no_request_to_any_other_host(example: Path) -> None:
    for page in example.rglob("*.html"):
        document = BeautifulSoup(page.read_text("utf-8"), "lxml")
        for tag in document.find_all(["script", "link", "img", "iframe", "source"]):
            ref = tag.get("src") or (
                tag.get("href")
                if tag.name == "link"
                and "alternate" not in (tag.get("rel") or [])
                and "canonical" not in (tag.get("rel") or [])
                else None
            )
            assert not ref or not re.match(r"^(https?:)?//", ref), f"{page}: {tag}"
    css = "\n".join(p.read_text("utf-8") for p in example.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_home_first_visit_is_small(example: Path) -> None:
    page = example / "index.html"
    document = BeautifulSoup(page.read_text("utf-8"), "lxml")
    loaded = [page]
    for tag in document.select("link[rel=stylesheet], script[src]"):
        ref = tag.get("href") or tag.get("src")
        loaded.append(example / ref.split("?")[0])
    total = sum(len(gzip.compress(p.read_bytes(), 9)) for p in loaded)
    assert total <= 100_000, total


def test_raw_html_in_incident_text_is_escaped(site: SiteFactory, tmp_path: Path) -> None:
    site.incident(
        "2026-11-20-xss.md",
        """\
        ---
        title: Script <b>test</b>
        impact: minor
        updates:
          - at: 2026-11-20T10:00:00Z
            status: investigating
            body: Hello <script>alert(1)</script> [x](javascript:alert(2))
        ---
        <img src=x onerror=alert(3)>
        """,
    )
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    html = (out / "incidents" / "2026-11-20-xss" / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "javascript:alert" not in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(3)&gt;" in html
    assert "Script &lt;b&gt;test&lt;/b&gt;" in html


def test_builds_are_byte_identical(example: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build(REPO / "mkdocs.yml", NOW, site_dir=again).built
    assert tree_digest(again) == tree_digest(example)
    assert (again / "sitemap.xml.gz").exists()


def test_failed_validation_writes_nothing(site: SiteFactory, tmp_path: Path) -> None:
    from .conftest import GOOD_INCIDENT

    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    before = tree_digest(out)
    site.incident("2026-03-02-bad.md", GOOD_INCIDENT.replace("impact: major", "impact: severe"))
    result = build(site.config_file, NOW, site_dir=out)
    assert not result.built and result.report.errors == 1
    assert tree_digest(out) == before


def test_failed_render_leaves_previous_site(site: SiteFactory, tmp_path: Path) -> None:
    from .conftest import GOOD_INCIDENT

    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    before = tree_digest(out)
    (site.root / "site_src" / "index.md").write_text("# A hand-written home page\n")
    with pytest.raises(BuildFailed, match=r"index\.md and the generated page '/' would both"):
        build(site.config_file, NOW, site_dir=out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site-repo"]


def test_every_internal_link_resolves_under_a_sub_path(tmp_path: Path) -> None:
    site_url = "https://org.github.io/status-repo/"
    out = tmp_path / "site"
    assert build(REPO / "mkdocs.yml", NOW, site_dir=out, site_url=site_url).built
    links = internal_links(out, site_url)
    assert len(links) > 500
    broken = sorted(
        {(p.relative_to(out).as_posix(), h) for p, h, target in links if not target.is_file()}
    )
    assert broken == []


def test_cli_build_reports_and_refuses(
    runner: CliRunner, site: SiteFactory, tmp_path: Path
) -> None:
    site.incident("2026-03-02-bad.md", "---\ntitle: x\nimpact: severe\n---\n")
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["build", "-f", str(site.config_file), "-d", str(out), "--now", "2026-11-22T12:00:00Z"]
    )
    assert result.exit_code == 1
    assert "incidents/2026-03-02-bad.md:3: error: impact: must be one of" in result.output
    assert not out.exists()
