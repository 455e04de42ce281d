"""Postmortem action items across every postmortem: listing, follow-up counts, overdue ones.

An item is **open** while its status is `open` or `in-progress`, and **overdue** when it is
open and its `due` date has passed: on the day after `due` (UTC), so an item due today is
still on time. Every postmortem counts, drafts included: a team commits to its items while
still writing the document. Each item is known by its postmortem and its position
(`<postmortem id>#<n>`, from 1), which is how the GitHub issue of an overdue item finds it
again: add new items at the end, and mark dropped ones `wont-do` instead of deleting them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from statusgen.characters import printable
from statusgen.content.postmortem.model import ActionItem, ActionStatus, Postmortem
from statusgen.problems import Problem, warning

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.WONT_DO: "Won't do",
}


def today(now: datetime) -> date:
    return now.astimezone(UTC).date()


@dataclass(frozen=True)
class Action:
    """One action item with the postmortem it belongs to and where it is written."""

    postmortem: Postmortem
    number: int
    """Its position among the postmortem's items, from 1."""
    item: ActionItem
    line: int

    @property
    def key(self) -> str:
        return f"{self.postmortem.id}#{self.number}"

    @property
    def is_open(self) -> bool:
        return self.item.status in OPEN_STATUSES

    def is_overdue(self, on: date) -> bool:
        return self.is_open and self.item.due is not None and self.item.due < on

    def days_overdue(self, on: date) -> int:
        return (on - self.item.due).days if self.is_overdue(on) and self.item.due else 0


def actions_of(postmortem: Postmortem) -> list[Action]:
    lines = postmortem.item_lines or (1,) * len(postmortem.action_items)
    return [
        Action(postmortem, number, item, lines[number - 1] if number <= len(lines) else 1)
        for number, item in enumerate(postmortem.action_items, start=1)
    ]


def all_actions(postmortems: Iterable[Postmortem]) -> list[Action]:
    """Every item, by postmortem id (oldest incident first), then in the file's order."""
    return [a for p in sorted(postmortems, key=lambda p: p.id) for a in actions_of(p)]


def select(
    actions: Sequence[Action],
    now: datetime,
    *,
    open_only: bool = False,
    overdue_only: bool = False,
    owner: str | None = None,
) -> list[Action]:
    on = today(now)
    wanted = _owner_key(owner) if owner else None
    return [
        a
        for a in actions
        if (not open_only or a.is_open)
        and (not overdue_only or a.is_overdue(on))
        and (wanted is None or _owner_key(a.item.owner) == wanted)
    ]


def _owner_key(owner: str) -> str:
    """Owners compare without case, spacing or a leading @: `@db-team` is `DB-team`."""
    return " ".join(owner.strip().lstrip("@").casefold().split())


@dataclass(frozen=True)
class Counts:
    """How far a postmortem's follow-up got."""

    done: int
    open: int
    overdue: int
    wont_do: int

    @property
    def total(self) -> int:
        return self.done + self.open + self.wont_do


def counts(postmortem: Postmortem, now: datetime) -> Counts:
    on = today(now)
    actions = actions_of(postmortem)
    return Counts(
        done=sum(a.item.status is ActionStatus.DONE for a in actions),
        open=sum(a.is_open for a in actions),
        overdue=sum(a.is_overdue(on) for a in actions),
        wont_do=sum(a.item.status is ActionStatus.WONT_DO for a in actions),
    )


def overdue_problems(postmortems: Iterable[Postmortem], now: datetime) -> list[Problem]:
    """A warning at each open item whose due date has passed (`validate --strict` fails)."""
    on = today(now)
    problems = []
    for action in all_actions(postmortems):
        if not action.is_overdue(on):
            continue
        assert action.item.due is not None
        days = action.days_overdue(on)
        problems.append(
            warning(
                action.postmortem.source,
                action.line,
                f"action_items[{action.number - 1}].due",
                f"action item overdue by {days} day{'' if days == 1 else 's'} "
                f"(due {action.item.due.isoformat()}, {STATUS_LABELS[action.item.status].lower()}"
                f", owner {printable(action.item.owner)}): mark it done, or agree a new due date",
            )
        )
    return problems


# --- output ------------------------------------------------------------------------------


def action_data(action: Action, now: datetime) -> dict[str, Any]:
    on = today(now)
    item = action.item
    return {
        "key": action.key,
        "postmortem": action.postmortem.id,
        "postmortem_status": action.postmortem.status.value,
        "file": action.postmortem.source,
        "line": action.line,
        "number": action.number,
        "action": item.action,
        "type": item.type.value,
        "priority": item.priority.value,
        "owner": item.owner,
        "status": item.status.value,
        "due": item.due.isoformat() if item.due else None,
        "overdue": action.is_overdue(on),
        "days_overdue": action.days_overdue(on),
        "ticket": item.ticket,
        "completed": item.completed.isoformat() if item.completed else None,
    }


def as_json(actions: Sequence[Action], now: datetime) -> str:
    return json.dumps(
        {
            "generated_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "action_items": [action_data(a, now) for a in actions],
        },
        indent=2,
        ensure_ascii=False,
    )


def _state(action: Action, on: date) -> str:
    item = action.item
    state = STATUS_LABELS[item.status]
    if action.is_overdue(on):
        days = action.days_overdue(on)
        return f"OVERDUE {days} day{'' if days == 1 else 's'} (due {item.due})"
    if item.status is ActionStatus.DONE and item.completed:
        return f"{state} {item.completed.isoformat()}"
    if action.is_open and item.due:
        return f"{state}, due {item.due.isoformat()}"
    return state


def as_text(actions: Sequence[Action], now: datetime) -> str:
    on = today(now)
    lines = []
    for action in actions:
        item = action.item
        draft = "" if action.postmortem.is_published else f" [{action.postmortem.status.value}]"
        lines.append(
            f"{action.postmortem.source}:{action.line}{draft}  {item.priority.value} "
            f"{item.type.value}  {_state(action, on)}  owner: {printable(item.owner)}"
        )
        lines.append(f"    {printable(item.action)}")
    lines.append(_summary(actions, on))
    return "\n".join(lines)


def _summary(actions: Sequence[Action], on: date) -> str:
    total = len(actions)
    opened = sum(a.is_open for a in actions)
    overdue = sum(a.is_overdue(on) for a in actions)
    done = sum(a.item.status is ActionStatus.DONE for a in actions)
    return (
        f"{total} action item{'' if total == 1 else 's'}: {opened} open ({overdue} overdue), "
        f"{done} done, {total - opened - done} won't do"
    )


def as_github(actions: Sequence[Action], now: datetime) -> str:
    """Workflow commands: a warning at each overdue item, a notice at each other one."""
    on = today(now)
    lines = []
    for action in actions:
        level = "warning" if action.is_overdue(on) else "notice"
        item = action.item
        title = f"Action item {action.key}: {_state(action, on)}"
        text = f"{item.action} (owner {item.owner}, {item.priority.value} {item.type.value})"
        lines.append(
            f"::{level} file={action.postmortem.source},line={action.line},"
            f"title={_command_property(title)}::{_command_data(text)}"
        )
    lines.append(_summary(actions, on))
    return "\n".join(lines)


def _command_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")
