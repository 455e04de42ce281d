"""One GitHub issue per overdue action item: opened once, closed when the item is done.

The Deploy workflow can run `statusgen action-issues` on its schedule, with the `gh` CLI
GitHub's runners come with. Each issue carries a hidden marker with the item's key
(`<postmortem id>#<n>`, see `status.action_items`) and a label; that is how later runs find it.

- An overdue open item with no issue yet (open or closed) gets one.
- An item marked `done` or `wont-do`, or no longer in its postmortem, closes its issue with
  a comment saying why.
- An open issue whose item is still open is kept current (title and body); a new due date
  in the future leaves it open until the item is done.
- An issue someone closed by hand stays closed and is never opened again.

Nothing goes through a shell: text from the postmortems reaches `gh` as separate arguments
and through a file, escaped so that it cannot mention people or link anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from statusgen.characters import printable
from statusgen.content.postmortem.model import ActionStatus
from statusgen.content.settings import SiteConfig
from statusgen.content.site import Content
from statusgen.render.format import day_text
from statusgen.render.urls import postmortem as postmortem_path
from statusgen.status.action_items import STATUS_LABELS, Action, all_actions, today

from .gh import Gh, IssueKind, MarkedIssue, body_file, clipped, markdown_text, same_text

ACTION_ITEM_ISSUES = IssueKind(
    label="action-item",
    color="D93F0B",
    description="statusgen: an overdue postmortem action item",
    marker="<!-- statusgen-action-item: {key} -->",  # the key is postmortem-id#number
    key_pattern="[a-z0-9][a-z0-9-]*#[1-9][0-9]*",
    list_limit=1000,
)


@dataclass(frozen=True)
class Step:
    """What one run did (or, with `dry_run`, would do) about one item."""

    action: str  # opened, updated, closed
    key: str
    number: int | None
    title: str

    def as_text(self) -> str:
        number = f" #{self.number}" if self.number is not None else ""
        return f"{self.action}{number}: {self.key}: {printable(self.title)}"


def issue_title(action: Action) -> str:
    return clipped(f"Overdue action item: {action.item.action}")


def issue_body(action: Action, config: SiteConfig) -> str:
    item = action.item
    postmortem = action.postmortem
    where = (
        f"[{markdown_text(postmortem.id)}]({config.absolute(postmortem_path(postmortem.id))})"
        if postmortem.is_published
        else f"{markdown_text(postmortem.id)} ({postmortem.status.value}, not published)"
    )
    ticket = f"\n- Ticket: {markdown_text(item.ticket)}" if item.ticket else ""
    due = day_text(item.due) if item.due else "no date"
    lines = [
        ACTION_ITEM_ISSUES.marker_for(action.key),
        f"**{markdown_text(item.action)}**",
        "",
        f"- Postmortem: {where}",
        f"- Owner: {markdown_text(item.owner)}",
        f"- Priority: {item.priority.value} · Type: {item.type.value} · "
        f"Status: {STATUS_LABELS[item.status]}",
        f"- Due: {due}{ticket}",
        f"- File: `{postmortem.source}`, line {action.line}",
        "",
        "Mark the item done (`status: done` with `completed:`) or agree a new due date in "
        "the postmortem. statusgen closes this issue once the item is done or won't be done.",
    ]
    return "\n".join(lines) + "\n"


def closing_comment(action: Action | None, key: str) -> str:
    if action is None:
        return f"Closing: action item `{key}` is no longer in its postmortem."
    item = action.item
    if item.status is ActionStatus.DONE:
        when = f" on {day_text(item.completed)}" if item.completed else ""
        return f"Closing: the action item was marked done{when}."
    reason = f": {markdown_text(item.reason)}" if item.reason else "."
    return f"Closing: the action item will not be done{reason}"


def plan(
    content: Content, now: datetime, issues: Sequence[MarkedIssue]
) -> list[tuple[Step, Action | None, MarkedIssue | None]]:
    """What a run does: each step with its action item and existing issue."""
    on = today(now)
    actions = {a.key: a for a in all_actions(content.postmortems)}
    by_key: dict[str, MarkedIssue] = {}
    for issue in issues:
        by_key.setdefault(issue.key, issue)  # the oldest issue of a key is the one
    steps: list[tuple[Step, Action | None, MarkedIssue | None]] = []
    for key, issue in by_key.items():
        if issue.state != "OPEN":
            continue
        action = actions.get(key)
        if action is None or not action.is_open:
            steps.append((Step("closed", key, issue.number, issue.title), action, issue))
        elif not (
            same_text(issue.title, issue_title(action))
            and same_text(issue.body, issue_body(action, content.config))
        ):
            steps.append((Step("updated", key, issue.number, issue_title(action)), action, issue))
    for key, action in actions.items():
        if action.is_overdue(on) and key not in by_key:
            steps.append((Step("opened", key, None, issue_title(action)), action, None))
    return steps


def sync_issues(
    content: Content,
    now: datetime,
    gh: Gh,
    *,
    label: str = ACTION_ITEM_ISSUES.label,
    dry_run: bool = False,
) -> list[Step]:
    """Bring the issues in line with the action items; returns what was done."""
    kind = replace(ACTION_ITEM_ISSUES, label=label)
    steps = plan(content, now, gh.marked_issues(kind, state="all"))
    if dry_run:
        return [step for step, _, _ in steps]
    if any(step.action == "opened" for step, _, _ in steps):
        gh.create_label(kind)
    return [_apply(gh, content.config, kind.label, *entry) for entry in steps]


def _apply(
    gh: Gh,
    config: SiteConfig,
    label: str,
    step: Step,
    action: Action | None,
    issue: MarkedIssue | None,
) -> Step:
    if step.action == "closed":
        assert issue is not None
        wont = action is not None and action.item.status is ActionStatus.WONT_DO
        with body_file(closing_comment(action, step.key)) as path:
            gh.run("issue", "comment", str(issue.number), "--body-file", path)
        gh.run(
            "issue", "close", str(issue.number), "--reason", "not planned" if wont else "completed"
        )
        return step
    assert action is not None
    with body_file(issue_body(action, config)) as path:
        if step.action == "updated":
            assert issue is not None
            gh.run(
                "issue", "edit", str(issue.number), "--title", issue_title(action),
                "--body-file", path,
            )  # fmt: skip
            return step
        created = gh.run(
            "issue", "create", "--title", issue_title(action), "--body-file", path,
            "--label", label,
        )  # fmt: skip
    number = re.search(r"/issues/(\d+)", created)
    return Step("opened", step.key, int(number[1]) if number else None, step.title)
