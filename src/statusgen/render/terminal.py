"""What the page says at a moment, as text for a terminal: short lines, worst news first.

Engineers check this from a laptop or a phone's SSH client mid-incident, so every line is
wrapped to the terminal's width and the text reads the same without colour (when piped, or
with NO_COLOR). Text from content is printed with its control characters escaped: a title
cannot retitle the terminal window, clear the screen or carry a hidden hyperlink.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from statusgen.characters import display_width, printable
from statusgen.content.incident import ComponentStatus, Impact, Incident
from statusgen.content.settings import CadencePolicy
from statusgen.content.site import Content
from statusgen.i18n import ENGLISH, Language, language_for
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

from .format import component_label, impact_label, terminal_time, update_label
from .labels import overall_text
from .markdown import plain_text
from .terminal_wrap import wrap_cells

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
    def __init__(self, width: int, styled: bool, lang: Language = ENGLISH) -> None:
        self.lang = lang
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
        for line in wrap_cells(printable(text), self.width, indent, indent + INDENT):
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
    lang = language_for(config.language)
    out = _Writer(width, styled, lang)
    overall = overall_status(config.component_ids, items, now)
    out.wrap(f"{config.name}: {overall_text(overall.description, lang)}", bold=True,
             fg=COLOUR_BY_IMPACT[overall.indicator])  # fmt: skip
    out.wrap(lang.gettext("as of %(time)s") % {"time": terminal_time(now)}, dim=True)

    active = [i for i in items if is_active(i, now)]
    incidents = sorted((i for i in active if not i.is_maintenance), key=_severity)
    maintenances = [i for i in active if i.is_maintenance]
    if incidents:
        out.heading(lang.gettext("Active incidents (%(num)d)") % {"num": len(incidents)})
        for item in incidents:
            _item(out, item, now, notes)
    if maintenances:
        out.heading(lang.gettext("Maintenance in progress (%(num)d)") % {"num": len(maintenances)})
        for item in maintenances:
            _item(out, item, now, notes)

    statuses = component_statuses(config.component_ids, items, now)
    broken = [(c, s) for c, s in statuses.items() if s is not ComponentStatus.OPERATIONAL]
    if broken:
        out.heading(lang.gettext("Components not operational (%(num)d)") % {"num": len(broken)})
        for component_id, status in broken:
            _component(out, config.component(component_id).name, status)

    upcoming = [i for i in reversed(items) if is_upcoming(i, now)]  # the soonest first
    if upcoming:
        out.heading(lang.gettext("Upcoming maintenance (%(num)d)") % {"num": len(upcoming)})
        for item in upcoming:
            assert item.scheduled_for is not None and item.scheduled_until is not None
            out.wrap(item.title, INDENT, bold=True)
            window = lang.gettext("%(start)s to %(end)s") % {
                "start": terminal_time(item.scheduled_for),
                "end": terminal_time(item.scheduled_until),
            }
            out.wrap(_joined([window, _names(content, item.components)], lang), INDENT * 2)
            out.wrap(item.id, INDENT * 2, dim=True)

    _drafts(out, content, lang)

    if not (incidents or maintenances or broken or upcoming):
        out.lines.append("")
        out.wrap(
            lang.gettext(
                "No active incidents, every component is operational, no maintenance ahead."
            )
        )
    return "\n".join(out.lines) + "\n"


def _drafts(out: _Writer, content: Content, lang: Language) -> None:
    """Drafts (from alerts, or by hand) are on no public page: say so, and how to publish."""
    drafts = sorted(content.drafts, key=lambda d: d.id)
    if not drafts:
        return
    out.heading(lang.gettext("Drafts, not published (%(num)d)") % {"num": len(drafts)})
    for item in drafts:
        out.wrap(
            lang.gettext("[draft] %(title)s") % {"title": item.title},
            INDENT,
            bold=True,
            fg="yellow",
        )
        facts = [
            "" if item.is_maintenance else impact_label(item.effective_impact, lang),
            _names(content, item.components),
        ]
        out.wrap(_joined(facts, lang), INDENT * 2)
        hint = lang.gettext("%(id)s: publish with 'statusgen publish %(id)s'") % {"id": item.id}
        out.wrap(hint, INDENT * 2, dim=True)


def _severity(item: Incident) -> int:
    """Worst first; sorting is stable, so equals keep the newest-first order of every list."""
    return -item.effective_impact.rank


def _joined(parts: Iterable[str], lang: Language) -> str:
    return lang.gettext(", ").join(p for p in parts if p)


def _names(content: Content, component_ids: Iterable[str]) -> str:
    lang = language_for(content.config.language)
    return lang.gettext(", ").join(content.config.component(c).name for c in component_ids)


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
    lang = out.lang
    out.wrap(item.title, INDENT, bold=True)
    facts = [
        "" if item.is_maintenance else impact_label(item.effective_impact, lang),
        update_label(status, lang) if status else "",
        lang.gettext("since %(start)s") % {"start": terminal_time(began)} if began else "",
    ]
    out.wrap(_joined(facts, lang), INDENT * 2)
    latest = visible_updates(item, now)[0]
    out.wrap(f"{terminal_time(latest.at)}: {plain_text(latest.body, 140)}", INDENT * 2)
    late = notes.late.get(item.id)
    if late is not None:
        who = notes.posted_by.get(item.id)
        text = lang.gettext(
            "Update overdue by %(late)s: no public update for %(silent)s, due by %(due)s "
            "(%(reason)s)"
        ) % {
            "late": late.overdue_words(lang),
            "silent": late.silent_words(lang),
            "due": terminal_time(late.expected.due),
            "reason": late.reason(notes.policy, lang),
        }
        if who:
            text += lang.gettext("; last posted by %(who)s") % {"who": who}
        out.wrap(text, INDENT * 2, fg="red", bold=True)
    else:
        promised = promised_next_update(item, now)
        if promised is not None:
            text = lang.gettext("Next update by %(time)s") % {"time": terminal_time(promised)}
            out.wrap(text, INDENT * 2)
    out.wrap(item.id, INDENT * 2, dim=True)


def _component(out: _Writer, name: str, status: ComponentStatus) -> None:
    name = printable(name)
    words = component_label(status, out.lang)
    label = out.style(words, fg=COLOUR_BY_COMPONENT[status])
    # Cells, not characters: a Japanese name or status is twice as wide as it is long.
    gap = min(out.width, TABLE_WIDTH) - len(INDENT) - display_width(name) - display_width(words)
    if gap >= 2:
        out.lines.append(f"{INDENT}{name}{' ' * gap}{label}")
    else:  # too narrow for one line: the status goes below the name
        out.wrap(name, INDENT)
        out.lines.append(f"{INDENT * 2}{label}")
