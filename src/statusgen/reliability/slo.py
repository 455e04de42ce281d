"""Availability against an objective, and the error budget it leaves.

Availability is the 90-day bars' own maths (`availability.py`): weighted downtime over the
time elapsed, overlapping incidents counted once. The **allowed** budget is the downtime the
objective permits over the whole period, `(100 - slo) % × the period's length`; **spent** is
the weighted downtime so far, and **left** = allowed − spent (negative once overspent).
Budgets are kept in whole milliseconds so that spent + left is exactly allowed.

Maintenance is planned work: by default its windows stay out of the budget entirely. With
`reliability: {maintenance_in_slo: true}` they count, a component under maintenance as
down (like a major outage), since readers could not use it either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from statusgen.content.incident import ComponentStatus, Incident
from statusgen.status.availability import ComponentHistory, PeriodAvailability, histories_from_spans
from statusgen.status.timeline import Span, component_spans

from .periods import Period


@dataclass(frozen=True)
class Budget:
    """One component's objective over one period."""

    component: str
    slo: float
    period: Period
    availability: PeriodAvailability
    allowed_ms: int
    spent_ms: int

    @property
    def left_ms(self) -> int:
        return self.allowed_ms - self.spent_ms

    @property
    def within_budget(self) -> bool:
        return self.left_ms >= 0

    @property
    def spent_share(self) -> float | None:
        """Spent as a share of allowed (above 1 once overspent; None if nothing allowed)."""
        return self.spent_ms / self.allowed_ms if self.allowed_ms else None

    @property
    def meets_objective(self) -> bool | None:
        """Availability so far at or above the objective (None before the period starts)."""
        ratio = self.availability.ratio
        return None if ratio is None else ratio * 100 >= self.slo


def allowed_ms(slo: float, seconds: int) -> int:
    """The downtime `slo` percent allows in `seconds`, rounded down to the millisecond."""
    # Decimal from the text as typed: 100 - 99.9 is not 0.1 in binary floating point.
    share = (Decimal(100) - Decimal(str(slo))) / Decimal(100)
    return int((share * seconds * 1000).to_integral_value(rounding=ROUND_FLOOR))


def budget(history: ComponentHistory, slo: float, period: Period, now: datetime) -> Budget:
    availability = history.period(period.label, period.start, period.end, now)
    return Budget(
        component=history.component,
        slo=slo,
        period=period,
        availability=availability,
        allowed_ms=allowed_ms(slo, period.seconds),
        spent_ms=round(availability.downtime_seconds * 1000),
    )


def _as_downtime(item: Incident) -> Incident:
    """A maintenance whose components under maintenance read as major outages."""

    def down(statuses: dict[str, ComponentStatus]) -> dict[str, ComponentStatus]:
        return {
            c: ComponentStatus.MAJOR_OUTAGE if s is ComponentStatus.UNDER_MAINTENANCE else s
            for c, s in statuses.items()
        }

    updates = [
        update.model_copy(update={"components": down(update.components)})
        if update.components
        else update
        for update in item.updates
    ]
    return item.model_copy(update={"components": down(item.components), "updates": updates})


def slo_histories(
    component_ids: Sequence[str],
    incident_spans: Iterable[Span],
    maintenances: Iterable[Incident],
    now: datetime,
    partial_weight: float,
    *,
    maintenance_in_slo: bool,
) -> dict[str, ComponentHistory]:
    """Each component's timeline as its objective counts it, from the incidents' spans."""
    spans = list(incident_spans)
    if maintenance_in_slo:
        spans += [s for item in maintenances for s in component_spans(_as_downtime(item), now)]
    return histories_from_spans(component_ids, spans, partial_weight)
