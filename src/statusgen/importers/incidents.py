"""One source incident as the front-matter of a statusgen incident or maintenance file.

statusgen keeps what an engineer types and derives the rest, so a source's record is
reshaped to fit its rules: updates newest first with a status the kind allows, the final
status only on the newest update, components named by id. Component statuses over time are
rebuilt so that statusgen's reading of the file (the item's `components` from its start,
each update's `components` from that update, everything operational once it is over) gives
the statuses the source recorded at every update. Whatever had to change is a finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from statusgen.authoring.text_edits import body_text
from statusgen.content.incident import (
    FINAL_STATUS,
    STATUSES_BY_KIND,
    ComponentStatus,
    Impact,
    Kind,
    UpdateStatus,
)

from ..characters import FORBIDDEN
from .component_history import OPERATIONAL, BuiltUpdate, rebuilt_components
from .source import SourceIncident, SourceUpdate
from .times import shown_time, stored_time

INITIAL = {Kind.INCIDENT: UpdateStatus.INVESTIGATING, Kind.MAINTENANCE: UpdateStatus.SCHEDULED}
# The status a final update becomes when newer updates follow it (a reopened incident).
REOPENED = {Kind.INCIDENT: UpdateStatus.MONITORING, Kind.MAINTENANCE: UpdateStatus.VERIFYING}
# A status of the other kind, read as the nearest one of this kind.
ACROSS = {
    UpdateStatus.SCHEDULED: UpdateStatus.INVESTIGATING,
    UpdateStatus.IN_PROGRESS: UpdateStatus.IDENTIFIED,
    UpdateStatus.VERIFYING: UpdateStatus.MONITORING,
    UpdateStatus.COMPLETED: UpdateStatus.RESOLVED,
    UpdateStatus.INVESTIGATING: UpdateStatus.IN_PROGRESS,
    UpdateStatus.IDENTIFIED: UpdateStatus.IN_PROGRESS,
    UpdateStatus.MONITORING: UpdateStatus.VERIFYING,
    UpdateStatus.RESOLVED: UpdateStatus.COMPLETED,
}
# An incident's impact when the source gives none, from the worst status it gave a component.
IMPACT_BY_STATUS = {
    OPERATIONAL: Impact.NONE,
    ComponentStatus.UNDER_MAINTENANCE: Impact.NONE,
    ComponentStatus.DEGRADED_PERFORMANCE: Impact.MINOR,
    ComponentStatus.PARTIAL_OUTAGE: Impact.MAJOR,
    ComponentStatus.MAJOR_OUTAGE: Impact.CRITICAL,
}
FINAL_TEXT = {
    Kind.INCIDENT: "This incident has been resolved.",
    Kind.MAINTENANCE: "This maintenance has been completed.",
}


@dataclass
class BuiltIncident:
    source: SourceIncident
    kind: Kind
    title: str
    impact: Impact
    front: dict[str, Any]
    body: str
    began: datetime
    resolved_at: datetime | None
    findings: list[str] = field(default_factory=list)


class NotImportable(Exception):
    """The source incident has nothing statusgen can show (no update and no time)."""


def build_incident(
    source: SourceIncident,
    ids: Mapping[str, str],
    names: Mapping[str, str],
    earlier_times: Sequence[tuple[datetime, UpdateStatus]] = (),
) -> BuiltIncident:
    """`ids` maps source component keys to statusgen ids, `names` keys to names for reports;
    `earlier_times` are the updates (oldest first) of the file an earlier import wrote."""
    findings = list(source.findings)
    kind = source.kind
    title = " ".join(FORBIDDEN.sub("", source.title).split())
    if FORBIDDEN.search(source.title):
        findings.append("control characters removed from the title: no page or feed can show them")
    if not title:
        title = "Untitled maintenance" if kind is Kind.MAINTENANCE else "Untitled incident"
        findings.append(f"no title: called '{title}'")
    if kind is Kind.MAINTENANCE and not _window_ok(source, findings):
        kind = Kind.INCIDENT
    updates = _updates(source, kind, findings, earlier_times)
    impact = _impact(source, kind, updates, ids, findings)
    front: dict[str, Any] = {"title": title}
    if kind is Kind.MAINTENANCE:
        front["kind"] = kind.value
    else:
        front["impact"] = impact.value
    item_components, update_components = rebuilt_components(
        source, kind, updates, ids, names, findings
    )
    if item_components:
        front["components"] = {c: s.value for c, s in item_components.items()}
    oldest = updates[-1].at
    began = oldest
    if kind is Kind.INCIDENT and source.started_at is not None:
        if source.started_at < oldest:
            front["started_at"] = stored_time(source.started_at)
            began = source.started_at
        elif source.started_at > oldest:
            findings.append(
                f"started at {shown_time(source.started_at)}, after its first update "
                f"({shown_time(oldest)}): the start is taken from the first update"
            )
    if kind is Kind.MAINTENANCE:
        assert source.scheduled_for is not None and source.scheduled_until is not None
        front["scheduled_for"] = stored_time(source.scheduled_for)
        front["scheduled_until"] = stored_time(source.scheduled_until)
        began = source.scheduled_for
    front["origin"] = source.origin.model_dump(exclude_none=True)
    front["updates"] = [
        _item(update, update_components[index]) for index, update in enumerate(updates)
    ]
    final = updates[0].status is FINAL_STATUS[kind]
    return BuiltIncident(
        source=source,
        kind=kind,
        title=title,
        impact=impact,
        front=front,
        body=source.body.strip(),
        began=began,
        resolved_at=updates[0].at if final else None,
        findings=findings,
    )


def _item(update: BuiltUpdate, components: dict[str, ComponentStatus]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "at": stored_time(update.at),
        "status": update.status.value,
        "body": body_text(update.body),
    }
    if components:
        item["components"] = {c: s.value for c, s in components.items()}
    return item


def _window_ok(source: SourceIncident, findings: list[str]) -> bool:
    start, end = source.scheduled_for, source.scheduled_until
    if start is None or end is None:
        findings.append(
            "a maintenance without its window (scheduled_for and scheduled_until): imported "
            "as an incident"
        )
        return False
    if end <= start:
        findings.append(
            f"its window ends ({shown_time(end)}) before it starts ({shown_time(start)}): "
            "imported as an incident"
        )
        return False
    return True


def _updates(
    source: SourceIncident,
    kind: Kind,
    findings: list[str],
    earlier_times: Sequence[tuple[datetime, UpdateStatus]],
) -> list[BuiltUpdate]:
    """The updates newest first, each with a status this kind allows and some text."""
    ordered = sorted(source.updates, key=lambda u: u.at, reverse=True)
    if not ordered:
        ordered = [_stand_in(source, kind, findings)]
    oldest_first: list[BuiltUpdate] = []
    previous: UpdateStatus | None = None
    for update in reversed(ordered):
        status = _status(update, kind, previous, findings)
        body = update.body.strip()
        if not body:
            body = f"{status.label}."
            findings.append(f"update of {shown_time(update.at)} has no text: it says '{body}'")
        oldest_first.append(BuiltUpdate(update.at, status, body, dict(update.components)))
        oldest_first[-1].guessed = update.guessed_time
        previous = status
    _reuse_earlier_times(oldest_first, earlier_times)
    newest_first = oldest_first[::-1]
    _final_only_last(newest_first, kind, source, findings)
    return newest_first


def _stand_in(source: SourceIncident, kind: Kind, findings: list[str]) -> SourceUpdate:
    at = source.resolved_at or source.started_at or source.scheduled_for
    if at is None:
        raise NotImportable("no updates, and no time to date one")
    status = FINAL_STATUS[kind] if source.resolved else INITIAL[kind]
    findings.append(f"no updates: wrote one, '{status.label}', dated {shown_time(at)}")
    return SourceUpdate(at=at, status=status, status_text=status.value, body=source.title)


def _status(
    update: SourceUpdate, kind: Kind, previous: UpdateStatus | None, findings: list[str]
) -> UpdateStatus:
    allowed = STATUSES_BY_KIND[kind]
    status = update.status
    if status in allowed:
        return status
    if status is not None:
        mapped = ACROSS[status]
        findings.append(
            f"update of {shown_time(update.at)}: '{status.value}' is not a status of "
            f"{'a maintenance' if kind is Kind.MAINTENANCE else 'an incident'}: "
            f"read as '{mapped.value}'"
        )
        return mapped
    nearest = previous or INITIAL[kind]
    if nearest is FINAL_STATUS[kind]:
        nearest = REOPENED[kind]
    if update.status_text:
        findings.append(
            f"update of {shown_time(update.at)}: '{update.status_text}' is not a status: "
            f"read as '{nearest.value}'"
        )
    return nearest


def _reuse_earlier_times(
    oldest_first: list[BuiltUpdate], earlier: Sequence[tuple[datetime, UpdateStatus]]
) -> None:
    """Estimated times keep the time an earlier import gave them: importing again changes
    nothing."""
    for index, update in enumerate(oldest_first):
        if update.guessed and index < len(earlier) and earlier[index][1] is update.status:
            update.at = earlier[index][0]


def _final_only_last(
    newest_first: list[BuiltUpdate], kind: Kind, source: SourceIncident, findings: list[str]
) -> None:
    final = FINAL_STATUS[kind]
    for update in newest_first[1:]:
        if update.status is final:
            update.status = REOPENED[kind]
            findings.append(
                f"update of {shown_time(update.at)} says '{final.value}' but newer updates "
                f"follow it (it was reopened): it says '{update.status.value}'"
            )
    newest = newest_first[0]
    if source.resolved is False and newest.status is final:
        newest.status = REOPENED[kind]
        findings.append(
            f"its newest update says '{final.value}' but the source shows it as ongoing: "
            f"it says '{newest.status.value}' and the incident stays open"
        )
        return
    elif source.resolved is True and newest.status is not final and kind is Kind.INCIDENT:
        at = max(source.resolved_at or newest.at, newest.at)
        newest_first.insert(0, BuiltUpdate(at, final, FINAL_TEXT[kind], {}))
        findings.append(
            f"the source shows it resolved without a '{final.value}' update: added one "
            f"dated {shown_time(at)}"
        )
    elif source.resolved is True and newest.status is not final:
        assert source.scheduled_until is not None
        ended = source.resolved_at
        if ended is not None and newest.at <= ended < source.scheduled_until:
            newest_first.insert(0, BuiltUpdate(ended, final, FINAL_TEXT[kind], {}))
            findings.append(
                f"completed at {shown_time(ended)}, before the end of its window, without "
                f"a '{final.value}' update: added one"
            )
    if source.resolved is not True and newest.status is not final and kind is Kind.INCIDENT:
        findings.append("still open at the source: the new page shows it as ongoing")


def _impact(
    source: SourceIncident,
    kind: Kind,
    updates: Sequence[BuiltUpdate],
    ids: Mapping[str, str],
    findings: list[str],
) -> Impact:
    if kind is Kind.MAINTENANCE:
        return Impact.NONE
    if source.impact is not None:
        return source.impact
    statuses = [s for u in updates for k, s in u.components.items() if k in ids]
    worst = max(statuses, key=lambda s: s.severity, default=OPERATIONAL)
    impact = IMPACT_BY_STATUS[worst]
    findings.append(
        f"no impact given: '{impact.value}', from the worst component status ({worst.value})"
    )
    return impact
