"""Keeping to the update cadence: `statusgen overdue`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    clock_now,
    clock_now_option,
    config_option,
    output_format_option,
)

if TYPE_CHECKING:
    from statusgen.content.site import Content
    from statusgen.overdue.git_history import Commit
    from statusgen.status.cadence import Overdue


@click.command("overdue")
@config_option
@clock_now_option("Check as at this moment (ISO 8601 with offset). Default: the clock.")
@output_format_option(
    "json",
    "github",
    help_text="text for people, json for scripts, github for workflow annotations.",
)
@click.option(
    "--github-issues",
    is_flag=True,
    help="Also open one GitHub issue per overdue incident, update it while it stays "
    "overdue and close it once news is posted (runs gh; needs GH_TOKEN). The issues are "
    "then the alarm: exit 0 once they are in step, 1 if gh failed.",
)
def overdue_command(
    config_file: Path, now_text: str | None, output_format: str, github_issues: bool
) -> None:
    """List incidents overdue for a public update; exit 1 if there are any.

    An active incident is overdue when the time its latest update promised
    (next_update_at) has passed or, without a promise, when the cadence for its impact
    has passed since that update (cadence: in mkdocs.yml; by default 30 min for critical
    and major, 60 for minor, none for no impact, 60 for maintenance in progress). Each
    is listed with its id, title, minutes overdue and, when Git knows, who posted last.

    Exits 0 when nothing is overdue, 1 when something is, 2 when the content has errors;
    with --github-issues, 0 once the issues are in step and 1 when gh failed.

    \b
    Example:
      statusgen overdue --now 2026-11-22T14:47:00Z --format json
    """
    from statusgen.content.validate import check_site
    from statusgen.overdue import report
    from statusgen.status.cadence import overdue_items

    now = clock_now(now_text)  # one reading: every incident is judged at one moment
    result = check_site(config_file, now)
    if result.content is None:
        click.echo(result.report.format("text"), err=True)
        click.echo("Cannot check the cadence: fix the errors above.", err=True)
        sys.exit(EXIT_USAGE)
    content = result.content
    config = content.config
    overdue = overdue_items(content.incidents, now, config.options.cadence)
    commits = report.last_commits(config, overdue)
    if output_format == "json":
        click.echo(report.as_json(config, overdue, commits, now))
    elif output_format == "github":
        click.echo(report.as_github(config, overdue, commits))
    else:
        click.echo(report.as_text(config, overdue, commits))
    if github_issues:
        _sync_issues(content, overdue, commits, now)
        sys.exit(EXIT_OK)
    sys.exit(EXIT_PROBLEMS if overdue else EXIT_OK)


def _sync_issues(
    content: Content, overdue: list[Overdue], commits: dict[str, Commit | None], now: datetime
) -> None:
    from statusgen.characters import printable
    from statusgen.errors import ToolFailed
    from statusgen.issues.gh import Gh, GhFailed
    from statusgen.issues.overdue import sync_issues

    try:
        actions = sync_issues(content, overdue, commits, Gh.find(), now)
    except GhFailed as exc:
        raise ToolFailed(f"GitHub issues not in step: {exc.message}") from None
    for action in actions:
        number = f" #{action.number}" if action.number is not None else ""
        click.echo(f"Issue{number} {action.action}: {printable(action.title)}")
