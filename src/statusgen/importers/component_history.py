"""Component statuses over an imported item's life, rebuilt in statusgen's terms.

A source records each component's status at every update. statusgen reads a file as: the
item's own `components` from its start, each update's `components` from that update on, and
every component operational once the item is over. These functions choose the item's and
each update's `components` so that this reading gives the statuses the source recorded,
and say in the findings what could not be kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from statusgen.content.incident import FINAL_STATUS, ComponentStatus, Kind, UpdateStatus

from .source import SourceIncident

OPERATIONAL = ComponentStatus.OPERATIONAL
WORK_STATUSES = (UpdateStatus.IN_PROGRESS, UpdateStatus.VERIFYING, UpdateStatus.COMPLETED)


@dataclass
class BuiltUpdate:
    """An update as the file will hold it; `components` in the source's keys."""

    at: datetime
    status: UpdateStatus
    body: str
    components: dict[str, ComponentStatus]
    guessed: bool = False


def rebuilt_components(
    source: SourceIncident,
    kind: Kind,
    updates: Sequence[BuiltUpdate],
    ids: Mapping[str, str],
    names: Mapping[str, str],
    findings: list[str],
) -> tuple[dict[str, ComponentStatus], list[dict[str, ComponentStatus]]]:
    """The item's own `components` and each update's (newest first), in statusgen's terms."""
    oldest_first = list(reversed(updates))
    unknown: dict[str, None] = {}
    mentions: list[dict[str, ComponentStatus]] = []
    for update in oldest_first:
        mentions.append({ids[k]: s for k, s in update.components.items() if k in ids})
        unknown.update((k, None) for k in update.components if k not in ids)
    for key in source.named_components:
        if key not in ids:
            unknown.setdefault(key)
    for key in unknown:
        findings.append(
            f"component '{names.get(key, key)}' is not on the page: its statuses were not imported"
        )
    named = list(dict.fromkeys(ids[k] for k in source.named_components if k in ids))
    start = _start_index(source, kind, oldest_first)
    item = _item_components(kind, mentions, named, start)
    per_update = _update_components(kind, oldest_first, mentions, item, start, findings)
    mentioned = set(item) | {c for changes in per_update for c in changes}
    silent = [c for c in named if c not in mentioned]
    if silent:
        per_update[0].update(dict.fromkeys(silent, OPERATIONAL))
        findings.append(
            "lists " + ", ".join(f"'{c}'" for c in silent) + " without a status: named by "
            "its first update, status unchanged"
        )
    return item, per_update[::-1]


def _start_index(
    source: SourceIncident, kind: Kind, oldest_first: Sequence[BuiltUpdate]
) -> int | None:
    """The first update at or after the item's start, where its own components take effect."""
    if kind is Kind.INCIDENT:
        return 0
    assert source.scheduled_for is not None
    began = min([u.at for u in oldest_first if u.status in WORK_STATUSES] + [source.scheduled_for])
    return next((i for i, u in enumerate(oldest_first) if u.at >= began), None)


def _item_components(
    kind: Kind,
    mentions: Sequence[dict[str, ComponentStatus]],
    named: Sequence[str],
    start: int | None,
) -> dict[str, ComponentStatus]:
    """What the item's own `components` say: for an incident, what its first update set.

    A maintenance names its components when it is announced (or when its window starts)
    and they are under maintenance during the window, unless the source recorded another
    status for them at the start. Components an update names later are that update's.
    """
    if kind is Kind.INCIDENT:
        return {c: s for c, s in mentions[0].items() if s is not OPERATIONAL}
    at_start = mentions[start] if start is not None else {}
    ever = {c for m in mentions for c in m}
    chosen = [*mentions[0], *at_start, *(c for c in named if c not in ever)]
    return {
        c: at_start[c]
        if at_start.get(c, OPERATIONAL) is not OPERATIONAL
        else ComponentStatus.UNDER_MAINTENANCE
        for c in dict.fromkeys(chosen)
    }


def _update_components(
    kind: Kind,
    oldest_first: Sequence[BuiltUpdate],
    mentions: Sequence[dict[str, ComponentStatus]],
    item: Mapping[str, ComponentStatus],
    start: int | None,
    findings: list[str],
) -> list[dict[str, ComponentStatus]]:
    """Each update's `components` (oldest first): the changes statusgen needs to show the
    statuses the source recorded after that update, given what the item's own set."""
    final = FINAL_STATUS[kind]
    shown: dict[str, ComponentStatus] = {}
    result: list[dict[str, ComponentStatus]] = []
    for index, (update, mention) in enumerate(zip(oldest_first, mentions, strict=True)):
        if index == start:
            shown.update(item)
        if update.status is final:
            lingering = sorted(c for c, s in mention.items() if s is not OPERATIONAL)
            if lingering:
                findings.append(
                    ", ".join(f"'{c}'" for c in lingering) + f" left out of service by its "
                    f"'{final.value}' update: statusgen shows every component operational "
                    "once it is over"
                )
            # Only a first mention, to name the component; all else is operational now.
            result.append({c: OPERATIONAL for c in mention if c not in shown and c not in item})
            shown = dict.fromkeys(shown, OPERATIONAL)
            continue
        changes = {c: s for c, s in mention.items() if shown.get(c) is not s}
        if start is None or index < start:
            # Named as operational before the window: the maintenance names it anyway.
            changes = {c: s for c, s in changes.items() if not (s is OPERATIONAL and c in item)}
        shown.update(changes)
        result.append(changes)
    return result
