"""The report as tables of plain values: one definition for the CSV files, the JSON and the
terminal, so they can never disagree.

Durations are minutes with two decimals; percentages are rounded down (99.999 % never reads
as 100 %). A row about the whole site has an empty `component`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statusgen.render.format import floor_percent, iso

from .figures import IMPACT_KEYS, Figures
from .report import PeriodFigures, ReliabilityReport
from .slo import Budget
from .stats import Durations

MEASURES = (
    ("first_update", "Time to first public update"),
    ("mitigate", "Time to mitigate"),
    ("resolve", "Time to resolve"),
)

SUMMARY_COLUMNS = (
    "period_kind",
    "period",
    "start",
    "end",
    "component",
    "incidents",
    "critical",
    "major",
    "minor",
    "none",
    "downtime_minutes",
    "worst_downtime_minutes",
    "worst_incident",
    "update_gaps",
    "update_gaps_kept",
    "cadence_kept_percent",
)
RESPONSE_COLUMNS = (
    "period_kind",
    "period",
    "start",
    "end",
    "component",
    "impact",
    "measure",
    "incidents",
    "ongoing",
    "median_minutes",
    "p90_minutes",
)
SLO_COLUMNS = (
    "period_kind",
    "period",
    "start",
    "end",
    "component",
    "slo_percent",
    "availability_percent",
    "allowed_minutes",
    "spent_minutes",
    "left_minutes",
    "within_budget",
)
TABLES = {
    "summary": SUMMARY_COLUMNS,
    "response-times": RESPONSE_COLUMNS,
    "slo": SLO_COLUMNS,
}

Row = dict[str, Any]


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 2)


def _periods(report: ReliabilityReport) -> Iterator[PeriodFigures]:
    yield from report.quarters
    yield from report.months
    yield report.total


def _scopes(entry: PeriodFigures) -> Iterator[tuple[str, Figures]]:
    if entry.overall is not None:
        yield "", entry.overall
    yield from entry.components.items()


def _where(entry: PeriodFigures) -> Row:
    period = entry.period
    return {
        "period_kind": period.kind,
        "period": period.key,
        "start": iso(period.start),
        "end": iso(period.end),
    }


def summary_row(entry: PeriodFigures, component: str, figures: Figures) -> Row:
    every = figures.by_impact["all"]
    return {
        **_where(entry),
        "component": component,
        "incidents": every.incidents,
        **{key: figures.by_impact[key].incidents for key in IMPACT_KEYS[1:]},
        "downtime_minutes": minutes(figures.downtime_seconds),
        "worst_downtime_minutes": minutes(figures.worst.downtime_seconds) if figures.worst else 0,
        "worst_incident": figures.worst.incident_id if figures.worst else "",
        "update_gaps": every.gaps,
        "update_gaps_kept": every.gaps_kept,
        "cadence_kept_percent": floor_percent(every.cadence_share, 1),
    }


def duration_values(durations: Durations) -> Row:
    return {
        "incidents": durations.count,
        "ongoing": durations.ongoing,
        "median_minutes": minutes(durations.median),
        "p90_minutes": minutes(durations.p90),
    }


def summary_rows(report: ReliabilityReport) -> list[Row]:
    return [
        summary_row(entry, component, figures)
        for entry in _periods(report)
        for component, figures in _scopes(entry)
    ]


def response_rows(report: ReliabilityReport) -> list[Row]:
    rows = []
    for entry in _periods(report):
        for component, figures in _scopes(entry):
            for impact in IMPACT_KEYS:
                values = figures.by_impact[impact]
                if impact != "all" and not values.incidents:
                    continue
                for key, _ in MEASURES:
                    rows.append(
                        {
                            **_where(entry),
                            "component": component,
                            "impact": impact,
                            "measure": key,
                            **duration_values(getattr(values, key)),
                        }
                    )
    return rows


def budget_values(item: Budget) -> Row:
    return {
        "slo_percent": item.slo,
        "availability_percent": floor_percent(item.availability.ratio),
        "allowed_minutes": round(item.allowed_ms / 60_000, 2),
        "spent_minutes": round(item.spent_ms / 60_000, 2),
        "left_minutes": round(item.left_ms / 60_000, 2),
        "within_budget": item.within_budget,
    }


def slo_rows(report: ReliabilityReport) -> list[Row]:
    by_period = {entry.period: entry for entry in _periods(report)}
    return [
        {**_where(by_period[b.period]), "component": b.component, **budget_values(b)}
        for b in report.budgets
    ]


def table(report: ReliabilityReport, name: str) -> list[Row]:
    if name == "summary":
        return summary_rows(report)
    if name == "response-times":
        return response_rows(report)
    if name == "slo":
        return slo_rows(report)
    raise LookupError(f"no table named '{name}': use one of {', '.join(TABLES)}")
