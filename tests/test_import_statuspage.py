"""`statusgen import statuspage`: a Statuspage page's history, as valid statusgen files."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from statusgen.content.config_file import load_config
from statusgen.content.incident import ComponentStatus, Impact, Kind, UpdateStatus
from statusgen.content.postmortem.model import PostmortemStatus
from statusgen.status.timeline import component_spans

from .import_helpers import (
    FAR,
    FIXTURES,
    by_origin,
    content_of,
    new_site,
    published_api,
    run_import,
    section,
    serve_folder,
    tree,
)

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
NOW_TEXT = "2026-03-05T12:00:00Z"
PUBLIC = FIXTURES / "statuspage" / "public"
MANAGEMENT = FIXTURES / "statuspage" / "management"


def fixture(name: str, folder: Path = PUBLIC) -> Any:
    return json.loads((folder / name).read_text("utf-8"))


def source_incidents(folder: Path = PUBLIC) -> dict[str, dict[str, Any]]:
    found = {i["id"]: i for i in fixture("incidents.json", folder)["incidents"]}
    found.update(
        {m["id"]: m for m in fixture("scheduled-maintenances.json")["scheduled_maintenances"]}
    )
    return found


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def do_import(config_file: Path, source: str, *extra: str) -> str:
    result = run_import("statuspage", source, "-f", str(config_file), "--now", NOW_TEXT, *extra)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return new_site(tmp_path / "status", NOW)


def test_public_api_over_http_brings_every_incident_and_maintenance(
    site: Path, tmp_path: Path
) -> None:
    with serve_folder(published_api(PUBLIC, tmp_path / "www")) as address:
        output = do_import(site, address, "--update")
    assert "Importing from http://127.0.0.1:" in output
    content = content_of(site, NOW)
    imported = by_origin(content)
    assert set(imported) == set(source_incidents())
    for source_id, raw in source_incidents().items():
        incident = imported[source_id]
        assert incident.title == raw["name"]
        assert incident.origin is not None and incident.origin.shortlink == raw["shortlink"]
        assert incident.origin.url == f"https://status.acme.example/incidents/{source_id}"
        kind = Kind.MAINTENANCE if raw["impact"] == "maintenance" else Kind.INCIDENT
        assert incident.kind is kind
        if kind is Kind.INCIDENT:
            assert incident.effective_impact is Impact(raw["impact"])
        else:
            assert incident.scheduled_for == at(raw["scheduled_for"])
            assert incident.scheduled_until == at(raw["scheduled_until"])


def test_components_and_groups_keep_the_page_order_and_links(site: Path) -> None:
    do_import(site, str(PUBLIC), "--update")
    config = load_config(site)
    assert not isinstance(config, list)
    imported = [c for c in config.components if c.origin is not None]
    assert [(c.name, c.group, c.origin.id if c.origin else None) for c in imported] == [
        ("API", "United States", "us1api000001"),
        ("API", "Europe", "eu1api000001"),
        ("Dashboard", "Europe", "b13yz5g2cw10"),
        ("Webhooks", None, "wh0kzq1xg7rr"),
    ]
    by_name = {c.origin.id: c for c in imported if c.origin}
    assert by_name["wh0kzq1xg7rr"].uptime is False  # showcase: false
    assert by_name["b13yz5g2cw10"].description == "The web console at app.acme.example."
    # The two APIs keep apart: the first takes the id the init site had for it.
    assert [c.id for c in imported[:2]] == ["api", "europe-api"]


def test_updates_keep_times_statuses_and_text_newest_first(site: Path) -> None:
    do_import(site, str(PUBLIC))
    incident = by_origin(content_of(site, NOW))["p31zjtct2jer"]
    raw = source_incidents()["p31zjtct2jer"]
    assert [(u.at, u.status) for u in incident.updates] == [
        (at(u["display_at"]), UpdateStatus(u["status"])) for u in raw["incident_updates"]
    ]
    assert incident.started_at == at(raw["started_at"])
    first = incident.updates[-1].body
    assert first.startswith("We are investigating elevated error rates on the API_v2 endpoint.")
    assert "\r" not in first
    assert "\\- Some requests fail with 5xx  \n\\- Retries succeed" in first


def test_component_statuses_follow_affected_components_over_time(site: Path) -> None:
    do_import(site, str(PUBLIC))
    incident = by_origin(content_of(site, NOW))["p31zjtct2jer"]
    spans = [(s.component, s.status, s.start, s.end) for s in component_spans(incident, FAR)]
    # The incident says its impact began at 07:30, before its first update: statusgen
    # counts the first update's statuses from then.
    assert spans == [
        span("api", "partial_outage", "07:30:00", "07:55:00"),
        span("api", "major_outage", "07:55:00", "08:01:40.007"),
        span("europe-api", "degraded_performance", "07:55:00", "08:15:02.114"),
        span("api", "partial_outage", "08:01:40.007", "08:15:02.114"),
    ]


def span(
    component: str, status: str, start: str, end: str, day: str = "2026-02-10"
) -> tuple[object, ...]:
    """A span of a component's status, between two Chicago times of the fixture's day."""
    return (
        component,
        ComponentStatus(status),
        at(f"{day}T{start}-06:00"),
        at(f"{day}T{end}-06:00"),
    )


def test_a_maintenance_puts_its_components_under_maintenance_for_the_work(site: Path) -> None:
    do_import(site, str(PUBLIC))
    upgrade = by_origin(content_of(site, NOW))["1m6wkr0z3xvt"]
    assert [(s.component, s.status, s.start, s.end) for s in component_spans(upgrade, FAR)] == [
        span("api", "under_maintenance", "02:00:00", "03:41:10.250", day="2026-01-20")
    ]


def test_messy_data_is_reported_with_the_incident_it_belongs_to(site: Path) -> None:
    output = do_import(site, str(PUBLIC))
    emails = section(output, '"Scheduled emails delayed" (r7t0gq2vb4sd)')
    assert "'No components were affected by this update.' names no component (no code)" in emails
    assert "component 'Email' is not on the page" in emails
    dashboard = section(output, '"Dashboard slow to load"')
    assert "has no display_at: dated by created_at" in dashboard
    assert "has no text" in dashboard
    assert "'dashboard' without a status" in dashboard
    assert "reopened" in section(output, '"Search reindex"')
    assert "still open at the source" in section(output, '"Login failures"')
    assert "public API does not include" in section(
        output, '"Degraded performance for some customers"'
    )
    assert "shown only while degraded" in section(output, "component 'Webhooks'")
    assert "description was not imported" in section(output, "group 'Europe'")
    assert "no open incident or maintenance says so" in section(output, "component 'API'")


def test_names_that_collide_after_slugging_get_a_number(site: Path) -> None:
    output = do_import(site, str(PUBLIC))
    imported = by_origin(content_of(site, NOW))
    names = {imported[i].id for i in ("wd1aa0c3n8yy", "wd2bq7k1m0zz")}
    assert names == {"2026-02-15-webhook-delivery-delays", "2026-02-15-webhook-delivery-delays-2"}
    assert "named 2026-02-15-webhook-delivery-delays-2" in output


def test_importing_again_changes_nothing(site: Path) -> None:
    do_import(site, str(PUBLIC))
    before = tree(site.parent)
    output = do_import(site, str(PUBLIC))
    assert tree(site.parent) == before
    assert "10 files already as the source says" in output


def test_changes_at_the_source_replace_a_file_only_with_update(site: Path, tmp_path: Path) -> None:
    do_import(site, str(PUBLIC))
    incident = by_origin(content_of(site, NOW))["vx2k9lwq0w1t"]
    path = site.parent / incident.source
    changed = tmp_path / "changed"
    shutil.copytree(PUBLIC, changed)
    data = fixture("incidents.json", changed)
    login = next(i for i in data["incidents"] if i["id"] == "vx2k9lwq0w1t")
    login["name"] = "Sign-in failures"
    login["status"] = "resolved"
    login["incident_updates"].insert(
        0,
        {**login["incident_updates"][0], "id": "u-e3", "status": "resolved", "body": "Fixed.",
         "display_at": "2026-03-04T10:00:00.000-06:00"},
    )  # fmt: skip
    (changed / "incidents.json").write_text(json.dumps(data), "utf-8")
    before = path.read_bytes()

    kept = do_import(site, str(changed))
    assert path.read_bytes() == before
    assert "keep    " + incident.source in kept
    assert "--update replaces it" in section(kept, '"Sign-in failures"')

    do_import(site, str(changed), "--update")
    updated = by_origin(content_of(site, NOW))["vx2k9lwq0w1t"]
    assert updated.source == incident.source  # same file, so old links keep working
    assert updated.title == "Sign-in failures"
    assert updated.updates[0].status is UpdateStatus.RESOLVED


def test_a_hand_written_file_with_the_same_name_is_left_alone(site: Path) -> None:
    mine = site.parent / "incidents" / "2026-02-10-elevated-api-error-rates.md"
    mine.write_text(
        "---\ntitle: Our own notes\nimpact: none\nupdates:\n  - at: 2026-02-10T12:00:00Z\n"
        "    status: resolved\n    body: Written by hand.\n---\n",
        "utf-8",
    )
    before = mine.read_bytes()
    do_import(site, str(PUBLIC))
    assert mine.read_bytes() == before
    imported = by_origin(content_of(site, NOW))["p31zjtct2jer"]
    assert imported.id == "2026-02-10-elevated-api-error-rates-2"


def test_dry_run_shows_the_plan_and_writes_nothing(site: Path) -> None:
    before = tree(site.parent)
    output = do_import(site, str(PUBLIC), "--dry-run")
    assert tree(site.parent) == before
    assert "Would write (dry run, nothing written):" in output
    assert "create  incidents/2026-02-10-elevated-api-error-rates.md  (incident)" in output
    assert "+          origin: {system: statuspage, id: us1api000001}" in output


def test_an_import_into_a_site_with_errors_writes_nothing(site: Path) -> None:
    (site.parent / "incidents" / "2026-01-01-broken.md").write_text("---\ntitle: x\n---\n", "utf-8")
    before = tree(site.parent)
    result = run_import("statuspage", str(PUBLIC), "-f", str(site), "--now", NOW_TEXT)
    assert result.exit_code == 1
    assert "incidents/2026-01-01-broken.md:2: error:" in result.output
    assert "refused: the site would not validate after this import" in result.output
    assert tree(site.parent) == before


def test_missing_files_are_named_and_the_rest_is_imported(site: Path, tmp_path: Path) -> None:
    only = tmp_path / "saved"
    only.mkdir()
    shutil.copy(PUBLIC / "incidents.json", only / "incidents.json")
    output = do_import(site, str(only))
    assert "components.json: missing, so nothing was imported from it" in output
    assert "scheduled-maintenances.json: missing, so nothing was imported from it" in output
    assert "components taken from the incidents that name them" in output
    content = content_of(site, NOW)
    assert set(by_origin(content)) == {i["id"] for i in fixture("incidents.json")["incidents"]}


def test_the_public_limit_of_50_incidents_is_reported(site: Path, tmp_path: Path) -> None:
    data = fixture("incidents.json")
    template = next(i for i in data["incidents"] if i["id"] == "f9m3hq8rz5c1")
    data["incidents"] = [
        {**template, "id": f"many{number:08d}", "name": f"Search incident {number}"}
        for number in range(50)
    ]
    www = tmp_path / "www" / "api" / "v2"
    www.mkdir(parents=True)
    (www / "incidents.json").write_text(json.dumps(data), "utf-8")
    with serve_folder(tmp_path / "www") as address:
        output = do_import(site, address + "api/v2/incidents.json")
    assert "incidents.json holds 50 incidents, the most the public API returns" in output
    assert "scheduled-maintenances.json (404 File not found): missing" in output
    assert len(by_origin(content_of(site, NOW))) == 50


def test_a_page_that_answers_with_an_error_is_refused(site: Path, tmp_path: Path) -> None:
    before = tree(site.parent)
    with serve_folder(tmp_path) as address:
        result = run_import("statuspage", address + "fail/", "-f", str(site), "--now", NOW_TEXT)
    assert result.exit_code == 1
    assert "the server answered 500" in result.output
    assert tree(site.parent) == before


def test_only_web_addresses_and_folders_are_read(site: Path) -> None:
    result = run_import("statuspage", "ftp://status.example.com/", "-f", str(site))
    assert result.exit_code == 1
    assert "not an http(s) address" in result.output


def test_management_export_brings_every_incident_and_its_postmortem(site: Path) -> None:
    output = do_import(site, str(MANAGEMENT))
    content = content_of(site, NOW)
    imported = by_origin(content)
    assert set(imported) == {"ch3ck0ut0001", "inv0ic3s0002", "st0r4g3m4nt1", "0ld1nc1d3nt9"}
    assert imported["st0r4g3m4nt1"].kind is Kind.MAINTENANCE
    assert "the most the public API returns" not in output
    assert "scheduled-maintenances.json: missing" not in output
    postmortems = {p.incident_ids[0]: p for p in content.postmortems}
    checkout = postmortems[imported["ch3ck0ut0001"].id]
    assert checkout.status is PostmortemStatus.PUBLISHED
    assert checkout.published == at("2026-02-06T10:00:00.000Z")
    assert checkout.summary.startswith("Between 14:02 and 14:49 UTC on 3 February")
    assert (
        "Update certificate bundles automatically"
        in checkout.sections["What we are doing about it"].text
    )
    assert "### Root cause" in checkout.sections["What happened"].text
    invoices = postmortems[imported["inv0ic3s0002"].id]
    assert invoices.status is PostmortemStatus.DRAFT
    draft = (site.parent / invoices.source).read_text("utf-8")
    assert "# It was published there at 2026-02-11 09:30:00 UTC" in draft
    assert "no text for 'What we are doing about it'" in section(output, '"Delayed invoices"')


def test_component_groups_of_a_management_export_become_groups(site: Path) -> None:
    do_import(site, str(MANAGEMENT))
    config = load_config(site)
    assert not isinstance(config, list)
    groups = {c.name: c.group for c in config.components if c.origin is not None}
    assert groups == {"Checkout": "Commerce", "Invoicing": "Commerce", "File storage": None}


def test_titles_reach_the_terminal_without_control_characters(site: Path, tmp_path: Path) -> None:
    data = fixture("incidents.json")
    data["incidents"] = [data["incidents"][0]]
    data["incidents"][0]["name"] = "Login \x1b[2Jfailures\u202e"
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "incidents.json").write_text(json.dumps(data), "utf-8")
    output = do_import(site, str(saved))
    assert "\x1b" not in output and "\u202e" not in output
    assert "Login \\x1b[2Jfailures\\u202e" in output  # the source's title, shown escaped
    assert "control characters removed from the title" in output
    front = yaml.safe_load(
        (site.parent / by_origin(content_of(site, NOW))["vx2k9lwq0w1t"].source)
        .read_text("utf-8")
        .split("---")[1]
    )
    assert front["title"] == "Login [2Jfailures\u202e"


def saved(tmp_path: Path, incidents: list[dict[str, Any]]) -> Path:
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(PUBLIC / "components.json", folder / "components.json")
    (folder / "incidents.json").write_text(json.dumps({"incidents": incidents}), "utf-8")
    return folder


def test_an_incident_without_updates_or_zones_is_dated_and_reported(
    site: Path, tmp_path: Path
) -> None:
    bare = {
        "id": "n0upd4t3s001",
        "name": "Backfilled outage",
        "status": "resolved",
        "impact": "minor",
        "started_at": "2025-11-02T10:00:00",
        "resolved_at": "2025-11-02T11:30:00Z",
        "incident_updates": [],
    }
    output = do_import(site, str(saved(tmp_path, [bare])))
    incident = by_origin(content_of(site, NOW))["n0upd4t3s001"]
    assert [(u.at, u.status, u.body) for u in incident.updates] == [
        (datetime(2025, 11, 2, 11, 30, tzinfo=UTC), UpdateStatus.RESOLVED, "Backfilled outage")
    ]
    lines = section(output, '"Backfilled outage"')
    assert "started_at '2025-11-02T10:00:00' has no time zone: read as UTC" in lines
    assert "no updates: wrote one, 'Resolved', dated 2025-11-02 11:30:00 UTC" in lines
    assert "still open" not in lines


def test_a_page_that_answers_with_html_is_refused(site: Path, tmp_path: Path) -> None:
    www = tmp_path / "www" / "api" / "v2"
    www.mkdir(parents=True)
    (www / "components.json").write_text("<html>Sign in</html>", "utf-8")
    before = tree(site.parent)
    with serve_folder(tmp_path / "www") as address:
        result = run_import("statuspage", address, "-f", str(site), "--now", NOW_TEXT)
    assert result.exit_code == 1
    assert "components.json: not JSON" in result.output
    assert tree(site.parent) == before


def test_a_file_that_appears_while_importing_stops_the_import_and_undoes_it(site: Path) -> None:
    from statusgen.importers.commit import CommitFailed, commit
    from statusgen.importers.plan import ImportOptions, plan_import
    from statusgen.importers.statuspage import read_statuspage

    config = load_config(site)
    assert not isinstance(config, list)
    plan = plan_import(read_statuspage(str(PUBLIC)), config, ImportOptions(now=NOW))
    assert plan.ok
    creates = [f for f in plan.files if f.action == "create"]
    creates[-1].path.write_text("written meanwhile\n", "utf-8")
    before = tree(site.parent)
    with pytest.raises(CommitFailed, match="appeared while importing"):
        commit(plan)
    assert tree(site.parent) == before
