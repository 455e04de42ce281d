"""The rules of one incident or maintenance file, beyond its shape: kinds, components,
updates in order, promises, start times. Run on whatever parsed, so one pass reports all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from statusgen.problems import Problem, Severity, error, quoted, warning

from .explain import validated
from .file_findings import FileFindings, Finding, dated_warning
from .incident import (
    FINAL_STATUS,
    FUTURE_TOLERANCE,
    STATUSES_BY_KIND,
    ComponentStatus,
    Incident,
    IncidentFrontMatter,
    Kind,
    UpdateStatus,
)
from .load import Document
from .names import INCIDENT_NAME
from .parsed_parts import ParsedFrontMatter, ParsedUpdate
from .settings import SiteConfig

# A maintenance planned further ahead than this is more likely a mistyped year.
FAR_FUTURE_WINDOW = timedelta(days=400)


def incident_from_document(
    document: Document,
    incident_id: str,
    config: SiteConfig,
    now: datetime,
    problems: list[Problem],
) -> Incident | None:
    """Validate one parsed file; append its problems and return the incident if it has none."""
    checked = check_incident(document, incident_id, config)
    problems.extend(checked.problems_at(now))
    return checked.incident


def check_incident(document: Document, incident_id: str, config: SiteConfig) -> FileFindings:
    """Validate one parsed file, whatever the time: its findings, and its incident if it has
    no error (warnings, the only findings that depend on the clock, do not count)."""
    problems: list[Problem] = []
    front = validated(IncidentFrontMatter, document, problems)
    # When the model fails, check what did parse too, so one run reports every mistake.
    parts = (
        ParsedFrontMatter.parts_of(document.data) if front is None else ParsedFrontMatter.of(front)
    )
    found = [
        item if isinstance(item, Finding) else Finding(item)
        for item in _semantic_problems(parts, document, incident_id, config)
    ]
    findings = (*(Finding(problem) for problem in problems), *found)
    if front is None or any(f.problem.severity is Severity.ERROR for f in findings):
        return FileFindings(findings)
    return FileFindings(findings, _incident(front, document, incident_id))


def _incident(front: IncidentFrontMatter, document: Document, incident_id: str) -> Incident:
    return Incident.model_construct(
        **dict(front),
        id=incident_id,
        source=document.rel,
        body=document.body,
        update_lines=tuple(
            document.lines.line_of(("updates", index)) for index in range(len(front.updates))
        ),
    )


def _next_update_problems(
    update: ParsedUpdate, final: UpdateStatus | None, rel: str, line: int, here: str
) -> Iterator[Problem]:
    """A promised next update comes after the update that promises it, and never after the end."""
    promised = update.next_update_at
    if promised is None:
        return
    if final is not None and update.status == final:
        yield error(
            rel,
            line,
            f"{here}.next_update_at",
            f"a '{final}' update promises no next update: remove next_update_at",
        )
    elif update.at is not None and promised <= update.at:
        yield error(
            rel,
            line,
            f"{here}.next_update_at",
            f"{promised.isoformat()} is not after the update itself ({update.at.isoformat()}): "
            "promise a later time, e.g. 30 minutes on",
        )


def _unknown_component(component_id: str, config: SiteConfig) -> str:
    known = config.component_ids
    close = difflib.get_close_matches(component_id[:80], known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown component {quoted(component_id)} ({hint}known: {', '.join(known)})"


@dataclass(frozen=True)
class _Where:
    """What each check of one file needs: the file and the site."""

    document: Document
    config: SiteConfig

    @property
    def rel(self) -> str:
        return self.document.rel

    def line(self, *loc: str | int) -> int:
        return self.document.lines.line_of(loc)


def _noun(kind: Kind | None) -> str:
    return "maintenance" if kind is Kind.MAINTENANCE else "incident"


def _semantic_problems(
    front: ParsedFrontMatter,
    document: Document,
    incident_id: str,
    config: SiteConfig,
) -> Iterator[Problem | Finding]:
    where = _Where(document, config)
    yield from _kind_problems(front, where)
    yield from _component_problems(front, where)
    yield from _postmortem_field_problems(front, where)
    yield from _update_problems(front, where)
    yield from _start_problems(front, incident_id, where)


def _kind_problems(front: ParsedFrontMatter, where: _Where) -> Iterator[Problem | Finding]:
    """What an incident needs (an impact, no window) and a maintenance (a sound window)."""
    rel, line, kind = where.rel, where.line, front.kind
    if kind is Kind.INCIDENT:
        if front.impact is None and "impact" not in front.failed:
            yield error(
                rel,
                line(),
                "",
                "missing required field 'impact' (one of none, minor, major, critical)",
            )
        for key in ("scheduled_for", "scheduled_until"):
            if getattr(front, key) is not None:
                yield error(
                    rel,
                    line(key),
                    key,
                    "only a maintenance has a window: set 'kind: maintenance' or remove it",
                )
    elif kind is Kind.MAINTENANCE:
        missing = [k for k in ("scheduled_for", "scheduled_until") if getattr(front, k) is None]
        for key in missing:
            if key in front.failed:
                continue
            yield error(
                rel, line(), "", f"missing required field '{key}' (a maintenance needs its window)"
            )
        if not missing:
            assert front.scheduled_for and front.scheduled_until
            if front.scheduled_until <= front.scheduled_for:
                yield error(
                    rel,
                    line("scheduled_until"),
                    "scheduled_until",
                    f"window ends ({front.scheduled_until.isoformat()}) before it starts "
                    f"({front.scheduled_for.isoformat()}, line {line('scheduled_for')})",
                )
            # While now < scheduled_for - window, that is: scheduled_for - now > window.
            yield dated_warning(
                warning(
                    rel,
                    line("scheduled_for"),
                    "scheduled_for",
                    f"{front.scheduled_for.date().isoformat()} is over a year away: mistyped year?",
                ),
                front.scheduled_for - FAR_FUTURE_WINDOW,
            )


def _component_problems(front: ParsedFrontMatter, where: _Where) -> Iterator[Problem]:
    rel, line, config, noun = where.rel, where.line, where.config, _noun(front.kind)
    for component_id, status in front.components.items():
        if component_id not in config.component_ids:
            yield error(
                rel,
                line("components", component_id),
                "components",
                _unknown_component(component_id, config),
            )
        elif status is ComponentStatus.OPERATIONAL:
            yield error(
                rel,
                line("components", component_id),
                f"components.{component_id}",
                "an affected component cannot be 'operational' here: list only what the "
                f"{noun} affects, and record recovery with an update's components",
            )


def _postmortem_field_problems(front: ParsedFrontMatter, where: _Where) -> Iterator[Problem]:
    rel, line = where.rel, where.line
    unexplained = not (front.postmortem_reason or "").strip()
    if front.postmortem is not None and unexplained and "postmortem_reason" not in front.failed:
        yield error(
            rel, line("postmortem"), "postmortem_reason", "say why no postmortem is required"
        )
    if front.postmortem_reason and front.postmortem is None and "postmortem" not in front.failed:
        yield error(
            rel,
            line("postmortem_reason"),
            "postmortem_reason",
            "only meaningful with 'postmortem: not-required'",
        )


def _update_problems(front: ParsedFrontMatter, where: _Where) -> Iterator[Problem | Finding]:
    rel, line, config = where.rel, where.line, where.config
    kind, noun = front.kind, _noun(front.kind)
    if not front.updates:
        if "updates" not in front.failed:
            yield error(
                rel,
                line("updates"),
                "updates",
                "no updates: add at least one, with at, status and body",
            )
        return

    allowed = STATUSES_BY_KIND[kind] if kind else tuple(UpdateStatus)
    final = FINAL_STATUS[kind] if kind else None
    for index, update in enumerate(front.updates):
        here = f"updates[{index}]"
        if update.status is not None and update.status not in allowed:
            yield error(
                rel,
                line("updates", index, "status"),
                f"{here}.status",
                f"'{update.status}' is not a status for {'an' if noun[0] == 'i' else 'a'} {noun}: "
                f"use one of {', '.join(allowed)}",
            )
        if update.body is not None and not update.body.strip():
            yield error(
                rel,
                line("updates", index, "body"),
                f"{here}.body",
                "empty update: tell readers what is affected and what is being done",
            )
        if update.at is not None:
            yield dated_warning(
                warning(
                    rel,
                    line("updates", index, "at"),
                    f"{here}.at",
                    f"{update.at.isoformat()} is in the future: mistyped date or year?",
                ),
                update.at - FUTURE_TOLERANCE,
            )
        yield from _next_update_problems(
            update, final, rel, line("updates", index, "next_update_at"), here
        )
        for component_id in update.components or {}:
            if component_id not in config.component_ids:
                yield error(
                    rel,
                    line("updates", index, "components", component_id),
                    f"{here}.components",
                    _unknown_component(component_id, config),
                )
        if index > 0:
            newer = front.updates[index - 1]
            if update.at is not None and newer.at is not None and update.at > newer.at:
                yield error(
                    rel,
                    line("updates", index, "at"),
                    f"{here}.at",
                    f"updates must be newest first: {update.at.isoformat()} is newer than "
                    f"{newer.at.isoformat()} above it (line {line('updates', index - 1, 'at')})",
                )
            if final is not None and update.status == final:
                yield error(
                    rel,
                    line("updates", index, "status"),
                    f"{here}.status",
                    f"'{final}' must be the last update, but {index} newer "
                    f"update{'s' if index > 1 else ''} follow{'' if index > 1 else 's'} it "
                    f"(line {line('updates', index - 1)}): open a new {noun} instead",
                )


def _start_problems(
    front: ParsedFrontMatter, incident_id: str, where: _Where
) -> Iterator[Problem | Finding]:
    """When impact began: not after the first report, and on the day the file is named after."""
    rel, line, kind = where.rel, where.line, front.kind
    first_at = front.updates[-1].at if front.updates else None
    if first_at is None:
        return
    if front.started_at is not None:
        if front.started_at > first_at:
            yield error(
                rel,
                line("started_at"),
                "started_at",
                f"{front.started_at.isoformat()} is after the first update "
                f"({first_at.isoformat()}): impact cannot start after it was reported",
            )
        yield dated_warning(
            warning(rel, line("started_at"), "started_at", "in the future: mistyped year?"),
            front.started_at - FUTURE_TOLERANCE,
        )

    match = INCIDENT_NAME.fullmatch(incident_id)
    if match is not None and kind is Kind.INCIDENT:
        began = front.started_at or first_at
        began_day = began.astimezone(UTC).date()
        named_day = date.fromisoformat(match["date"])
        if abs((began_day - named_day).days) > 1:
            yield warning(
                rel,
                1,
                "",
                f"file name says {named_day.isoformat()} but the incident began on "
                f"{began_day.isoformat()} ({began.isoformat()}): name it after the day it began",
            )
