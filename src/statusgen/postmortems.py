"""Postmortems: what `postmortems/<id>.md` may say, and the validated `Postmortem` objects.

A postmortem inherits its incidents' impact, components and times instead of repeating them,
so its facts cannot drift from the incident's timeline (see `postmortem_facts.py`). Drafts
are validated like the rest but never published: pages and feeds take their postmortems from
`published_postmortems`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .config import SiteConfig
from .content_files import scan_content_files
from .explain import problems_from
from .lint import lint_document
from .lint_rules import rule_set
from .load import Document, read_document
from .models import Impact, Incident, Kind, Moment
from .postmortem_rules import Profile, postmortem_rules
from .problems import Problem, error, quoted, warning
from .safe_write import name_too_long
from .sections import Section, parse_body
from .status import resolved_at
from .third_party import POSTMORTEM_MARKDOWN, document_problems

if TYPE_CHECKING:
    from .validate import Content

# Used with fullmatch: `$` would also accept a name ending in a newline.
POSTMORTEM_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class PostmortemStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    PUBLISHED = "published"


class TimelineKind(StrEnum):
    """Moments a timeline entry may mark; the facts box computes durations from them."""

    LEAD_UP = "lead-up"
    IMPACT_START = "impact-start"
    DETECTED = "detected"
    MITIGATED = "mitigated"
    IMPACT_END = "impact-end"


# The order the markers must happen in (lead-up entries may come any time before).
MARKER_ORDER = (
    TimelineKind.IMPACT_START,
    TimelineKind.DETECTED,
    TimelineKind.MITIGATED,
    TimelineKind.IMPACT_END,
)


class ActionType(StrEnum):
    PREVENT = "prevent"
    MITIGATE = "mitigate"
    DETECT = "detect"
    REPAIR = "repair"
    PROCESS = "process"


class Priority(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    WONT_DO = "wont-do"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TimelineEntry(_Strict):
    """One moment of the story, oldest first."""

    at: Moment
    text: str = Field(min_length=1)
    kind: TimelineKind | None = Field(
        default=None, description="Marks a moment the facts box measures from."
    )


class ActionItem(_Strict):
    """One change the team commits to, and how far it got."""

    action: str = Field(min_length=1, description="What will change, starting with a verb.")
    type: ActionType
    owner: str = Field(min_length=1, description="A role or handle.")
    priority: Priority
    status: ActionStatus = ActionStatus.OPEN
    ticket: str | None = Field(default=None, description="A URL or a tracker reference.")
    due: date | None = None
    reason: str | None = Field(default=None, description="Why it will not be done (wont-do).")
    completed: date | None = Field(default=None, description="When it was done (done).")


def _as_list(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ValueError(
            f"must be an incident id, or a list of ids for merged incidents (got {quoted(value)})"
        )
    return value


_IncidentIds = str | Annotated[list[str], Field(min_length=1)]


class PostmortemFrontMatter(_Strict):
    """The YAML front-matter of `postmortems/<id>.md`."""

    # The schema describes what may be written (one id, or a list), not the list it becomes.
    incident: Annotated[
        list[str], BeforeValidator(_as_list, json_schema_input_type=_IncidentIds)
    ] = Field(min_length=1, description="The incident's id, or a list of ids for merged incidents.")
    status: PostmortemStatus
    owner: str = Field(min_length=1, description="One role or handle.")
    authors: list[str] = Field(default_factory=list)
    reviewers: list[str] = Field(default_factory=list)
    published: Moment | None = Field(default=None, description="Required once status is published.")
    updated: Moment | None = None
    summary: str = Field(min_length=1, description="Two or three sentences for readers.")
    profile: Profile | None = Field(
        default=None, description="full or brief; by default from the incidents' impact."
    )
    timeline: list[TimelineEntry] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)


@dataclass(frozen=True)
class Postmortem:
    """A validated postmortem, with where it came from and its text split into sections."""

    id: str
    source: str
    incident_ids: tuple[str, ...]
    status: PostmortemStatus
    owner: str
    authors: tuple[str, ...]
    reviewers: tuple[str, ...]
    published: datetime | None
    updated: datetime | None
    summary: str
    profile: Profile
    sections: Mapping[str, Section] = field(hash=False)
    timeline: tuple[TimelineEntry, ...]
    action_items: tuple[ActionItem, ...]
    body: str
    item_lines: tuple[int, ...] = ()
    """The line of each action item in the file, for reports that point at it."""

    @property
    def is_published(self) -> bool:
        return self.status is PostmortemStatus.PUBLISHED

    def marker(self, kind: TimelineKind) -> datetime | None:
        """When the timeline says this moment happened, if it says so."""
        return next((entry.at for entry in self.timeline if entry.kind is kind), None)


def default_profile(incidents: Sequence[Incident]) -> Profile:
    """`full` when the worst of the incidents was major or critical, else `brief`."""
    worst = max((i.effective_impact for i in incidents), key=lambda i: i.rank, default=Impact.NONE)
    return postmortem_rules().default_profile[worst]


def published_postmortems(content: Content, now: datetime | None = None) -> tuple[Postmortem, ...]:
    """The postmortems readers may see, newest first. Drafts and reviews never pass.

    With `now`, only those published by then, as a page rebuilt for that moment shows them.
    """
    published = [
        p
        for p in content.postmortems
        if p.is_published and p.published is not None and (now is None or p.published <= now)
    ]
    return tuple(sorted(published, key=lambda p: (p.published, p.id), reverse=True))


def postmortem_for(
    content: Content, incident_id: str, now: datetime | None = None
) -> Postmortem | None:
    """The published postmortem of an incident, if there is one (by `now`, if given)."""
    return next(
        (p for p in published_postmortems(content, now) if incident_id in p.incident_ids), None
    )


def incidents_of(content: Content, postmortem: Postmortem) -> tuple[Incident, ...]:
    found = (content.incident(incident_id) for incident_id in postmortem.incident_ids)
    return tuple(incident for incident in found if incident is not None)


@dataclass
class LoadedPostmortems:
    postmortems: list[Postmortem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def load_postmortems(
    config: SiteConfig,
    incidents: Sequence[Incident],
    now: datetime,
    incident_files: set[str],
) -> LoadedPostmortems:
    """Read and check every postmortem file against the incidents it names.

    `incident_files` holds the id of every incident file, valid or not: a postmortem of an
    incident whose file has errors is not also told that its incident does not exist.
    """
    result = LoadedPostmortems()
    rules = rule_set(config.options.blameless_rules)
    by_id = {incident.id: incident for incident in incidents}
    seen: dict[str, str] = {}
    named: set[str] = set()
    scan = scan_content_files(config.postmortems_dir, config.root, shown=config.display_path)
    result.problems.extend(scan.problems)
    for path in scan.files:
        rel = config.display_path(path)
        result.files += 1
        name_problem = _name_problem(path, rel, config, seen)
        if name_problem is not None:
            result.problems.append(name_problem)
            if name_problem.severity == "warning":
                continue
        document = read_document(path, rel, max_kib=config.options.max_file_kib)
        if isinstance(document, Problem):
            result.problems.append(document)
            continue
        result.problems.extend(lint_document(document, rules))
        result.problems.extend(
            document_problems(
                document, POSTMORTEM_MARKDOWN, config.fetch_hosts, config.options.allow_html
            )
        )
        named.update(_named_incidents(document.data))
        postmortem = postmortem_from_document(document, by_id, incident_files, now, result.problems)
        if postmortem is not None and name_problem is None:
            result.postmortems.append(postmortem)
    result.problems.extend(_one_published_each(result.postmortems))
    result.problems.extend(missing_postmortems(incidents, named, now))
    return result


def _named_incidents(data: dict[str, Any]) -> set[str]:
    """The incidents a file names, even when the rest of it does not validate."""
    value = data.get("incident")
    values = [value] if isinstance(value, str) else value
    return {i for i in values if isinstance(i, str)} if isinstance(values, list) else set()


def _name_problem(path: Path, rel: str, config: SiteConfig, seen: dict[str, str]) -> Problem | None:
    if path.suffix.lower() != ".md":
        return warning(
            rel,
            1,
            "",
            "not a Markdown file: statusgen reads only .md files in "
            f"{config.options.postmortems_dir}/; move or rename it",
        )
    too_long = name_too_long(path.name)
    if too_long:
        return error(rel, 1, "", too_long)
    if not POSTMORTEM_ID.fullmatch(path.stem):
        return error(
            rel,
            1,
            "",
            "file name must be lower-case letters, digits and dashes, usually the incident's "
            "id, e.g. 2026-03-01-api-errors.md",
        )
    if path.stem in seen:
        return error(rel, 1, "", f"duplicate postmortem id '{path.stem}' (also {seen[path.stem]})")
    seen[path.stem] = rel
    return None


def postmortem_from_document(
    document: Document,
    incidents: Mapping[str, Incident],
    incident_files: set[str],
    now: datetime,
    problems: list[Problem],
) -> Postmortem | None:
    """Validate one parsed file; append its problems and return the postmortem if it has none."""
    # The checks need this module's models; importing them here keeps the import graph a tree.
    from .postmortem_checks import check_postmortem

    problems.extend(document.problems)  # characters no page can carry
    try:
        front = PostmortemFrontMatter.model_validate(document.data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, PostmortemFrontMatter, document.rel, document.lines))
        return None
    linked = [incidents[i] for i in front.incident if i in incidents]
    profile = front.profile or default_profile(linked)
    parsed = parse_body(document.body, document.body_line)
    found = list(check_postmortem(front, document, parsed, profile, incidents, incident_files, now))
    problems.extend(found)
    if any(p.severity == "error" for p in (*document.problems, *found)):
        return None
    return Postmortem(
        id=document.path.stem,
        source=document.rel,
        incident_ids=tuple(front.incident),
        status=front.status,
        owner=front.owner,
        authors=tuple(front.authors),
        reviewers=tuple(front.reviewers),
        published=front.published,
        updated=front.updated,
        summary=front.summary,
        profile=profile,
        sections=parsed.sections,
        timeline=tuple(front.timeline),
        action_items=tuple(front.action_items),
        body=document.body,
        item_lines=tuple(
            document.lines.line_of(("action_items", index))
            for index in range(len(front.action_items))
        ),
    )


def _one_published_each(postmortems: Sequence[Postmortem]) -> Iterator[Problem]:
    """Readers get one postmortem per incident: several drafts are fine, two published not."""
    owner: dict[str, Postmortem] = {}
    for postmortem in sorted(postmortems, key=lambda p: p.source):
        if not postmortem.is_published:
            continue
        for incident_id in postmortem.incident_ids:
            first = owner.setdefault(incident_id, postmortem)
            if first is not postmortem:
                yield error(
                    postmortem.source,
                    1,
                    "incident",
                    f"incident '{incident_id}' already has a published postmortem "
                    f"({first.source}): merge them, or keep this one as a draft",
                )


def missing_postmortems(
    incidents: Sequence[Incident], named: set[str], now: datetime
) -> Iterator[Problem]:
    """Serious incidents resolved a while ago that no postmortem file names, not even a draft.

    `named` holds the incident ids postmortem files name, read even from files with errors:
    a postmortem that does not validate yet is still a postmortem being written.
    """
    due = postmortem_rules().postmortem_due
    for incident in incidents:
        if incident.kind is not Kind.INCIDENT or incident.effective_impact not in due.impacts:
            continue
        if incident.id in named:
            if incident.postmortem == "not-required":
                yield warning(
                    incident.source,
                    1,
                    "postmortem",
                    "says 'not-required' but a postmortem names this incident: remove "
                    "'postmortem: not-required' and postmortem_reason",
                )
            continue
        resolved = resolved_at(incident, now)
        if incident.postmortem == "not-required" or resolved is None:
            continue
        if now - resolved <= timedelta(days=due.after_days):
            continue
        days = (now - resolved) // timedelta(days=1)
        yield warning(
            incident.source,
            1,
            "postmortem",
            f"{incident.effective_impact} incident resolved {days} days ago has no postmortem: "
            f"start postmortems/{incident.id}.md (a draft is enough), or set "
            "'postmortem: not-required' with a postmortem_reason",
        )
