"""What one incident tells about the response to it: its moments, and its update gaps.

- **Impact start**: `started_at`, else the first update (the only start the page knows).
- **Time to first public update**: impact start → first update; measured only when the
  incident has `started_at`, since without it the two are the same moment by definition.
- **Time to mitigate**: impact start → the first `monitoring` update, when the fix is in
  place and being watched; an incident resolved without one was mitigated at resolution.
- **Time to resolve**: impact start → the `resolved` update.

An incident not yet mitigated or resolved at `now` counts with its time so far (a lower
bound), marked ongoing: leaving it out would make an incident that never ends improve the
figures. Maintenances are planned work, not incidents: nothing here measures them.

**Update gaps**: from each public update to the next while the incident was open. A gap is
kept when the next update came by the time it was due (see `cadence.py`); an open gap (no
update since) counts only once it is late, since until then it may still be kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from itertools import pairwise

from statusgen.content.incident import Impact, Incident, Update, UpdateStatus
from statusgen.content.settings import StatusgenConfig
from statusgen.status.timeline import resolved_at, visible_updates

from .cadence import next_update_due, update_interval


@dataclass(frozen=True)
class Gap:
    """The wait for one public update; `due` None means no expectation applied."""

    start: datetime
    end: datetime | None
    """The next update, or None while readers are still waiting."""
    due: datetime

    @property
    def kept(self) -> bool:
        return self.end is not None and self.end <= self.due


@dataclass(frozen=True)
class Measures:
    """The moments of one incident, as readers saw them by `now`."""

    incident: Incident
    impact: Impact
    began: datetime
    start_known: bool
    first_update: datetime
    mitigated: datetime | None
    resolved: datetime | None
    now: datetime
    gaps: tuple[Gap, ...]

    @property
    def time_to_first_update(self) -> timedelta | None:
        return self.first_update - self.began if self.start_known else None

    @property
    def time_to_mitigate(self) -> timedelta:
        return (self.mitigated or self.now) - self.began

    @property
    def time_to_resolve(self) -> timedelta:
        return (self.resolved or self.now) - self.began

    # The same in seconds, computed once: every period and component of a report asks.
    @cached_property
    def seconds_to_first_update(self) -> float | None:
        wait = self.time_to_first_update
        return None if wait is None else wait.total_seconds()

    @cached_property
    def seconds_to_mitigate(self) -> float:
        return self.time_to_mitigate.total_seconds()

    @cached_property
    def seconds_to_resolve(self) -> float:
        return self.time_to_resolve.total_seconds()

    @cached_property
    def gaps_kept(self) -> int:
        return sum(gap.kept for gap in self.gaps)


def measure(item: Incident, now: datetime, options: StatusgenConfig) -> Measures:
    """The measures of a published incident (not a maintenance) as at `now`."""
    updates = list(reversed(visible_updates(item, now)))  # oldest first
    resolved = resolved_at(item, now)
    monitoring = next((u.at for u in updates if u.status is UpdateStatus.MONITORING), None)
    began = item.started_at or updates[0].at
    return Measures(
        incident=item,
        impact=item.effective_impact,
        began=began,
        start_known=item.started_at is not None,
        first_update=updates[0].at,
        mitigated=monitoring or resolved,
        resolved=resolved,
        now=now,
        gaps=tuple(_gaps(updates, resolved, now, update_interval(options, item.effective_impact))),
    )


def _gaps(
    updates: list[Update], resolved: datetime | None, now: datetime, interval: timedelta | None
) -> list[Gap]:
    """`updates` oldest first; the final `resolved` update ends the last gap."""
    gaps = []
    for update, following in pairwise(updates):
        due = next_update_due(update, interval)
        if due is not None:
            gaps.append(Gap(update.at, following.at, due))
    if resolved is None and updates:
        due = next_update_due(updates[-1], interval)
        if due is not None and now > due:
            gaps.append(Gap(updates[-1].at, None, due))
    return gaps
