"""Availability maths: overlaps, partial weight, midnight, partial recovery, ongoing incidents."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from statusgen.content.incident import (
    ComponentStatus,
    Incident,
    IncidentFrontMatter,
    Update,
    UpdateStatus,
)
from statusgen.status.availability import component_histories

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def incident(
    incident_id: str,
    components: dict[str, str],
    updates: list[tuple[datetime, str, dict[str, str] | None]],
) -> Incident:
    front = IncidentFrontMatter(
        title=incident_id,
        impact="major",
        components=components,
        updates=[
            Update(at=at, status=UpdateStatus(status), body="x", components=changes)
            for at, status, changes in updates
        ],
    )
    return Incident.model_construct(**dict(front), id=incident_id, source="x", body="")


def history(items: list[Incident], now: datetime, weight: float = 0.3) -> dict:
    return component_histories(["api", "db"], items, now, weight)


def test_overlapping_incidents_are_not_counted_twice() -> None:
    a = incident(
        "a",
        {"api": "major_outage"},
        [(T0 + timedelta(minutes=60), "resolved", None), (T0, "investigating", None)],
    )
    b = incident(
        "b",
        {"api": "major_outage"},
        [
            (T0 + timedelta(minutes=90), "resolved", None),
            (T0 + timedelta(minutes=30), "investigating", None),
        ],
    )
    day = history([a, b], T0 + timedelta(days=1))["api"].day(
        date(2026, 3, 1), T0 + timedelta(days=1)
    )
    assert day.downtime_minutes == 90
    assert day.incident_ids == ("a", "b")


def test_worst_status_wins_where_spans_overlap() -> None:
    partial = incident(
        "p",
        {"api": "partial_outage"},
        [(T0 + timedelta(minutes=100), "resolved", None), (T0, "investigating", None)],
    )
    major = incident(
        "m",
        {"api": "major_outage"},
        [
            (T0 + timedelta(minutes=60), "resolved", None),
            (T0 + timedelta(minutes=40), "investigating", None),
        ],
    )
    day = history([partial, major], T0 + timedelta(days=1))["api"].day(
        date(2026, 3, 1), T0 + timedelta(days=1)
    )
    # 20 major minutes inside 100 partial ones: 20 + 80 * 0.3 = 44
    assert day.downtime_minutes == 44
    assert day.worst is ComponentStatus.MAJOR_OUTAGE


@pytest.mark.parametrize(("weight", "expected"), [(0.3, 30), (0.5, 50), (0.0, 0)])
def test_partial_outage_weight_is_configurable(weight: float, expected: int) -> None:
    item = incident(
        "p",
        {"api": "partial_outage"},
        [(T0 + timedelta(minutes=100), "resolved", None), (T0, "investigating", None)],
    )
    now = T0 + timedelta(days=1)
    assert (
        history([item], now, weight)["api"].day(date(2026, 3, 1), now).downtime_minutes == expected
    )


def test_degraded_and_maintenance_are_not_downtime() -> None:
    item = incident(
        "d",
        {"api": "degraded_performance", "db": "under_maintenance"},
        [(T0 + timedelta(hours=5), "resolved", None), (T0, "investigating", None)],
    )
    now = T0 + timedelta(days=1)
    histories = history([item], now)
    assert histories["api"].day(date(2026, 3, 1), now).downtime_minutes == 0
    assert histories["api"].day(date(2026, 3, 1), now).worst is ComponentStatus.DEGRADED_PERFORMANCE
    assert histories["db"].day(date(2026, 3, 1), now).worst is ComponentStatus.UNDER_MAINTENANCE


def test_incident_across_midnight_splits_between_days() -> None:
    start = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    item = incident(
        "n",
        {"api": "major_outage"},
        [(start + timedelta(minutes=90), "resolved", None), (start, "investigating", None)],
    )
    now = start + timedelta(days=2)
    api = history([item], now)["api"]
    assert api.day(date(2026, 3, 1), now).downtime_minutes == 30
    assert api.day(date(2026, 3, 2), now).downtime_minutes == 60
    assert api.day(date(2026, 3, 2), now).incident_ids == ("n",)


def test_partial_recovery_follows_update_components() -> None:
    item = incident(
        "r",
        {"api": "major_outage", "db": "major_outage"},
        [
            (T0 + timedelta(minutes=120), "resolved", None),
            (
                T0 + timedelta(minutes=30),
                "monitoring",
                {"api": "operational", "db": "partial_outage"},
            ),
            (T0, "investigating", None),
        ],
    )
    now = T0 + timedelta(days=1)
    histories = history([item], now)
    assert histories["api"].day(date(2026, 3, 1), now).downtime_minutes == 30
    # db: 30 major + 90 partial * 0.3 = 57
    assert histories["db"].day(date(2026, 3, 1), now).downtime_minutes == 57


def test_ongoing_incident_counts_up_to_now() -> None:
    item = incident("o", {"api": "major_outage"}, [(T0, "investigating", None)])
    now = T0 + timedelta(minutes=45)
    api = history([item], now)["api"]
    today = api.day(date(2026, 3, 1), now)
    assert today.downtime_minutes == 45
    assert today.elapsed_seconds == (now - datetime(2026, 3, 1, tzinfo=UTC)).total_seconds()
    records, summary = api.last_days(90, now)
    assert len(records) == 90 and records[-1].day == date(2026, 3, 1)
    assert summary.downtime_minutes == 45
    assert summary.ratio == pytest.approx(1 - 45 / (89 * 1440 + 10 * 60 + 45))


def test_updates_after_now_are_not_yet_counted() -> None:
    item = incident(
        "f",
        {"api": "major_outage"},
        [(T0 + timedelta(hours=3), "resolved", None), (T0, "investigating", None)],
    )
    now = T0 + timedelta(hours=1)
    assert history([item], now)["api"].day(date(2026, 3, 1), now).downtime_minutes == 60


def test_monthly_availability_newest_first() -> None:
    item = incident(
        "m",
        {"db": "major_outage"},
        [
            (T0 + timedelta(hours=24), "resolved", None),
            (T0, "investigating", None),
        ],
    )
    now = datetime(2026, 4, 15, tzinfo=UTC)
    months = history([item], now)["db"].last_months(3, now)
    assert [m.label for m in months] == ["April 2026", "March 2026", "February 2026"]
    assert months[1].downtime_minutes == 24 * 60
    assert months[1].percent_text == "96.77 %"
    assert months[0].percent_text == "100.00 %"
    assert months[1].incident_ids == ("m",)


def test_incident_not_yet_posted_counts_nothing() -> None:
    late = incident(
        "late",
        {"api": "major_outage"},
        [(T0 + timedelta(hours=2), "investigating", None)],
    )
    late = late.model_copy(update={"started_at": T0})
    now = T0 + timedelta(hours=1)
    assert history([late], now)["api"].day(date(2026, 3, 1), now).downtime_minutes == 0
    later = T0 + timedelta(hours=3)
    assert history([late], later)["api"].day(date(2026, 3, 1), later).downtime_minutes == 180


def random_items(rng: random.Random, now: datetime, count: int, around: datetime) -> list[Incident]:
    """Incidents over three years before `now`, overlapping, some still open; a third
    start within three days of `around`, so that many end close either side of it."""
    items = []
    statuses = ["major_outage", "partial_outage", "degraded_performance"]
    for n in range(count):
        if n % 3:
            start = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        else:
            start = around + timedelta(minutes=rng.randint(-3 * 24 * 60, 3 * 24 * 60))
        first = {c: rng.choice(statuses) for c in rng.sample(["api", "db"], rng.randint(1, 2))}
        updates: list[tuple[datetime, str, dict[str, str] | None]] = [
            (start, "investigating", None)
        ]
        at = start
        for _ in range(rng.randint(0, 2)):
            at += timedelta(minutes=rng.randint(1, 3000))
            updates.append((at, "identified", {c: rng.choice(statuses) for c in first}))
        if rng.random() < 0.9:
            updates.append((at + timedelta(minutes=rng.randint(1, 3000)), "resolved", None))
        items.append(incident(f"i{n}", first, list(reversed(updates))))
    return items


@pytest.mark.parametrize("seed", range(5))
def test_a_history_since_a_moment_answers_as_the_whole_one_from_then_on(seed: int) -> None:
    rng = random.Random(seed)
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    since = datetime(2025, 12, 1, tzinfo=UTC)
    items = random_items(rng, now, 400, since)
    whole = component_histories(["api", "db"], items, now, 0.3)
    recent = component_histories(["api", "db"], items, now, 0.3, since=since)
    assert sum(len(h.spans) for h in recent.values()) < sum(len(h.spans) for h in whole.values())
    for component in ("api", "db"):
        assert recent[component].last_months(12, now) == whole[component].last_months(12, now)
        assert recent[component].last_days(90, now) == whole[component].last_days(90, now)
        first_day = since.date()
        days = (now.date() - first_day).days + 1
        assert [recent[component].day(first_day + timedelta(days=d), now) for d in range(days)] == [
            whole[component].day(first_day + timedelta(days=d), now) for d in range(days)
        ]


def test_a_history_since_a_moment_refuses_earlier_periods() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    since = datetime(2025, 12, 1, tzinfo=UTC)
    recent = component_histories(["api", "db"], [], now, 0.3, since=since)["api"]
    with pytest.raises(ValueError, match="does not cover"):
        recent.last_months(13, now)
    with pytest.raises(ValueError, match="does not cover"):
        recent.day(date(2025, 11, 30), now)
