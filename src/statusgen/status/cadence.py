"""Update cadence: when readers are owed the next public update, and which incidents are late.

Readers stay patient while they are told what is happening; silence is what they remember.
An update may promise the next one (`next_update_at`); without a promise the site's policy
gives an interval by impact (`cadence:` in the config). Every function here is pure in
(content, now, policy), like `status.py`, so a check can be replayed at any moment.

An item is **overdue** when the moment its next update was due has passed (strictly: at the
due moment itself it is still on time):

- an active incident (investigating, identified or monitoring) or a maintenance in progress
  or verifying, by its latest visible update's `next_update_at`, else by the policy's
  interval since its latest news (the latest update, or the start of a maintenance's work
  when that came later);
- any other unresolved item (a maintenance still scheduled) only by a promise it made.

Policy intervals are internal alarms for the team; only promises are shown to readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from statusgen.content.incident import Impact, Incident
from statusgen.content.settings import CadencePolicy
from statusgen.i18n import ENGLISH, N_, Language
from statusgen.problems import Problem, warning
from statusgen.render.format import duration_text, time_text
from statusgen.status.timeline import is_active, is_resolved, started_at, visible_updates

# Why an update was due, by what the policy's interval was for. `statusgen status` says it in
# the site's language; `validate`, `overdue` and the issues say it in English, for the team.
PROMISED_REASON = N_("as the last update promised")
MAINTENANCE_REASON = N_("the cadence for maintenance in progress is %(interval)s")
IMPACT_REASONS = {
    Impact.CRITICAL: N_("the cadence for critical incidents is %(interval)s"),
    Impact.MAJOR: N_("the cadence for major incidents is %(interval)s"),
    Impact.MINOR: N_("the cadence for minor incidents is %(interval)s"),
    Impact.NONE: N_("the cadence for incidents of no impact is %(interval)s"),
}


@dataclass(frozen=True)
class Expectation:
    """When the next public update of an item is due, and why."""

    due: datetime
    since: datetime
    """The latest news readers had: the latest update, or a maintenance's start if later."""
    promised: bool
    """True when an update promised `due` (next_update_at); False when the policy sets it."""
    latest_index: int
    """Index in `item.updates` of the latest visible update."""


def policy_interval(item: Incident, policy: CadencePolicy) -> timedelta | None:
    """The policy's interval between updates for this item (None: no expectation)."""
    if item.is_maintenance:
        return policy.maintenance
    interval: timedelta | None = getattr(policy, item.effective_impact.value)
    return interval


def promised_next_update(item: Incident, now: datetime) -> datetime | None:
    """The next update the latest visible update promised, while the item is unresolved."""
    updates = visible_updates(item, now)
    if not updates or is_resolved(item, now):
        return None
    return updates[0].next_update_at


def expectation(item: Incident, now: datetime, policy: CadencePolicy) -> Expectation | None:
    """When readers are owed the next update of `item` as at `now` (None: they are not)."""
    updates = visible_updates(item, now)
    if not updates or is_resolved(item, now):
        return None
    latest = updates[0]
    latest_index = len(item.updates) - len(updates)
    since = latest.at
    if item.is_maintenance:
        began = started_at(item, now)
        if began is not None and began > since:
            since = began
    if latest.next_update_at is not None:
        return Expectation(latest.next_update_at, since, True, latest_index)
    if not is_active(item, now):
        return None
    interval = policy_interval(item, policy)
    if interval is None:
        return None
    return Expectation(since + interval, since, False, latest_index)


@dataclass(frozen=True)
class Overdue:
    """An item whose next public update is late, as at `now`."""

    item: Incident
    expected: Expectation
    now: datetime

    @property
    def late_by(self) -> timedelta:
        return self.now - self.expected.due

    @property
    def minutes_overdue(self) -> int:
        return whole_minutes(self.late_by)

    @property
    def minutes_silent(self) -> int:
        """Minutes since the latest news readers had."""
        return whole_minutes(self.now - self.expected.since)

    @property
    def silent_text(self) -> str:
        """`47 min`, `7 h 50 min`: how long readers have waited, for people."""
        return self.silent_words()

    @property
    def overdue_text(self) -> str:
        return self.overdue_words()

    def silent_words(self, lang: Language = ENGLISH) -> str:
        return minutes_text(self.minutes_silent, lang)

    def overdue_words(self, lang: Language = ENGLISH) -> str:
        return minutes_text(self.minutes_overdue, lang)

    @property
    def line(self) -> int:
        """The line of the latest visible update in the item's file."""
        lines = self.item.update_lines
        index = self.expected.latest_index
        return lines[index] if index < len(lines) else 1

    def reason(self, policy: CadencePolicy, lang: Language = ENGLISH) -> str:
        """Why it was due then: a promise, or the policy's interval for its impact."""
        if self.expected.promised:
            return lang.gettext(PROMISED_REASON)
        interval = policy_interval(self.item, policy)
        assert interval is not None
        words = (
            MAINTENANCE_REASON
            if self.item.is_maintenance
            else IMPACT_REASONS[self.item.effective_impact]
        )
        minutes = lang.gettext("%(num)d min") % {"num": whole_minutes(interval)}
        return lang.gettext(words) % {"interval": minutes}


def whole_minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def minutes_text(minutes: int, lang: Language = ENGLISH) -> str:
    if not minutes:
        return lang.gettext("%(num)d min") % {"num": 0}
    return duration_text(timedelta(minutes=minutes), lang)


def overdue_items(items: Iterable[Incident], now: datetime, policy: CadencePolicy) -> list[Overdue]:
    """Every item whose next update was due before `now`, the latest first, then by id."""
    found = []
    for item in items:
        expected = expectation(item, now, policy)
        if expected is not None and now > expected.due:
            found.append(Overdue(item, expected, now))
    return sorted(found, key=lambda o: (-o.late_by.total_seconds(), o.item.id))


def overdue_text(overdue: Overdue, policy: CadencePolicy) -> str:
    """One line for reports: how long readers have waited and when news was due."""
    return (
        f"no public update for {overdue.silent_text}: the next was due by "
        f"{time_text(overdue.expected.due)} ({overdue.overdue_text} ago; "
        f"{overdue.reason(policy)})"
    )


def overdue_warnings(
    items: Iterable[Incident], now: datetime, policy: CadencePolicy
) -> list[Problem]:
    """`validate`'s warnings: one per overdue item, at its latest update."""
    return [
        warning(
            o.item.source,
            o.line,
            "updates",
            f"{overdue_text(o, policy)}; post one with 'statusgen update {o.item.id}'",
        )
        for o in overdue_items(items, now, policy)
    ]
