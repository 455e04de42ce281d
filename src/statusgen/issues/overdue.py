"""One GitHub issue per overdue incident: opened, kept current, closed when news is posted.

The Deploy workflow runs this every 15 minutes with the `gh` CLI that GitHub's runners come
with, so the on-call team hears about a silent incident through GitHub's own notifications.
Each issue carries a hidden marker with the incident id and the label `overdue-update`;
that is how a later run finds it again. Nothing here goes through a shell: titles and bodies
made from incident text are passed to `gh` as separate arguments and through a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from statusgen.content.settings import SiteConfig
from statusgen.content.site import Content
from statusgen.overdue.git_history import Commit
from statusgen.render import urls
from statusgen.render.format import IMPACT_LABELS, UPDATE_LABELS, time_text
from statusgen.status.cadence import Overdue, expectation
from statusgen.status.timeline import current_status, is_resolved, visible_updates

from .gh import Gh, IssueKind, MarkedIssue, body_file, clipped, markdown_text, same_text

OVERDUE_ISSUES = IssueKind(
    label="overdue-update",
    color="B60205",
    description="statusgen: an incident is overdue for a public update",
    marker="<!-- statusgen-overdue: {key} -->",  # the key is the incident's id
    key_pattern="[a-z0-9][a-z0-9_-]*",
    list_limit=500,
)


@dataclass(frozen=True)
class IssueAction:
    """What one run did about one issue, for the log."""

    action: str  # opened, updated, unchanged, closed
    number: int | None
    incident_id: str
    title: str


def issue_title(overdue: Overdue) -> str:
    return clipped(f"No public update for {overdue.silent_text}: {overdue.item.title}")


def issue_body(overdue: Overdue, config: SiteConfig, commit: Commit | None) -> str:
    item = overdue.item
    now = overdue.now
    latest = visible_updates(item, now)[0]
    status = current_status(item, now)
    impact = "Maintenance" if item.is_maintenance else IMPACT_LABELS[item.effective_impact]
    shown_status = UPDATE_LABELS[status] if status else "not published"
    who = (
        f", committed by {markdown_text(commit.author)} ({commit.short})"
        if commit is not None
        else ""
    )
    url = config.absolute(urls.incident(item.id))
    lines = [
        OVERDUE_ISSUES.marker_for(item.id),
        f"**[{markdown_text(item.title)}]({url})** has had no public update for "
        f"**{overdue.silent_text}**.",
        "",
        f"- {impact} · {shown_status}",
        f"- Last update: {time_text(latest.at)}{who}",
        f"- Next update was due by {time_text(overdue.expected.due)}, "
        f"{overdue.overdue_text} ago ({overdue.reason(config.options.cadence)})",
        f"- File: `{item.source}`",
        "",
        "Tell readers what is happening, even if it is that you are still working on it:",
        "",
        "```console",
        f'statusgen update {item.id} -m "What readers should know now" --next-update 30m',
        "```",
        "",
        "statusgen keeps this issue current on every Deploy run and closes it once the "
        "incident is updated or resolved.",
    ]
    return "\n".join(lines) + "\n"


def closing_comment(content: Content, incident_id: str, now: datetime) -> str:
    item = content.incident(incident_id)
    if item is None:
        return f"Closing: `{incident_id}` is no longer among the incidents."
    if is_resolved(item, now):
        latest = visible_updates(item, now)[0]
        return f"Closing: resolved, last update {time_text(latest.at)}."
    updates = visible_updates(item, now)
    expected = expectation(item, now, content.config.options.cadence)
    posted = f"updated {time_text(updates[0].at)}" if updates else "not yet published"
    if expected is None:
        return f"Closing: {posted}; no further update is expected."
    return f"Closing: {posted}; the next update is due by {time_text(expected.due)}."


def sync_issues(
    content: Content,
    overdue: Sequence[Overdue],
    commits: Mapping[str, Commit | None],
    gh: Gh,
    now: datetime,
) -> list[IssueAction]:
    """Open, update or close issues so that exactly the overdue items have an open one."""
    issues = gh.marked_issues(OVERDUE_ISSUES, state="open")
    by_incident: dict[str, MarkedIssue] = {}
    duplicates: list[MarkedIssue] = []
    for issue in issues:
        if issue.key in by_incident:
            duplicates.append(issue)
        else:
            by_incident[issue.key] = issue
    actions: list[IssueAction] = []
    label_ready = False
    for late in overdue:
        item_id = late.item.id
        title = issue_title(late)
        body = issue_body(late, content.config, commits.get(item_id))
        existing = by_incident.pop(item_id, None)
        if existing is not None:
            if same_text(existing.title, title) and same_text(existing.body, body):
                actions.append(IssueAction("unchanged", existing.number, item_id, title))
                continue
            with body_file(body) as path:
                gh.run("issue", "edit", str(existing.number), "--title", title, "--body-file", path)
            actions.append(IssueAction("updated", existing.number, item_id, title))
            continue
        if not label_ready:
            gh.create_label(OVERDUE_ISSUES)
            label_ready = True
        with body_file(body) as path:
            gh.run(
                "issue", "create", "--title", title, "--body-file", path,
                "--label", OVERDUE_ISSUES.label,
            )  # fmt: skip
        actions.append(IssueAction("opened", None, item_id, title))
    stale = [*by_incident.values(), *duplicates]
    return actions + _close(content, stale, by_number(issues), now, gh)


def by_number(issues: Sequence[MarkedIssue]) -> dict[str, int]:
    """Incident id → the oldest open issue about it (the one a duplicate points to)."""
    first: dict[str, int] = {}
    for issue in issues:
        first.setdefault(issue.key, issue.number)
    return first


def _close(
    content: Content,
    stale: Sequence[MarkedIssue],
    first: Mapping[str, int],
    now: datetime,
    gh: Gh,
) -> list[IssueAction]:
    actions = []
    for issue in sorted(stale, key=lambda i: i.number):
        if first[issue.key] != issue.number:
            comment = f"Closing as a duplicate of #{first[issue.key]}."
        else:
            comment = closing_comment(content, issue.key, now)
        gh.run("issue", "close", str(issue.number), "--comment", comment)
        actions.append(IssueAction("closed", issue.number, issue.key, issue.title))
    return actions
