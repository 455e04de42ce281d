"""Availability maths: how much of a period each component was down.

From every incident's component spans (start to resolution, following per-update component
changes) we build, per component, a timeline of its worst status at each moment, so that
overlapping incidents are never counted twice. Downtime weighs a major outage fully, a partial
outage by the configured share (0.3 by default), and degraded performance and maintenance not
at all. Days are UTC days; an ongoing incident counts up to `now`.

    availability = 1 - weighted downtime / time elapsed in the period
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from statusgen.content.incident import ComponentStatus, Incident
from statusgen.render.format import month_text

from .timeline import Span, component_spans, resolved_at


def downtime_weight(status: ComponentStatus, partial_weight: float) -> float:
    if status is ComponentStatus.MAJOR_OUTAGE:
        return 1.0
    if status is ComponentStatus.PARTIAL_OUTAGE:
        return partial_weight
    return 0.0


@dataclass(frozen=True)
class Segment:
    """A stretch of time in which a component had one worst status."""

    start: datetime
    end: datetime
    status: ComponentStatus

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


# Statuses by severity: a status's severity is its index (0 operational … 4 major outage).
_BY_SEVERITY = sorted(ComponentStatus, key=lambda status: status.severity)


def worst_status_segments(spans: Iterable[Span]) -> list[Segment]:
    """Merge overlapping spans of one component into disjoint segments of its worst status."""
    boundaries: dict[datetime, list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        severity = span.status.severity
        boundaries[span.start].append((1, severity))
        boundaries[span.end].append((-1, severity))
    # A sweep over the moments where spans start or end, counting the spans open in each
    # severity. A component page's sweep at 5,000 incidents passes some 5,000 moments, and
    # the site makes three of them per component: counts by index, not by enum, and the
    # stretches as plain lists until the end.
    counts = [0] * len(_BY_SEVERITY)
    stretches: list[list[Any]] = []  # [start, end, severity], disjoint, in order
    previous: datetime | None = None
    worst = -1  # the worst severity open since `previous`; -1: none
    for moment in sorted(boundaries):
        if worst >= 0:
            last = stretches[-1] if stretches else None
            if last is not None and last[1] == previous and last[2] == worst:
                last[1] = moment
            else:
                stretches.append([previous, moment, worst])
        for delta, severity in boundaries[moment]:
            counts[severity] += delta
        worst = len(counts) - 1
        while worst >= 0 and counts[worst] <= 0:
            worst -= 1
        previous = moment
    return [Segment(start, end, _BY_SEVERITY[severity]) for start, end, severity in stretches]


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


@dataclass(frozen=True)
class DayRecord:
    """One UTC day of one component, as its bar cell tells it."""

    day: date
    seconds_by_status: dict[ComponentStatus, float]
    downtime_seconds: float
    incident_ids: tuple[str, ...]
    elapsed_seconds: float

    @property
    def worst(self) -> ComponentStatus:
        present = [s for s, seconds in self.seconds_by_status.items() if seconds > 0]
        if not present:
            return ComponentStatus.OPERATIONAL
        return max(present, key=lambda s: s.severity)

    @property
    def downtime_minutes(self) -> int:
        return round(self.downtime_seconds / 60)

    @property
    def future(self) -> bool:
        return self.elapsed_seconds <= 0


@dataclass(frozen=True)
class PeriodAvailability:
    """Availability of one component over a period (a month, or the last N days)."""

    label: str
    start: datetime
    end: datetime
    downtime_seconds: float
    elapsed_seconds: float
    incident_ids: tuple[str, ...] = ()

    @property
    def ratio(self) -> float | None:
        if self.elapsed_seconds <= 0:
            return None
        return max(0.0, 1.0 - self.downtime_seconds / self.elapsed_seconds)

    @property
    def percent_text(self) -> str:
        ratio = self.ratio
        if ratio is None:
            return "–"
        # Truncate, never round up: 99.999 % must not read as 100 %.
        return f"{math.floor(ratio * 10_000) / 100:.2f} %"

    @property
    def downtime_minutes(self) -> int:
        return round(self.downtime_seconds / 60)


@dataclass
class ComponentHistory:
    """All segments and touching incidents of one component, with period queries.

    A history made `since` a moment holds only the spans still open then, so it answers
    only for periods that begin at or after it (asked of earlier ones, it raises).
    """

    component: str
    segments: list[Segment]
    spans: list[Span]
    partial_weight: float
    since: datetime | None = None
    _touch_index: dict[date, list[str]] = field(default_factory=dict)
    _ends: list[datetime] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Segments are disjoint and sorted, so their ends are sorted too: bisect finds the
        # first one a period can overlap.
        self._ends = [segment.end for segment in self.segments]
        index: dict[date, dict[str, None]] = defaultdict(dict)
        for span in self.spans:
            day = span.start.astimezone(UTC).date()
            last = (span.end - timedelta(microseconds=1)).astimezone(UTC).date()
            while day <= last:
                index[day][span.incident_id] = None
                day += timedelta(days=1)
        self._touch_index = {day: list(ids) for day, ids in index.items()}

    def _check_covers(self, start: datetime) -> None:
        if self.since is not None and start < self.since:
            raise ValueError(f"a history since {self.since} does not cover {start}")

    def _overlap(
        self, start: datetime, end: datetime
    ) -> tuple[dict[ComponentStatus, float], float]:
        self._check_covers(start)
        by_status: dict[ComponentStatus, float] = defaultdict(float)
        downtime = 0.0
        for segment in self.segments[bisect_right(self._ends, start) :]:
            if segment.start >= end:
                break
            seconds = (min(segment.end, end) - max(segment.start, start)).total_seconds()
            by_status[segment.status] += seconds
            downtime += seconds * downtime_weight(segment.status, self.partial_weight)
        return dict(by_status), downtime

    def incidents_between(self, first_day: date, last_day: date) -> tuple[str, ...]:
        self._check_covers(day_start(first_day))
        found: dict[str, None] = {}
        day = first_day
        while day <= last_day:
            found.update(dict.fromkeys(self._touch_index.get(day, ())))
            day += timedelta(days=1)
        return tuple(found)

    def day(self, day: date, now: datetime) -> DayRecord:
        start = day_start(day)
        self._check_covers(start)
        end = min(start + timedelta(days=1), now)
        by_status, downtime = self._overlap(start, end) if end > start else ({}, 0.0)
        return DayRecord(
            day=day,
            seconds_by_status=by_status,
            downtime_seconds=downtime,
            incident_ids=tuple(self._touch_index.get(day, ())),
            elapsed_seconds=max(0.0, (end - start).total_seconds()),
        )

    def downtime_seconds(self, start: datetime, end: datetime, now: datetime) -> float:
        """The weighted downtime of `period`, without looking up which incidents caused it."""
        stop = min(end, now)
        return self._overlap(start, stop)[1] if stop > start else 0.0

    def period(
        self, label: str, start: datetime, end: datetime, now: datetime
    ) -> PeriodAvailability:
        stop = min(end, now)
        _, downtime = self._overlap(start, stop) if stop > start else ({}, 0.0)
        last_day = (stop - timedelta(microseconds=1)).astimezone(UTC).date()
        return PeriodAvailability(
            label=label,
            start=start,
            end=end,
            downtime_seconds=downtime,
            elapsed_seconds=max(0.0, (stop - start).total_seconds()),
            incident_ids=self.incidents_between(start.date(), last_day) if stop > start else (),
        )

    def last_days(self, days: int, now: datetime) -> tuple[list[DayRecord], PeriodAvailability]:
        """The bar's cells (oldest first, today last) and the availability over them."""
        today = now.astimezone(UTC).date()
        first = today - timedelta(days=days - 1)
        records = [self.day(first + timedelta(days=n), now) for n in range(days)]
        summary = self.period(
            f"last {days} days", day_start(first), day_start(today + timedelta(days=1)), now
        )
        return records, summary

    def last_months(self, months: int, now: datetime) -> list[PeriodAvailability]:
        """Calendar months (UTC), newest first, the current month included."""
        today = now.astimezone(UTC).date()
        year, month = today.year, today.month
        result = []
        for _ in range(months):
            start = datetime(year, month, 1, tzinfo=UTC)
            next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
            end = datetime(next_year, next_month, 1, tzinfo=UTC)
            result.append(self.period(month_text(start), start, end, now))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return result


