"""`statusgen status`: what the page says, readable in a narrow terminal, plain when piped."""

from __future__ import annotations

from click.testing import CliRunner

from statusgen.characters import display_width
from statusgen.cli import cli
from statusgen.content.validate import check_site
from statusgen.render.terminal import TABLE_WIDTH, render

from .conftest import NOW, UPCOMING_MAINTENANCE, SiteFactory

ACTIVE = """\
---
title: Elevated API errors for customers in Europe
impact: major
components:
  api: partial_outage
updates:
  - at: 2026-11-22T11:40:00Z
    status: identified
    body: A **bad deploy** is being rolled back.
  - at: 2026-11-22T11:00:00Z
    status: investigating
    body: Some requests fail.
---
"""
UPCOMING = UPCOMING_MAINTENANCE


def status(runner: CliRunner, site: SiteFactory, columns: int = 80) -> tuple[int, str]:
    result = runner.invoke(
        cli,
        ["status", "-f", str(site.config_file), "--now", "2026-11-22T12:00:00Z"],
        env={"COLUMNS": str(columns)},
    )
    return result.exit_code, result.output


def test_status_lists_what_readers_see(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-22-api-errors.md", ACTIVE)
    site.incident("2026-12-05-database-upgrade.md", UPCOMING)
    code, output = status(runner, site)
    assert code == 0
    assert output == (
        "Test Status: Minor Service Outage\n"
        "as of 2026-11-22 12:00 UTC\n"
        "\n"
        "Active incidents (1)\n"
        "  Elevated API errors for customers in Europe\n"
        "    Major impact, Identified, since 2026-11-22 11:00 UTC\n"
        "    2026-11-22 11:40 UTC: A bad deploy is being rolled back.\n"
        "    2026-11-22-api-errors\n"
        "\n"
        "Components not operational (1)\n"
        f"  API{' ' * 41}Partial outage\n"  # rows are 60 wide at most
        "\n"
        "Upcoming maintenance (1)\n"
        "  Database upgrade\n"
        "    2026-12-05 02:00 UTC to 2026-12-05 04:00 UTC, Database\n"
        "    2026-12-05-database-upgrade\n"
    )


def test_a_narrow_terminal_wraps_every_line_but_keeps_ids_whole(
    runner: CliRunner, site: SiteFactory
) -> None:
    site.incident("2026-11-22-api-errors.md", ACTIVE)
    site.incident("2026-12-05-database-upgrade.md", UPCOMING)
    code, output = status(runner, site, columns=32)
    assert code == 0
    assert output == (
        "Test Status: Minor Service\n"
        "  Outage\n"
        "as of 2026-11-22 12:00 UTC\n"
        "\n"
        "Active incidents (1)\n"
        "  Elevated API errors for\n"
        "    customers in Europe\n"
        "    Major impact, Identified,\n"
        "      since 2026-11-22 11:00 UTC\n"
        "    2026-11-22 11:40 UTC: A bad\n"
        "      deploy is being rolled\n"
        "      back.\n"
        "    2026-11-22-api-errors\n"
        "\n"
        "Components not operational (1)\n"
        "  API             Partial outage\n"
        "\n"
        "Upcoming maintenance (1)\n"
        "  Database upgrade\n"
        "    2026-12-05 02:00 UTC to\n"
        "      2026-12-05 04:00 UTC,\n"
        "      Database\n"
        "    2026-12-05-database-upgrade\n"
    )
    assert max(len(line) for line in output.splitlines()) <= 32


def test_too_narrow_for_a_row_puts_the_status_below(runner: CliRunner, site: SiteFactory) -> None:
    site.config(site.config_file.read_text("utf-8").replace("name: API", "name: Public REST API"))
    site.incident("2026-11-22-api-errors.md", ACTIVE)
    output = status(runner, site, columns=30)[1].splitlines()
    at = output.index("Components not operational (1)")
    assert output[at + 1 : at + 3] == ["  Public REST API", "    Partial outage"]


def test_all_clear(runner: CliRunner, site: SiteFactory) -> None:
    assert status(runner, site) == (
        0,
        "Test Status: All Systems Operational\n"
        "as of 2026-11-22 12:00 UTC\n"
        "\n"
        "No active incidents, every component is operational, no maintenance ahead.\n",
    )


def test_piped_output_is_plain_and_a_terminal_gets_colour(
    runner: CliRunner, site: SiteFactory
) -> None:
    site.incident("2026-11-22-api-errors.md", ACTIVE)
    assert "\x1b[" not in status(runner, site)[1]
    content = check_site(site.config_file, NOW).content
    assert content is not None
    styled = render(content, NOW, styled=True)
    assert styled.startswith("\x1b[33m\x1b[1mTest Status: Minor Service Outage\x1b[0m\n")
    assert "\x1b[31mPartial outage\x1b[0m" in styled


def test_invalid_content_is_reported_not_summarised(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-22-bad.md", ACTIVE.replace("impact: major", "impact: severe"))
    code, output = status(runner, site)
    assert code == 1
    assert output.splitlines() == [
        "incidents/2026-11-22-bad.md:3: error: impact: must be one of none, minor, major, "
        "critical (got 'severe')",
        "1 error, 0 warnings in 2 files",
    ]


def test_times_with_an_offset_are_shown_in_utc(runner: CliRunner, site: SiteFactory) -> None:
    site.incident(
        "2026-11-22-api-errors.md",
        ACTIVE.replace("2026-11-22T11:40:00Z", "2026-11-22T12:40:00+01:00").replace(
            "2026-11-22T11:00:00Z", "2026-11-22T06:00:00-05:00"
        ),
    )
    site.incident(
        "2026-12-05-database-upgrade.md",
        UPCOMING.replace("2026-12-05T02:00:00Z", "2026-12-05T03:00:00+01:00"),
    )
    output = status(runner, site)[1].splitlines()
    assert "    Major impact, Identified, since 2026-11-22 11:00 UTC" in output
    assert "    2026-11-22 11:40 UTC: A bad deploy is being rolled back." in output
    assert "    2026-12-05 02:00 UTC to 2026-12-05 04:00 UTC, Database" in output


def test_an_incident_of_no_impact_says_so_once(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-11-22-api-errors.md", ACTIVE.replace("impact: major", "impact: none"))
    output = status(runner, site)[1].splitlines()
    assert "    No impact, Identified, since 2026-11-22 11:00 UTC" in output


def test_japanese_columns_line_up_by_display_width(runner: CliRunner, site: SiteFactory) -> None:
    # A wide character takes two terminal cells: counting characters would push every row
    # holding Japanese further right than it should, by one cell per wide character.
    config = site.config_file.read_text("utf-8")
    config = config.replace("  font: false\n", "  font: false\n  language: ja\n")
    site.config(config.replace("name: API", "name: 公開API"))
    both = ACTIVE.replace("  api: partial_outage\n", "  api: partial_outage\n  web: major_outage\n")
    site.incident("2026-11-22-api-errors.md", both)
    output = status(runner, site)[1].splitlines()
    rows = [line for line in output if line.startswith(("  公開API ", "  Website "))]
    assert len(rows) == 2, output
    assert {display_width(row) for row in rows} == {TABLE_WIDTH}, rows
