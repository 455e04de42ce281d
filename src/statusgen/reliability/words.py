"""The `/reliability/` page's words and figures in the site's language.

Periods, durations, minutes and percentages are written by Babel through `render.format`,
like every other page's; the report's own labels (`2026 Q4`) stay for its CSV and JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from babel.numbers import format_decimal

from statusgen.content.incident import Impact
from statusgen.i18n import N_, Language
from statusgen.render import format as present

from .periods import Period

# Short names for table headings: the column already says it is about impact.
IMPACT_NAMES = {
    "all": N_("All incidents"),
    Impact.CRITICAL.value: N_("Critical"),
    Impact.MAJOR.value: N_("Major"),
    Impact.MINOR.value: N_("Minor"),
    Impact.NONE.value: N_("No impact"),
}
# The same, in the middle of the cadence policy's sentence ("critical: every 30 min").
IMPACT_NAMES_INLINE = {
    Impact.CRITICAL.value: N_("critical"),
    Impact.MAJOR.value: N_("major"),
    Impact.MINOR.value: N_("minor"),
    Impact.NONE.value: N_("no impact"),
}
# Downtime under half a minute reads as none: the bars' maths counts whole minutes.
NO_DOWNTIME_SECONDS = 30


def impact_names(lang: Language) -> dict[str, str]:
    return {key: lang.gettext(name) for key, name in IMPACT_NAMES.items()}


def period_text(period: Period, lang: Language) -> str:
    """`Q4 2026`, `November 2026`, `Jan 1 – Nov 22, 2026`, in the language's words."""
    if period.kind == "quarter":
        return present.quarter_text(period.start, lang)
    if period.kind == "month":
        return present.month_text(period.start, lang)
    last = period.end - timedelta(microseconds=1)
    return present.days_text(present.utc(period.start).date(), present.utc(last).date(), lang)


def span_text(seconds: float | None, lang: Language) -> str:
    if seconds is None:
        return "–"
    return present.duration_text(timedelta(seconds=seconds), lang)


def downtime_text(seconds: float, lang: Language) -> str:
    """A table cell's downtime: `2 h 55 min`, or `none`."""
    if seconds < NO_DOWNTIME_SECONDS:
        return lang.gettext("none")
    return span_text(seconds, lang)


def downtime_phrase(seconds: float, lang: Language) -> str:
    """`2 h of downtime`, `no downtime`: the words `minutes_text` uses on the other pages."""
    if seconds < NO_DOWNTIME_SECONDS:
        return lang.gettext("no downtime")
    return lang.gettext("%(duration)s of downtime") % {"duration": span_text(seconds, lang)}


def budget_minutes(ms: int, lang: Language) -> str:
    """`1,324.8 min`, `-7.2 min` (`1.324,8 Min.`): an error budget in minutes, one decimal."""
    figure = format_decimal(ms / 60_000, format="#,##0.0", locale=lang.locale)
    return lang.gettext("%(figure)s min") % {"figure": figure}


def objective_text(slo: float, lang: Language) -> str:
    """`99.9 %`, `99 %`: the objective as it was typed, without a trailing `.0`."""
    return present.percent_figure_text(slo, lang)


def incidents_text(count: int, lang: Language) -> str:
    return lang.ngettext("%(num)d incident", "%(num)d incidents", count) % {"num": count}


def policy_text(cadence_minutes: Mapping[str, float | None], lang: Language) -> str:
    """`critical: every 30 min; major: every 30 min; …; no impact: none expected`."""
    parts = []
    for impact in reversed(list(Impact)):
        minutes = cadence_minutes.get(impact.value)
        values = {"impact": lang.gettext(IMPACT_NAMES_INLINE[impact.value])}
        if minutes is None:
            parts.append(lang.gettext("%(impact)s: none expected") % values)
        else:
            values["interval"] = span_text(minutes * 60, lang)
            parts.append(lang.gettext("%(impact)s: every %(interval)s") % values)
    return lang.gettext("; ").join(parts)
