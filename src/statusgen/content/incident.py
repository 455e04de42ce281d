"""The content model: what an incident or maintenance file may say, in Statuspage's vocabulary.

These models describe only what engineers type. Everything that can be computed from it
(current status, resolution time, duration, affected components now) lives in `status.py`,
so hand-typed facts can never drift from the timeline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, Field

from statusgen.characters import LINE_BREAK
from statusgen.i18n import TAG_PATTERN

from .base import StrictModel

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def _one_line(value: str) -> str:
    if LINE_BREAK.search(value):
        raise ValueError(
            "must be a single line: remove the line break (a '|' or '>' block adds one at "
            "the end; write the text after the colon instead)"
        )
    return value


ZERO = timedelta(0)


def _representable(value: datetime) -> datetime:
    # 0001-01-01T00:00:00+14:00 parses, but is before year 1 in UTC: every later step would
    # overflow. The range leaves room for the date arithmetic of windows and history.
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise ValueError(
            f"{value.isoformat()} is out of range: times must fall between "
            f"{EARLIEST.year} and {LATEST.year} in UTC"
        )
    if value.utcoffset() == ZERO:
        # The same moment, printed the same, but with Python's own UTC: pydantic's parsed
        # zone is a foreign object, and comparing or subtracting times of two different zone
        # objects asks each for its offset, ten times slower. A build compares times of
        # every incident hundreds of thousands of times.
        return value.replace(tzinfo=UTC)
    return value


LanguageTag = Annotated[
    str | None,
    Field(
        default=None,
        pattern=TAG_PATTERN,
        description="The language the text is written in, as a BCP 47 tag (de, pt-BR), "
        "when it differs from the site's.",
    ),
]
OneLine = Annotated[str, AfterValidator(_one_line)]
"""Text shown as a title or name: in a feed title, a calendar's name, a `<title>`."""
Moment = Annotated[AwareDatetime, AfterValidator(_representable)]
"""A time with its UTC offset, in the range every output can represent."""

FUTURE_TOLERANCE = timedelta(days=1)
"""How far ahead of `now` a post may be dated: clocks and time zones slip, weeks do not."""


class Impact(StrEnum):
    NONE = "none"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Impact).index(self)

    @property
    def label(self) -> str:
        """A whole phrase: "No impact", never "None impact" or "No impact impact"."""
        return "No impact" if self is Impact.NONE else f"{self.value.capitalize()} impact"


class ComponentStatus(StrEnum):
    OPERATIONAL = "operational"
    DEGRADED_PERFORMANCE = "degraded_performance"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"
    UNDER_MAINTENANCE = "under_maintenance"

    @property
    def severity(self) -> int:
        """Orders statuses from harmless to worst, for "the worst status wins" rollups."""
        return _COMPONENT_SEVERITY[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


_COMPONENT_SEVERITY = {
    ComponentStatus.OPERATIONAL: 0,
    ComponentStatus.UNDER_MAINTENANCE: 1,
    ComponentStatus.DEGRADED_PERFORMANCE: 2,
    ComponentStatus.PARTIAL_OUTAGE: 3,
    ComponentStatus.MAJOR_OUTAGE: 4,
}


class Kind(StrEnum):
    INCIDENT = "incident"
    MAINTENANCE = "maintenance"


class UpdateStatus(StrEnum):
    """Every status an update may carry; which ones a file may use depends on its kind."""

    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    VERIFYING = "verifying"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


STATUSES_BY_KIND: dict[Kind, tuple[UpdateStatus, ...]] = {
    Kind.INCIDENT: (
        UpdateStatus.INVESTIGATING,
        UpdateStatus.IDENTIFIED,
        UpdateStatus.MONITORING,
        UpdateStatus.RESOLVED,
    ),
    Kind.MAINTENANCE: (
        UpdateStatus.SCHEDULED,
        UpdateStatus.IN_PROGRESS,
        UpdateStatus.VERIFYING,
        UpdateStatus.COMPLETED,
    ),
}
FINAL_STATUS = {Kind.INCIDENT: UpdateStatus.RESOLVED, Kind.MAINTENANCE: UpdateStatus.COMPLETED}

# A component listed on the incident itself is, by definition, affected: "operational" there
# would mean the file lists a component it did not touch. Updates may set it back to operational.
AffectedStatus = Annotated[
    ComponentStatus,
    Field(description="Status of the component while the incident or maintenance lasts."),
]


class Origin(StrictModel):
    """Where `statusgen import` found an incident or a component, so that importing again
    updates the file instead of adding a second one, and old links can be redirected."""

    system: Literal["statuspage", "cstate"] = Field(description="The status page it came from.")
    id: str = Field(
        min_length=1, description="Its id there: a Statuspage id, or a cState file or system name."
    )
    url: str | None = Field(default=None, description="Its page on the old site.")
    shortlink: str | None = Field(default=None, description="Statuspage's short link to it.")


class Update(StrictModel):
    """One post to readers. Updates are listed newest first, as readers see them."""

    at: Moment = Field(description="When the update was posted, with a UTC offset.")
    status: UpdateStatus
    body: str = Field(description="What readers are told, in Markdown.")
    next_update_at: AwareDatetime | None = Field(
        default=None,
        description="When readers will hear more, as this update promises; the page shows "
        "it and `statusgen overdue` holds the team to it.",
    )
    components: dict[str, ComponentStatus] | None = Field(
        default=None,
        description="Component statuses that change from this update on, e.g. {api: operational}.",
    )


class IncidentFrontMatter(StrictModel):
    """The YAML front-matter of `incidents/<YYYY-MM-DD>-<slug>.md`."""

    title: OneLine = Field(min_length=1)
    kind: Kind = Kind.INCIDENT
    impact: Impact | None = Field(
        default=None, description="Required for incidents; maintenances default to none."
    )
    components: dict[str, AffectedStatus] = Field(default_factory=dict)
    started_at: Moment | None = Field(
        default=None, description="When impact began, if before the first update."
    )
    scheduled_for: Moment | None = Field(
        default=None, description="Maintenance only: start of the announced window."
    )
    scheduled_until: Moment | None = Field(
        default=None, description="Maintenance only: end of the announced window."
    )
    updates: list[Update] = Field(description="Newest first.")
    postmortem: Literal["not-required"] | None = Field(
        default=None,
        description="'not-required' when no postmortem will follow; say why in postmortem_reason.",
    )
    postmortem_reason: str | None = None
    lang: LanguageTag = None
    origin: Origin | None = Field(
        default=None, description="Set by statusgen import: where the incident was first posted."
    )
    draft: bool = Field(
        default=False,
        description="A draft is validated but never published (pages, feeds, JSON, calendar, "
        "badge, notifications); `statusgen publish ID` removes the flag.",
    )
    alert_key: str | None = Field(
        default=None,
        min_length=1,
        max_length=512,
        description="Set by statusgen from-alert: the alert group this incident answers, so "
        "later alerts of the same group add to it instead of opening another.",
    )


class Incident(IncidentFrontMatter):
    """A validated incident or maintenance, with where it came from."""

    id: str
    source: str = Field(description="Path of the file, relative to the site root.")
    body: str = ""
    update_lines: tuple[int, ...] = ()

    @property
    def is_maintenance(self) -> bool:
        return self.kind is Kind.MAINTENANCE

    @property
    def effective_impact(self) -> Impact:
        return self.impact or Impact.NONE

    @property
    def first_posted_at(self) -> datetime:
        return self.updates[-1].at

    @property
    def last_posted_at(self) -> datetime:
        return self.updates[0].at
