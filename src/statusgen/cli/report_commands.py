"""Learning from incidents: the reliability report and the action items."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    config_option,
    now_from,
    now_option,
    output_format_option,
)

if TYPE_CHECKING:
    from statusgen.content.site import Content


def _content(config_file: Path, now: datetime) -> Content:
    from statusgen.content.validate import check_site

    result = check_site(config_file, now)
    if result.content is None:
        click.echo(result.report.format("text"), err=True)
        sys.exit(EXIT_PROBLEMS)
    return result.content


def _day(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


@click.command("report")
@config_option
@now_option
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="First day (UTC) of the report. Default: the start of the quarters the page shows.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Last day (UTC) of the report, included. Default: the end of this quarter.",
)
@click.option("--component", metavar="ID", help="Only this component.")
@click.option(
    "--by",
    "grouping",
    type=click.Choice(["quarter", "month"]),
    default="quarter",
    show_default=True,
    help="Periods of the text and Markdown tables.",
)
@output_format_option(
    "json",
    "csv",
    "markdown",
    help_text="json: as reliability.json; csv: one table (--table); markdown: for a review.",
)
@click.option(
    "--table",
    type=click.Choice(["summary", "response-times", "slo"]),
    default="summary",
    show_default=True,
    help="The table --format csv prints.",
)
def report_command(
    config_file: Path,
    now_text: str | None,
    since: datetime | None,
    until: datetime | None,
    component: str | None,
    grouping: str,
    output_format: str,
    table: str,
) -> None:
    """Print the reliability report: incidents, downtime, response times, update cadence
    and error budgets, by quarter (or month) and component, as the /reliability/ page has
    them. Works whatever the page setting, so a private report stays on your machine.

    \b
    Example:
      statusgen report --since 2026-07-01 --until 2026-09-30 --format markdown
    """
    from statusgen.reliability import reliability_report
    from statusgen.reliability.data import report_json, table_csv
    from statusgen.reliability.text import Grouping, Style, render

    now = now_from(now_text)
    content = _content(config_file, now)
    end = _day(until)
    try:
        report = reliability_report(
            content,
            now,
            since=_day(since),
            until=end + timedelta(days=1) if end else None,
            component=component,
        )
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="--component") from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if output_format == "json":
        click.echo(report_json(report).decode("utf-8"), nl=False)
    elif output_format == "csv":
        click.echo(table_csv(report, table), nl=False)
    else:
        style: Style = "markdown" if output_format == "markdown" else "text"
        by: Grouping = "month" if grouping == "month" else "quarter"
        click.echo(render(report, style, by), nl=False)


@click.command("actions")
@config_option
@now_option
@click.option("--open", "open_only", is_flag=True, help="Only items still open or in progress.")
@click.option(
    "--overdue", "overdue_only", is_flag=True, help="Only open items past their due date."
)
@click.option("--owner", metavar="NAME", help="Only this owner's items (case and @ ignored).")
@output_format_option(
    "json",
    "github",
    help_text="github: a workflow annotation at each item (a warning when overdue).",
)
def actions_command(
    config_file: Path,
    now_text: str | None,
    open_only: bool,
    overdue_only: bool,
    owner: str | None,
    output_format: str,
) -> None:
    """List the action items of every postmortem, drafts included: postmortem file and line,
    priority, type, status, due date and owner. An open item is overdue the day after its
    due date (UTC).

    \b
    Example:
      statusgen actions --overdue --owner "Database team"
    """
    from statusgen.status.action_items import all_actions, as_github, as_json, as_text, select

    now = now_from(now_text)
    content = _content(config_file, now)
    chosen = select(
        all_actions(content.postmortems),
        now,
        open_only=open_only,
        overdue_only=overdue_only,
        owner=owner,
    )
    render = {"json": as_json, "github": as_github}.get(output_format, as_text)
    click.echo(render(chosen, now))
    sys.exit(EXIT_OK)


@click.command("action-issues")
@config_option
@now_option
@click.option("--label", default="action-item", show_default=True, help="The issues' label.")
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
def action_issues_command(
    config_file: Path, now_text: str | None, label: str, dry_run: bool
) -> None:
    """Open one GitHub issue per overdue action item, once, and close it when the item is
    marked done (or won't be done). Runs the GitHub CLI `gh`, which needs GH_TOKEN (in
    GitHub Actions: the job's token with `issues: write`) and GH_REPO outside a checkout.

    \b
    Example:
      statusgen action-issues --dry-run
    """
    from statusgen.issues.action_items import sync_issues
    from statusgen.issues.gh import Gh

    now = now_from(now_text)
    content = _content(config_file, now)
    # A failing gh is a `ToolFailed`: the command group prints it and exits 1.
    steps = sync_issues(content, now, Gh.find(), label=label, dry_run=dry_run)
    prefix = "would be " if dry_run else ""
    for step in steps:
        click.echo(prefix + step.as_text())
    if not steps:
        click.echo("Action item issues are up to date.")
