"""The reliability report: every figure of a range of time, computed from the content.

A pure function of (content, range, now), like the pages: rebuilding for the same moment
gives the same report. It reads only what readers could see at `now` (updates posted by
then), and only incidents: maintenances are planned, so they are left out of every incident
figure and enter the error budgets only when the config says so (see `slo.py`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..availability import ComponentHistory, component_histories, worst_status_segments
from ..config import ComponentConfig, SiteConfig
from ..models import Incident, Kind
from ..status import Span, all_components, component_spans, is_published
from ..validate import Content
from .cadence import policy_minutes
from .figures import Figures, Worst
from .measures import Measures, measure
from .periods import Period, last_quarters, periods_between, whole_range
from .slo import Budget, budget, slo_histories


@dataclass(frozen=True)
class PeriodFigures:
    """One period: the whole site (`overall`, unless the report is about one component)
    and each component."""

    period: Period
    overall: Figures | None
    components: Mapping[str, Figures]


@dataclass(frozen=True)
class ReliabilityReport:
    now: datetime
    since: datetime
    until: datetime
    components: tuple[ComponentConfig, ...]
    """The components the report covers, in the config's order."""
    quarters: tuple[PeriodFigures, ...]
    months: tuple[PeriodFigures, ...]
    total: PeriodFigures
    budgets: tuple[Budget, ...]
    cadence_minutes: Mapping[str, float | None]
    maintenance_in_slo: bool
    partial_outage_weight: float
    single_component: bool = False

    def budgets_for(self, period: Period) -> list[Budget]:
        return [b for b in self.budgets if b.period == period]

    @property
    def current_quarter(self) -> PeriodFigures | None:
        return next((q for q in self.quarters if q.period.contains(self.now)), None)

    @property
    def current_month(self) -> PeriodFigures | None:
        return next((m for m in self.months if m.period.contains(self.now)), None)


@dataclass
class _Incidents:
    """The incidents of the report, sorted by impact start, with what each period needs."""

    measures: list[Measures]
    spans: dict[str, list[Span]]
    ends: dict[str, datetime]
    _began: list[datetime] = field(default_factory=list)
    _history: dict[tuple[str, str | None], ComponentHistory] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._began = [m.began for m in self.measures]

    def began_in(self, period: Period) -> list[Measures]:
        low = bisect_left(self._began, period.start)
        high = bisect_left(self._began, period.end)
        return self.measures[low:high]

    def touching(self, period: Period) -> list[Measures]:
        """Incidents whose impact overlaps the period (began before its end, ended after
        its start)."""
        high = bisect_left(self._began, period.end)
        return [m for m in self.measures[:high] if self.ends[m.incident.id] > period.start]

    def history(self, incident_id: str, component: str | None, weight: float) -> ComponentHistory:
        """One incident's own timeline on one component (None: on any component)."""
        key = (incident_id, component)
        if key not in self._history:
            spans = [
                s for s in self.spans[incident_id] if component is None or s.component == component
            ]
            self._history[key] = _history(component or "*", spans, weight)
        return self._history[key]


def _history(name: str, spans: Sequence[Span], weight: float) -> ComponentHistory:
    return ComponentHistory(
        component=name,
        segments=worst_status_segments(spans),
        spans=sorted(spans, key=lambda s: (s.start, s.incident_id)),
        partial_weight=weight,
    )


def _incidents(items: Sequence[Incident], now: datetime, config: SiteConfig) -> _Incidents:
    measures = sorted(
        (measure(item, now, config.options) for item in items),
        key=lambda m: (m.began, m.incident.id),
    )
    spans = {item.id: component_spans(item, now) for item in items}
    # An incident without component spans has no downtime: its end only has to be defined.
    ends = {
        m.incident.id: max((s.end for s in spans[m.incident.id]), default=m.began) for m in measures
    }
    return _Incidents(measures, spans, ends)


