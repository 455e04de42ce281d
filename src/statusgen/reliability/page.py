"""What the `/reliability/` page shows: the report turned into rows, texts and charts.

The template (`templates/reliability.html`) only lays these out. Every number on the page
is in a table; the charts draw the same numbers for a glance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from statusgen.i18n import Language
from statusgen.render.format import percent_figure_text, percent_text

from .charts import Bar, Segment, bar_chart
from .figures import IMPACT_KEYS, Figures
from .report import PeriodFigures, ReliabilityReport
from .slo import Budget
from .stats import Durations
from .words import (
    budget_minutes,
    downtime_phrase,
    downtime_text,
    impact_names,
    incidents_text,
    objective_text,
    period_text,
    policy_text,
    span_text,
)

URL = "reliability/"


@dataclass(frozen=True)
class DurationCell:
    median: str
    p90: str
    count: int
    ongoing: int


def _cell(durations: Durations, lang: Language) -> DurationCell:
    return DurationCell(
        span_text(durations.median, lang),
        span_text(durations.p90, lang),
        durations.count,
        durations.ongoing,
    )


def _response_rows(figures: Figures, lang: Language) -> list[dict[str, Any]]:
    names = impact_names(lang)
    rows = []
    for key in IMPACT_KEYS:
        values = figures.by_impact[key]
        if key != "all" and not values.incidents:
            continue
        rows.append(
            {
                "impact": key,
                "name": names[key],
                "incidents": values.incidents,
                "first_update": _cell(values.first_update, lang),
                "mitigate": _cell(values.mitigate, lang),
                "resolve": _cell(values.resolve, lang),
                "gaps": values.gaps,
                "kept": values.gaps_kept,
                "share": percent_text(values.cadence_share, lang, 1),
            }
        )
    return rows


def _overall(entry: PeriodFigures) -> Figures:
    figures = entry.overall
    assert figures is not None  # every period of the page sums up the whole site
    return figures


def _quarter_rows(quarters: Sequence[PeriodFigures], lang: Language) -> list[dict[str, Any]]:
    rows = []
    for entry in quarters:
        figures = _overall(entry)
        rows.append(
            {
                "period": entry.period,
                "label": period_text(entry.period, lang),
                "figures": figures,
                "counts": {key: figures.by_impact[key].incidents for key in IMPACT_KEYS},
                "downtime": downtime_text(figures.downtime_seconds, lang),
                "worst": figures.worst,
                "worst_text": downtime_text(figures.worst.downtime_seconds, lang)
                if figures.worst
                else "",
                "responses": _response_rows(figures, lang),
            }
        )
    return rows


def _chart(bars: Sequence[Bar], summary: str, lang: Language, **options: Any) -> Markup:
    """A chart whose aria-label says its summary and then every bar's figure."""
    listing = lang.gettext("; ").join(
        lang.gettext("%(label)s: %(value)s") % {"label": bar.label, "value": bar.value_text}
        for bar in bars
    )
    words = lang.gettext("%(chart)s: %(bars)s") % {
        "chart": summary,
        "bars": listing or lang.gettext("no data"),
    }
    return bar_chart(bars, words, **options)


def _per_quarter(
    quarters: Sequence[PeriodFigures],
    lang: Language,
    summary: str,
    bar_of: Callable[[Figures], tuple[str, tuple[Segment, ...]]],
    **options: Any,
) -> Markup:
    """A chart with one bar per quarter: `bar_of` gives its figure's text and segments."""
    bars = [Bar(period_text(entry.period, lang), *bar_of(_overall(entry))) for entry in quarters]
    return _chart(bars, summary, lang, **options)


def _incidents_chart(quarters: Sequence[PeriodFigures], lang: Language) -> Markup:
    def bar(figures: Figures) -> tuple[str, tuple[Segment, ...]]:
        segments = tuple(
            Segment(figures.by_impact[key].incidents, f"sg-fill-{key}") for key in IMPACT_KEYS[1:]
        )
        return incidents_text(figures.incidents, lang), segments

    return _per_quarter(quarters, lang, lang.gettext("Incidents per quarter, by impact"), bar)


def _downtime_chart(quarters: Sequence[PeriodFigures], lang: Language) -> Markup:
    def bar(figures: Figures) -> tuple[str, tuple[Segment, ...]]:
        seconds = figures.downtime_seconds
        return downtime_text(seconds, lang), (Segment(seconds, "sg-fill-downtime"),)

    return _per_quarter(quarters, lang, lang.gettext("Downtime per quarter, any component"), bar)


def _resolve_chart(quarters: Sequence[PeriodFigures], lang: Language) -> Markup:
    def bar(figures: Figures) -> tuple[str, tuple[Segment, ...]]:
        resolve = figures.by_impact["all"].resolve
        median, p90 = resolve.median or 0.0, resolve.p90 or 0.0
        values = {"median": span_text(resolve.median, lang), "p90": span_text(resolve.p90, lang)}
        text = (
            lang.gettext("median %(median)s, 90th percentile %(p90)s") % values
            if resolve.count
            else lang.gettext("no incidents")
        )
        return text, (Segment(median, "sg-fill-median"), Segment(p90 - median, "sg-fill-p90"))

    return _per_quarter(quarters, lang, lang.gettext("Time to resolve per quarter"), bar)


