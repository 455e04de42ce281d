"""The rules one postmortem file must follow beyond its schema.

Links and times are checked for every status, so a draft cannot drift from its incident;
the content rules (sections, placeholders, numbers) only bind once a postmortem is
published, so a draft can be written in any order.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from statusgen.content.incident import FUTURE_TOLERANCE, Incident, Kind
from statusgen.content.lint.blameless import body_passages, front_matter_passages
from statusgen.content.load import Document
from statusgen.problems import Problem, Severity, error, quoted, warning
from statusgen.status.timeline import resolved_at, started_at

from .model import (
    MARKER_ORDER,
    ActionStatus,
    PostmortemFrontMatter,
    PostmortemStatus,
    TimelineKind,
)
from .rules import Profile, postmortem_rules
from .sections import ParsedBody, section_problems

# Links between a postmortem and its incidents hold for the files as written, whatever moment
# a build describes: a page rebuilt for a day before the postmortem simply does not show it.
EVENTUALLY = datetime.max.replace(tzinfo=UTC)


def check_postmortem(
    front: PostmortemFrontMatter,
    document: Document,
    parsed: ParsedBody,
    profile: Profile,
    incidents: Mapping[str, Incident],
    incident_files: set[str],
    now: datetime,
) -> Iterator[Problem]:
    linked = [incidents[i] for i in dict.fromkeys(front.incident) if i in incidents]
    yield from _incident_problems(front, document, incident_files, linked)
    yield from _date_problems(front, document, linked, now)
    yield from _timeline_problems(front, document, linked, now)
    yield from _action_item_problems(front, document, linked)
    if front.status is PostmortemStatus.PUBLISHED:
        # Without all its incidents the default profile is a guess: judge sections once known.
        if front.profile is not None or len(linked) == len(set(front.incident)):
            yield from section_problems(parsed, profile, document.rel)
        yield from _placeholder_problems(document)
        yield from _front_matter_content_problems(front, document, profile)


def _timeline_error(
    document: Document, index: int, key: str, message: str, *, severity: Severity = Severity.ERROR
) -> Problem:
    """A problem with `key` of the timeline's entry `index`, on that key's line."""
    line = _line(document, "timeline", index, key)
    return Problem(
        path=document.rel,
        line=line,
        severity=severity,
        field=f"timeline[{index}].{key}",
        message=message,
    )


def _line(document: Document, *loc: str | int) -> int:
    return document.lines.line_of(loc)


def _incident_problems(
    front: PostmortemFrontMatter,
    document: Document,
    incident_files: set[str],
    linked: list[Incident],
) -> Iterator[Problem]:
    rel = document.rel
    listed: set[str] = set()
    for index, incident_id in enumerate(front.incident):
        line = _line(document, "incident", index)
        if incident_id in listed:
            yield error(rel, line, "incident", f"incident {quoted(incident_id)} is listed twice")
            continue
        listed.add(incident_id)
        if incident_id not in incident_files:
            close = difflib.get_close_matches(incident_id, sorted(incident_files), n=1, cutoff=0.8)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield error(
                rel,
                line,
                "incident",
                f"unknown incident {quoted(incident_id)}{hint}: use the file name of an incident "
                "in incidents/, without .md",
            )
    if front.status is PostmortemStatus.PUBLISHED:
        for incident in linked:
            if resolved_at(incident, EVENTUALLY) is None:
                yield error(
                    rel,
                    _line(document, "incident", front.incident.index(incident.id)),
                    "incident",
                    f"incident '{incident.id}' is not resolved yet: keep status: draft until it is",
                )


def _date_problems(
    front: PostmortemFrontMatter, document: Document, linked: list[Incident], now: datetime
) -> Iterator[Problem]:
    rel = document.rel
    published, updated = front.published, front.updated
    if front.status is PostmortemStatus.PUBLISHED and published is None:
        yield error(
            rel,
            _line(document, "status"),
            "published",
            "a published postmortem needs 'published', the time it went out, "
            "e.g. published: 2026-03-04T10:00:00Z",
        )
    if published is not None and front.status is not PostmortemStatus.PUBLISHED:
        # Outputs take anything with a publication time for published: a draft must not have one.
        yield error(
            rel,
            _line(document, "published"),
            "published",
            f"only a published postmortem has a publication time: set status: published, or "
            f"remove 'published' while it is {front.status}",
        )
    elif published is not None:
        for incident in linked:
            resolved = resolved_at(incident, EVENTUALLY)
            if resolved is not None and published < resolved:
                yield error(
                    rel,
                    _line(document, "published"),
                    "published",
                    f"{published.isoformat()} is before incident '{incident.id}' was resolved "
                    f"({resolved.isoformat()}): a postmortem follows the resolution",
                )
        if published - now > FUTURE_TOLERANCE:
            yield warning(
                rel,
                _line(document, "published"),
                "published",
                f"{published.isoformat()} is in the future: mistyped date or year?",
            )
    if updated is not None:
        if published is None:
            yield error(rel, _line(document, "updated"), "updated", "set 'published' first")
        elif updated < published:
            yield error(
                rel,
                _line(document, "updated"),
                "updated",
                f"{updated.isoformat()} is before published ({published.isoformat()}, "
                f"line {_line(document, 'published')})",
            )


def _timeline_problems(
    front: PostmortemFrontMatter, document: Document, linked: list[Incident], now: datetime
) -> Iterator[Problem]:
    timeline = front.timeline
    markers: dict[TimelineKind, int] = {}
    for index, entry in enumerate(timeline):
        if index > 0 and entry.at < timeline[index - 1].at:
            yield _timeline_error(
                document,
                index,
                "at",
                f"the timeline is oldest first: {entry.at.isoformat()} is before "
                f"{timeline[index - 1].at.isoformat()} above it "
                f"(line {_line(document, 'timeline', index - 1, 'at')})",
            )
        if entry.kind is None or entry.kind is TimelineKind.LEAD_UP:
            continue
        if entry.kind in markers:
            yield _timeline_error(
                document,
                index,
                "kind",
                f"second '{entry.kind}' marker (the first is at line "
                f"{_line(document, 'timeline', markers[entry.kind], 'kind')}): keep one",
            )
            continue
        markers[entry.kind] = index
    # Each marker once, against the latest of the markers that must come before it.
    for position, kind in enumerate(MARKER_ORDER):
        earlier = [k for k in MARKER_ORDER[:position] if k in markers]
        if kind not in markers or not earlier:
            continue
        latest = max(earlier, key=lambda k: timeline[markers[k]].at)
        here, before = timeline[markers[kind]], timeline[markers[latest]]
        if here.at < before.at:
            yield _timeline_error(
                document,
                markers[kind],
                "kind",
                f"'{kind}' ({here.at.isoformat()}) is before '{latest}' "
                f"({before.at.isoformat()}, line "
                f"{_line(document, 'timeline', markers[latest], 'kind')})",
            )
    incidents = [i for i in linked if i.kind is Kind.INCIDENT]
    if not incidents:
        return
    first_report = min(i.first_posted_at for i in incidents)
    if TimelineKind.IMPACT_START in markers:
        index = markers[TimelineKind.IMPACT_START]
        if timeline[index].at > first_report:
            yield _timeline_error(
                document,
                index,
                "at",
                f"impact-start {timeline[index].at.isoformat()} is after the incident's first "
                f"update ({first_report.isoformat()}): impact cannot start after it was reported",
            )
    yield from _far_entries(front, document, incidents, now)


def _far_entries(
    front: PostmortemFrontMatter, document: Document, incidents: list[Incident], now: datetime
) -> Iterator[Problem]:
    window = postmortem_rules().timeline_window
    begun = min(started_at(i, EVENTUALLY) or i.first_posted_at for i in incidents)
    ended = max(resolved_at(i, EVENTUALLY) or now for i in incidents)
    lead, trail = timedelta(hours=window.lead_hours), timedelta(days=window.trail_days)
    for index, entry in enumerate(front.timeline):
        if entry.at < begun - lead and entry.kind is not TimelineKind.LEAD_UP:
            yield _timeline_error(
                document,
                index,
                "at",
                f"{entry.at.isoformat()} is {_days(begun - entry.at)} before the incident began "
                f"({begun.isoformat()}): wrong date? (mark earlier context 'kind: lead-up')",
                severity=Severity.WARNING,
            )
        elif entry.at > ended + trail:
            yield _timeline_error(
                document,
                index,
                "at",
                f"{entry.at.isoformat()} is {_days(entry.at - ended)} after the incident was "
                f"resolved ({ended.isoformat()}): wrong date?",
                severity=Severity.WARNING,
            )


def _days(span: timedelta) -> str:
    days = span // timedelta(days=1)
    return f"{days} day{'' if days == 1 else 's'}"


def _action_item_problems(
    front: PostmortemFrontMatter, document: Document, linked: list[Incident]
) -> Iterator[Problem]:
    rel = document.rel
    began = min((i.started_at or i.first_posted_at for i in linked), default=None)
    for index, item in enumerate(front.action_items):
        here = f"action_items[{index}]"

        def line(*loc: str, index: int = index) -> int:
            return _line(document, "action_items", index, *loc)

        if item.status is not ActionStatus.WONT_DO and not (item.ticket or item.due):
            yield error(
                rel,
                line(),
                here,
                "add a ticket (a URL or tracker reference) or a due date, so the item can be "
                "followed up",
            )
        if item.status is ActionStatus.WONT_DO and not (item.reason or "").strip():
            yield error(
                rel, line("status"), f"{here}.reason", "say why it will not be done (reason)"
            )
        if item.reason and item.status is not ActionStatus.WONT_DO:
            yield error(
                rel, line("reason"), f"{here}.reason", "only meaningful with 'status: wont-do'"
            )
        if item.status is ActionStatus.DONE and item.completed is None:
            yield error(
                rel,
                line("status"),
                f"{here}.completed",
                "say when it was done, e.g. completed: 2026-03-04",
            )
        if item.completed is not None:
            if item.status is not ActionStatus.DONE:
                yield error(
                    rel,
                    line("completed"),
                    f"{here}.completed",
                    "only meaningful with 'status: done'",
                )
            elif began is not None and item.completed < began.date():
                yield warning(
                    rel,
                    line("completed"),
                    f"{here}.completed",
                    f"{item.completed.isoformat()} is before the incident began "
                    f"({began.date().isoformat()}): wrong date?",
                )


def _placeholder_problems(document: Document) -> Iterator[Problem]:
    """Placeholders left in published text; code is skipped, it may quote a real TODO."""
    pattern = postmortem_rules().placeholder_pattern
    passages = [
        *front_matter_passages(document),
        *body_passages(document.body, document.body_line),
    ]
    for passage in passages:
        for match in pattern.finditer(passage.prose):
            line, col = passage.position(match.start())
            problem = error(
                document.rel,
                line,
                passage.field,
                f"placeholder {quoted(match.group())} in a published postmortem: write the text, "
                "or keep status: draft",
            )
            yield replace(problem, col=col)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _front_matter_content_problems(
    front: PostmortemFrontMatter, document: Document, profile: Profile
) -> Iterator[Problem]:
    rules = postmortem_rules()
    sentences = len(SENTENCE_END.split(front.summary.strip()))
    if sentences > rules.summary_max_sentences:
        yield warning(
            document.rel,
            _line(document, "summary"),
            "summary",
            f"{sentences} sentences: readers need two or three; the sections tell the rest",
        )
    if profile is Profile.FULL and not front.action_items:
        yield warning(
            document.rel,
            _line(document, "status"),
            "action_items",
            "a full postmortem lists what will change: add action_items",
        )
