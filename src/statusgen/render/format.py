"""How statuses and times read to people: labels, icons, and every way statusgen writes a time.

Status is never told by colour alone: every status has an icon and words, and the CSS class
only adds colour on top.

Every time statusgen writes (in content files, pages, feeds, JSON, the terminal) goes through
this module, which converts it to UTC first: a file may say `09:00:00+01:00`, and every
output says 08:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from statusgen.content.incident import ComponentStatus, Impact, UpdateStatus

# The words come from the vocabulary itself (`statusgen.content.incident`).
COMPONENT_LABELS = {status: status.label for status in ComponentStatus}
COMPONENT_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.DEGRADED_PERFORMANCE: "▾",
    ComponentStatus.PARTIAL_OUTAGE: "◐",
    ComponentStatus.MAJOR_OUTAGE: "✕",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
}
IMPACT_LABELS = {impact: impact.label for impact in Impact}
IMPACT_ICONS = {Impact.NONE: "✓", Impact.MINOR: "▾", Impact.MAJOR: "◐", Impact.CRITICAL: "✕"}
UPDATE_LABELS = {status: status.label for status in UpdateStatus}


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    """`2026-03-01T10:00:00Z`: ISO 8601 in UTC, as content files and `<time datetime>` have it."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_time(moment: datetime) -> str:
    """`2026-03-01T10:00:00.000Z`: ISO 8601 in UTC with milliseconds, as Statuspage writes it."""
    return utc(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def terminal_time(moment: datetime) -> str:
    """`2026-03-01 10:00 UTC`: short enough for a phone's terminal, sortable, copyable."""
    return utc(moment).strftime("%Y-%m-%d %H:%M UTC")


# Written out rather than strftime's %b and %B, which follow the process's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_text(moment: datetime | date) -> str:
    """`November 2026` (the UTC month of a time), the same in every locale."""
    value = utc(moment) if isinstance(moment, datetime) else moment
    return f"{MONTH_NAMES[value.month - 1]} {value.year}"


def day_text(moment: datetime | date) -> str:
    """`Nov 22, 2026`, the same in every locale."""
    value = utc(moment) if isinstance(moment, datetime) else moment
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def time_text(moment: datetime) -> str:
    """`Nov 22, 2026, 04:10 UTC`: what the HTML and feeds say (JavaScript may localise it)."""
    value = utc(moment)
    return f"{day_text(value)}, {value:%H:%M} UTC"


def duration_text(span: timedelta) -> str:
    """`2 days 3 h 5 min`, `45 min`, `under a minute`."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days > 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    return " ".join(parts)


def minutes_text(minutes: int) -> str:
    return (
        "no downtime"
        if minutes == 0
        else f"{duration_text(timedelta(minutes=minutes))} of downtime"
    )
