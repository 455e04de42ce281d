"""The figures of one period, for the whole site or for one component.

`Figures.of` sums up the incidents that began in the period; downtime comes from the
availability maths of the 90-day bars (`availability.py`), counted inside the period only,
so an incident across a quarter's end adds its downtime to each quarter it touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from statusgen.content.incident import Impact

from .measures import Measures
from .stats import Durations

# Keys of `Figures.by_impact`: every incident, then each impact from the worst.
IMPACT_KEYS = ("all", *(impact.value for impact in reversed(list(Impact))))


@dataclass(frozen=True)
class ImpactFigures:
    """What the incidents of one impact (or all of them) add up to."""

    incidents: int
    first_update: Durations
    mitigate: Durations
    resolve: Durations
    gaps: int
    gaps_kept: int

    @property
    def cadence_share(self) -> float | None:
        """The share of update gaps that stayed within the cadence (None: no gap)."""
        return self.gaps_kept / self.gaps if self.gaps else None

    @classmethod
    def of(cls, measures: Sequence[Measures]) -> ImpactFigures:
        first = [m.seconds_to_first_update for m in measures]
        return cls(
            incidents=len(measures),
            first_update=Durations.of([t for t in first if t is not None]),
            mitigate=Durations.of(
                [m.seconds_to_mitigate for m in measures],
                ongoing=sum(m.mitigated is None for m in measures),
            ),
            resolve=Durations.of(
                [m.seconds_to_resolve for m in measures],
                ongoing=sum(m.resolved is None for m in measures),
            ),
            gaps=sum(len(m.gaps) for m in measures),
            gaps_kept=sum(m.gaps_kept for m in measures),
        )


@dataclass(frozen=True)
class Worst:
    """The incident with the most downtime inside a period."""

    incident_id: str
    title: str
    downtime_seconds: float


@dataclass(frozen=True)
class Figures:
    """One period of the whole site or of one component."""

    by_impact: Mapping[str, ImpactFigures]
    downtime_seconds: float
    """Weighted downtime inside the period, overlapping incidents counted once."""
    worst: Worst | None

    @property
    def incidents(self) -> int:
        return self.by_impact["all"].incidents

    @classmethod
    def of(
        cls, measures: Iterable[Measures], downtime_seconds: float, worst: Worst | None
    ) -> Figures:
        members = list(measures)
        by_impact = {"all": ImpactFigures.of(members)}
        for key in IMPACT_KEYS[1:]:
            by_impact[key] = ImpactFigures.of([m for m in members if m.impact.value == key])
        return cls(by_impact, downtime_seconds, worst)
