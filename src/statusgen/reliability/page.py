"""What the `/reliability/` page shows: the report turned into rows, texts and charts.

The template (`templates/reliability.html`) only lays these out. Every number on the page
is in a table; the charts draw the same numbers for a glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from markupsafe import Markup

from statusgen.content.incident import Impact
from statusgen.render.format import duration_text

from .charts import Bar, Segment, bar_chart
from .figures import IMPACT_KEYS, Figures
from .report import PeriodFigures, ReliabilityReport
from .slo import Budget
from .stats import Durations
from .tables import floor_percent

URL = "reliability/"
# Short names for table headings: the column already says it is about impact.
IMPACT_NAMES = {
    "all": "All incidents",
    Impact.CRITICAL.value: "Critical",
    Impact.MAJOR.value: "Major",
    Impact.MINOR.value: "Minor",
    Impact.NONE.value: "No impact",
}


def span_text(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return duration_text(timedelta(seconds=seconds))


def downtime_text(seconds: float) -> str:
    return "none" if seconds < 30 else span_text(seconds)


def downtime_phrase(seconds: float) -> str:
    return "no downtime" if seconds < 30 else f"{span_text(seconds)} of downtime"


def budget_minutes(ms: int) -> str:
    minutes = ms / 60_000
    sign = "−" if minutes < 0 else ""
    return f"{sign}{abs(minutes):,.1f} min"


def objective_text(slo: float) -> str:
    """`99.9 %`, `99 %`: the objective as it was typed, without a trailing `.0`."""
    return f"{slo:g} %"


def percent_text(ratio: float | None, decimals: int = 3) -> str:
    value = floor_percent(ratio, decimals)
    return "–" if value is None else f"{value:.{decimals}f} %"


@dataclass(frozen=True)
class DurationCell:
    median: str
    p90: str
    count: int
    ongoing: int


def _cell(durations: Durations) -> DurationCell:
    return DurationCell(
        span_text(durations.median), span_text(durations.p90), durations.count, durations.ongoing
    )


def _response_rows(figures: Figures) -> list[dict[str, Any]]:
    rows = []
    for key in IMPACT_KEYS:
        values = figures.by_impact[key]
        if key != "all" and not values.incidents:
            continue
        rows.append(
            {
                "impact": key,
                "name": IMPACT_NAMES[key],
                "incidents": values.incidents,
                "first_update": _cell(values.first_update),
                "mitigate": _cell(values.mitigate),
                "resolve": _cell(values.resolve),
                "gaps": values.gaps,
                "kept": values.gaps_kept,
                "share": percent_text(values.cadence_share, 1),
            }
        )
    return rows


def _quarter_rows(quarters: Sequence[PeriodFigures]) -> list[dict[str, Any]]:
    rows = []
    for entry in quarters:
        figures = entry.overall
        assert figures is not None
        rows.append(
            {
                "period": entry.period,
                "figures": figures,
                "counts": {key: figures.by_impact[key].incidents for key in IMPACT_KEYS},
                "downtime": downtime_text(figures.downtime_seconds),
                "worst": figures.worst,
                "worst_text": downtime_text(figures.worst.downtime_seconds)
                if figures.worst
                else "",
                "responses": _response_rows(figures),
            }
        )
    return rows


def _incidents_chart(quarters: Sequence[PeriodFigures]) -> Markup:
    bars = []
    for entry in quarters:
        figures = entry.overall
        assert figures is not None
        total = figures.incidents
        bars.append(
            Bar(
                entry.period.label,
                f"{total} incident{'' if total == 1 else 's'}",
                tuple(
                    Segment(figures.by_impact[key].incidents, f"sg-fill-{key}")
                    for key in IMPACT_KEYS[1:]
                ),
            )
        )
    return bar_chart(bars, "Incidents per quarter, by impact: " + _listing(bars))


def _downtime_chart(quarters: Sequence[PeriodFigures]) -> Markup:
    bars = []
    for entry in quarters:
        figures = entry.overall
        assert figures is not None
        bars.append(
            Bar(
                entry.period.label,
                downtime_text(figures.downtime_seconds),
                (Segment(figures.downtime_seconds, "sg-fill-downtime"),),
            )
        )
    return bar_chart(bars, "Downtime per quarter, any component: " + _listing(bars))


def _resolve_chart(quarters: Sequence[PeriodFigures]) -> Markup:
    bars = []
    for entry in quarters:
        figures = entry.overall
        assert figures is not None
        resolve = figures.by_impact["all"].resolve
        median, p90 = resolve.median or 0.0, resolve.p90 or 0.0
        text = (
            f"median {span_text(resolve.median)}, 90th percentile {span_text(resolve.p90)}"
            if resolve.count
            else "no incidents"
        )
        bars.append(
            Bar(
                entry.period.label,
                text,
                (Segment(median, "sg-fill-median"), Segment(p90 - median, "sg-fill-p90")),
            )
        )
    return bar_chart(bars, "Time to resolve per quarter: " + _listing(bars))


def _cadence_chart(quarters: Sequence[PeriodFigures]) -> Markup:
    bars = []
    for entry in quarters:
        figures = entry.overall
        assert figures is not None
        every = figures.by_impact["all"]
        share = every.cadence_share
        text = f"{percent_text(share, 1)} of {every.gaps} gaps kept" if every.gaps else "no gaps"
        kept = 100 * (share or 0.0)
        missed = 100 - kept if every.gaps else 0.0
        bars.append(
            Bar(
                entry.period.label,
                text,
                (Segment(kept, "sg-fill-kept"), Segment(missed, "sg-fill-missed")),
            )
        )
    return bar_chart(bars, "Update cadence kept per quarter: " + _listing(bars), scale_to=100)


def _budget_chart(budgets: Sequence[Budget], names: dict[str, str]) -> Markup:
    bars = []
    for item in budgets:
        share = 100 * (item.spent_share or 0.0)
        css = "sg-fill-within" if item.within_budget else "sg-fill-over"
        bars.append(
            Bar(
                names[item.component],
                f"{share:.0f} % of the budget spent",
                (Segment(share, css),),
            )
        )
    return bar_chart(
        bars,
        "Error budget spent this quarter, per component: " + _listing(bars),
        scale_to=100,
        marker=100,
        marker_label="budget",
    )


def _listing(bars: Sequence[Bar]) -> str:
    return "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars) or "no data"


def _budget_rows(report: ReliabilityReport) -> list[dict[str, Any]]:
    quarter = report.current_quarter
    month = report.current_month
    if quarter is None:
        return []
    monthly = {b.component: b for b in report.budgets_for(month.period)} if month else {}
    rows = []
    for item in report.budgets_for(quarter.period):
        this_month = monthly.get(item.component)
        rows.append(
            {
                "component": next(c for c in report.components if c.id == item.component),
                "budget": item,
                "objective": objective_text(item.slo),
                "quarter_availability": percent_text(item.availability.ratio),
                "month_availability": percent_text(this_month.availability.ratio)
                if this_month
                else "–",
                "allowed": budget_minutes(item.allowed_ms),
                "spent": budget_minutes(item.spent_ms),
                "left": budget_minutes(item.left_ms),
                "month_left": budget_minutes(this_month.left_ms) if this_month else "–",
            }
        )
    return rows


def _component_rows(report: ReliabilityReport) -> list[dict[str, Any]]:
    rows = []
    for component in report.components:
        figures = report.total.components[component.id]
        every = figures.by_impact["all"]
        rows.append(
            {
                "component": component,
                "incidents": figures.incidents,
                "downtime": downtime_text(figures.downtime_seconds),
                "worst": figures.worst,
                "worst_text": downtime_text(figures.worst.downtime_seconds)
                if figures.worst
                else "",
                "resolve": _cell(every.resolve),
                "share": percent_text(every.cadence_share, 1),
            }
        )
    return rows


def _component_quarters(report: ReliabilityReport) -> list[dict[str, Any]]:
    """Per component, each quarter's incidents and downtime."""
    return [
        {
            "component": component,
            "cells": [
                {
                    "incidents": q.components[component.id].incidents,
                    "downtime": downtime_phrase(q.components[component.id].downtime_seconds),
                }
                for q in report.quarters
            ],
        }
        for component in report.components
    ]


