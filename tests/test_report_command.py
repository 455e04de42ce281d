"""`statusgen report`: the page's figures in the terminal, as JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.cli import cli

from .conftest import SiteFactory
from .reliability_samples import NOW, write

AT = ["--now", "2026-11-22T12:00:00Z"]


def report(runner: CliRunner, site: SiteFactory, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["report", "-f", str(site.config_file), *AT, *args])
    return result.exit_code, result.output


def test_json_is_byte_for_byte_the_sites_reliability_json(
    runner: CliRunner, site: SiteFactory, tmp_path: Path
) -> None:
    write(site)
    assert build(site.config_file, NOW, site_dir=tmp_path / "out").built
    code, output = report(runner, site, "--format", "json")
    assert code == 0
    assert output.encode("utf-8") == (tmp_path / "out" / "reliability.json").read_bytes()


def test_text_report_of_one_range(runner: CliRunner, site: SiteFactory) -> None:
    write(site)
    code, output = report(runner, site, "--since", "2026-04-01", "--until", "2026-06-30")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "Reliability report: Apr 1, 2026 – Jun 30, 2026, all components"
    q2 = next(line for line in lines if line.startswith("2026 Q2 "))
    assert q2.split()[:7] == ["2026", "Q2", "2", "1", "0", "1", "0"]
    assert "2 h 55 min" in q2 and "Database outage (2 h)" in q2 and "60.0 % of 5" in q2
    budget = next(line for line in lines if line.startswith("API ") and "2026 Q2" in line)
    assert budget.split()[-6:] == ["131.0", "min", "40.0", "min", "91.0", "min"]


def test_markdown_by_month_for_a_review(runner: CliRunner, site: SiteFactory) -> None:
    write(site)
    config = site.config_file.read_text("utf-8").replace("name: Website", "name: 'Web | *portal*'")
    site.config_file.write_text(config, "utf-8")
    code, output = report(runner, site, "--by", "month", "--format", "markdown")
    assert code == 0, output
    assert output.startswith("# Reliability report: Jan 1, 2026 – Dec 31, 2026, all components\n")
    assert "\n## Incidents by month\n" in output
    assert "| May 2026 | 2 | 1 | 0 | 1 | 0 | 2 h 15 min | Database outage (2 h) |" in output
    assert "| Web \\| \\*portal\\* | 1 |" in output  # the name cannot break the table


def test_csv_of_each_table(runner: CliRunner, site: SiteFactory) -> None:
    write(site)
    code, output = report(runner, site, "--format", "csv", "--table", "slo", "--component", "api")
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert {r["component"] for r in rows} == {"api"}
    q1 = next(r for r in rows if r["period"] == "2026-Q1")
    assert (q1["allowed_minutes"], q1["spent_minutes"], q1["left_minutes"]) == (
        "129.6",
        "60.0",
        "69.6",
    )


def test_one_component_and_mistakes(runner: CliRunner, site: SiteFactory) -> None:
    write(site)
    code, output = report(runner, site, "--component", "web", "--format", "json")
    assert code == 0
    data = json.loads(output)
    assert [c["id"] for c in data["components"]] == ["web"]
    assert all(p["site"] is None for p in data["periods"])
    code, output = report(runner, site, "--component", "nope")
    assert code == 2
    assert "unknown component 'nope' (known: api, web, db, cdn)" in output
    code, output = report(runner, site, "--since", "2026-06-01", "--until", "2026-05-01")
    assert code == 2 and "before it starts" in output


def test_a_private_report_still_prints(runner: CliRunner, site: SiteFactory) -> None:
    write(site, "      reliability:\n        page: private\n")
    code, output = report(runner, site)
    assert code == 0 and "2026 Q2" in output


def test_invalid_content_is_reported_not_measured(runner: CliRunner, site: SiteFactory) -> None:
    write(site)
    site.incident("2026-06-01-broken.md", "---\ntitle: x\n---\n")
    result = runner.invoke(cli, ["report", "-f", str(site.config_file), *AT])
    assert result.exit_code == 1
    assert "incidents/2026-06-01-broken.md:" in result.output