def component_histories(
    component_ids: Sequence[str],
    items: Iterable[Incident],
    now: datetime,
    partial_weight: float,
    *,
    since: datetime | None = None,
) -> dict[str, ComponentHistory]:
    """Every component's merged status timeline up to `now`; `since` a moment, only what
    periods from then on need: an item that ended by then is left out unread."""
    if since is not None:
        items = (item for item in items if _ended_after(item, since, now))
    spans = (span for item in items for span in component_spans(item, now))
    return histories_from_spans(component_ids, spans, partial_weight, since=since)


def _ended_after(item: Incident, moment: datetime, now: datetime) -> bool:
    """Whether any of the item's spans may last past `moment` (all end by its end)."""
    ended = resolved_at(item, now)
    return ended is None or ended > moment


def histories_from_spans(
    component_ids: Sequence[str],
    spans: Iterable[Span],
    partial_weight: float,
    *,
    since: datetime | None = None,
) -> dict[str, ComponentHistory]:
    """Each component's timeline from spans already computed (see `component_spans`)."""
    spans_by_component: dict[str, list[Span]] = {c: [] for c in component_ids}
    for span in spans:
        if span.component in spans_by_component:
            spans_by_component[span.component].append(span)
    return {
        component: ComponentHistory(
            component=component,
            segments=worst_status_segments(own),
            spans=sorted(own, key=lambda s: (s.start, s.incident_id)),
            partial_weight=partial_weight,
            since=since,
        )
        for component, own in spans_by_component.items()
    }
