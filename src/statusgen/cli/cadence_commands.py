"""Keeping to the update cadence: `statusgen overdue`."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    clock_now,
    clock_now_option,
    config_option,
)

if TYPE_CHECKING:
    from statusgen.content.settings import SiteConfig
    from statusgen.git_history import Commit
    from statusgen.status.cadence import Overdue


def last_commits(config: SiteConfig, overdue: list[Overdue]) -> dict[str, Commit | None]:
    """Who last committed each overdue item's file (None where Git cannot tell)."""
    from statusgen.git_history import last_commit

    return {o.item.id: last_commit(config.root / o.item.source) for o in overdue}


def poster(commit: Commit | None) -> str:
    return f"{commit.author} <{commit.email}>" if commit else ""


def _as_json(
    config: SiteConfig, overdue: list[Overdue], commits: dict[str, Commit | None], now: datetime
) -> str:
    from statusgen.render import urls
    from statusgen.render.format import json_time
    from statusgen.status.timeline import current_status

    entries: list[dict[str, Any]] = []
    for late in overdue:
        item = late.item
        commit = commits.get(item.id)
        status = current_status(item, now)
        entries.append(
            {
                "id": item.id,
                "title": item.title,
                "kind": item.kind.value,
                "impact": "maintenance" if item.is_maintenance else item.effective_impact.value,
                "status": status.value if status else None,
                "due_at": json_time(late.expected.due),
                "last_update_at": json_time(late.expected.since),
                "minutes_overdue": late.minutes_overdue,
                "minutes_since_update": late.minutes_silent,
                "promised": late.expected.promised,
                "source": item.source,
                "line": late.line,
                "url": config.absolute(urls.incident(item.id)),
                "last_posted_by": None
                if commit is None
                else {
                    "name": commit.author,
                    "email": commit.email,
                    "commit": commit.sha,
                    "at": json_time(commit.at),
                },
            }
        )
    return json.dumps({"now": json_time(now), "overdue": entries}, indent=2, ensure_ascii=False)


def _as_text(config: SiteConfig, overdue: list[Overdue], commits: dict[str, Commit | None]) -> str:
    from statusgen.characters import printable
    from statusgen.status.cadence import overdue_text

    if not overdue:
        return "No incident is overdue for a public update."
    lines = [f"Overdue for a public update ({len(overdue)}):"]
    for late in overdue:
        who = poster(commits.get(late.item.id))
        lines.append(f"  {late.item.id}  {late.overdue_text} overdue  {printable(late.item.title)}")
        detail = overdue_text(late, config.options.cadence)
        lines.append(f"    {detail}" + (f"; last posted by {printable(who)}" if who else ""))
    return "\n".join(lines)


def _as_github(
    config: SiteConfig, overdue: list[Overdue], commits: dict[str, Commit | None]
) -> str:
    from statusgen.characters import printable
    from statusgen.problems import Problem, Severity
    from statusgen.status.cadence import overdue_text

    lines = []
    for late in overdue:
        who = poster(commits.get(late.item.id))
        message = f"{late.item.title}: {overdue_text(late, config.options.cadence)}" + (
            f"; last posted by {who}" if who else ""
        )
        problem = Problem(
            late.item.source,
            late.line,
            severity=Severity.WARNING,
            message=printable(message),
            rule="update-overdue",
        )
        lines.append(problem.as_github())
    lines.append(
        f"{len(overdue)} incident{'' if len(overdue) == 1 else 's'} overdue for a public update"
    )
    return "\n".join(lines)


@click.command("overdue")
@config_option
@clock_now_option("Check as at this moment (ISO 8601 with offset). Default: the clock.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for workflow annotations.",
)
@click.option(
    "--github-issues",
    is_flag=True,
    help="Also open one GitHub issue per overdue incident, update it while it stays "
    "overdue and close it once news is posted (runs gh; needs GH_TOKEN). The issues are "
    "then the alarm: exit 0 once they are in step, 2 if gh failed.",
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

    Exits 0 when nothing is overdue, 1 when something is, 2 when the content has errors.

    \b
    Example:
      statusgen overdue --now 2026-11-22T14:47:00Z --format json
    """
    from statusgen.content.validate import check_site
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
    commits = last_commits(config, overdue)
    if output_format == "json":
        click.echo(_as_json(config, overdue, commits, now))
    elif output_format == "github":
        click.echo(_as_github(config, overdue, commits))
    else:
        click.echo(_as_text(config, overdue, commits))
    if github_issues:
        _sync_issues(content, overdue, commits, now)
        sys.exit(EXIT_OK)
    sys.exit(EXIT_PROBLEMS if overdue else EXIT_OK)


def _sync_issues(
    content: Any, overdue: list[Overdue], commits: dict[str, Commit | None], now: datetime
) -> None:
    from statusgen.characters import printable
    from statusgen.overdue_issues import Gh, GhFailed, sync_issues

    try:
        actions = sync_issues(content, overdue, commits, Gh.find(), now)
    except GhFailed as exc:
        click.echo(f"error: GitHub issues not in step: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for action in actions:
        number = f" #{action.number}" if action.number is not None else ""
        click.echo(f"Issue{number} {action.action}: {printable(action.title)}")