def _cadence_chart(quarters: Sequence[PeriodFigures], lang: Language) -> Markup:
    def bar(figures: Figures) -> tuple[str, tuple[Segment, ...]]:
        every = figures.by_impact["all"]
        share = every.cadence_share
        text = (
            lang.ngettext(
                "%(share)s of %(num)d gap kept", "%(share)s of %(num)d gaps kept", every.gaps
            )
            % {"share": percent_text(share, lang, 1), "num": every.gaps}
            if every.gaps
            else lang.gettext("no gaps")
        )
        kept = 100 * (share or 0.0)
        missed = 100 - kept if every.gaps else 0.0
        return text, (Segment(kept, "sg-fill-kept"), Segment(missed, "sg-fill-missed"))

    summary = lang.gettext("Update cadence kept per quarter")
    return _per_quarter(quarters, lang, summary, bar, scale_to=100)


def _budget_chart(budgets: Sequence[Budget], names: dict[str, str], lang: Language) -> Markup:
    bars = []
    for item in budgets:
        share = 100 * (item.spent_share or 0.0)
        css = "sg-fill-within" if item.within_budget else "sg-fill-over"
        spent = percent_figure_text(share, lang, "#,##0")
        bars.append(
            Bar(
                names[item.component],
                lang.gettext("%(share)s of the budget spent") % {"share": spent},
                (Segment(share, css),),
            )
        )
    return _chart(
        bars,
        lang.gettext("Error budget spent this quarter, per component"),
        lang,
        scale_to=100,
        marker=100,
        marker_label=lang.gettext("budget"),
    )


def _budget_rows(report: ReliabilityReport, lang: Language) -> list[dict[str, Any]]:
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
                "objective": objective_text(item.slo, lang),
                "quarter_availability": percent_text(item.availability.ratio, lang, 3),
                "month_availability": percent_text(this_month.availability.ratio, lang, 3)
                if this_month
                else "–",
                "allowed": budget_minutes(item.allowed_ms, lang),
                "spent": budget_minutes(item.spent_ms, lang),
                "left": budget_minutes(item.left_ms, lang),
                "month_left": budget_minutes(this_month.left_ms, lang) if this_month else "–",
            }
        )
    return rows


def _component_rows(report: ReliabilityReport, lang: Language) -> list[dict[str, Any]]:
    rows = []
    for component in report.components:
        figures = report.total.components[component.id]
        every = figures.by_impact["all"]
        rows.append(
            {
                "component": component,
                "incidents": figures.incidents,
                "downtime": downtime_text(figures.downtime_seconds, lang),
                "worst": figures.worst,
                "worst_text": downtime_text(figures.worst.downtime_seconds, lang)
                if figures.worst
                else "",
                "resolve": _cell(every.resolve, lang),
                "share": percent_text(every.cadence_share, lang, 1),
            }
        )
    return rows


def _component_quarters(report: ReliabilityReport, lang: Language) -> list[dict[str, Any]]:
    """Per component, each quarter's incidents and downtime."""
    return [
        {
            "component": component,
            "cells": [
                {
                    "incidents": incidents_text(q.components[component.id].incidents, lang),
                    "downtime": downtime_phrase(q.components[component.id].downtime_seconds, lang),
                }
                for q in report.quarters
            ],
        }
        for component in report.components
    ]


def _objective_quarters(report: ReliabilityReport, lang: Language) -> list[dict[str, Any]]:
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
                    "availability": percent_text(item.availability.ratio, lang, 3),
                    "left": budget_minutes(item.left_ms, lang),
                    "within": item.within_budget,
                }
            )
        rows.append(
            {
                "component": component,
                "objective": objective_text(component.slo, lang),
                "cells": cells,
            }
        )
    return rows


def page_context(report: ReliabilityReport, lang: Language) -> dict[str, Any]:
    """Everything `reliability.html` shows, in the site's language."""
    quarters = list(report.quarters)
    names = {c.id: c.name for c in report.components}
    budget_rows = _budget_rows(report, lang)
    quarter = report.current_quarter
    month = report.current_month
    return {
        "report": report,
        "period": period_text(report.total.period, lang),
        "quarters": _quarter_rows(quarters, lang),
        "incidents_chart": _incidents_chart(quarters, lang),
        "downtime_chart": _downtime_chart(quarters, lang),
        "resolve_chart": _resolve_chart(quarters, lang),
        "cadence_chart": _cadence_chart(quarters, lang),
        "budget_rows": budget_rows,
        "budget_chart": _budget_chart(report.budgets_for(quarter.period), names, lang)
        if budget_rows and quarter
        else None,
        "current_quarter": period_text(quarter.period, lang) if quarter else None,
        "current_month": period_text(month.period, lang) if month else None,
        "components": _component_rows(report, lang),
        "component_quarters": _component_quarters(report, lang),
        "objective_quarters": _objective_quarters(report, lang),
        "policy": policy_text(report.cadence_minutes, lang),
        "impact_keys": IMPACT_KEYS,
        "impact_names": impact_names(lang),
        "impact_legend": [(key, impact_names(lang)[key]) for key in IMPACT_KEYS[1:]],
        "weight": percent_figure_text(100 * report.partial_outage_weight, lang, "#,##0.#"),
        **_examples(lang),
    }


def _examples(lang: Language) -> dict[str, str]:
    """The figures the "how these figures are computed" notes use, written like the tables'."""
    return {
        "example_objective": percent_figure_text(99.9, lang),
        "example_allowance": percent_figure_text(0.1, lang),
        "example_availability": percent_figure_text(99.999, lang),
        "example_whole": percent_figure_text(100, lang),
    }
