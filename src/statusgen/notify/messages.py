"""What an event says: a title and plain text for people, and Statuspage's webhook payload.

Every message has the same parts, in the same order: the status and impact, the update's
text, the components and their status as of that update, the promised next update, and the
link to the incident page. Times are UTC; nothing is markup.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from statusgen.characters import strip_unprintable
from statusgen.content.incident import ComponentStatus, Impact, UpdateStatus
from statusgen.i18n import ENGLISH, N_, Language
from statusgen.render.format import (
    component_label_inline,
    impact_label,
    json_time,
    time_text,
    update_label,
)

from .events import POSTMORTEM, Event, EventKind
from .plain import plain_text
from .sites import Json, SiteState, parse_time

# Statuspage's own description of the payload: receivers written for it read this one.
WEBHOOK_DOCUMENTATION = (
    "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/"
)

# Customers read these: they are in the site's language (`language:` in the config).
TITLES = {
    EventKind.INCIDENT_CREATED: N_("New incident"),
    EventKind.INCIDENT_UPDATED: N_("Update"),
    EventKind.INCIDENT_RESOLVED: N_("Resolved"),
    EventKind.MAINTENANCE_SCHEDULED: N_("Scheduled maintenance"),
    EventKind.MAINTENANCE_UPDATED: N_("Maintenance update"),
    EventKind.MAINTENANCE_STARTED: N_("Maintenance started"),
    EventKind.MAINTENANCE_COMPLETED: N_("Maintenance completed"),
    EventKind.POSTMORTEM_PUBLISHED: N_("Postmortem published"),
}
CLOCK_TEXT = {
    EventKind.MAINTENANCE_STARTED: N_("The scheduled maintenance has begun."),
    EventKind.MAINTENANCE_COMPLETED: N_("The scheduled maintenance has been completed."),
}
CLOCK_STATUS = {
    EventKind.MAINTENANCE_STARTED: "in_progress",
    EventKind.MAINTENANCE_COMPLETED: "completed",
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def event_status(event: Event) -> str:
    """The status readers saw with this event (`postmortem` for a published postmortem)."""
    if event.update is not None:
        status: str = event.update["status"]
        return status
    return CLOCK_STATUS[event.kind]


def status_label(status: str, lang: Language = ENGLISH) -> str:
    if status == POSTMORTEM:
        return lang.gettext("Postmortem")
    try:
        return update_label(UpdateStatus(status), lang)
    except ValueError:
        return strip_unprintable(status).replace("_", " ").capitalize()


def impact_text(item: Json, lang: Language = ENGLISH) -> str:
    impact = item.get("impact")
    if impact == "maintenance":
        start, end = item.get("scheduled_for"), item.get("scheduled_until")
        if isinstance(start, str) and isinstance(end, str):
            return lang.gettext("Scheduled maintenance, %(start)s to %(end)s") % {
                "start": time_text(parse_time(start), lang),
                "end": time_text(parse_time(end), lang),
            }
        return lang.gettext("Scheduled maintenance")
    try:
        level = Impact(str(impact))
    except ValueError:
        return lang.gettext("%(impact)s impact") % {"impact": strip_unprintable(str(impact))}
    return impact_label(level, lang)


def _component_label(status: str, lang: Language) -> str:
    try:
        return component_label_inline(ComponentStatus(status), lang)
    except ValueError:
        return strip_unprintable(status).replace("_", " ")


def components_as_of(event: Event) -> list[tuple[str, str | None]]:
    """(name, status) of each component the item had named by the event, in page order.

    Statuses come from the updates' component changes; a transition made by the clock
    names the components only (its updates do not say what the clock changed).
    """
    item = event.incident
    order = {
        c["id"]: index
        for index, c in enumerate(item.get("components") or [])
        if isinstance(c, dict) and isinstance(c.get("id"), str)
    }
    names: dict[str, str] = {}
    statuses: dict[str, str] = {}
    updates = sorted(item["incident_updates"], key=lambda u: parse_time(u["created_at"]))
    for update in updates:
        if parse_time(update["created_at"]) > event.at:
            break
        for change in update.get("affected_components") or []:
            if isinstance(change, dict) and isinstance(change.get("code"), str):
                names.setdefault(change["code"], strip_unprintable(str(change.get("name") or "")))
                statuses[change["code"]] = str(change.get("new_status"))
    shown = sorted(names, key=lambda code: (order.get(code, len(order)), code))
    clock = event.update is None
    return [(names[code], None if clock else statuses.get(code)) for code in shown]


def message(event: Event, lang: Language = ENGLISH) -> Message:
    """The event as people read it, in `lang`; the update's own text as its author wrote it."""
    item = event.incident
    title = lang.gettext("%(event)s: %(title)s") % {
        "event": lang.gettext(TITLES[event.kind]),
        "title": strip_unprintable(item["name"]),
    }
    lines = [f"{status_label(event_status(event), lang)} · {impact_text(item, lang)}", ""]
    if event.update is None:
        text = lang.gettext(CLOCK_TEXT[event.kind])
    else:
        text = plain_text(event.update["body"])
    lines += [text, ""]
    components = components_as_of(event)
    if components:
        shown = [
            lang.gettext("%(name)s (%(status)s)")
            % {"name": name, "status": _component_label(s, lang)}
            if s
            else name
            for name, s in components
        ]
        lines.append(
            lang.gettext("Components: %(names)s") % {"names": lang.gettext(", ").join(shown)}
        )
    promised = (event.update or {}).get("next_update_at")
    if isinstance(promised, str):
        when = time_text(parse_time(promised), lang)
        lines.append(lang.gettext("Next update by %(time)s") % {"time": when})
    lines.append(strip_unprintable(item["shortlink"]))
    return Message(title, "\n".join(lines).strip())


def incident_as_at(event: Event) -> Json:
    """The incident object as it stood at the event: later updates and times left out."""
    item: Json = copy.deepcopy(event.incident)
    item["incident_updates"] = [
        u for u in item["incident_updates"] if parse_time(u["created_at"]) <= event.at
    ]
    item["status"] = event_status(event)
    item["updated_at"] = json_time(event.at)
    for key in ("monitoring_at", "resolved_at"):
        value = item.get(key)
        if isinstance(value, str) and parse_time(value) > event.at:
            item[key] = None
    promised = (event.update or {}).get("next_update_at")
    if promised is not None:
        item["next_update_at"] = promised
    else:
        item.pop("next_update_at", None)
    return item


def statuspage_payload(event: Event, state: SiteState) -> Json:
    """Statuspage's incident webhook: `{meta, page, incident}`."""
    status: dict[str, Any] = state.status or {}
    return {
        "meta": {"unsubscribe": None, "documentation": WEBHOOK_DOCUMENTATION},
        "page": {
            "id": state.page.get("id"),
            "status_indicator": status.get("indicator"),
            "status_description": status.get("description"),
        },
        "incident": incident_as_at(event),
    }