class _Builder:
    def __init__(
        self, content: Content, now: datetime, components: Sequence[ComponentConfig]
    ) -> None:
        self.config = content.config
        self.now = now
        self.components = list(components)
        self.weight = self.config.options.partial_outage_weight
        published = [i for i in content.incidents if is_published(i, now)]
        incidents = [i for i in published if i.kind is Kind.INCIDENT]
        self.incidents = _incidents(incidents, now, self.config)
        ids = self.config.component_ids
        incident_items = [m.incident for m in self.incidents.measures]
        self.histories = component_histories(ids, incident_items, now, self.weight)
        all_spans = [s for spans in self.incidents.spans.values() for s in spans]
        self.any_history = _history("*", all_spans, self.weight)
        self.slo_histories = slo_histories(
            ids,
            published,
            now,
            self.weight,
            maintenance_in_slo=self.config.options.reliability.maintenance_in_slo,
        )
        self.touched = {
            m.incident.id: frozenset(all_components(m.incident)) for m in self.incidents.measures
        }

    def figures(self, period: Period, component: str | None) -> Figures:
        def concerns(m: Measures) -> bool:
            return component is None or component in self.touched[m.incident.id]

        history = self.any_history if component is None else self.histories[component]
        downtime = history.period(period.label, period.start, period.end, self.now)
        worst: Worst | None = None
        for m in self.incidents.touching(period):
            if not concerns(m):
                continue
            own = self.incidents.history(m.incident.id, component, self.weight)
            seconds = own.period(period.label, period.start, period.end, self.now).downtime_seconds
            if seconds > 0 and (worst is None or seconds > worst.downtime_seconds):
                worst = Worst(m.incident.id, m.incident.title, seconds)
        members = [m for m in self.incidents.began_in(period) if concerns(m)]
        return Figures.of(members, downtime.downtime_seconds, worst)

    def period_figures(self, period: Period, single: bool) -> PeriodFigures:
        return PeriodFigures(
            period=period,
            overall=None if single else self.figures(period, None),
            components={c.id: self.figures(period, c.id) for c in self.components},
        )

    def budgets(self, periods: Sequence[Period]) -> list[Budget]:
        return [
            budget(self.slo_histories[c.id], c.slo, period, self.now)
            for c in self.components
            if c.slo is not None
            for period in periods
        ]


def reliability_report(
    content: Content,
    now: datetime,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    component: str | None = None,
) -> ReliabilityReport:
    """Every figure of `[since, until)` as at `now`; by default the quarters the page shows.

    `component` narrows the report to one component id (which must exist).
    """
    config = content.config
    options = config.options
    default_since, default_until = last_quarters(now, options.reliability.quarters)
    since = since or default_since
    until = until or default_until
    if until <= since:
        raise ValueError(
            f"the report ends ({until.isoformat()}) before it starts ({since.isoformat()})"
        )
    components = [c for c in config.components if component is None or c.id == component]
    if not components:
        known = ", ".join(config.component_ids)
        raise LookupError(f"unknown component '{component}' (known: {known})")
    builder = _Builder(content, now, components)
    single = component is not None
    quarters = periods_between("quarter", since, until)
    months = periods_between("month", since, until)
    total = whole_range(since, until)
    return ReliabilityReport(
        now=now,
        since=since,
        until=until,
        components=tuple(components),
        quarters=tuple(builder.period_figures(p, single) for p in quarters),
        months=tuple(builder.period_figures(p, single) for p in months),
        total=builder.period_figures(total, single),
        budgets=tuple(builder.budgets([*quarters, *months, total])),
        cadence_minutes=policy_minutes(options),
        maintenance_in_slo=options.reliability.maintenance_in_slo,
        partial_outage_weight=options.partial_outage_weight,
        single_component=single,
    )


_last: tuple[Content, datetime, ReliabilityReport] | None = None


def site_report(content: Content, now: datetime) -> ReliabilityReport:
    """The page's report; the page and the JSON of one build share one computation."""
    global _last
    if _last is not None and _last[0] is content and _last[1] == now:
        return _last[2]
    report = reliability_report(content, now)
    _last = (content, now, report)
    return report
