"""What an importer reads from another status page, before it becomes statusgen files.

Both sources (Statuspage JSON and cState Markdown) are read into these classes, so that one
planner decides file names, component ids, statuses over time and what to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from statusgen.content.incident import ComponentStatus, Impact, Kind, Origin, UpdateStatus

System = Literal["statuspage", "cstate"]


@dataclass(frozen=True)
class Finding:
    """One thing the import could not carry over as it was, or changed to make it fit.

    `subject` names what it is about (an incident as the source knows it, a component, the
    source itself); `target` is the file it went to, when there is one.
    """

    subject: str
    message: str
    target: str | None = None


@dataclass(frozen=True)
class SourceComponent:
    key: str
    """Its id at the source: a Statuspage component id, or a cState system name."""
    name: str
    description: str | None = None
    group: str | None = None
    uptime: bool = True
    status: ComponentStatus | None = None
    """What the source page shows now, to compare with what statusgen will show."""


@dataclass
class SourceUpdate:
    at: datetime
    status: UpdateStatus | None
    """None when the source's word for it is not a status; the planner picks the nearest."""
    status_text: str
    body: str
    """Markdown."""
    components: dict[str, ComponentStatus] = field(default_factory=dict)
    """Source component key → the status it has from this update on."""
    guessed_time: bool = False
    """The source gives no time; `at` is an estimate, replaced by the time of an earlier
    import of the same update so that importing again changes nothing."""


@dataclass(frozen=True)
class SourcePostmortem:
    body: str
    """Markdown."""
    published: datetime | None
    where: str
    """Where it came from, for notes and the report ("postmortem_body", …)."""


@dataclass
class SourceIncident:
    origin: Origin
    title: str
    kind: Kind
    impact: Impact | None
    updates: list[SourceUpdate]
    label: str
    """How reports name it: `Statuspage incident "API errors" (p31zjtct2jer)`."""
    named_components: list[str] = field(default_factory=list)
    """Source component keys the incident lists, whether or not an update sets a status."""
    started_at: datetime | None = None
    scheduled_for: datetime | None = None
    scheduled_until: datetime | None = None
    resolved: bool | None = None
    """True: the source shows it over; False: it shows it ongoing; None: the updates say."""
    resolved_at: datetime | None = None
    body: str = ""
    postmortem: SourcePostmortem | None = None
    file_id: str | None = None
    """An id to use as the file name when the source's id is a statusgen id already."""
    findings: list[str] = field(default_factory=list)


@dataclass
class SourceData:
    system: System
    where: str
    """The source as the report names it."""
    components: list[SourceComponent]
    incidents: list[SourceIncident]
    notes: list[str] = field(default_factory=list)
    """What was read, what was missing, limits hit: the report's first lines."""
    findings: list[Finding] = field(default_factory=list)
    keep_component_keys: bool = False
    """Use the source's component keys as statusgen ids (statusgen's own JSON)."""
    page_name: str | None = None
    bodies_are_markdown: bool = True
    """False when update bodies were plain text, escaped as they were converted."""
    component_names: dict[str, str] = field(default_factory=dict)
    """Names of every component the source mentions, including ones no longer on the page
    (for the report)."""
