"""The validated site: `Content`, and the questions every output asks of it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from statusgen.problems import Report

from .incident import Incident
from .postmortem.model import Postmortem
from .settings import SiteConfig


@dataclass(frozen=True)
class Content:
    """Everything a status site is made of, validated."""

    config: SiteConfig
    incidents: tuple[Incident, ...]
    """Incidents and maintenances readers may see: never a draft (see `drafts`)."""
    postmortems: tuple[Postmortem, ...] = ()
    """Every valid postmortem, drafts included: use `published_postmortems` for readers."""
    drafts: tuple[Incident, ...] = ()
    """Valid incidents marked `draft: true`. Kept apart from `incidents` at this one point,
    so that no output (page, feed, JSON, calendar, badge, notification) can forget them."""

    def with_drafts(self) -> Content:
        """The content as a local preview shows it: drafts among the incidents."""
        return replace(self, incidents=(*self.incidents, *self.drafts), drafts=())

    def incident(self, incident_id: str) -> Incident | None:
        return self._incidents_by_id.get(incident_id)

    @cached_property
    def _incidents_by_id(self) -> dict[str, Incident]:
        return {incident.id: incident for incident in self.incidents}


@dataclass(frozen=True)
class CheckResult:
    report: Report
    content: Content | None = None


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
