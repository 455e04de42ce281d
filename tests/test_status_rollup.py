"""The top-level status follows Statuspage's documented rollup of components and incidents.

Atlassian's "Top-level status and incident impact calculations": one component maps
straight to a description; with more, outages on some components read softer than on all
of them; with no component out of service, active incidents set the status by impact.
"""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

import pytest

from statusgen.models import Incident
from statusgen.status import overall_status
from statusgen.statuspage_api import api_files
from statusgen.validate import check_site

from .conftest import NOW, SiteFactory

OK, MAINT, DEGRADED, PARTIAL, MAJOR = (
    "operational",
    "under_maintenance",
    "degraded_performance",
    "partial_outage",
    "major_outage",
)
BY_IMPACT = {
    "minor": "Minor Service Outage",
    "major": "Partial System Outage",
    "critical": "Major System Outage",
}


def documented_status(statuses: tuple[str, ...], impact: str | None) -> tuple[str, str]:
    """Statuspage's rules as its documentation states them, case by case."""
    out_of_service = [s for s in statuses if s not in (OK, MAINT)]
    if len(statuses) == 1 and out_of_service:
        return {
            DEGRADED: ("minor", "Partially Degraded Service"),
            PARTIAL: ("major", "Partial System Outage"),
            MAJOR: ("critical", "Major System Outage"),
        }[statuses[0]]
    if statuses.count(MAJOR) == len(statuses):
        return "critical", "Major System Outage"
    if MAJOR in statuses or statuses.count(PARTIAL) == len(statuses):
        return "major", "Partial System Outage"
    if PARTIAL in statuses:
        return "minor", "Minor Service Outage"
    if statuses.count(DEGRADED) == len(statuses):
        return "minor", "Degraded System Service"
    if DEGRADED in statuses:
        return "minor", "Partially Degraded Service"
    if impact in BY_IMPACT:
        return impact, BY_IMPACT[impact]
    if MAINT in statuses:
        return "maintenance", "Service Under Maintenance"
    return "none", "All Systems Operational"


def active_items(statuses: dict[str, str], impact: str | None) -> list[Incident]:
    """One open incident or running maintenance per affected component, plus one incident."""
    now = NOW
    items = []
    for component, status in statuses.items():
        if status == OK:
            continue
        if status == MAINT:
            data = {
                "title": f"{component} maintenance",
                "kind": "maintenance",
                "components": {component: status},
                "scheduled_for": now - timedelta(hours=1),
                "scheduled_until": now + timedelta(hours=1),
                "updates": [
                    {"at": now - timedelta(days=2), "status": "scheduled", "body": "Soon."}
                ],
            }
        else:
            data = {
                "title": f"{component} trouble",
                "impact": "none",
                "components": {component: status},
                "updates": [{"at": now, "status": "investigating", "body": "Looking."}],
            }
        items.append(Incident.model_validate({**data, "id": f"x-{component}", "source": "x"}))
    if impact is not None:
        data = {
            "title": "Open incident",
            "impact": impact,
            "updates": [{"at": now, "status": "investigating", "body": "Looking."}],
        }
        items.append(Incident.model_validate({**data, "id": "x-open", "source": "x"}))
    return items


STATUSES = (OK, MAINT, DEGRADED, PARTIAL, MAJOR)
IMPACTS = (None, "none", "minor", "major", "critical")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_every_combination_of_component_statuses_and_incident_impacts(count: int) -> None:
    components = [f"c{n}" for n in range(count)]
    checked = 0
    for statuses in itertools.product(STATUSES, repeat=count):
        for impact in IMPACTS:
            items = active_items(dict(zip(components, statuses, strict=True)), impact)
            overall = overall_status(components, items, NOW)
            indicator = "maintenance" if overall.under_maintenance else overall.indicator.value
            assert (indicator, overall.description) == documented_status(statuses, impact), (
                statuses,
                impact,
            )
            checked += 1
    assert checked == len(STATUSES) ** count * len(IMPACTS)


def test_a_resolved_incident_no_longer_counts() -> None:
    items = active_items({"c0": MAJOR}, "critical")
    resolved = [
        Incident.model_validate(
            {
                **item.model_dump(),
                "updates": [
                    {"at": NOW, "status": "resolved", "body": "Fixed."},
                    *item.model_dump()["updates"],
                ],
            }
        )
        for item in items
    ]
    overall = overall_status(["c0"], resolved, NOW + timedelta(minutes=1))
    assert (overall.indicator.value, overall.description) == ("none", "All Systems Operational")


SUMMARY_CASES = {
    "all operational": ({}, None, ("none", "All Systems Operational")),
    "one degraded": ({"api": DEGRADED}, None, ("minor", "Partially Degraded Service")),
    "all degraded": (
        {"api": DEGRADED, "web": DEGRADED, "db": DEGRADED},
        None,
        ("minor", "Degraded System Service"),
    ),
    "one partial outage": ({"api": PARTIAL}, None, ("minor", "Minor Service Outage")),
    "all partial outage": (
        {"api": PARTIAL, "web": PARTIAL, "db": PARTIAL},
        None,
        ("major", "Partial System Outage"),
    ),
    "one major outage": ({"db": MAJOR}, None, ("major", "Partial System Outage")),
    "all major outage": (
        {"api": MAJOR, "web": MAJOR, "db": MAJOR},
        None,
        ("critical", "Major System Outage"),
    ),
    "maintenance": ({"db": MAINT}, None, ("maintenance", "Service Under Maintenance")),
    "maintenance and degraded": (
        {"db": MAINT, "api": DEGRADED},
        None,
        ("minor", "Partially Degraded Service"),
    ),
    "incident without components": ({}, "major", ("major", "Partial System Outage")),
    "components outrank a critical incident": (
        {"api": PARTIAL},
        "critical",
        ("minor", "Minor Service Outage"),
    ),
    "incident during maintenance": ({"db": MAINT}, "minor", ("minor", "Minor Service Outage")),
}


@pytest.mark.parametrize("case", SUMMARY_CASES)
def test_summary_json_status(site: SiteFactory, case: str) -> None:
    statuses, impact, expected = SUMMARY_CASES[case]
    for item in active_items(statuses, impact):
        front = item.model_dump(
            mode="json", exclude={"id", "source", "body", "update_lines"}, exclude_none=True
        )
        name = f"2026-11-22-{item.id}.md"
        site.incident(name, "---\n" + json.dumps(front) + "\n---\n")
    result = check_site(site.config_file, NOW)
    assert result.content is not None, result.report.format("text")
    summary = json.loads(api_files(result.content, NOW)["api/v2/summary.json"])
    assert (summary["status"]["indicator"], summary["status"]["description"]) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (DEGRADED, ("minor", "Partially Degraded Service")),
        (PARTIAL, ("major", "Partial System Outage")),
        (MAJOR, ("critical", "Major System Outage")),
        (MAINT, ("maintenance", "Service Under Maintenance")),
    ],
)
def test_a_page_with_one_component(status: str, expected: tuple[str, str]) -> None:
    items = active_items({"only": status}, None)
    overall = overall_status(["only"], items, NOW)
    indicator = "maintenance" if overall.under_maintenance else overall.indicator.value
    assert (indicator, overall.description) == expected
