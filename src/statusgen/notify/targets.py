"""Which targets an event goes to: the components and impacts each one follows."""

from __future__ import annotations

from statusgen.content.settings import NotifyTarget

from .events import Event


def event_components(event: Event) -> set[str]:
    """Ids of every component the item names: on the item and in any update's changes."""
    item = event.incident
    ids = {
        c["id"]
        for c in item.get("components") or []
        if isinstance(c, dict) and isinstance(c.get("id"), str)
    }
    for update in item["incident_updates"]:
        for change in update.get("affected_components") or []:
            if isinstance(change, dict) and isinstance(change.get("code"), str):
                ids.add(change["code"])
    return ids


def follows(target: NotifyTarget, event: Event) -> bool:
    """True when `target` wants `event`: its impacts (all by default), and at least one of its
    components (all by default; an item naming no component matches only "all")."""
    if target.impacts is not None and event.incident.get("impact") not in target.impacts:
        return False
    return target.components is None or bool(event_components(event) & set(target.components))
