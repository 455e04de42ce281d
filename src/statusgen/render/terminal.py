"""What the page says at a moment, as text for a terminal: short lines, worst news first.

Engineers check this from a laptop or a phone's SSH client mid-incident, so every line is
wrapped to the terminal's width and the text reads the same without colour (when piped, or
with NO_COLOR). Text from content is printed with its control characters escaped: a title
cannot retitle the terminal window, clear the screen or carry a hidden hyperlink.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from datetime import datetime

from statusgen.characters import printable
from statusgen.content.incident import ComponentStatus, Impact, Incident
from statusgen.content.settings import CadencePolicy
from statusgen.content.site import Content
from statusgen.status.cadence import Overdue, overdue_items, promised_next_update
from statusgen.status.timeline import (
    component_statuses,
    current_status,
    is_active,
    is_upcoming,
    overall_status,
    sort_newest_first,
    started_at,
    visible_updates,
)

from .format import IMPACT_LABELS, terminal_time
from .markdown import plain_text

MIN_WIDTH = 30
TABLE_WIDTH = 60  # component rows stay readable on a wide terminal
INDENT = "  "
# Colour only adds to the words, which say the same without it.
COLOUR_BY_IMPACT = dict(zip(Impact, ("green", "yellow", "red", "red"), strict=True))
# In the enum's order: operational, degraded, partial outage, major outage, maintenance.
COLOUR_BY_COMPONENT = dict(
    zip(ComponentStatus, ("green", "yellow", "red", "red", "blue"), strict=True)
)


# ANSI SGR codes, as click.style writes them (one escape per attribute).
_COLOURS = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36}
_BOLD, _DIM = 1, 2
_RESET = "\x1b[0m"


class _Writer:
    def __init__(self, width: int, styled: bool) -> None:
        self.width = max(width, MIN_WIDTH)
        self.styled = styled
        self.lines: list[str] = []

    def style(self, text: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
        if not self.styled:
            return text
        codes = [_COLOURS[fg]] if fg else []
        codes += [code for code, on in ((_BOLD, bold), (_DIM, dim)) if on]
        return "".join(f"\x1b[{code}m" for code in codes) + text + _RESET if codes else text

    def wrap(
        self,
        text: str,
        indent: str = "",
        fg: str | None = None,
        bold: bool = False,
        dim: bool = False,
    ) -> None:
        """Wrap plain `text` to the width, then style each line (so wrapping ignores escapes).

        `text` holds content: its control characters are shown escaped, never sent raw.
        """
        for line in textwrap.wrap(
            printable(text),
            self.width,
            initial_indent=indent,
            subsequent_indent=indent + INDENT,
            break_on_hyphens=False,  # ids and times must stay whole to be copied
            break_long_words=False,
        ) or [indent]:
            self.lines.append(self.style(line, fg, bold, dim) if fg or bold or dim else line)

    def heading(self, text: str) -> None:
        self.lines.append("")
        self.lines.append(self.style(text, bold=True))


def render(
    content: Content,
    now: datetime,
    *,
    width: int = 80,
    styled: bool = False,
    posted_by: Mapping[str, str] | None = None,
) -> str:
    """The overall status, active incidents, components not operational, maintenance ahead.

    Items overdue for a public update say so (`posted_by`: incident id → who posted last).
    """
    items = sort_newest_first(content.incidents)
    config = content.config
    policy = config.options.cadence
    late = {o.item.id: o for o in overdue_items(items, now, policy)}
    notes = _Notes(late, policy, posted_by or {})
    out = _Writer(width, styled)
    overall = overall_status(config.component_ids, items, now)
    out.wrap(f"{config.name}: {overall.description}", bold=True,
             fg=COLOUR_BY_IMPACT[overall.indicator])  # fmt: skip
    out.wrap(f"as of {terminal_time(now)}", dim=True)

    active = [i for i in items if is_active(i, now)]
    incidents = sorted((i for i in active if not i.is_maintenance), key=_severity)
    maintenances = [i for i in active if i.is_maintenance]
    if incidents:
        out.heading(f"Active incidents ({len(incidents)})")
        for item in incidents:
            _item(out, item, now, notes)
    if maintenances:
        out.heading(f"Maintenance in progress ({len(maintenances)})")
        for item in maintenances:
            _item(out, item, now, notes)

    statuses = component_statuses(config.component_ids, items, now)
    broken = [(c, s) for c, s in statuses.items() if s is not ComponentStatus.OPERATIONAL]
    if broken:
        out.heading(f"Components not operational ({len(broken)})")
        for component_id, status in broken:
            _component(out, config.component(component_id).name, status)

    upcoming = [i for i in reversed(items) if is_upcoming(i, now)]  # the soonest first
    if upcoming:
        out.heading(f"Upcoming maintenance ({len(upcoming)})")
        for item in upcoming:
            assert item.scheduled_for is not None and item.scheduled_until is not None
            out.wrap(item.title, INDENT, bold=True)
            window = f"{terminal_time(item.scheduled_for)} to {terminal_time(item.scheduled_until)}"
            out.wrap(_joined([window, _names(content, item.components)]), INDENT * 2)
            out.wrap(item.id, INDENT * 2, dim=True)

    drafts = sorted(content.drafts, key=lambda d: d.id)
    if drafts:
        out.heading(f"Drafts, not published ({len(drafts)})")
        for item in drafts:
            out.wrap(f"[draft] {item.title}", INDENT, bold=True, fg="yellow")
            facts = [
                "" if item.is_maintenance else IMPACT_LABELS[item.effective_impact],
                _names(content, item.components),
            ]
            out.wrap(_joined(facts), INDENT * 2)
            out.wrap(f"{item.id}: publish with 'statusgen publish {item.id}'", INDENT * 2, dim=True)

    if not (incidents or maintenances or broken or upcoming):
        out.lines.append("")
        out.wrap("No active incidents, every component is operational, no maintenance ahead.")
    return "\n".join(out.lines) + "\n"


def _severity(item: Incident) -> int:
    """Worst first; sorting is stable, so equals keep the newest-first order of every list."""
    return -item.effective_impact.rank


def _joined(parts: Iterable[str]) -> str:
    return ", ".join(p for p in parts if p)


def _names(content: Content, component_ids: Iterable[str]) -> str:
    return ", ".join(content.config.component(c).name for c in component_ids)


class _Notes:
    """What `status` adds about the cadence: overdue items, and who posted last."""

    def __init__(
        self, late: Mapping[str, Overdue], policy: CadencePolicy, posted_by: Mapping[str, str]
    ) -> None:
        self.late = late
        self.policy = policy
        self.posted_by = posted_by


def _item(out: _Writer, item: Incident, now: datetime, notes: _Notes) -> None:
    status = current_status(item, now)
    began = started_at(item, now)
    out.wrap(item.title, INDENT, bold=True)
    facts = [
        "" if item.is_maintenance else IMPACT_LABELS[item.effective_impact],
        status.label if status else "",
        f"since {terminal_time(began)}" if began else "",
    ]
    out.wrap(_joined(facts), INDENT * 2)
    latest = visible_updates(item, now)[0]
    out.wrap(f"{terminal_time(latest.at)}: {plain_text(latest.body, 140)}", INDENT * 2)
    late = notes.late.get(item.id)
    if late is not None:
        who = notes.posted_by.get(item.id)
        out.wrap(
            f"Update overdue by {late.overdue_text}: no public update for "
            f"{late.silent_text}, due by {terminal_time(late.expected.due)} "
            f"({late.reason(notes.policy)})" + (f"; last posted by {who}" if who else ""),
            INDENT * 2,
            fg="red",
            bold=True,
        )
    else:
        promised = promised_next_update(item, now)
        if promised is not None:
            out.wrap(f"Next update by {terminal_time(promised)}", INDENT * 2)
    out.wrap(item.id, INDENT * 2, dim=True)


def _component(out: _Writer, name: str, status: ComponentStatus) -> None:
    name = printable(name)
    label = out.style(status.label, fg=COLOUR_BY_COMPONENT[status])
    gap = min(out.width, TABLE_WIDTH) - len(INDENT) - len(name) - len(status.label)
    if gap >= 2:
        out.lines.append(f"{INDENT}{name}{' ' * gap}{label}")
    else:  # too narrow for one line: the status goes below the name
        out.wrap(name, INDENT)
        out.lines.append(f"{INDENT * 2}{label}")
