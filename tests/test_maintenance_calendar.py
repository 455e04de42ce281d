"""maintenance.ics: parsed back with icalendar, event by event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.render.calendar import calendar_files

from .conftest import GOOD_INCIDENT, NOW, SiteFactory

MAINTENANCE = """\
---
title: Database upgrade
kind: maintenance
components:
  db: under_maintenance
  api: under_maintenance
scheduled_for: 2026-12-10T04:00:00+02:00
scheduled_until: 2026-12-10T06:00:00+02:00
updates:
  - at: 2026-11-20T09:00:00Z
    status: scheduled
    body: We will **upgrade** the database.
---
"""


def content_of(site: SiteFactory, now: datetime = NOW) -> Content:
    result = check_site(site.config_file, now)
    assert result.content is not None, result.report.format("text")
    return result.content


def calendar(content: Content, now: datetime = NOW) -> Calendar:
    data = calendar_files(content, now)["maintenance.ics"]
    assert data.endswith(b"END:VCALENDAR\r\n")
    return Calendar.from_ical(data)


def test_one_event_per_maintenance_with_its_window(example_site: SiteFactory) -> None:
    parsed = calendar(content_of(example_site))
    assert str(parsed["version"]) == "2.0"
    assert str(parsed["x-wr-calname"]) == "Nimbus Cloud Status: scheduled maintenance"
    events = parsed.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        "2026-12-05-database-storage-upgrade@status.nimbus.example",
        "2026-07-14-network-maintenance@status.nimbus.example",
        "2026-04-08-object-storage-maintenance@status.nimbus.example",
        "2026-01-24-database-engine-upgrade@status.nimbus.example",
    ]
    storage = events[2]
    assert str(storage["summary"]) == "Scheduled maintenance of object storage in the EU region"
    assert storage.decoded("dtstart") == datetime(2026, 4, 8, 1, 0, tzinfo=UTC)
    assert storage.decoded("dtend") == datetime(2026, 4, 8, 3, 0, tzinfo=UTC)
    # Four posts, and the clock completing it at the end of its window (03:00).
    assert storage["sequence"] == 4
    assert storage.decoded("dtstamp") == datetime(2026, 4, 8, 4, 5, tzinfo=UTC)
    assert storage.decoded("created") == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert str(storage["url"]) == (
        "https://status.nimbus.example/incidents/2026-04-08-object-storage-maintenance/"
    )
    assert str(storage["transp"]) == "TRANSPARENT"
    assert storage.categories == ["Object storage"]
    description = str(storage["description"]).split("\n\n")
    assert description[0].startswith("Completed: The maintenance is complete and object storage")
    assert description[1:] == [
        "Affected components: Object storage",
        "https://status.nimbus.example/incidents/2026-04-08-object-storage-maintenance/",
    ]


def test_incidents_are_not_calendar_events(site: SiteFactory) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    assert calendar(content_of(site)).walk("VEVENT") == []


def test_times_are_published_in_utc(site: SiteFactory) -> None:
    site.incident("2026-12-10-database-upgrade.md", MAINTENANCE)
    data = calendar_files(content_of(site), NOW)["maintenance.ics"].decode()
    assert "DTSTART:20261210T020000Z\r\n" in data
    assert "DTEND:20261210T040000Z\r\n" in data
    assert "TZID" not in data
    (event,) = calendar(content_of(site)).walk("VEVENT")
    assert event.categories == ["Database", "API"]
    assert str(event["description"]).startswith("Scheduled: We will upgrade the database.")


def test_a_new_post_raises_the_sequence_and_keeps_the_uid(site: SiteFactory) -> None:
    path = site.incident("2026-12-10-database-upgrade.md", MAINTENANCE)
    site.incident("2026-12-12-other.md", MAINTENANCE.replace("2026-12-10T0", "2026-12-12T0"))
    before = calendar(content_of(site)).walk("VEVENT")
    path.write_text(
        MAINTENANCE.replace(
            "updates:\n",
            "updates:\n  - at: 2026-11-21T08:00:00Z\n    status: scheduled\n"
            "    body: Moved one hour later.\n",
        ).replace("T04:00:00+02:00", "T05:00:00+02:00")
    )
    after = calendar(content_of(site)).walk("VEVENT")
    assert [str(e["uid"]) for e in after] == [str(e["uid"]) for e in before]
    assert (before[1]["sequence"], after[1]["sequence"]) == (0, 1)
    assert after[1].decoded("dtstart") == datetime(2026, 12, 10, 3, 0, tzinfo=UTC)
    assert after[1].decoded("dtstamp") == datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    assert after[0].to_ical() == before[0].to_ical()


def test_sites_sharing_a_host_get_distinct_uids(site: SiteFactory) -> None:
    site.config(
        site.config_file.read_text().replace(
            "https://status.test.example/", "https://org.github.io/status-repo/"
        )
    )
    site.incident("2026-12-10-database-upgrade.md", MAINTENANCE)
    (event,) = calendar(content_of(site)).walk("VEVENT")
    assert str(event["uid"]) == "2026-12-10-database-upgrade.status-repo@org.github.io"


def test_the_calendar_moves_only_with_content(example_site: SiteFactory) -> None:
    first = calendar_files(content_of(example_site), NOW)
    later = NOW + timedelta(days=3)
    assert calendar_files(content_of(example_site, later), later) == first


def test_the_window_starting_is_a_new_revision_saying_in_progress(site: SiteFactory) -> None:
    """The page says "In progress" from the window's start; so does the calendar, as a revision."""
    site.incident("2026-12-10-database-upgrade.md", MAINTENANCE)
    before_window = datetime(2026, 12, 10, 1, 59, tzinfo=UTC)
    in_window = datetime(2026, 12, 10, 2, 30, tzinfo=UTC)
    (ahead,) = calendar(content_of(site, before_window), before_window).walk("VEVENT")
    (running,) = calendar(content_of(site, in_window), in_window).walk("VEVENT")
    assert str(ahead["description"]).startswith("Scheduled: We will upgrade the database.")
    assert str(running["description"]).startswith("In progress: We will upgrade the database.")
    assert (ahead["sequence"], running["sequence"]) == (0, 1)
    assert running.decoded("dtstamp") == datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    assert running.decoded("last-modified") == datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    assert str(running["uid"]) == str(ahead["uid"])
