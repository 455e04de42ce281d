"""How statuses and times read to people: labels, icons, and every way statusgen writes a time.

Status is never told by colour alone: every status has an icon and words, and the CSS class
only adds colour on top.

Every time statusgen writes (in content files, pages, feeds, JSON, the terminal) goes through
this module, which converts it to UTC first: a file may say `09:00:00+01:00`, and every
output says 08:00 UTC.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal, format_percent

from statusgen.content.incident import ComponentStatus, Impact, UpdateStatus
from statusgen.i18n import ENGLISH, N_, Language

# The words customers read most, marked for the catalogs; `label(...)` translates them.
COMPONENT_WORDS = {
    ComponentStatus.OPERATIONAL: N_("Operational"),
    ComponentStatus.DEGRADED_PERFORMANCE: N_("Degraded performance"),
    ComponentStatus.PARTIAL_OUTAGE: N_("Partial outage"),
    ComponentStatus.MAJOR_OUTAGE: N_("Major outage"),
    ComponentStatus.UNDER_MAINTENANCE: N_("Under maintenance"),
}
IMPACT_WORDS = {
    Impact.NONE: N_("No impact"),
    Impact.MINOR: N_("Minor impact"),
    Impact.MAJOR: N_("Major impact"),
    Impact.CRITICAL: N_("Critical impact"),
}
UPDATE_WORDS = {
    UpdateStatus.INVESTIGATING: N_("Investigating"),
    UpdateStatus.IDENTIFIED: N_("Identified"),
    UpdateStatus.MONITORING: N_("Monitoring"),
    UpdateStatus.RESOLVED: N_("Resolved"),
    UpdateStatus.SCHEDULED: N_("Scheduled"),
    UpdateStatus.IN_PROGRESS: N_("In progress"),
    UpdateStatus.VERIFYING: N_("Verifying"),
    UpdateStatus.COMPLETED: N_("Completed"),
}
# The same words in lower case, for the middle of a sentence ("Storage (partial outage)"):
# a separate message, since not every language lowers a noun (German does not).
COMPONENT_WORDS_INLINE = {
    ComponentStatus.OPERATIONAL: N_("operational"),
    ComponentStatus.DEGRADED_PERFORMANCE: N_("degraded performance"),
    ComponentStatus.PARTIAL_OUTAGE: N_("partial outage"),
    ComponentStatus.MAJOR_OUTAGE: N_("major outage"),
    ComponentStatus.UNDER_MAINTENANCE: N_("under maintenance"),
}
COMPONENT_ICONS = {
    ComponentStatus.OPERATIONAL: "✓",
    ComponentStatus.DEGRADED_PERFORMANCE: "▾",
    ComponentStatus.PARTIAL_OUTAGE: "◐",
    ComponentStatus.MAJOR_OUTAGE: "✕",
    ComponentStatus.UNDER_MAINTENANCE: "⚙",
}
IMPACT_ICONS = {Impact.NONE: "✓", Impact.MINOR: "▾", Impact.MAJOR: "◐", Impact.CRITICAL: "✕"}
# English, for the team's GitHub issues: the words of the vocabulary.
IMPACT_LABELS = {impact: impact.label for impact in Impact}
UPDATE_LABELS = {status: status.label for status in UpdateStatus}


def component_label(status: ComponentStatus, lang: Language = ENGLISH) -> str:
    return lang.gettext(COMPONENT_WORDS[status])


def component_label_inline(status: ComponentStatus, lang: Language = ENGLISH) -> str:
    return lang.gettext(COMPONENT_WORDS_INLINE[status])


def impact_label(impact: Impact, lang: Language = ENGLISH) -> str:
    return lang.gettext(IMPACT_WORDS[impact])


def update_label(status: UpdateStatus, lang: Language = ENGLISH) -> str:
    return lang.gettext(UPDATE_WORDS[status])


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


# English month abbreviations, for the reliability report's period labels in its CSV and JSON
# (pages show `month_text` and `quarter_text`).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_text(moment: datetime | date, lang: Language = ENGLISH) -> str:
    """`November 2026` (the UTC month of a time), in the language's words and order."""
    value = utc(moment) if isinstance(moment, datetime) else moment
    return format_skeleton("yMMMM", value, locale=lang.locale)


