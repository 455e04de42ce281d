"""Statuspage-compatible JSON: every file matches the v2 shapes and says what Statuspage says."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.render.statuspage_json import api_files

from .conftest import GOOD_INCIDENT, NOW, SiteFactory, maintenance_text

SCHEMA = json.loads((Path(__file__).parent / "statuspage_v2.schema.json").read_text("utf-8"))
ENDPOINTS = [
    "summary.json",
    "status.json",
    "components.json",
    "incidents.json",
    "incidents/unresolved.json",
    "scheduled-maintenances.json",
    "scheduled-maintenances/upcoming.json",
    "scheduled-maintenances/active.json",
]
MAINTENANCE = maintenance_text(
    "2026-03-10T02:00:00Z",
    "2026-03-10T04:00:00Z",
    announced="2026-03-01T09:00:00Z",
    body="We will upgrade the database.",
)


def content_of(site: SiteFactory, now: datetime = NOW) -> Content:
    result = check_site(site.config_file, now)
    assert result.content is not None, result.report.format("text")
    return result.content


def api(site: SiteFactory, now: datetime = NOW) -> dict[str, Any]:
    files = api_files(content_of(site, now), now)
    return {path.removeprefix("api/v2/"): json.loads(data) for path, data in files.items()}


def schema_errors(document: Any, endpoint: str) -> list[str]:
    pointer = "#/$defs/" + endpoint.replace("~", "~0").replace("/", "~1")
    validator = Draft202012Validator({**SCHEMA, "$ref": pointer})
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize(
    "moment",
    [
        NOW,
        datetime(2025, 12, 9, 14, 30, tzinfo=UTC),  # the first incident is open
        datetime(2026, 3, 17, 17, 0, tzinfo=UTC),  # a critical incident is open
        datetime(2026, 4, 8, 2, 0, tzinfo=UTC),  # a maintenance is in progress
    ],
)
def test_every_endpoint_satisfies_the_statuspage_v2_schema(
    example_site: SiteFactory, moment: datetime
) -> None:
    Draft202012Validator.check_schema(SCHEMA)
    documents = api(example_site, moment)
    assert sorted(documents) == sorted(ENDPOINTS)
    for endpoint, document in documents.items():
        assert schema_errors(document, endpoint) == [], endpoint


def test_the_schema_rejects_renamed_extra_and_mistyped_fields(example_site: SiteFactory) -> None:
    summary = api(example_site)["summary.json"]
    renamed = json.loads(json.dumps(summary))
    renamed["incidents"][0]["title"] = renamed["incidents"][0].pop("name")
    extra = json.loads(json.dumps(summary))
    extra["components"][1]["uptime"] = 99.9
    bad_time = json.loads(json.dumps(summary))
    bad_time["page"]["updated_at"] = "2026-11-22T04:10:00+00:00"
    bad_status = json.loads(json.dumps(summary))
    bad_status["scheduled_maintenances"][0]["status"] = "resolved"
    for broken in (renamed, extra, bad_time, bad_status):
        assert schema_errors(broken, "summary.json") != []


def test_json_is_stable_utf8_with_a_final_newline(example_site: SiteFactory) -> None:
    files = api_files(content_of(example_site), NOW)
    text = files["api/v2/status.json"].decode("utf-8")
    assert text == (
        "{\n"
        '  "page": {\n'
        '    "id": "status-nimbus-example",\n'
        '    "name": "Nimbus Cloud Status",\n'
        '    "url": "https://status.nimbus.example/",\n'
        '    "time_zone": "Etc/UTC",\n'
        '    "updated_at": "2026-11-22T04:10:00.000Z"\n'
        "  },\n"
        '  "status": {\n'
        '    "indicator": "minor",\n'
        '    "description": "Partially Degraded Service"\n'
        "  }\n"
        "}\n"
    )


def test_page_updated_at_is_the_last_content_change_not_now(example_site: SiteFactory) -> None:
    first = api_files(content_of(example_site), NOW)
    later = NOW + timedelta(hours=6)
    assert api_files(content_of(example_site, later), later) == first


def test_summary_lists_unresolved_incidents_and_current_maintenances(
    example_site: SiteFactory,
) -> None:
    documents = api(example_site)
    summary = documents["summary.json"]
    assert [i["id"] for i in summary["incidents"]] == ["2026-11-22-slow-cdn-asia-pacific"]
    assert [m["id"] for m in summary["scheduled_maintenances"]] == [
        "2026-12-05-database-storage-upgrade"
    ]
    assert summary["status"] == {
        "indicator": "minor",
        "description": "Partially Degraded Service",
    }
    assert documents["incidents/unresolved.json"]["incidents"] == summary["incidents"]
    assert len(documents["incidents.json"]["incidents"]) == 14
    assert [
        m["id"] for m in documents["scheduled-maintenances.json"]["scheduled_maintenances"]
    ] == [
        "2026-12-05-database-storage-upgrade",
        "2026-07-14-network-maintenance",
        "2026-04-08-object-storage-maintenance",
        "2026-01-24-database-engine-upgrade",
    ]


def test_an_incident_in_statuspage_terms(example_site: SiteFactory) -> None:
    incidents = api(example_site)["incidents.json"]["incidents"]
    outage = next(
        i for i in incidents if i["id"] == "2026-03-17-sign-in-and-api-authentication-outage"
    )
    assert {k: v for k, v in outage.items() if k not in ("incident_updates", "components")} == {
        "id": "2026-03-17-sign-in-and-api-authentication-outage",
        "name": "Sign-in failures and API authentication errors",
        "status": "postmortem",
        "created_at": "2026-03-17T16:11:00.000Z",
        "updated_at": "2026-03-23T16:00:00.000Z",
        "monitoring_at": "2026-03-17T17:42:00.000Z",
        "resolved_at": "2026-03-17T18:30:00.000Z",
        "impact": "critical",
        "shortlink": (
            "https://status.nimbus.example/incidents/"
            "2026-03-17-sign-in-and-api-authentication-outage/"
        ),
        "started_at": "2026-03-17T16:02:00.000Z",
        "page_id": "status-nimbus-example",
    }
    assert [c["id"] for c in outage["components"]] == ["auth", "web", "api"]
    updates = outage["incident_updates"]
    assert [(u["id"].rsplit("-", 1)[1], u["status"]) for u in updates] == [
        ("postmortem", "postmortem"),
        ("5", "resolved"),
        ("4", "monitoring"),
        ("3", "identified"),
        ("2", "identified"),
        ("1", "investigating"),
    ]
    changes = {
        u["id"].rsplit("-", 1)[1]: [
            (a["code"], a["old_status"], a["new_status"]) for a in u["affected_components"] or []
        ]
        for u in updates
    }
    assert changes == {
        "postmortem": [],
        "5": [],
        "4": [("auth", "partial_outage", "operational"), ("web", "partial_outage", "operational")],
        "3": [
            ("auth", "major_outage", "partial_outage"),
            ("web", "major_outage", "partial_outage"),
            ("api", "partial_outage", "operational"),
        ],
        "2": [],
        "1": [
            ("auth", "operational", "major_outage"),
            ("web", "operational", "major_outage"),
            ("api", "operational", "partial_outage"),
        ],
    }
    assert updates[1]["body"].startswith("Sign-in, single sign-on and API authentication")
    assert updates[1]["display_at"] == updates[1]["created_at"] == "2026-03-17T18:30:00.000Z"


@pytest.mark.parametrize(
    ("moment", "upcoming", "active", "status", "indicator", "db", "updated_at"),
    [
        ("2026-03-05T00:00:00Z", ["scheduled"], [], "scheduled", "none", "operational", "01T09"),
        (
            "2026-03-10T03:00:00Z",
            [],
            ["in_progress"],
            "in_progress",
            "maintenance",
            "under_maintenance",
            "10T02",
        ),
        ("2026-03-10T05:00:00Z", [], [], "completed", "none", "operational", "10T04"),
    ],
)
def test_maintenance_endpoints_follow_the_clock(
    site: SiteFactory,
    moment: str,
    upcoming: list[str],
    active: list[str],
    status: str,
    indicator: str,
    db: str,
    updated_at: str,
) -> None:
    site.incident("2026-03-10-database-upgrade.md", MAINTENANCE)
    now = datetime.fromisoformat(moment)
    documents = api(site, now)
    upcoming_doc = documents["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]
    active_doc = documents["scheduled-maintenances/active.json"]["scheduled_maintenances"]
    assert [m["status"] for m in upcoming_doc] == upcoming
    assert [m["status"] for m in active_doc] == active
    (maintenance,) = documents["scheduled-maintenances.json"]["scheduled_maintenances"]
    assert maintenance["status"] == status
    assert maintenance["impact"] == "maintenance"
    assert maintenance["scheduled_for"] == "2026-03-10T02:00:00.000Z"
    assert maintenance["scheduled_until"] == "2026-03-10T04:00:00.000Z"
    assert maintenance["updated_at"] == f"2026-03-{updated_at}:00:00.000Z"
    assert documents["status.json"]["status"]["indicator"] == indicator
    assert documents["status.json"]["page"]["updated_at"] == maintenance["updated_at"]
    statuses = {c["id"]: c["status"] for c in documents["components.json"]["components"]}
    assert statuses["db"] == db
    if status == "completed":
        assert maintenance["resolved_at"] == "2026-03-10T04:00:00.000Z"
    (announcement,) = maintenance["incident_updates"]
    assert announcement["affected_components"] == [
        {"code": "db", "name": "Database", "old_status": "operational", "new_status": "operational"}
    ]


def test_components_list_groups_before_their_members(site: SiteFactory) -> None:
    site.incident("2026-11-22-api-errors.md", GOOD_INCIDENT.replace("2026-03-01", "2026-11-22"))
    components = api(site)["components.json"]["components"]
    assert [(c["id"], c["position"], c["group"], c["group_id"]) for c in components] == [
        ("group-core", 1, True, None),
        ("api", 2, False, "group-core"),
        ("web", 3, False, "group-core"),
        ("group-data", 4, True, None),
        ("db", 5, False, "group-data"),
    ]
    assert components[0]["components"] == ["api", "web"]
    api_component = components[1]
    assert api_component["updated_at"] == "2026-11-22T11:00:00.000Z"
    assert api_component["created_at"] == "2026-11-22T10:00:00.000Z"
    assert api_component["status"] == "operational"


def test_incidents_json_holds_the_50_most_recent(site: SiteFactory) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(52):
        date = (start + timedelta(days=day)).date().isoformat()
        site.incident(f"{date}-errors.md", GOOD_INCIDENT.replace("2026-03-01", date))
    incidents = api(site)["incidents.json"]["incidents"]
    assert len(incidents) == 50
    assert incidents[0]["id"] == "2026-02-21-errors"
    assert incidents[-1]["id"] == "2026-01-03-errors"


@pytest.mark.parametrize("status", ["published", "draft"])
def test_a_published_postmortem_moves_the_incident_to_postmortem(
    site: SiteFactory, status: str
) -> None:
    from .test_feeds import POSTMORTEM

    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    published = "published: 2026-03-06T12:00:00Z\n" if status == "published" else ""
    site.postmortem(
        "2026-03-01-api-errors.md", POSTMORTEM.format(status=status, published=published)
    )
    files = api_files(content_of(site), NOW)
    document = json.loads(files["api/v2/incidents.json"])
    (incident,) = document["incidents"]
    assert schema_errors(document, "incidents.json") == []
    if status == "draft":
        assert incident["status"] == "resolved"
        assert [u["status"] for u in incident["incident_updates"]] == ["resolved", "investigating"]
        assert b"postmortem" not in b"".join(files.values())
        return
    assert (incident["status"], incident["updated_at"]) == (
        "postmortem",
        "2026-03-06T12:00:00.000Z",
    )
    assert document["page"]["updated_at"] == "2026-03-06T12:00:00.000Z"
    newest = incident["incident_updates"][0]
    assert (newest["status"], newest["display_at"]) == ("postmortem", "2026-03-06T12:00:00.000Z")
    assert newest["body"] == (
        "A configuration change made the API fail for an hour; we now test such changes.\n\n"
        "Postmortem: https://status.test.example/postmortems/2026-03-01-api-errors/"
    )
    assert [u["status"] for u in incident["incident_updates"][1:]] == ["resolved", "investigating"]


def test_an_incident_not_yet_posted_leaves_no_trace(site: SiteFactory) -> None:
    site.incident(
        "2026-03-01-api-errors.md",
        GOOD_INCIDENT.replace(
            "impact: major\n", "impact: major\nstarted_at: 2026-03-01T09:00:00Z\n"
        ),
    )
    before_first_post = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    documents = api(site, before_first_post)
    assert documents["incidents.json"]["incidents"] == []
    assert documents["summary.json"]["status"]["indicator"] == "none"
    api_component = documents["components.json"]["components"][1]
    assert (api_component["id"], api_component["status"]) == ("api", "operational")
    assert api_component["updated_at"] == "1970-01-01T00:00:00.000Z"
    assert documents["status.json"]["page"]["updated_at"] == "1970-01-01T00:00:00.000Z"
