"""Postmortems: what `postmortems/<id>.md` may say, and the validated `Postmortem` objects.

A postmortem inherits its incidents' impact, components and times instead of repeating them,
so its facts cannot drift from the incident's timeline (see `postmortem_facts.py`). Drafts
are validated like the rest but never published: pages and feeds take their postmortems from
`published_postmortems`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from statusgen.content.base import StrictModel
from statusgen.content.incident import Impact, Incident, LanguageTag, Moment
from statusgen.problems import quoted

from .rules import Profile, postmortem_rules
from .sections import Section

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


class TimelineEntry(StrictModel):
    """One moment of the story, oldest first."""

    at: Moment
    text: str = Field(min_length=1)
    kind: TimelineKind | None = Field(
        default=None, description="Marks a moment the facts box measures from."
    )


class ActionItem(StrictModel):
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


class PostmortemFrontMatter(StrictModel):
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
    lang: LanguageTag = None


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
    lang: str | None = None  # the text's language, when not the site's

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
