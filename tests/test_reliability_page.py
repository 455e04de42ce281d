"""The /reliability/ page, reliability.json and the CSV tables of a built site.

The figures are those worked out by hand in `reliability_samples.py`; the page must show
them in tables, draw them as inline SVG the Content-Security-Policy accepts, and say what
each chart shows in words.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import pytest
from bs4 import BeautifulSoup, Tag

from statusgen.build.pipeline import build
from statusgen.content.validate import check_site
from statusgen.render.pages import site_pages

from .conftest import SiteFactory
from .reliability_samples import NOW, write
from .sitecheck import soup


def text(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reliability")
    site = write(SiteFactory(root / "repo"))
    result = build(site.config_file, NOW, site_dir=root / "site")
    assert result.built, result.report.format("text")
    return root / "site"


@pytest.fixture(scope="module")
def page(built: Path) -> BeautifulSoup:
    return soup(built, "reliability/")


def rows(table: Tag) -> list[list[str]]:
    return [[text(cell) for cell in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]


def section(page: BeautifulSoup, heading_id: str) -> Tag:
    found = page.select_one(f"section[aria-labelledby={heading_id}]")
    assert isinstance(found, Tag), heading_id
    return found


def test_the_page_is_in_the_navigation_and_links_to_its_data(page: BeautifulSoup) -> None:
    nav = [text(a) for a in page.select("header nav.sg-nav a")]
    assert "Reliability" in nav
    links = {a["href"] for a in page.select("article a")}
    tables = {f"../reliability/{name}.csv" for name in ("summary", "response-times", "slo")}
    assert {"../reliability.json", *tables} <= links


def test_incidents_and_downtime_by_quarter(page: BeautifulSoup) -> None:
    table = section(page, "incidents-by-quarter").select_one("table")
    assert isinstance(table, Tag)
    assert [text(th) for th in table.select("thead th")] == [
        "Quarter", "Incidents", "Critical", "Major", "Minor", "No impact", "Downtime",
        "Most downtime",
    ]  # fmt: skip
    assert rows(table) == [
        ["Q1 2026", "1", "0", "1", "0", "0", "1 h", "API down across the quarter's end (1 h)"],
        ["Q2 2026", "2", "1", "0", "1", "0", "2 h 55 min", "Database outage (2 h)"],
        ["Q3 2026", "0", "0", "0", "0", "0", "none", "–"],
        ["Q4 2026", "1", "0", "1", "0", "0", "36 min", "API errors now (36 min)"],
    ]
    worst = table.select_one("tbody tr:nth-of-type(2) a")
    assert isinstance(worst, Tag) and worst["href"] == "../incidents/2026-05-20-database-outage/"


def test_response_times_median_and_90th_percentile(page: BeautifulSoup) -> None:
    table = section(page, "response-times").select_one("table")
    assert isinstance(table, Tag)
    q2 = rows(table.select("tbody")[1])  # type: ignore[arg-type]
    assert q2 == [
        ["Q2 2026", "All incidents", "2", "30 min / 30 min (1 with a known start)",
         "1 h 25 min / 1 h 53 min", "1 h 45 min / 1 h 57 min"],
        ["Critical", "1", "30 min / 30 min", "2 h / 2 h", "2 h / 2 h"],
        ["Minor", "1", "–", "50 min / 50 min", "1 h 30 min / 1 h 30 min"],
    ]  # fmt: skip
    q4 = rows(table.select("tbody")[3])  # type: ignore[arg-type]
    assert q4[0][:3] == ["Q4 2026", "All incidents", "1 (1 ongoing)"]


def test_update_cadence_kept(page: BeautifulSoup) -> None:
    block = section(page, "update-cadence")
    assert "critical: every 30 min; major: every 30 min; minor: every 30 min" in text(block)
    table = block.select_one("table")
    assert isinstance(table, Tag)
    assert rows(table.select("tbody")[1])[0] == ["Q2 2026", "All incidents", "5", "3", "60.0 %"]  # type: ignore[arg-type]


def test_error_budgets_of_this_quarter_and_month(page: BeautifulSoup) -> None:
    block = section(page, "error-budgets")
    assert text(block.select_one("h2")) == "Objectives and error budgets, Q4 2026"
    table = block.select_one("table")
    assert isinstance(table, Tag)
    assert rows(table) == [
        ["API", "99.9 %", "99.952 %", "99.883 %", "132.5 min", "36.0 min", "96.5 min", "7.2 min"],
        ["Website", "99.5 %", "100.000 %", "100.000 %", "662.4 min", "0.0 min", "662.4 min",
         "216.0 min"],
        ["CDN", "99 %", "100.000 %", "100.000 %", "1,324.8 min", "0.0 min", "1,324.8 min",
         "432.0 min"],
    ]  # fmt: skip


def test_charts_are_inline_svg_with_words_and_a_table_beside_them(page: BeautifulSoup) -> None:
    charts = page.select("article svg")
    assert len(charts) == 5
    for chart in charts:
        assert chart["role"] == "img"
        label = chart["aria-label"]
        assert isinstance(label, str) and ":" in label
        assert chart.find(["script", "style", "foreignObject"]) is None
        figure = chart.find_parent("figure")
        assert isinstance(figure, Tag) and figure.find("figcaption") is not None
        assert figure.find_parent("section").find("table") is not None  # type: ignore[union-attr]
        for element in chart.find_all(True):
            assert not [a for a in element.attrs if a == "style" or a.startswith("on")]
    incidents = charts[1]["aria-label"]
    assert incidents == (
        "Incidents per quarter, by impact: Q1 2026: 1 incident; Q2 2026: 2 incidents; "
        "Q3 2026: 0 incidents; Q4 2026: 1 incident"
    )
    # Text is currentColor; colours come from classes the stylesheet maps to the palette.
    assert {t["fill"] for t in page.select("article svg text")} == {"currentColor"}
    fills = {c for rect in page.select("article svg rect") for c in rect.get("class", [])}
    assert {"sg-fill-critical", "sg-fill-major", "sg-fill-minor", "sg-chart-track"} <= fills


def test_no_element_of_the_page_has_a_style_attribute(built: Path) -> None:
    html = (built / "reliability" / "index.html").read_text("utf-8")
    document = BeautifulSoup(html, "lxml")
    assert document.select("[style]") == []
    assert document.select("article style, article script") == []


def test_by_component_including_one_without_incidents(page: BeautifulSoup) -> None:
    table = section(page, "by-component").select_one("table")
    assert isinstance(table, Tag)
    by_name = {row[0]: row[1:] for row in rows(table)}
    assert by_name["CDN"] == ["0", "none", "–", "–", "–"]
    assert by_name["Database"][:3] == ["1", "2 h", "Database outage (2 h)"]


def test_each_component_quarter_by_quarter(page: BeautifulSoup) -> None:
    tables = section(page, "by-component").select("table")
    by_name = {row[0]: row[1:] for row in rows(tables[1])}
    assert by_name["API"] == [
        "1 incident 1 h of downtime",
        "1 incident 40 min of downtime",
        "0 incidents no downtime",
        "1 incident 36 min of downtime",
    ]
    assert by_name["CDN"] == ["0 incidents no downtime"] * 4
    objectives = section(page, "error-budgets").select("table")[1]
    by_name = {row[0]: row[1:] for row in rows(objectives)}
    assert by_name["API"] == [
        "99.9 %",
        "99.953 % 69.6 min left",
        "99.969 % 91.0 min left",
        "100.000 % 132.5 min left",
        "99.952 % 96.5 min left",
    ]


# --- the data files ----------------------------------------------------------------------


def test_reliability_json_holds_the_same_figures(built: Path) -> None:
    data = json.loads((built / "reliability.json").read_text("utf-8"))
    assert (data["format"], data["version"]) == ("statusgen-reliability", 1)
    assert data["settings"] == {
        "cadence_minutes": {"critical": 30.0, "major": 30.0, "minor": 30.0, "none": 30.0},
        "maintenance_in_slo": False,
        "partial_outage_weight": 0.3,
    }
    periods = {p["key"]: p for p in data["periods"]}
    q2 = periods["2026-Q2"]["site"]
    assert q2["incidents"] == {"all": 2, "critical": 1, "major": 0, "minor": 1, "none": 0}
    assert q2["downtime_minutes"] == 175.0
    assert q2["worst"] == {
        "incident": "2026-05-20-database-outage",
        "title": "Database outage",
        "downtime_minutes": 120.0,
    }
    assert q2["by_impact"]["all"]["time_to_resolve"] == {
        "incidents": 2, "ongoing": 0, "median_minutes": 105.0, "p90_minutes": 117.0,
    }  # fmt: skip
    assert set(q2["by_impact"]) == {"all", "critical", "minor"}  # empty impacts left out
    assert periods["2026-Q3"]["components"]["cdn"]["worst"] is None
    slo = {(s["component"], s["period"]): s for s in data["slo"]}
    assert slo[("api", "2026-Q1")] == {
        "component": "api", "period_kind": "quarter", "period": "2026-Q1", "slo_percent": 99.9,
        "availability_percent": 99.953, "allowed_minutes": 129.6, "spent_minutes": 60.0,
        "left_minutes": 69.6, "within_budget": True,
    }  # fmt: skip


def read_csv(built: Path, name: str) -> list[dict[str, str]]:
    raw = (built / "reliability" / name).read_bytes()
    assert raw.endswith(b"\r\n")  # RFC 4180 line ends
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_csv_tables_for_dashboards(built: Path) -> None:
    summary = read_csv(built, "summary.csv")
    q2 = next(r for r in summary if r["period"] == "2026-Q2" and r["component"] == "")
    assert (q2["incidents"], q2["downtime_minutes"], q2["worst_incident"]) == (
        "2", "175.0", "2026-05-20-database-outage",
    )  # fmt: skip
    assert (q2["update_gaps"], q2["update_gaps_kept"], q2["cadence_kept_percent"]) == (
        "5", "3", "60.0",
    )  # fmt: skip
    responses = read_csv(built, "response-times.csv")
    mitigate = next(
        r for r in responses
        if (r["period"], r["component"], r["impact"], r["measure"])
        == ("2026-Q2", "", "all", "mitigate")
    )  # fmt: skip
    assert (mitigate["median_minutes"], mitigate["p90_minutes"]) == ("85.0", "113.0")
    slo = read_csv(built, "slo.csv")
    nov = next(r for r in slo if (r["component"], r["period"]) == ("api", "2026-11"))
    assert (nov["allowed_minutes"], nov["spent_minutes"], nov["left_minutes"]) == (
        "43.2", "36.0", "7.2",
    )  # fmt: skip


# --- settings ----------------------------------------------------------------------------


def test_the_report_can_be_off(site: SiteFactory, tmp_path: Path) -> None:
    write(site, "      reliability:\n        page: 'off'\n")
    result = build(site.config_file, NOW, site_dir=tmp_path / "out")
    assert result.built
    assert not (tmp_path / "out" / "reliability").exists()
    assert not (tmp_path / "out" / "reliability.json").exists()
    nav = [text(a) for a in soup(tmp_path / "out", "").select("header nav.sg-nav a")]
    assert "Reliability" not in nav


def test_a_private_report_stays_off_the_site_but_shows_in_the_preview(
    site: SiteFactory, tmp_path: Path
) -> None:
    write(site, "      reliability:\n        page: private\n")
    result = build(site.config_file, NOW, site_dir=tmp_path / "out")
    assert result.built
    published = [p for p in (tmp_path / "out").rglob("*") if "reliability" in p.as_posix()]
    assert published == []
    content = check_site(site.config_file, NOW).content
    assert content is not None
    preview = {p.url: p for p in site_pages(content, NOW, include_drafts=True)}
    private = BeautifulSoup(preview["reliability/"].html, "lxml")
    assert "Private: not published." in text(private.select_one(".sg-draft-banner"))
    assert private.select('a[href$=".json"], a[href$=".csv"]') == []
    assert "reliability/" not in {p.url for p in site_pages(content, NOW)}


def test_an_slo_needs_availability_tracking(site: SiteFactory) -> None:
    write(site)
    config = site.config_file.read_text("utf-8").replace(
        "          name: CDN\n", "          name: CDN\n          uptime: false\n"
    )
    site.config_file.write_text(config, "utf-8")
    report = check_site(site.config_file, NOW).report
    assert [p.as_text() for p in report.problems] == [
        "mkdocs.yml:21: error: components[3].slo: an SLO needs availability tracking: "
        "remove 'uptime: false' or the slo"
    ]


# --- markup ------------------------------------------------------------------------------

HOSTILE = '<img src=x onerror="alert(1)"> & "API" </text><script>alert(2)</script>'


def test_component_names_are_escaped_in_charts_tables_and_labels(
    site: SiteFactory, tmp_path: Path
) -> None:
    write(site)
    config = site.config_file.read_text("utf-8").replace(
        "          name: API\n", f"          name: {json.dumps(HOSTILE)}\n"
    )
    site.config_file.write_text(config, "utf-8")
    result = build(site.config_file, NOW, site_dir=tmp_path / "out")
    assert result.built, result.report.format("text")
    html = (tmp_path / "out" / "reliability" / "index.html").read_text("utf-8")
    document = BeautifulSoup(html, "lxml")
    assert document.select("article img, article script") == []
    budget_chart = document.select("article svg")[0]
    assert HOSTILE in budget_chart["aria-label"]  # type: ignore[operator]
    first_label = budget_chart.select_one("text")
    assert first_label is not None and first_label.get_text() == HOSTILE
    assert HOSTILE in [text_of(a) for a in document.select("article th a")]


def text_of(node: Tag) -> str:
    return node.get_text()


class _Balance(HTMLParser):
    VOID: ClassVar = {
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "rect",
        "line",
        "path",
        "wbr",
        "col",
    }

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_the_page_is_well_formed_with_unique_ids_and_headings_in_order(
    site: SiteFactory,
) -> None:
    write(site)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    fragment = next(p for p in site_pages(content, NOW) if p.url == "reliability/").html
    checker = _Balance()
    checker.feed(fragment)
    checker.close()
    assert (checker.problems, checker.stack) == ([], [])
    assert len(checker.ids) == len(set(checker.ids))
    document = BeautifulSoup(fragment, "lxml")
    levels = [int(h.name[1]) for h in document.find_all(re.compile("^h[1-6]$"))]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels))
    for table in document.select("table"):
        assert all(th.get("scope") for th in table.select("th")), table
