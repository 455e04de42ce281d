"""`statusgen validate` through click: exit codes and the three report formats."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from statusgen.cli import cli

from .conftest import GOOD_INCIDENT, SiteFactory

BAD = """\
---
title: Bad
impact: severe
updates:
  - at: 2026-03-01T10:00:00Z
    status: resolved
    body: Done.
---
"""
FUTURE = GOOD_INCIDENT.replace("2026-03-01T11:00:00Z", "2036-03-01T11:00:00Z")


def run(runner: CliRunner, site: SiteFactory, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        cli,
        ["validate", "-f", str(site.config_file), "--now", "2026-11-22T12:00:00Z", *args],
        env={"GITHUB_ACTIONS": "false"},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_clean_site_exits_zero(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    code, output = run(runner, site)
    assert (code, output) == (0, "0 errors, 0 warnings in 2 files\n")


def test_errors_exit_one_with_text_report(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-03-01-bad.md", BAD)
    code, output = run(runner, site)
    assert code == 1
    assert output.splitlines() == [
        "incidents/2026-03-01-bad.md:3: error: impact: must be one of none, minor, major, "
        "critical (got 'severe')",
        "1 error, 0 warnings in 2 files",
    ]


@pytest.mark.parametrize(("strict", "expected"), [(False, 0), (True, 1)])
def test_warnings_fail_only_when_strict(
    runner: CliRunner, site: SiteFactory, strict: bool, expected: int
) -> None:
    site.incident(
        "2026-03-01-api-errors.md", FUTURE.replace("2026-03-01T10:00:00Z", "2036-03-01T10:00:00Z")
    )
    code, output = run(runner, site, *(["--strict"] if strict else []))
    assert code == expected
    assert output.splitlines() == [
        "incidents/2026-03-01-api-errors.md:1: warning: file name says 2026-03-01 but the "
        "incident began on 2036-03-01 (2036-03-01T10:00:00+00:00): name it after the day it began",
        "incidents/2026-03-01-api-errors.md:9: warning: updates[0].at: 2036-03-01T11:00:00+00:00 "
        "is in the future: mistyped date or year?",
        "incidents/2026-03-01-api-errors.md:12: warning: updates[1].at: "
        "2036-03-01T10:00:00+00:00 is in the future: mistyped date or year?",
        "0 errors, 3 warnings in 2 files",
    ]


def test_github_format_annotates_lines(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-03-01-bad.md", BAD)
    code, output = run(runner, site, "--format", "github")
    assert code == 1
    assert output.splitlines()[0] == (
        "::error file=incidents/2026-03-01-bad.md,line=3,title=impact::impact: must be one of "
        "none, minor, major, critical (got 'severe')"
    )


def test_github_format_is_automatic_in_actions(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-03-01-bad.md", BAD)
    result = runner.invoke(
        cli,
        ["validate", "-f", str(site.config_file)],
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.output.startswith("::error file=incidents/2026-03-01-bad.md,line=3")


def test_json_format_is_machine_readable(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-03-01-bad.md", BAD)
    code, output = run(runner, site, "--format", "json")
    data = json.loads(output)
    assert code == 1
    assert data["errors"] == 1
    assert data["problems"][0] == {
        "path": "incidents/2026-03-01-bad.md",
        "line": 3,
        "col": 0,
        "severity": "error",
        "field": "impact",
        "message": "must be one of none, minor, major, critical (got 'severe')",
        "rule": "",
        "suggestion": "",
    }


def test_usage_errors_exit_two(runner: CliRunner, site: SiteFactory) -> None:
    assert run(runner, site, "--format", "xml")[0] == 2
    result = runner.invoke(cli, ["validate", "-f", str(site.config_file), "--now", "yesterday"])
    assert result.exit_code == 2
    assert "not a valid time 'yesterday'" in result.output


def test_missing_config_is_reported_not_raised(runner: CliRunner, tmp_path: object) -> None:
    result = runner.invoke(cli, ["validate", "-f", "/nonexistent/mkdocs.yml"])
    assert result.exit_code == 1
    assert "mkdocs.yml:1: error: no mkdocs.yml found at /nonexistent/mkdocs.yml" in result.output