def quarter_text(moment: datetime | date, lang: Language = ENGLISH) -> str:
    """`Q4 2026`, `4. Quartal 2026`: the UTC calendar quarter of a time, as the language says it."""
    value = utc(moment) if isinstance(moment, datetime) else moment
    return format_skeleton("yQQQ", value, locale=lang.locale)


def days_text(first: date, last: date, lang: Language = ENGLISH) -> str:
    """`Jan 1 – Dec 2, 2026`: a span of whole days, both included, as the language writes it."""
    return format_interval(first, last, "yMMMd", locale=lang.locale)


def day_text(moment: datetime | date, lang: Language = ENGLISH) -> str:
    """`Nov 22, 2026`, `22.11.2026`: the language's medium date, of the UTC day."""
    value = utc(moment) if isinstance(moment, datetime) else moment
    day = value.date() if isinstance(value, datetime) else value
    return _day_words(day, lang)


def time_text(moment: datetime, lang: Language = ENGLISH) -> str:
    """`Nov 22, 2026, 04:10 UTC`: what the HTML and feeds say (JavaScript may localise it).

    A 24-hour clock in every language, since the zone is UTC and not the reader's.
    """
    value = utc(moment)
    return _day_and_clock(value.date(), value.hour, value.minute, lang)


@lru_cache(maxsize=4096)
def _day_and_clock(day: date, hour: int, minute: int, lang: Language) -> str:
    """time_text's words, once per minute of a day: Babel's formatting is slow and a site's
    thousands of incidents share days and minutes."""
    clock = format_skeleton("Hm", datetime.combine(day, time(hour, minute)), locale=lang.locale)
    pattern = str(lang.locale.datetime_formats["medium"])
    return pattern.replace("{1}", _day_words(day, lang)).replace("{0}", f"{clock} UTC")


@lru_cache(maxsize=4096)
def _day_words(day: date, lang: Language) -> str:
    return format_date(day, "medium", locale=lang.locale)


def duration_text(span: timedelta, lang: Language = ENGLISH) -> str:
    """`2 days 3 h 5 min`, `45 min`, `under a minute`."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return lang.gettext("under a minute")
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(lang.ngettext("%(num)d day", "%(num)d days", days) % {"num": days})
    if hours:
        parts.append(lang.gettext("%(num)d h") % {"num": hours})
    if minutes:
        parts.append(lang.gettext("%(num)d min") % {"num": minutes})
    return " ".join(parts)


def minutes_text(minutes: int, lang: Language = ENGLISH) -> str:
    if minutes == 0:
        return lang.gettext("no downtime")
    span = duration_text(timedelta(minutes=minutes), lang)
    return lang.gettext("%(duration)s of downtime") % {"duration": span}


def number_text(value: int, lang: Language = ENGLISH) -> str:
    """`1,234` / `1.234`: a count as the language groups digits."""
    return format_decimal(value, locale=lang.locale)


def floor_percent(ratio: float | None, decimals: int = 3) -> float | None:
    """A ratio as a percentage, rounded down: availability never reads better than it was."""
    if ratio is None:
        return None
    scale: int = 10**decimals
    return math.floor(round(ratio * 100 * scale, 6)) / scale


def percent_figure_text(figure: float, lang: Language = ENGLISH, pattern: str = "#,##0.###") -> str:
    """`99.9 %` / `99,9 %`: a figure already in per cent, in Babel's `pattern` for the language."""
    text = format_decimal(figure, format=pattern, locale=lang.locale)
    return lang.gettext("%(figure)s %%") % {"figure": text}


def percent_text(ratio: float | None, lang: Language = ENGLISH, decimals: int = 2) -> str:
    """`99.95 %` / `99,95 %`: availability truncated (never rounded up) to `decimals` places.

    99.999 % must not read as 100 %, so the figure is floored before Babel writes it.
    """
    floored = floor_percent(ratio, decimals)
    if floored is None:
        return "–"
    return percent_figure_text(floored, lang, "0." + "0" * decimals if decimals else "0")


def share_text(ratio: float, lang: Language = ENGLISH) -> str:
    """`30%`, `99.999%` (`30 %` in German): a share as the language writes percentages."""
    return format_percent(ratio, format="#,##0.###%", locale=lang.locale)
