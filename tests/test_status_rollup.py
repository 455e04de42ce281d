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

from statusgen.content.incident import Incident
from statusgen.content.validate import check_site
from statusgen.render.statuspage_json import api_files
from statusgen.status.timeline import overall_status

from .conftest import NOW, SiteFactory

OK, MAINT, DEGRADED, PARTIAL, MAJOR = (
    "operational",
    "under_maintenance",
    "degraded_performance",
    "partial_outage",
    "major_outage",
)


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

# Written out from Atlassian's "Top-level status and incident impact calculations", one row
# per rule: (component statuses, open incident's impact) → (indicator, description).
DOCUMENTED: list[tuple[tuple[str, ...], str | None, tuple[str, str]]] = [
    # Nothing open.
    ((OK,), None, ("none", "All Systems Operational")),
    ((OK, OK, OK), None, ("none", "All Systems Operational")),
    ((OK, OK), "none", ("none", "All Systems Operational")),
    # One component: its status maps straight to a description.
    ((DEGRADED,), None, ("minor", "Partially Degraded Service")),
    ((PARTIAL,), None, ("major", "Partial System Outage")),
    ((MAJOR,), None, ("critical", "Major System Outage")),
    ((MAINT,), None, ("maintenance", "Service Under Maintenance")),
    # Several: the worst status decides, and "all of them" reads worse than "some".
    ((DEGRADED, OK), None, ("minor", "Partially Degraded Service")),
    ((DEGRADED, DEGRADED), None, ("minor", "Degraded System Service")),
    ((DEGRADED, DEGRADED, DEGRADED), None, ("minor", "Degraded System Service")),
    ((PARTIAL, OK), None, ("minor", "Minor Service Outage")),
    ((PARTIAL, DEGRADED), None, ("minor", "Minor Service Outage")),
    ((PARTIAL, PARTIAL, OK), None, ("minor", "Minor Service Outage")),
    ((PARTIAL, PARTIAL), None, ("major", "Partial System Outage")),
    ((PARTIAL, PARTIAL, PARTIAL), None, ("major", "Partial System Outage")),
    ((MAJOR, OK), None, ("major", "Partial System Outage")),
    ((MAJOR, PARTIAL), None, ("major", "Partial System Outage")),
    ((MAJOR, MAJOR, OK), None, ("major", "Partial System Outage")),
    ((MAJOR, MAJOR), None, ("critical", "Major System Outage")),
    ((MAJOR, MAJOR, MAJOR), None, ("critical", "Major System Outage")),
    # Maintenance is not an outage: it only shows when nothing else does.
    ((MAINT, OK), None, ("maintenance", "Service Under Maintenance")),
    ((MAINT, MAINT, MAINT), None, ("maintenance", "Service Under Maintenance")),
    ((MAINT, DEGRADED), None, ("minor", "Partially Degraded Service")),
    ((MAINT, DEGRADED, DEGRADED), None, ("minor", "Partially Degraded Service")),
    ((MAINT, PARTIAL, PARTIAL), None, ("minor", "Minor Service Outage")),
    ((MAINT, MAJOR), None, ("major", "Partial System Outage")),
    # With every component fine, an open incident sets the status by its impact.
    ((OK,), "minor", ("minor", "Minor Service Outage")),
    ((OK, OK), "major", ("major", "Partial System Outage")),
    ((OK, OK, OK), "critical", ("critical", "Major System Outage")),
    # ... also over maintenance ...
    ((MAINT,), "major", ("major", "Partial System Outage")),
    ((MAINT, OK), "minor", ("minor", "Minor Service Outage")),
    ((MAINT, MAINT, MAINT), "critical", ("critical", "Major System Outage")),
    ((MAINT, OK), "none", ("maintenance", "Service Under Maintenance")),
    # ... but a component out of service decides, even when the incident is worse.
    ((DEGRADED,), "critical", ("minor", "Partially Degraded Service")),
    ((MAJOR,), "minor", ("critical", "Major System Outage")),
    ((DEGRADED, OK), "major", ("minor", "Partially Degraded Service")),
    ((PARTIAL, OK, OK), "critical", ("minor", "Minor Service Outage")),
    ((MAJOR, OK), "critical", ("major", "Partial System Outage")),
    ((PARTIAL, PARTIAL), "minor", ("major", "Partial System Outage")),
]


def rolled_up(statuses: tuple[str, ...], impact: str | None) -> tuple[str, str]:
    components = [f"c{n}" for n in range(len(statuses))]
    items = active_items(dict(zip(components, statuses, strict=True)), impact)
    overall = overall_status(components, items, NOW)
    indicator = "maintenance" if overall.under_maintenance else overall.indicator.value
    return indicator, overall.description


@pytest.mark.parametrize(("statuses", "impact", "expected"), DOCUMENTED)
def test_the_documented_rollup(
    statuses: tuple[str, ...], impact: str | None, expected: tuple[str, str]
) -> None:
    assert rolled_up(statuses, impact) == expected


# From harmless to worst, for the property below.
INDICATOR_RANK = ["none", "maintenance", "minor", "major", "critical"]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_worse_component_never_makes_the_page_look_better(count: int) -> None:
    """With no incident open, worsening any one component never lowers the indicator."""
    for statuses in itertools.product(STATUSES, repeat=count):
        rank = INDICATOR_RANK.index(rolled_up(statuses, None)[0])
        for position, status in enumerate(statuses):
            for worse in STATUSES[STATUSES.index(status) + 1 :]:
                changed = (*statuses[:position], worse, *statuses[position + 1 :])
                worse_rank = INDICATOR_RANK.index(rolled_up(changed, None)[0])
                assert worse_rank >= rank, (statuses, changed)


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
