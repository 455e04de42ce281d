"""Calendar periods of a reliability report: UTC quarters and months, clipped to a range.

Every figure of the report belongs to one period. Periods are half-open, `[start, end)`, so
an incident that begins at midnight on April 1 is in the second quarter, never in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from statusgen.render.format import MONTHS, day_text

PeriodKind = Literal["quarter", "month", "range"]


@dataclass(frozen=True)
class Period:
    """A stretch of time the report sums up; `start` inclusive, `end` exclusive."""

    kind: PeriodKind
    key: str
    """Stable and sortable: `2026-Q3`, `2026-07`, or `2026-07-01..2026-10-01` for a range."""
    label: str
    start: datetime
    end: datetime

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def elapsed_seconds(self, now: datetime) -> float:
        """How much of the period has passed by `now` (0 for a future period)."""
        return max(0.0, (min(self.end, now) - self.start).total_seconds())


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=UTC)


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def quarter_start(moment: datetime) -> datetime:
    value = moment.astimezone(UTC)
    return _month_start(value.year, 3 * ((value.month - 1) // 3) + 1)


def _quarter(start: datetime) -> Period:
    year, month = start.year, start.month
    end_year, end_month = (year + 1, 1) if month == 10 else (year, month + 3)
    number = (month - 1) // 3 + 1
    return Period(
        "quarter",
        f"{year}-Q{number}",
        f"{year} Q{number}",
        start,
        _month_start(end_year, end_month),
    )


def _month(start: datetime) -> Period:
    year, month = start.year, start.month
    end = _month_start(*_next_month(year, month))
    return Period("month", f"{year}-{month:02d}", f"{MONTHS[month - 1]} {year}", start, end)


def quarter_of(moment: datetime) -> Period:
    return _quarter(quarter_start(moment))


def month_of(moment: datetime) -> Period:
    value = moment.astimezone(UTC)
    return _month(_month_start(value.year, value.month))


def _clip(period: Period, since: datetime, until: datetime) -> Period:
    start, end = max(period.start, since), min(period.end, until)
    if (start, end) == (period.start, period.end):
        return period
    return Period(period.kind, period.key, period.label, start, end)


def periods_between(kind: PeriodKind, since: datetime, until: datetime) -> list[Period]:
    """The quarters or months that overlap `[since, until)`, oldest first, clipped to it."""
    if kind == "range":
        return [whole_range(since, until)]
    first = quarter_of(since) if kind == "quarter" else month_of(since)
    found = []
    period = first
    while period.start < until:
        found.append(_clip(period, since, until))
        period = _quarter(period.end) if kind == "quarter" else _month(period.end)
    return found


def whole_range(since: datetime, until: datetime) -> Period:
    first, last = since.astimezone(UTC).date(), (until - timedelta(microseconds=1)).date()
    label = f"{day_text(first)} – {day_text(last)}"
    return Period("range", f"{first.isoformat()}..{until.date().isoformat()}", label, since, until)


def last_quarters(now: datetime, count: int) -> tuple[datetime, datetime]:
    """`[since, until)` of the `count` quarters up to and including the one `now` is in."""
    current = quarter_of(now)
    start = current.start
    for _ in range(count - 1):
        start = quarter_start(start - timedelta(days=1))
    return start, current.end
