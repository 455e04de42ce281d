"""`statusgen report` in the terminal (`text`) and for a quarterly review (`markdown`).

Both print the same tables: periods for the whole site (or the one component asked for),
response times by impact, every component over the whole range, and error budgets. Text
from content (titles, component names) is stripped of control characters, and escaped in
Markdown so a title cannot break a table or inject markup into the review document.
It is the team's report, so it stays in English whatever the site's language, as
`validate` does; the `/reliability/` page speaks the site's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from statusgen.characters import printable
from statusgen.i18n import ENGLISH
from statusgen.render.format import percent_text, time_text

from .figures import IMPACT_KEYS, Figures
from .report import PeriodFigures, ReliabilityReport
from .stats import Durations
from .words import IMPACT_NAMES, budget_minutes, downtime_text, objective_text, span_text

Style = Literal["text", "markdown"]
Grouping = Literal["quarter", "month"]
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def _clean(text: str, style: Style) -> str:
    flat = printable(text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat) if style == "markdown" else flat


def _durations(values: Durations) -> str:
    if not values.count:
        return "–"
    return f"{span_text(values.median, ENGLISH)} / {span_text(values.p90, ENGLISH)}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], style: Style) -> list[str]:
    if style == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return lines
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _heading(text: str, style: Style, level: int = 2) -> list[str]:
    if style == "markdown":
        return ["", "#" * level + " " + text, ""]
    return ["", text, ""]


def _scope(entry: PeriodFigures) -> Figures:
    if entry.overall is not None:
        return entry.overall
    return next(iter(entry.components.values()))


def _worst(figures: Figures, style: Style) -> str:
    if figures.worst is None:
        return "–"
    title = _clean(figures.worst.title, style)
    return f"{title} ({downtime_text(figures.worst.downtime_seconds, ENGLISH)})"


def _periods_table(entries: Sequence[PeriodFigures], style: Style) -> list[str]:
    headers = ["Period", "Incidents", *(IMPACT_NAMES[k] for k in IMPACT_KEYS[1:])]
    headers += ["Downtime", "Most downtime", "Cadence kept"]
    rows = []
    for entry in entries:
        figures = _scope(entry)
        every = figures.by_impact["all"]
        rows.append(
            [
                entry.period.label,
                str(every.incidents),
                *(str(figures.by_impact[k].incidents) for k in IMPACT_KEYS[1:]),
                downtime_text(figures.downtime_seconds, ENGLISH),
                _worst(figures, style),
                f"{percent_text(every.cadence_share, ENGLISH, 1)} of {every.gaps}"
                if every.gaps
                else "–",
            ]
        )
    return _table(headers, rows, style)


def _response_table(entries: Sequence[PeriodFigures], style: Style) -> list[str]:
    headers = ["Period", "Impact", "Incidents", "First update", "Mitigated", "Resolved"]
    rows = []
    for entry in entries:
        figures = _scope(entry)
        for key in IMPACT_KEYS:
            values = figures.by_impact[key]
            if key != "all" and not values.incidents:
                continue
            ongoing = f" ({values.resolve.ongoing} ongoing)" if values.resolve.ongoing else ""
            rows.append(
                [
                    entry.period.label,
                    IMPACT_NAMES[key],
                    f"{values.incidents}{ongoing}",
                    _durations(values.first_update),
                    _durations(values.mitigate),
                    _durations(values.resolve),
                ]
            )
    return _table(headers, rows, style)


def _component_table(report: ReliabilityReport, style: Style) -> list[str]:
    headers = ["Component", "Incidents", "Downtime", "Most downtime", "Resolved (median / 90th)"]
    rows = []
    for component in report.components:
        figures = report.total.components[component.id]
        rows.append(
            [
                _clean(component.name, style),
                str(figures.incidents),
                downtime_text(figures.downtime_seconds, ENGLISH),
                _worst(figures, style),
                _durations(figures.by_impact["all"].resolve),
            ]
        )
    return _table(headers, rows, style)


def _budget_table(report: ReliabilityReport, grouping: Grouping, style: Style) -> list[str]:
    names = {c.id: c.name for c in report.components}
    headers = ["Component", "Period", "Objective", "Availability", "Allowed", "Spent", "Left"]
    rows = [
        [
            _clean(names[b.component], style),
            b.period.label,
            objective_text(b.slo, ENGLISH),
            percent_text(b.availability.ratio, ENGLISH, 3),
            budget_minutes(b.allowed_ms, ENGLISH),
            budget_minutes(b.spent_ms, ENGLISH),
            budget_minutes(b.left_ms, ENGLISH) + ("" if b.within_budget else " (overspent)"),
        ]
        for b in report.budgets
        if b.period.kind in (grouping, "range")
    ]
    return _table(headers, rows, style)


NOTES = (
    "Times are medians / 90th percentiles from the start of impact (started_at, else the "
    "first update). First update: only incidents with started_at. Mitigated: the first "
    "monitoring update (else the resolution). Open incidents count up to the report's time.",
    "Downtime uses the availability bars' maths: major outage fully, partial outage by the "
    "configured share, overlapping incidents once. Maintenance is not an incident.",
)


def render(report: ReliabilityReport, style: Style, grouping: Grouping = "quarter") -> str:
    entries = report.quarters if grouping == "quarter" else report.months
    scope = "all components"
    if report.single_component:
        scope = _clean(report.components[0].name, style)
    title = f"Reliability report: {report.total.period.label}, {scope}"
    lines = ["# " + title if style == "markdown" else title]
    lines.append("")
    lines.append(f"As at {time_text(report.now)}.")
    lines += _heading(f"Incidents by {grouping}", style)
    lines += _periods_table([*entries, report.total], style)
    lines += _heading("Response times (median / 90th percentile)", style)
    lines += _response_table([*entries, report.total], style)
    if not report.single_component:
        lines += _heading("By component", style)
        lines += _component_table(report, style)
    if any(c.slo is not None for c in report.components):
        lines += _heading("Objectives and error budgets", style)
        lines += _budget_table(report, grouping, style)
    lines += _heading("How the figures are computed", style)
    lines += [("- " if style == "markdown" else "") + note for note in NOTES]
    return "\n".join(lines) + "\n"
