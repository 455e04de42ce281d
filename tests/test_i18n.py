"""Every reader in their own language: catalogs complete, the theme's language picks them,
dates and numbers follow it, content keeps its own language, `init --language` scaffolds one.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from scripts import catalogs

from statusgen.build.pipeline import build
from statusgen.cli import cli
from statusgen.i18n import SHIPPED, best_code, html_tag, language
from statusgen.render import format as present

from .conftest import NOW, REPO

TEMPLATES = [
    *sorted((REPO / "src/statusgen/render/templates").glob("*.html")),
    *sorted((REPO / "src/statusgen/adapters/mkdocs/theme").rglob("*.html")),
]


def test_every_catalog_has_every_string_translated_and_nothing_fuzzy_or_stale() -> None:
    # Extracts afresh from the code and templates and compiles each catalog again.
    assert catalogs.problems() == []


def test_a_catalog_missing_a_string_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, locale)
    po = locale / "de" / "LC_MESSAGES" / "statusgen.po"
    text = po.read_text("utf-8")
    removed = text.replace('msgid "Active incidents"\nmsgstr "Aktive Störungen"\n', "")
    assert removed != text
    po.write_text(removed, "utf-8")
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    found = catalogs.problems()
    assert "src/statusgen/i18n" not in " ".join(found)  # the copy, not the package, was read
    assert any("missing 'Active incidents'" in line for line in found), found
    assert any("statusgen.mo: out of date" in line and "/de/" in line for line in found)


def test_a_fuzzy_entry_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, locale)
    po = locale / "fr" / "LC_MESSAGES" / "statusgen.po"
    text = po.read_text("utf-8")
    marked = text.replace('msgid "Partial outage"', '#, fuzzy\nmsgid "Partial outage"', 1)
    assert marked != text
    po.write_text(marked, "utf-8")
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    assert any("fuzzy 'Partial outage'" in line for line in catalogs.problems())


def test_no_template_line_is_longer_than_160_characters() -> None:
    long = [
        f"{path.relative_to(REPO)}:{number}"
        for path in TEMPLATES
        if "partials/javascripts" not in path.as_posix()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if len(line) > 160
    ]
    assert long == []


def test_templates_choose_no_label_from_a_status_value() -> None:
    # Label choice lives in render: no `'Completed' if ... else 'Resolved'` in templates.
    pattern = re.compile(r"\.value\s*(==|!=)\s*['\"][a-z-]+['\"]\s*%\}\s*[A-Z]|\|capitalize")
    offending = [
        f"{path.name}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offending == []


@pytest.mark.parametrize(
    ("tag", "code"),
    [("de", "de"), ("de-AT", "de"), ("pt-BR", "pt_BR"), ("pt", "pt_BR"), ("ar-EG", "ar"),
     ("it", "en"), (None, "en")],
)  # fmt: skip
def test_a_language_tag_finds_the_closest_shipped_catalog(tag: str | None, code: str) -> None:
    assert best_code(tag) == code


def test_dates_durations_and_figures_follow_the_language() -> None:
    moment = datetime(2026, 11, 22, 4, 10, tzinfo=UTC)
    de, ja = language("de"), language("ja")
    assert present.time_text(moment) == "Nov 22, 2026, 04:10 UTC"
    assert present.time_text(moment, de) == "22.11.2026, 04:10 UTC"
    assert present.month_text(moment, de) == "November 2026"
    assert present.month_text(moment, ja) == "2026年11月"
    assert present.duration_text(timedelta(days=1, minutes=5), de) == "1 Tag 5 Min."
    assert present.duration_text(timedelta(days=2), de) == "2 Tage"
    assert present.percent_text(0.999999, de) == "99,99 %"
    assert present.percent_text(0.999999) == "99.99 %"


def _site(tmp_path: Path, language_tag: str) -> Path:
    root = tmp_path / f"site-{language_tag}"
    root.mkdir()
    for name in ("incidents", "postmortems", "site_src"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  language: en\n", f"  language: {language_tag}\n"), "utf-8"
    )
    return root


def _build(root: Path) -> Path:
    site_dir = root / "site"
    assert build(root / "mkdocs.yml", NOW, site_dir=site_dir).built
    return site_dir


def test_theme_language_translates_the_pages_feeds_and_badge(tmp_path: Path) -> None:
    site_dir = _build(_site(tmp_path, "de"))
    home = BeautifulSoup((site_dir / "index.html").read_text("utf-8"), "lxml")
    assert home.html["lang"] == "de"
    assert home.select_one("#sg-past").get_text() == "Vergangene Störungen"
    statuses = {s.get_text(" ", strip=True) for s in home.select(".sg-component .sg-status")}
    assert "✓ Betriebsbereit" in statuses
    # Dates in the HTML are Babel's German ones, still UTC, with the machine form beside.
    stamp = home.select_one("[data-sg-as-of] time")
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d UTC", stamp.get_text())
    assert stamp["datetime"].endswith("Z")
    feed = (site_dir / "history.atom").read_text("utf-8")
    assert "Störungsverlauf" in feed
    assert re.search(r"<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00</updated>", feed)
    assert "status" not in (site_dir / "badge.svg").read_text("utf-8").split("aria-label=")[1][:12]
    assert "Nimbus Cloud Status: geplante Wartungen" in (site_dir / "maintenance.ics").read_text(
        "utf-8"
    ).replace("\r\n ", "")
    summary = (site_dir / "api/v2/summary.json").read_text("utf-8")
    assert '"description": "' in summary and "Betriebsbereit" not in summary  # JSON stays API
    widget = (site_dir / "widget.js").read_text("utf-8")
    assert '"All Systems Operational": "Alle Systeme betriebsbereit"' in widget


def test_the_plugin_language_overrides_the_theme(tmp_path: Path) -> None:
    root = _site(tmp_path, "en")
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - statusgen:\n", "  - statusgen:\n      language: fr\n", 1), "utf-8"
    )
    home = BeautifulSoup((_build(root) / "index.html").read_text("utf-8"), "lxml")
    assert home.html["lang"] == "fr"
    assert home.select_one("#sg-past").get_text() == "Incidents passés"


def test_an_arabic_site_runs_right_to_left(tmp_path: Path) -> None:
    site_dir = _build(_site(tmp_path, "ar"))
    for page in ("index.html", "embed/index.html", "components/db/index.html"):
        html = BeautifulSoup((site_dir / page).read_text("utf-8"), "lxml").html
        assert (html["lang"], html["dir"]) == ("ar", "rtl"), page


def test_an_incident_in_another_language_is_marked_with_it(tmp_path: Path) -> None:
    root = _site(tmp_path, "en")
    incident = root / "incidents" / "2026-11-22-slow-cdn-asia-pacific.md"
    text = incident.read_text("utf-8")
    incident.write_text(text.replace("---\n", "---\nlang: ar\n", 1), "utf-8")
    page = BeautifulSoup(
        (_build(root) / "incidents/2026-11-22-slow-cdn-asia-pacific/index.html").read_text("utf-8"),
        "lxml",
    )
    assert page.html["lang"] == "en"
    assert page.h1["lang"] == "ar" and page.h1["dir"] == "rtl"
    bodies = page.select(".sg-update-body")
    assert bodies and all(b.get("lang") == "ar" for b in bodies)
    # statusgen's own words around the content stay unmarked: they are the site's language.
    assert page.select_one(".sg-facts").get("lang") is None


def test_a_malformed_lang_is_a_validation_error(tmp_path: Path, runner: CliRunner) -> None:
    root = _site(tmp_path, "en")
    incident = root / "incidents" / "2026-11-22-slow-cdn-asia-pacific.md"
    text = incident.read_text("utf-8")
    incident.write_text(text.replace("---\n", "---\nlang: not a language\n", 1), "utf-8")
    result = runner.invoke(cli, ["validate", "--config-file", str(root / "mkdocs.yml")])
    assert result.exit_code != 0
    assert "incidents/2026-11-22-slow-cdn-asia-pacific.md:2:" in result.output
    assert "lang" in result.output


def test_init_language_writes_a_site_in_that_language(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "status"
    result = runner.invoke(
        cli, ["init", str(target), "--language", "de", "--now", "2026-11-22T12:00:00Z"]
    )
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((target / "mkdocs.yml").read_text("utf-8"))
    assert config["theme"]["language"] == "de"
    assert config["theme"]["palette"][0]["toggle"]["name"] == "Zum dunklen Modus wechseln"
    about = (target / "site_src" / "about.md").read_text("utf-8")
    assert about.startswith("# Über diese Seite\n")
    assert "Zeiten werden in UTC angegeben." in about
    assert "services" not in about
    site_dir = _build(target)
    assert BeautifulSoup((site_dir / "index.html").read_text("utf-8"), "lxml").html["lang"] == "de"


def test_init_refuses_a_language_that_is_not_shipped(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", str(tmp_path / "s"), "--language", "xx"])
    assert result.exit_code == 2
    assert not (tmp_path / "s").exists()
    assert all(html_tag(code) in result.output for code in SHIPPED)
