"""`statusgen import cstate`: a cState site's systems and posts, as valid statusgen files."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from statusgen.content.config_file import load_config
from statusgen.content.incident import ComponentStatus, Impact, Incident, Kind, UpdateStatus
from statusgen.status.timeline import component_spans

from .import_helpers import (
    FAR,
    FIXTURES,
    by_origin,
    content_of,
    new_site,
    run_import,
    section,
    tree,
)

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
NOW_TEXT = "2026-03-05T12:00:00Z"
CSTATE = FIXTURES / "cstate"
VILNIUS_SUMMER = timezone(timedelta(hours=3))


def do_import(config_file: Path, *extra: str, source: Path = CSTATE) -> str:
    result = run_import("cstate", str(source), "-f", str(config_file), "--now", NOW_TEXT, *extra)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return new_site(tmp_path / "status", NOW)


def post(config_file: Path, name: str) -> Incident:
    return by_origin(content_of(config_file, NOW))[name]


def test_systems_become_components_in_category_order(site: Path) -> None:
    do_import(site, "--update")
    config = load_config(site)
    assert not isinstance(config, list)
    added = [
        (c.name, c.group, c.description) for c in config.components if c.origin and c.id != "api"
    ]
    assert added == [
        ("Gateway", "North Coast", None),
        ("Backup Gateway", "North Coast", "Takes over when the gateway is down."),
        ("Website", None, "The web frontend for the application."),
        (
            "Media Proxy",
            None,
            "This is the service responsible for serving images, audio, and video.",
        ),
    ]
    # `statusgen init`'s api is the site's API: it keeps its place and takes cState's settings.
    api = config.component("api")
    assert (api.name, api.group, api.description) == ("API", None, "The guts of the application.")
    assert api.origin is not None and api.origin.id == "API"


def test_naive_dates_are_read_in_the_time_zone_given_and_the_report_says_so(site: Path) -> None:
    output = do_import(site, "--timezone", "Europe/Vilnius")
    assert "cState's dates without a time zone are read as Europe/Vilnius (--timezone)" in output
    incident = post(site, "2018-04-13-unavailable-guilds-connection-issues")
    first = incident.updates[-1]
    assert first.at == datetime(2018, 4, 13, 15, 54, tzinfo=VILNIUS_SUMMER)
    # Dates written with a zone keep it, whatever --timezone says.
    automated = post(site, "2024-12-27-dns-resolution-api")
    assert automated.updates[-1].at == datetime(2024, 12, 27, 9, 43, 40, 482000, tzinfo=UTC)


def test_without_a_time_zone_dates_are_utc_and_the_report_says_so(site: Path) -> None:
    output = do_import(site)
    assert "read as UTC (the default; give --timezone" in output
    incident = post(site, "2018-04-13-unavailable-guilds-connection-issues")
    assert incident.updates[-1].at == datetime(2018, 4, 13, 15, 54, tzinfo=UTC)


def test_severity_sets_impact_and_the_status_of_affected_systems(site: Path) -> None:
    do_import(site)
    down = post(site, "2018-04-13-unavailable-guilds-connection-issues")
    disrupted = post(site, "2018-05-25-us-east-conn-issues")
    notice = post(site, "2024-12-28-api-errors-again")  # TOML front-matter
    assert (down.impact, down.components) == (
        Impact.MAJOR,
        {"api": ComponentStatus.MAJOR_OUTAGE, "media-proxy": ComponentStatus.MAJOR_OUTAGE},
    )
    assert (disrupted.impact, disrupted.components["api"]) == (
        Impact.MINOR,
        ComponentStatus.PARTIAL_OUTAGE,
    )
    assert (notice.impact, notice.components) == (
        Impact.MINOR,
        {"api": ComponentStatus.DEGRADED_PERFORMANCE},
    )


def test_track_paragraphs_become_updates_with_times_and_statuses(site: Path) -> None:
    output = do_import(site)
    incident = post(site, "2018-05-25-us-east-conn-issues")
    assert [(u.at, u.status) for u in incident.updates] == [
        (datetime(2018, 5, 25, 5, 54, tzinfo=UTC), UpdateStatus.RESOLVED),
        (datetime(2018, 5, 25, 4, 40, tzinfo=UTC), UpdateStatus.MONITORING),
        (datetime(2018, 5, 25, 4, 13, tzinfo=UTC), UpdateStatus.INVESTIGATING),
    ]
    assert incident.updates[0].body == (
        "We believe all users experiencing issues have been able to connect at this time."
    )
    assert "{{<" not in "".join(u.body for u in incident.updates)
    assert "stage 'Partial recovery' read as 'monitoring'" in section(
        output, '"US East Connection Issues"'
    )


def test_update_keeps_the_status_before_it_and_unknown_words_are_reported(site: Path) -> None:
    output = do_import(site)
    guilds = post(site, "2018-04-13-unavailable-guilds-connection-issues")
    assert [u.status for u in guilds.updates] == [
        UpdateStatus.RESOLVED,  # resolved: true, at resolvedWhen
        UpdateStatus.MONITORING,  # *Update*: as the update before it
        UpdateStatus.MONITORING,
        UpdateStatus.INVESTIGATING,
    ]
    automated = section(output, '"API DNS resolution error!"')
    assert "'Heads up' is not a status: read as 'investigating'" in automated
    assert "'Automated system alert' is not a status" in automated
    assert "affected system 'Gatway' is not in config.yml" in automated


def test_informational_posts_change_no_status_and_are_over_when_posted(site: Path) -> None:
    do_import(site)
    notice = post(site, "2019-10-04-testing-cstate-functions")
    assert notice.impact is Impact.NONE
    assert notice.components == {}
    assert [u.status for u in notice.updates] == [UpdateStatus.RESOLVED]
    assert "informational_ posts" in notice.updates[0].body
    assert component_spans(notice, FAR) == []


def test_an_informational_post_with_an_end_is_a_maintenance_window(site: Path) -> None:
    do_import(site)
    window = post(site, "2018-06-13-maintenance-window")
    assert window.kind is Kind.MAINTENANCE
    assert (window.scheduled_for, window.scheduled_until) == (
        datetime(2018, 6, 13, 15, 54, tzinfo=UTC),
        datetime(2018, 6, 13, 17, 30, tzinfo=UTC),
    )
    assert window.components == {"gateway": ComponentStatus.UNDER_MAINTENANCE}
    assert [u.status for u in window.updates] == [UpdateStatus.IN_PROGRESS]  # "Just began"


def test_the_post_mortem_stays_in_the_incident_text(site: Path) -> None:
    output = do_import(site)
    guilds = post(site, "2018-04-13-unavailable-guilds-connection-issues")
    assert guilds.body.strip().startswith(
        "*Post-mortem*\n\nAt approximately 14:01, a Redis instance"
    )
    assert all("Redis" not in u.body for u in guilds.updates)
    assert "its post-mortem is kept in the incident's text" in output


def test_resolved_and_unresolved_posts_keep_their_state(site: Path) -> None:
    output = do_import(site)
    resolved = post(site, "2024-12-28-api-errors")
    assert resolved.updates[0].status is UpdateStatus.RESOLVED
    assert resolved.updates[0].at == datetime(2024, 12, 28, 8, 30, tzinfo=UTC)  # resolvedWhen
    ongoing = post(site, "2017-12-17-sending-dms-impacted")
    assert ongoing.updates[0].status is not UpdateStatus.RESOLVED
    lines = section(output, '"Issues Sending DMs"')
    assert "still open at the source" in lines
    assert "has no track time: dated 2017-12-19 16:58:00 UTC" in lines


def test_drafts_are_not_imported_and_other_losses_are_reported(site: Path) -> None:
    output = do_import(site)
    assert "2025-01-05-draft-upgrade" not in by_origin(content_of(site, NOW))
    assert "a draft, not published on the cState site: not imported" in output
    assert "pinned in cState" in section(output, '"Testing New cState Features"')
    assert "its link (https://eggsample.example/) was not imported" in section(
        output, "system 'Website'"
    )
    assert "read as disrupted" in section(
        output, '"API errors" (content/issues/2024-12-28-api-errors.md)'
    )


def test_posts_with_the_same_title_and_day_get_their_own_files(site: Path) -> None:
    do_import(site)
    imported = by_origin(content_of(site, NOW))
    assert imported["2024-12-28-api-errors"].id == "2024-12-28-api-errors"
    assert imported["2024-12-28-api-errors-again"].id == "2024-12-28-api-errors-2"


def test_importing_again_is_idempotent(site: Path) -> None:
    do_import(site, "--timezone", "Europe/Vilnius")
    before = tree(site.parent)
    output = do_import(site, "--timezone", "Europe/Vilnius")
    assert tree(site.parent) == before
    assert "8 files already as the source says" in output


def test_an_unknown_time_zone_is_a_usage_error(site: Path) -> None:
    result = run_import("cstate", str(CSTATE), "-f", str(site), "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "unknown time zone 'Mars/Olympus'" in result.output


def test_a_folder_that_is_not_a_cstate_site_is_refused(site: Path, tmp_path: Path) -> None:
    result = run_import("cstate", str(tmp_path), "-f", str(site), "--now", NOW_TEXT)
    assert result.exit_code == 1
    assert "no config.yml" in result.output


def test_a_future_announcement_keeps_its_time_when_imported_again(
    site: Path, tmp_path: Path
) -> None:
    source = tmp_path / "cstate"
    shutil.copytree(CSTATE, source)
    (source / "content" / "issues" / "2026-04-01-upgrade.md").write_text(
        "---\ntitle: Storage upgrade\ndate: 2026-04-01 02:00:00\n"
        "resolvedWhen: 2026-04-01 04:00:00\ninformational: true\naffected: [API]\n"
        "section: issue\n---\n\nUploads pause for two hours.\n",
        "utf-8",
    )
    do_import(site, source=source)
    first = post(site, "2026-04-01-upgrade")
    assert first.updates[-1].at == NOW  # announced, as far as the new page knows, when imported
    later = "2026-03-06T09:30:00Z"
    result = run_import("cstate", str(source), "-f", str(site), "--now", later)
    assert result.exit_code == 0, result.output
    assert post(site, "2026-04-01-upgrade").updates[-1].at == NOW
