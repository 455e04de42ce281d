"""Derived state: what the page says at a given moment, computed from the updates.

Every function is pure and takes `now`, so a page can be rebuilt exactly as it stood at any
moment (`statusgen build --now ...`) and tests never depend on the clock. Updates posted after
`now` are not yet visible.

Maintenances move by the clock, as Statuspage's automatic transitions do: a window whose latest
post is `scheduled` is `in_progress` from `scheduled_for`, and a window that is not yet
`completed` is completed at `scheduled_until`. Engineers post `in_progress`, `verifying` or
`completed` to say more than the clock knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from statusgen.content.incident import (
    FINAL_STATUS,
    ComponentStatus,
    Impact,
    Incident,
    Kind,
    Update,
    UpdateStatus,
)


def visible_updates(item: Incident, now: datetime) -> list[Update]:
    """The updates posted by `now`, newest first."""
    if _all_posted(item, now):
        # The common case (a build asks this some 50 times per incident) skips the scan.
        return list(item.updates)
    return [update for update in item.updates if update.at <= now]


def _all_posted(item: Incident, now: datetime) -> bool:
    """Whether every update is posted by `now`: validation keeps updates newest first, so
    when the newest is, all are."""
    return bool(item.updates) and item.updates[0].at <= now


def is_published(item: Incident, now: datetime) -> bool:
    return item.updates[-1].at <= now


def current_status(item: Incident, now: datetime) -> UpdateStatus | None:
    """The status readers see at `now` (None before the first post)."""
    updates = visible_updates(item, now)
    if not updates:
        return None
    posted = updates[0].status
    if item.kind is Kind.INCIDENT or posted is UpdateStatus.COMPLETED:
        return posted
    assert item.scheduled_for is not None and item.scheduled_until is not None
    if now >= item.scheduled_until:
        return UpdateStatus.COMPLETED
    if posted is UpdateStatus.SCHEDULED and now >= item.scheduled_for:
        return UpdateStatus.IN_PROGRESS
    return posted


def is_resolved(item: Incident, now: datetime) -> bool:
    return current_status(item, now) is FINAL_STATUS[item.kind]


def is_active(item: Incident, now: datetime) -> bool:
    """An incident that is posted and not resolved; a maintenance in progress or verifying."""
    status = current_status(item, now)
    if status is None:
        return False
    if item.kind is Kind.INCIDENT:
        return status is not UpdateStatus.RESOLVED
    return status in (UpdateStatus.IN_PROGRESS, UpdateStatus.VERIFYING)


def is_upcoming(item: Incident, now: datetime) -> bool:
    return item.kind is Kind.MAINTENANCE and current_status(item, now) is UpdateStatus.SCHEDULED


def started_at(item: Incident, now: datetime) -> datetime | None:
    """When impact began: `started_at`, the first update, or the start of maintenance work."""
    if item.kind is Kind.INCIDENT:
        return item.started_at or item.updates[-1].at
    assert item.scheduled_for is not None
    posted_start = [
        u.at
        for u in visible_updates(item, now)
        if u.status in (UpdateStatus.IN_PROGRESS, UpdateStatus.VERIFYING, UpdateStatus.COMPLETED)
    ]
    begun = min([*posted_start, item.scheduled_for])
    if item.started_at is not None:
        begun = item.started_at
    return begun if begun <= now else None


def resolved_at(item: Incident, now: datetime) -> datetime | None:
    """When it ended: the final update, or the end of the window for a maintenance."""
    updates = visible_updates(item, now)
    if updates and updates[0].status is FINAL_STATUS[item.kind]:
        return updates[0].at
    if item.kind is Kind.MAINTENANCE and is_resolved(item, now):
        return item.scheduled_until
    return None


def monitoring_at(item: Incident, now: datetime) -> datetime | None:
    """The first time the fix was being monitored (Statuspage's `monitoring_at`)."""
    times = [u.at for u in visible_updates(item, now) if u.status is UpdateStatus.MONITORING]
    return min(times) if times else None


def duration(item: Incident, now: datetime) -> timedelta | None:
    """From start to resolution, or to `now` while it lasts."""
    began = started_at(item, now)
    if began is None:
        return None
    return (resolved_at(item, now) or now) - began


def visible_components(item: Incident, now: datetime) -> list[str]:
    """Every component the item has named by `now`, in first-mentioned order.

    What every output lists as an item's components: an update posted after `now` has not
    named its components yet.
    """
    return list(first_statuses(item, now))


def items_by_component(items: Iterable[Incident], now: datetime) -> dict[str, list[Incident]]:
    """Each component id → the items that have named it by `now`, in the order given.

    Asked once per build instead of once per component of each item (the feeds and the
    component pages of 5,000 incidents and 9 components: 45,000 questions).
    """
    touching: dict[str, list[Incident]] = {}
    for item in items:
        for component in visible_components(item, now):
            touching.setdefault(component, []).append(item)
    return touching


def status_changed_at(item: Incident, now: datetime) -> list[datetime]:
    """When readers saw the status change by `now`: each post, and each clock transition.

    A maintenance moves to in progress at `scheduled_for` and to completed at
    `scheduled_until` without a post; those moments count only if the status really changed.
    """
    times = {update.at for update in visible_updates(item, now)}
    if item.kind is Kind.MAINTENANCE:
        assert item.scheduled_for is not None and item.scheduled_until is not None
        for moment in (item.scheduled_for, item.scheduled_until):
            if moment <= now and current_status(item, moment) is not current_status(
                item, moment - _INSTANT
            ):
                times.add(moment)
    return sorted(times)


_INSTANT = timedelta(microseconds=1)


@dataclass(frozen=True)
class Span:
    """A component held one status from `start` to `end` because of one incident."""

    component: str
    status: ComponentStatus
    start: datetime
    end: datetime
    incident_id: str


def component_changes(
    item: Incident, now: datetime
) -> list[tuple[datetime, dict[str, ComponentStatus]]]:
    """Component statuses at each moment they changed, oldest first, up to `now`.

    Nothing before the first post is visible: an incident posted later (with a `started_at`
    before `now`) does not yet count.
    """
    began = started_at(item, now)
    if began is None or not is_published(item, now):
        return []
    changes = [(began, dict(item.components))]
    for update in reversed(visible_updates(item, now)):
        if update.components:
            changes.append((max(update.at, began), dict(update.components)))
    return changes


def component_spans(item: Incident, now: datetime) -> list[Span]:
    """Every time span in which this incident held a component in a non-operational status."""
    changes = component_changes(item, now)
    if not changes:
        return []
    end = resolved_at(item, now) or now
    state: dict[str, tuple[ComponentStatus, datetime]] = {}
    spans: list[Span] = []

    def close(component: str, until: datetime) -> None:
        status, since = state.pop(component)
        if status is not ComponentStatus.OPERATIONAL and until > since:
            spans.append(Span(component, status, since, until, item.id))

    for at, statuses in changes:
        for component, status in statuses.items():
            if component in state:
                if state[component][0] is status:
                    continue
                close(component, min(at, end))
            state[component] = (status, min(at, end))
    for component in sorted(state):
        close(component, end)
    return sorted(spans, key=lambda s: (s.start, s.component))


def held_components(item: Incident, now: datetime) -> dict[str, ComponentStatus]:
    """The status this item gives each component it has named, at `now` (empty unless active).

    Components an update has set back to operational are included, as operational.
    """
    if not is_active(item, now):
        return {}
    state: dict[str, ComponentStatus] = {}
    for _, statuses in component_changes(item, now):
        state.update(statuses)
    return state


def affected_components(item: Incident, now: datetime) -> dict[str, ComponentStatus]:
    """Components this item holds out of operational at `now` (empty once it is over)."""
    return {
        c: s for c, s in held_components(item, now).items() if s is not ComponentStatus.OPERATIONAL
    }


def first_statuses(item: Incident, now: datetime) -> dict[str, ComponentStatus]:
    """Each component named by `now`, with the status the item first gave it."""
    # Every update posted (most items): no list of the posted ones to make first.
    updates = item.updates if _all_posted(item, now) else visible_updates(item, now)
    first = dict(item.components)
    for update in reversed(updates):
        for component, status in (update.components or {}).items():
            first.setdefault(component, status)
    return first


def component_statuses(
    component_ids: Sequence[str], items: Iterable[Incident], now: datetime
) -> dict[str, ComponentStatus]:
    """Each component's status at `now`: the worst any active incident or maintenance gives it."""
    statuses = dict.fromkeys(component_ids, ComponentStatus.OPERATIONAL)
    for item in items:
        for component, status in affected_components(item, now).items():
            if component in statuses and status.severity > statuses[component].severity:
                statuses[component] = status
    return statuses


@dataclass(frozen=True)
class OverallStatus:
    """The page's top-level status, as Statuspage's `status` object has it."""

    indicator: Impact
    description: str
    under_maintenance: bool = False


DESCRIPTION_BY_IMPACT = {
    Impact.NONE: "All Systems Operational",
    Impact.MINOR: "Minor Service Outage",
    Impact.MAJOR: "Partial System Outage",
    Impact.CRITICAL: "Major System Outage",
}


# Statuspage's documented wording for a page with a single component.
_SINGLE_COMPONENT = {
    ComponentStatus.UNDER_MAINTENANCE: (Impact.NONE, "Service Under Maintenance"),
    ComponentStatus.DEGRADED_PERFORMANCE: (Impact.MINOR, "Partially Degraded Service"),
    ComponentStatus.PARTIAL_OUTAGE: (Impact.MAJOR, "Partial System Outage"),
    ComponentStatus.MAJOR_OUTAGE: (Impact.CRITICAL, "Major System Outage"),
}
MAINTENANCE_DESCRIPTION = "Service Under Maintenance"


def _rollup_components(statuses: Sequence[ComponentStatus]) -> tuple[Impact, str] | None:
    """Statuspage's component rollup: the worst status decides; "every component" is worse.

    Atlassian's "Top-level status and incident impact calculations": with one component its
    status maps straight to a description; with more, a major outage on some components is a
    "Partial System Outage" and on all of them a "Major System Outage"; a partial outage on
    some is a "Minor Service Outage" and on all a "Partial System Outage"; degraded
    performance is "Partially Degraded Service", or "Degraded System Service" on all.
    """
    broken = [s for s in statuses if s is not ComponentStatus.OPERATIONAL]
    if not broken:
        return None
    worst = max(broken, key=lambda s: s.severity)
    if len(statuses) == 1:
        return _SINGLE_COMPONENT[worst]
    every = len(broken) == len(statuses) and all(s is worst for s in broken)
    if worst is ComponentStatus.MAJOR_OUTAGE:
        if every:
            return Impact.CRITICAL, "Major System Outage"
        return Impact.MAJOR, "Partial System Outage"
    if worst is ComponentStatus.PARTIAL_OUTAGE:
        if every:
            return Impact.MAJOR, "Partial System Outage"
        return Impact.MINOR, "Minor Service Outage"
    if worst is ComponentStatus.DEGRADED_PERFORMANCE:
        if every:
            return Impact.MINOR, "Degraded System Service"
        return Impact.MINOR, "Partially Degraded Service"
    return Impact.NONE, MAINTENANCE_DESCRIPTION


def overall_status(
    component_ids: Sequence[str], items: Sequence[Incident], now: datetime
) -> OverallStatus:
    """Top-level status: components decide; with every component fine, active incidents do.

    As on Statuspage, a component outage sets the top-level status even while an incident
    of higher impact is open (a critical incident may show "major"), and an incident with
    no component out of service (or only components under maintenance) shows its impact.
    """
    statuses = component_statuses(component_ids, items, now)
    rolled = _rollup_components(list(statuses.values()))
    if rolled is not None and rolled[1] != MAINTENANCE_DESCRIPTION:
        return OverallStatus(*rolled)
    active_impacts = [
        i.effective_impact for i in items if i.kind is Kind.INCIDENT and is_active(i, now)
    ]
    incident_impact = max(active_impacts, key=lambda i: i.rank, default=Impact.NONE)
    if incident_impact is not Impact.NONE:
        return OverallStatus(incident_impact, DESCRIPTION_BY_IMPACT[incident_impact])
    maintenance_now = any(i.kind is Kind.MAINTENANCE and is_active(i, now) for i in items)
    if rolled is not None or maintenance_now:
        return OverallStatus(Impact.NONE, MAINTENANCE_DESCRIPTION, under_maintenance=True)
    return OverallStatus(Impact.NONE, DESCRIPTION_BY_IMPACT[Impact.NONE])


def listed_at(item: Incident) -> datetime:
    """The moment an item is listed under: when an incident began, a maintenance's window.

    It does not depend on `now`, so an entry never moves in a list as time passes.
    """
    if item.kind is Kind.MAINTENANCE:
        assert item.scheduled_for is not None
        return item.scheduled_for
    return item.started_at or item.first_posted_at


def sort_newest_first(items: Iterable[Incident]) -> list[Incident]:
    """The one order of every list (history, feeds, JSON, calendar): newest `listed_at` first.

    Ties are broken by id, so every output lists the same items in the same order.
    """
    return sorted(items, key=lambda i: (listed_at(i), i.id), reverse=True)
