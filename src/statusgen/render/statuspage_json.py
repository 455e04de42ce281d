"""Statuspage-compatible JSON: the eight public read endpoints of `api/v2/`, as static files.

Clients, widgets, bots and monitors written for Atlassian Statuspage read these unchanged:
same field names, nesting and enum values. Ids are statusgen's own (incident and component
ids), times are UTC with milliseconds and 'Z' as Statuspage writes them, and fields that mean
nothing for a static page carry what Statuspage sends in the equivalent case (usually null).
`page.updated_at` is the last time the content changed, never the build time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from statusgen.content.incident import FINAL_STATUS, ComponentStatus, Incident, Kind
from statusgen.content.settings import ComponentConfig, Group
from statusgen.status.cadence import promised_next_update
from statusgen.status.timeline import (
    component_spans,
    component_statuses,
    current_status,
    is_active,
    is_resolved,
    is_upcoming,
    monitoring_at,
    overall_status,
    resolved_at,
    started_at,
    visible_components,
    visible_updates,
)

from . import urls
from .format import json_time
from .publishing import (
    EPOCH,
    PostmortemNotice,
    encode_json,
    last_changed_at,
    page_id,
    page_updated_at,
    postmortem_notices,
    published_items,
    status_indicator,
)

if TYPE_CHECKING:
    from statusgen.content.site import Content

# incidents.json and scheduled-maintenances.json hold the 50 most recent, as on Statuspage.
RECENT_LIMIT = 50

Json = dict[str, Any]


def api_files(content: Content, now: datetime) -> dict[str, bytes]:
    """`api/v2/*.json`: summary, status, components, incidents and scheduled maintenances."""
    api = _Api.of(content, now)
    items = published_items(content, now)
    incidents = [item for item in items if item.kind is Kind.INCIDENT]
    maintenances = [item for item in items if item.kind is Kind.MAINTENANCE]
    unresolved = [item for item in incidents if not is_resolved(item, now)]
    upcoming = [item for item in maintenances if is_upcoming(item, now)]
    active = [item for item in maintenances if is_active(item, now)]
    current_ids = {item.id for item in (*upcoming, *active)}
    current = [item for item in maintenances if item.id in current_ids]

    page, status, components = api.page(), api.status(), api.components()
    documents: dict[str, Json] = {
        "summary.json": {
            "page": page,
            "components": components,
            "incidents": api.incidents(unresolved),
            "scheduled_maintenances": api.incidents(current),
            "status": status,
        },
        "status.json": {"page": page, "status": status},
        "components.json": {"page": page, "components": components},
        "incidents.json": {"page": page, "incidents": api.incidents(incidents[:RECENT_LIMIT])},
        "incidents/unresolved.json": {"page": page, "incidents": api.incidents(unresolved)},
        "scheduled-maintenances.json": {
            "page": page,
            "scheduled_maintenances": api.incidents(maintenances[:RECENT_LIMIT]),
        },
        "scheduled-maintenances/upcoming.json": {
            "page": page,
            "scheduled_maintenances": api.incidents(upcoming),
        },
        "scheduled-maintenances/active.json": {
            "page": page,
            "scheduled_maintenances": api.incidents(active),
        },
    }
    return {urls.API_DIR + name: encode_json(document) for name, document in documents.items()}


@dataclass(frozen=True)
class _Api:
    """Renders Statuspage objects for one site as at `now`."""

    content: Content
    now: datetime
    page_id: str
    statuses: Mapping[str, ComponentStatus]
    notices: Mapping[str, PostmortemNotice]
    # Statuspage reports when each component was created; statusgen knows only when the
    # page's content begins, so every component reports that.
    created_at: datetime

    @classmethod
    def of(cls, content: Content, now: datetime) -> _Api:
        items = published_items(content, now)
        return cls(
            content=content,
            now=now,
            page_id=page_id(content.config),
            statuses=component_statuses(content.config.component_ids, content.incidents, now),
            notices=postmortem_notices(content, now),
            created_at=min((item.first_posted_at for item in items), default=EPOCH),
        )

    def page(self) -> Json:
        config = self.content.config
        return {
            "id": self.page_id,
            "name": config.name,
            "url": config.url,
            "time_zone": config.options.time_zone,
            "updated_at": json_time(page_updated_at(self.content, self.now)),
        }

    def status(self) -> Json:
        overall = overall_status(
            self.content.config.component_ids, self.content.incidents, self.now
        )
        return {"indicator": status_indicator(overall), "description": overall.description}

    def components(self) -> list[Json]:
        return self._components

    @cached_property
    def _components(self) -> list[Json]:
        """Groups and components in page order; a group lists its children's ids."""
        rendered: list[Json] = []
        for group in self.content.config.groups:
            if group.id:
                rendered.append(self._group(group, position=len(rendered) + 1))
            for component in group.components:
                rendered.append(
                    self._component(component, group.id or None, position=len(rendered) + 1)
                )
        return rendered

    @cached_property
    def _component_by_id(self) -> dict[str, Json]:
        return {c["id"]: c for c in self._components if not c["group"]}

    def _component(self, component: ComponentConfig, group_id: str | None, position: int) -> Json:
        return {
            "id": component.id,
            "name": component.name,
            "status": self.statuses[component.id].value,
            "created_at": json_time(self.created_at),
            "updated_at": json_time(self._changed_at.get(component.id, self.created_at)),
            "position": position,
            "description": component.description,
            "showcase": component.uptime,
            "start_date": None,
            "group_id": group_id,
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def _group(self, group: Group, position: int) -> Json:
        members = [c.id for c in group.components]
        worst = max((self.statuses[c] for c in members), key=lambda s: s.severity)
        changed = max(self._changed_at.get(c, self.created_at) for c in members)
        return {
            "id": group.id,
            "name": group.name,
            "status": worst.value,
            "created_at": json_time(self.created_at),
            "updated_at": json_time(changed),
            "position": position,
            "description": None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page_id,
            "group": True,
            "only_show_if_degraded": False,
            "components": members,
        }

    @cached_property
    def _changed_at(self) -> dict[str, datetime]:
        """Component → the last moment by `now` when something changed its status."""
        changed: dict[str, datetime] = {}
        for item in published_items(self.content, self.now):
            ended = resolved_at(item, self.now)
            for span in component_spans(item, self.now):
                times = [span.start]
                if span.end < self.now or span.end == ended:
                    times.append(span.end)
                changed[span.component] = max([*times, changed.get(span.component, EPOCH)])
        return changed

    def incidents(self, items: Sequence[Incident]) -> list[Json]:
        return [self.incident(item) for item in items]

    def incident(self, item: Incident) -> Json:
        config = self.content.config
        now = self.now
        notice = self.notices.get(item.id)
        status = current_status(item, now)
        assert status is not None, "only published items are rendered"
        shown = status.value
        if notice is not None and item.kind is Kind.INCIDENT and is_resolved(item, now):
            shown = "postmortem"
        rendered: Json = {
            "id": item.id,
            "name": item.title,
            "status": shown,
            "created_at": json_time(item.first_posted_at),
            "updated_at": json_time(last_changed_at(item, now, notice)),
            "monitoring_at": _optional_time(monitoring_at(item, now)),
            "resolved_at": _optional_time(resolved_at(item, now)),
            "impact": "maintenance" if item.is_maintenance else item.effective_impact.value,
            "shortlink": config.absolute(urls.incident(item.id)),
            "started_at": json_time(started_at(item, now) or item.first_posted_at),
            "page_id": self.page_id,
            "incident_updates": self._updates(item),
            "components": [self._component_by_id[c] for c in visible_components(item, now)],
        }
        if item.is_maintenance:
            assert item.scheduled_for is not None and item.scheduled_until is not None
            rendered["scheduled_for"] = json_time(item.scheduled_for)
            rendered["scheduled_until"] = json_time(item.scheduled_until)
        promised = promised_next_update(item, now)
        if promised is not None:
            # statusgen's own field: Statuspage clients ignore fields they do not know.
            rendered["next_update_at"] = json_time(promised)
        return rendered

    def _updates(self, item: Incident) -> list[Json]:
        updates = visible_updates(item, self.now)
        changes = affected_components(item, self.now)
        rendered = []
        for number, (update, changed) in enumerate(
            zip(reversed(updates), changes, strict=True), start=1
        ):
            at = json_time(update.at)
            rendered.append(
                {
                    "id": f"{item.id}-{number}",
                    "status": update.status.value,
                    "body": update.body.strip(),
                    "incident_id": item.id,
                    "created_at": at,
                    "updated_at": at,
                    "display_at": at,
                    "affected_components": [
                        {
                            "code": component_id,
                            "name": self.content.config.component(component_id).name,
                            "old_status": old.value,
                            "new_status": new.value,
                        }
                        for component_id, (old, new) in changed.items()
                    ]
                    or None,
                    "deliver_notifications": True,
                    "custom_tweet": None,
                    "tweet_id": None,
                }
            )
            if update.next_update_at is not None:
                rendered[-1]["next_update_at"] = json_time(update.next_update_at)
        notice = self.notices.get(item.id)
        if notice is not None:
            # Statuspage posts the published postmortem as the incident's newest update.
            at = json_time(notice.published)
            rendered.append(
                {
                    "id": f"{item.id}-postmortem",
                    "status": "postmortem",
                    "body": f"{notice.summary}\n\nPostmortem: {notice.url}",
                    "incident_id": item.id,
                    "created_at": at,
                    "updated_at": at,
                    "display_at": at,
                    "affected_components": None,
                    "deliver_notifications": True,
                    "custom_tweet": None,
                    "tweet_id": None,
                }
            )
        return rendered[::-1]


def affected_components(
    item: Incident, now: datetime
) -> list[dict[str, tuple[ComponentStatus, ComponentStatus]]]:
    """For each visible update, oldest first: component → (old status, new status).

    The item's own `components` take effect at its start (the first update of an incident;
    the start of work of a maintenance), an update's `components` at that update, and the
    final update returns everything to operational. The first update also lists the
    components the item names whose status it does not change, such as those of a
    maintenance announced ahead of its window.
    """
    began = started_at(item, now)
    state = dict.fromkeys(visible_components(item, now), ComponentStatus.OPERATIONAL)
    applied = False
    result = []
    for index, update in enumerate(reversed(visible_updates(item, now))):
        before = dict(state)
        if not applied and began is not None and update.at >= began:
            state.update(item.components)
            applied = True
        state.update(update.components or {})
        if update.status is FINAL_STATUS[item.kind]:
            state = dict.fromkeys(state, ComponentStatus.OPERATIONAL)
        result.append(
            {
                component: (before[component], status)
                for component, status in state.items()
                if status is not before[component] or (index == 0 and component in item.components)
            }
        )
    return result


def _optional_time(moment: datetime | None) -> str | None:
    return None if moment is None else json_time(moment)
