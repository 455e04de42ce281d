"""The public events a site's JSON shows, each with a key that never changes.

Keys are made of what cannot change once readers saw it: `<id>/update/<time>` for each
update (the first one of an incident is its creation), `<id>/started` and `<id>/completed`
for a maintenance the clock moved, `<id>/postmortem` for a published postmortem. A typo fixed
in an old update keeps its key, so it is not news again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from statusgen.render.format import json_time

from .sites import Json, SiteState, parse_time

WORK_STATUSES = ("in_progress", "verifying", "completed")
POSTMORTEM = "postmortem"


class EventKind(StrEnum):
    INCIDENT_CREATED = "incident_created"
    INCIDENT_UPDATED = "incident_updated"
    INCIDENT_RESOLVED = "incident_resolved"
    MAINTENANCE_SCHEDULED = "maintenance_scheduled"
    MAINTENANCE_UPDATED = "maintenance_updated"
    MAINTENANCE_STARTED = "maintenance_started"
    MAINTENANCE_COMPLETED = "maintenance_completed"
    POSTMORTEM_PUBLISHED = "postmortem_published"


@dataclass(frozen=True)
class Event:
    """One thing readers were told, as the site that tells it has it."""

    key: str
    at: datetime
    kind: EventKind
    incident: Json
    """The incident or maintenance object, as the current site has it."""
    update: Json | None
    """The update this event is; None for a transition made by the clock."""

    @property
    def maintenance(self) -> bool:
        return self.incident.get("impact") == "maintenance"

    @property
    def order(self) -> tuple[datetime, str]:
        return (self.at, self.key)


def _update_kind(item: Json, update: Json, first: bool) -> EventKind:
    if item.get("impact") == "maintenance":
        if first:
            return EventKind.MAINTENANCE_SCHEDULED
        if update["status"] == "completed":
            return EventKind.MAINTENANCE_COMPLETED
        return EventKind.MAINTENANCE_UPDATED
    if first:
        return EventKind.INCIDENT_CREATED
    if update["status"] == "resolved":
        return EventKind.INCIDENT_RESOLVED
    return EventKind.INCIDENT_UPDATED


def item_events(item: Json) -> Iterator[Event]:
    """Every event of one incident or maintenance, oldest first."""
    item_id = item["id"]
    posted = sorted(
        (u for u in item["incident_updates"] if u["status"] != POSTMORTEM),
        key=lambda u: parse_time(u["created_at"]),
    )
    seen: dict[str, int] = {}
    for index, update in enumerate(posted):
        at = parse_time(update["created_at"])
        stamp = json_time(at)
        seen[stamp] = seen.get(stamp, 0) + 1
        suffix = "" if seen[stamp] == 1 else f"#{seen[stamp]}"
        kind = _update_kind(item, update, index == 0)
        yield Event(f"{item_id}/update/{stamp}{suffix}", at, kind, item, update)
    if item.get("impact") == "maintenance":
        yield from _clock_events(item, posted)
    for update in item["incident_updates"]:
        if update["status"] == POSTMORTEM:
            at = parse_time(update["created_at"])
            yield Event(f"{item_id}/postmortem", at, EventKind.POSTMORTEM_PUBLISHED, item, update)
            break


def _clock_events(item: Json, posted: list[Json]) -> Iterator[Event]:
    """A maintenance's start and end when the clock made them, not a posted update."""
    status = item["status"]
    item_id = item["id"]
    posted_work = [parse_time(u["created_at"]) for u in posted if u["status"] in WORK_STATUSES]
    started = item.get("started_at")
    if status in WORK_STATUSES and isinstance(started, str):
        began = parse_time(started)
        if not posted_work or min(posted_work) > began:
            yield Event(f"{item_id}/started", began, EventKind.MAINTENANCE_STARTED, item, None)
    resolved = item.get("resolved_at")
    ended_by_post = any(u["status"] == "completed" for u in posted)
    if status == "completed" and isinstance(resolved, str) and not ended_by_post:
        ended = parse_time(resolved)
        yield Event(f"{item_id}/completed", ended, EventKind.MAINTENANCE_COMPLETED, item, None)


def site_events(state: SiteState) -> list[Event]:
    """Every event the site shows, oldest first (ties by key)."""
    events = [e for item in (*state.incidents, *state.maintenances) for e in item_events(item)]
    return sorted(events, key=lambda e: e.order)


@dataclass(frozen=True)
class NewEvents:
    events: list[Event]
    """New and within the horizon, oldest first."""
    too_old: list[Event]
    """New, but older than the horizon: never sent."""


def new_events(
    previous: SiteState | None, current: SiteState, now: datetime, horizon: timedelta
) -> NewEvents:
    """The events `current` shows and `previous` did not, split by the horizon."""
    seen = {e.key for e in site_events(previous)} if previous is not None else set()
    fresh = [e for e in site_events(current) if e.key not in seen and e.at <= now]
    cutoff = now - horizon
    return NewEvents(
        events=[e for e in fresh if e.at >= cutoff], too_old=[e for e in fresh if e.at < cutoff]
    )


def keys(events: Iterable[Event]) -> list[str]:
    return [event.key for event in events]