def _objective_quarters(report: ReliabilityReport) -> list[dict[str, Any]]:
    """Per component with an objective, each quarter's availability and budget left."""
    by_key = {(b.component, b.period.key): b for b in report.budgets}
    rows = []
    for component in report.components:
        if component.slo is None:
            continue
        cells = []
        for q in report.quarters:
            item = by_key[(component.id, q.period.key)]
            cells.append(
                {
                    "availability": percent_text(item.availability.ratio),
                    "left": budget_minutes(item.left_ms),
                    "within": item.within_budget,
                }
            )
        rows.append(
            {"component": component, "objective": objective_text(component.slo), "cells": cells}
        )
    return rows


def _policy_text(report: ReliabilityReport) -> str:
    parts = []
    for impact in reversed(list(Impact)):
        minutes = report.cadence_minutes.get(impact.value)
        label = IMPACT_NAMES[impact.value].lower()
        parts.append(
            f"{label}: none expected"
            if minutes is None
            else f"{label}: every {span_text(minutes * 60)}"
        )
    return "; ".join(parts)


def page_context(report: ReliabilityReport) -> dict[str, Any]:
    """Everything `reliability.html` shows."""
    quarters = list(report.quarters)
    names = {c.id: c.name for c in report.components}
    budget_rows = _budget_rows(report)
    quarter = report.current_quarter
    return {
        "report": report,
        "quarters": _quarter_rows(quarters),
        "incidents_chart": _incidents_chart(quarters),
        "downtime_chart": _downtime_chart(quarters),
        "resolve_chart": _resolve_chart(quarters),
        "cadence_chart": _cadence_chart(quarters),
        "budget_rows": budget_rows,
        "budget_chart": _budget_chart(report.budgets_for(quarter.period), names)
        if budget_rows and quarter
        else None,
        "current_quarter": quarter.period if quarter else None,
        "current_month": report.current_month.period if report.current_month else None,
        "components": _component_rows(report),
        "component_quarters": _component_quarters(report),
        "objective_quarters": _objective_quarters(report),
        "policy": _policy_text(report),
        "impact_keys": IMPACT_KEYS,
        "impact_names": IMPACT_NAMES,
        "weight": report.partial_outage_weight,
    }
