"""The facts box of a postmortem, computed from its timeline and its incidents, never typed.

Each moment comes from the postmortem's timeline markers when it has them, else from the
incidents: impact starts at the incident's `started_at` (or its first update), is detected
when the first update is posted, and ends when the incident is resolved. Merged incidents
count from the first start to the last resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from statusgen.content.incident import Impact, Incident
from statusgen.content.postmortem.model import Postmortem, TimelineKind

from .timeline import resolved_at, started_at, visible_components


@dataclass(frozen=True)
class Facts:
    """What a reader checks first: when, how long, what, and how bad."""

    impact: Impact
    components: tuple[str, ...]
    impact_start: datetime
    impact_end: datetime | None
    detected_at: datetime
    mitigated_at: datetime | None
    resolved_at: datetime | None
    detected_from_timeline: bool
    """True when `detected_at` is a timeline marker, False when it is the first update."""

    @property
    def time_to_detect(self) -> timedelta:
        return self.detected_at - self.impact_start

    @property
    def time_to_mitigate(self) -> timedelta | None:
        return None if self.mitigated_at is None else self.mitigated_at - self.impact_start

    @property
    def time_to_resolve(self) -> timedelta | None:
        """From the start of impact to the incident's resolution, as readers were told."""
        return None if self.resolved_at is None else self.resolved_at - self.impact_start

    @property
    def impact_duration(self) -> timedelta | None:
        return None if self.impact_end is None else self.impact_end - self.impact_start


def postmortem_facts(postmortem: Postmortem, incidents: Sequence[Incident], now: datetime) -> Facts:
    """The facts box for `postmortem`, whose incidents are `incidents` (at least one)."""
    if not incidents:
        raise ValueError(f"postmortem '{postmortem.id}' has no incidents to take facts from")
    starts = [started_at(i, now) or i.first_posted_at for i in incidents]
    resolutions = [resolved_at(i, now) for i in incidents]
    resolved = None if None in resolutions else max(r for r in resolutions if r is not None)
    impact_start = postmortem.marker(TimelineKind.IMPACT_START) or min(starts)
    detected = postmortem.marker(TimelineKind.DETECTED)
    components: dict[str, None] = {}
    for incident in incidents:
        components.update(dict.fromkeys(visible_components(incident, now)))
    return Facts(
        impact=max((i.effective_impact for i in incidents), key=lambda i: i.rank),
        components=tuple(components),
        impact_start=impact_start,
        impact_end=postmortem.marker(TimelineKind.IMPACT_END) or resolved,
        detected_at=detected or min(i.first_posted_at for i in incidents),
        mitigated_at=postmortem.marker(TimelineKind.MITIGATED),
        resolved_at=resolved,
        detected_from_timeline=detected is not None,
    )
