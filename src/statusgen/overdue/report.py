"""`statusgen overdue`'s answer: the late items, who posted last, in text, JSON or annotations."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from statusgen.characters import printable
from statusgen.content.settings import SiteConfig
from statusgen.overdue.git_history import Commit, last_commit
from statusgen.problems import Problem, Severity
from statusgen.render import urls
from statusgen.render.format import json_time
from statusgen.status.cadence import Overdue, overdue_text
from statusgen.status.timeline import current_status


def last_commits(config: SiteConfig, overdue: list[Overdue]) -> dict[str, Commit | None]:
    """Who last committed each overdue item's file (None where Git cannot tell)."""
    return {o.item.id: last_commit(config.root / o.item.source) for o in overdue}


def poster(commit: Commit | None) -> str:
    return f"{commit.author} <{commit.email}>" if commit else ""


def as_json(
    config: SiteConfig, overdue: list[Overdue], commits: dict[str, Commit | None], now: datetime
) -> str:
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


def as_text(config: SiteConfig, overdue: list[Overdue], commits: dict[str, Commit | None]) -> str:
    if not overdue:
        return "No incident is overdue for a public update."
    lines = [f"Overdue for a public update ({len(overdue)}):"]
    for late in overdue:
        who = poster(commits.get(late.item.id))
        lines.append(f"  {late.item.id}  {late.overdue_text} overdue  {printable(late.item.title)}")
        detail = overdue_text(late, config.options.cadence)
        lines.append(f"    {detail}" + (f"; last posted by {printable(who)}" if who else ""))
    return "\n".join(lines)


def as_github(config: SiteConfig, overdue: list[Overdue], commits: dict[str, Commit | None]) -> str:
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
