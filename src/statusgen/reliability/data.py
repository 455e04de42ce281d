"""`reliability.json` and the CSV tables: the report for other people's dashboards.

The JSON's shape is documented in the README (section "Reliability report"); `version`
changes only when a key changes meaning or goes away. CSV files are RFC 4180 (CRLF line
ends, a header row), one per table of `tables.py`.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from statusgen.content.site import Content
from statusgen.render.format import floor_percent, iso
from statusgen.render.publishing import encode_json

from .figures import IMPACT_KEYS, Figures
from .report import PeriodFigures, ReliabilityReport, site_report
from .tables import (
    MEASURES,
    TABLES,
    budget_values,
    duration_values,
    minutes,
    table,
)

FORMAT = "statusgen-reliability"
VERSION = 1
JSON_PATH = "reliability.json"
CSV_FOLDER = "reliability"


def _figures(figures: Figures) -> dict[str, Any]:
    by_impact = {}
    for key in IMPACT_KEYS:
        values = figures.by_impact[key]
        if key != "all" and not values.incidents:
            continue  # an impact with no incident has nothing to say
        by_impact[key] = {
            "incidents": values.incidents,
            **{f"time_to_{name}": duration_values(getattr(values, name)) for name, _ in MEASURES},
            "update_gaps": values.gaps,
            "update_gaps_kept": values.gaps_kept,
            "cadence_kept_percent": floor_percent(values.cadence_share, 1),
        }
    worst = figures.worst
    return {
        "incidents": {key: figures.by_impact[key].incidents for key in IMPACT_KEYS},
        "downtime_minutes": minutes(figures.downtime_seconds),
        "worst": None
        if worst is None
        else {
            "incident": worst.incident_id,
            "title": worst.title,
            "downtime_minutes": minutes(worst.downtime_seconds),
        },
        "by_impact": by_impact,
    }


def _period(entry: PeriodFigures) -> dict[str, Any]:
    period = entry.period
    return {
        "kind": period.kind,
        "key": period.key,
        "label": period.label,
        "start": iso(period.start),
        "end": iso(period.end),
        "site": None if entry.overall is None else _figures(entry.overall),
        "components": {c: _figures(f) for c, f in entry.components.items()},
    }


def report_data(report: ReliabilityReport) -> dict[str, Any]:
    """The whole report as JSON-ready values."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": iso(report.now),
        "since": iso(report.since),
        "until": iso(report.until),
        "settings": {
            "cadence_minutes": dict(report.cadence_minutes),
            "maintenance_in_slo": report.maintenance_in_slo,
            "partial_outage_weight": report.partial_outage_weight,
        },
        "components": [{"id": c.id, "name": c.name, "slo": c.slo} for c in report.components],
        "periods": [_period(entry) for entry in (*report.quarters, *report.months, report.total)],
        "slo": [
            {
                "component": b.component,
                "period_kind": b.period.kind,
                "period": b.period.key,
                **budget_values(b),
            }
            for b in report.budgets
        ],
    }


def report_json(report: ReliabilityReport) -> bytes:
    """Stable bytes, inert if pasted into HTML (as every JSON file of the site)."""
    return encode_json(report_data(report))


def table_csv(report: ReliabilityReport, name: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TABLES[name])
    writer.writeheader()
    for row in table(report, name):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def is_public(content: Content) -> bool:
    return content.config.options.reliability.page == "public"


def reliability_files(content: Content, now: datetime) -> dict[str, bytes]:
    """`reliability.json` and `reliability/<table>.csv`, when the report is public."""
    if not is_public(content):
        return {}
    report = site_report(content, now)
    files = {JSON_PATH: report_json(report)}
    for name in TABLES:
        files[f"{CSV_FOLDER}/{name}.csv"] = table_csv(report, name).encode("utf-8")
    return files
