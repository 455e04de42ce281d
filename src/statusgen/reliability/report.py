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
from datetime import datetime, timedelta

from statusgen.content.incident import Incident, Kind
from statusgen.content.settings import ComponentConfig, SiteConfig
from statusgen.content.site import Content
from statusgen.status.availability import (
    ComponentHistory,
    Segment,
    histories_from_spans,
    worst_status_segments,
)
from statusgen.status.timeline import (
    Span,
    component_spans,
    is_published,
    resolved_at,
    started_at,
    visible_components,
)

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
    _longest: timedelta = timedelta(0)
    _history: dict[tuple[str, str | None], ComponentHistory] = field(default_factory=dict)
    _total: dict[tuple[str, str | None], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._began = [m.began for m in self.measures]
        self._longest = max(
            (self.ends[m.incident.id] - m.began for m in self.measures), default=timedelta(0)
        )

    def began_in(self, period: Period) -> list[Measures]:
        low = bisect_left(self._began, period.start)
        high = bisect_left(self._began, period.end)
        return self.measures[low:high]

    def touching(self, period: Period) -> list[Measures]:
        """Incidents whose impact overlaps the period (began before its end, ended after
        its start): only those that began at most the longest incident's length before."""
        low = bisect_left(self._began, period.start - self._longest)
        high = bisect_left(self._began, period.end)
        return [m for m in self.measures[low:high] if self.ends[m.incident.id] > period.start]

    def downtime(
        self, m: Measures, component: str | None, period: Period, now: datetime, weight: float
    ) -> float:
        """One incident's downtime inside `period` on one component (None: on any)."""
        key = (m.incident.id, component)
        whole = period.start <= m.began and self.ends[m.incident.id] <= period.end
        if whole and key in self._total:
            return self._total[key]
        own = self.history(m.incident.id, component, weight)
        if whole:
            self._total[key] = own.downtime_seconds(m.began, self.ends[m.incident.id], now)
            return self._total[key]
        return own.downtime_seconds(period.start, period.end, now)

    def history(self, incident_id: str, component: str | None, weight: float) -> ComponentHistory:
        """One incident's own timeline on one component (None: on any component)."""
        key = (incident_id, component)
        if key not in self._history:
            spans = self.spans[incident_id]
            if component is None:
                segments = worst_status_segments(spans)
            else:
                # One incident holds a component in one status at a time: its spans there
                # are already disjoint segments.
                segments = [
                    Segment(s.start, s.end, s.status) for s in spans if s.component == component
                ]
            # Without spans the history skips its incident index, which only `period` needs.
            self._history[key] = ComponentHistory(component or "*", segments, [], weight)
        return self._history[key]


def _history(name: str, spans: Sequence[Span], weight: float) -> ComponentHistory:
    # Without spans the history skips its incident index, which only `period` needs.
    return ComponentHistory(name, worst_status_segments(spans), [], weight)


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


def _within(item: Incident, now: datetime, since: datetime, until: datetime) -> bool:
    """Whether the item's time can touch `[since, until)`: begun before its end, and not
    over before its start (a maintenance's window may end after its last post)."""
    began = started_at(item, now) or item.first_posted_at
    if item.kind is Kind.MAINTENANCE and item.scheduled_for is not None:
        began = min(began, item.scheduled_for)
    over = resolved_at(item, now) or now
    if item.kind is Kind.MAINTENANCE and item.scheduled_until is not None:
        over = max(over, item.scheduled_until)
    return began < until and over >= since


class _Builder:
    def __init__(
        self,
        content: Content,
        now: datetime,
        components: Sequence[ComponentConfig],
        since: datetime,
        until: datetime,
    ) -> None:
        self.config = content.config
        self.now = now
        self.components = list(components)
        self.weight = self.config.options.partial_outage_weight
        # Only what can touch the range: years of history cost nothing.
        published = [
            i for i in content.incidents if is_published(i, now) and _within(i, now, since, until)
        ]
        incidents = [i for i in published if i.kind is Kind.INCIDENT]
        self.incidents = _incidents(incidents, now, self.config)
        ids = self.config.component_ids
        all_spans = [s for spans in self.incidents.spans.values() for s in spans]
        self.histories = histories_from_spans(ids, all_spans, self.weight)
        self.any_history = _history("*", all_spans, self.weight)
        maintenances = [i for i in published if i.kind is Kind.MAINTENANCE]
        with_maintenance = self.config.options.reliability.maintenance_in_slo and maintenances
        self.slo_histories = (
            slo_histories(ids, all_spans, maintenances, now, self.weight, maintenance_in_slo=True)
            if with_maintenance
            else self.histories  # the same spans: the same timelines
        )
        wanted = {c.id for c in self.components}
        self.touched = {
            m.incident.id: [c for c in visible_components(m.incident, now) if c in wanted]
            for m in self.incidents.measures
        }

    def _worst(self, period: Period, scopes: Sequence[str | None]) -> dict[str | None, Worst]:
        """Per scope, the incident with the most downtime inside the period."""
        worst: dict[str | None, Worst] = {}
        for m in self.incidents.touching(period):
            incident = m.incident
            for scope in (None, *self.touched[incident.id]):
                if scope not in scopes:
                    continue
                seconds = self.incidents.downtime(m, scope, period, self.now, self.weight)
                best = worst.get(scope)
                if seconds > 0 and (best is None or seconds > best.downtime_seconds):
                    worst[scope] = Worst(incident.id, incident.title, seconds)
        return worst

    def period_figures(self, period: Period, single: bool) -> PeriodFigures:
        scopes: list[str | None] = [c.id for c in self.components]
        if not single:
            scopes.insert(0, None)
        members: dict[str | None, list[Measures]] = {scope: [] for scope in scopes}
        for m in self.incidents.began_in(period):
            for scope in (None, *self.touched[m.incident.id]):
                if scope in members:
                    members[scope].append(m)
        worst = self._worst(period, scopes)

        def figures(scope: str | None) -> Figures:
            history = self.any_history if scope is None else self.histories[scope]
            downtime = history.downtime_seconds(period.start, period.end, self.now)
            return Figures.of(members[scope], downtime, worst.get(scope))

        return PeriodFigures(
            period=period,
            overall=None if single else figures(None),
            components={c.id: figures(c.id) for c in self.components},
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
    builder = _Builder(content, now, components, since, until)
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
