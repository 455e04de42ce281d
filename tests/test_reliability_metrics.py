"""Every reliability figure on content worked out by hand (`reliability_samples.py`).

The expected numbers are written out here, computed on paper from the incidents' times:
quarters crossed, an ongoing incident, one without `started_at`, a maintenance, and a
component without incidents.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from statusgen.content.incident import Impact
from statusgen.content.settings import CadencePolicy, StatusgenConfig
from statusgen.content.validate import check_site
from statusgen.reliability import reliability_report
from statusgen.reliability.cadence import next_update_due, update_interval
from statusgen.reliability.periods import last_quarters, periods_between
from statusgen.reliability.report import ReliabilityReport
from statusgen.reliability.slo import allowed_ms
from statusgen.reliability.stats import Durations

from .conftest import SiteFactory
from .reliability_samples import EVERY_30_MINUTES, NOW, write

MIN = 60.0  # seconds


def report_of(
    site: SiteFactory, extra: str = "", cadence: str = EVERY_30_MINUTES, **kwargs: object
) -> ReliabilityReport:
    write(site, extra, cadence)
    result = check_site(site.config_file, NOW)
    assert result.content is not None, result.report.format("text")
    assert result.report.warnings == 0, result.report.format("text")
    return reliability_report(result.content, NOW, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def report(site: SiteFactory) -> ReliabilityReport:
    return report_of(site)


def quarter(report: ReliabilityReport, key: str):  # type: ignore[no-untyped-def]
    return next(q for q in report.quarters if q.period.key == key)


# --- periods -----------------------------------------------------------------------------


def test_the_page_covers_the_four_quarters_up_to_now(report: ReliabilityReport) -> None:
    assert [q.period.key for q in report.quarters] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert report.since == datetime(2026, 1, 1, tzinfo=UTC)
    assert report.until == datetime(2027, 1, 1, tzinfo=UTC)
    assert len(report.months) == 12
    assert report.current_quarter is not None and report.current_quarter.period.key == "2026-Q4"


def test_quarters_and_months_are_calendar_periods_in_utc() -> None:
    since, until = last_quarters(datetime(2026, 2, 14, 23, 30, tzinfo=UTC), 2)
    assert (since, until) == (datetime(2025, 10, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    clipped = periods_between(
        "quarter", datetime(2026, 2, 15, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    )
    assert [(p.key, p.start.date().isoformat(), p.end.date().isoformat()) for p in clipped] == [
        ("2026-Q1", "2026-02-15", "2026-04-01"),
        ("2026-Q2", "2026-04-01", "2026-05-01"),
    ]
    months = periods_between(
        "month", datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    )
    assert [(m.key, m.label) for m in months] == [("2025-12", "Dec 2025"), ("2026-01", "Jan 2026")]


# --- incidents and downtime --------------------------------------------------------------


def test_incidents_count_in_the_quarter_their_impact_began(report: ReliabilityReport) -> None:
    counts = {
        q.period.key: {k: v.incidents for k, v in q.overall.by_impact.items()}  # type: ignore[union-attr]
        for q in report.quarters
    }
    assert counts == {
        # A began on March 31 at 23:00, although it was resolved in April.
        "2026-Q1": {"all": 1, "critical": 0, "major": 1, "minor": 0, "none": 0},
        "2026-Q2": {"all": 2, "critical": 1, "major": 0, "minor": 1, "none": 0},
        # Only the maintenance happened in Q3: it is not an incident.
        "2026-Q3": {"all": 0, "critical": 0, "major": 0, "minor": 0, "none": 0},
        "2026-Q4": {"all": 1, "critical": 0, "major": 1, "minor": 0, "none": 0},
    }


def test_downtime_counts_inside_each_quarter(report: ReliabilityReport) -> None:
    site = {q.period.key: q.overall.downtime_seconds / MIN for q in report.quarters}  # type: ignore[union-attr]
    # Q1: A's first hour. Q2: A's last 40 min + B 50 × 0.3 + C's 120 min on db.
    # Q3: the maintenance does not count. Q4: D's partial outage, 120 min × 0.3 so far.
    assert site == {"2026-Q1": 60, "2026-Q2": 175, "2026-Q3": 0, "2026-Q4": 36}
    api = {q.period.key: q.components["api"].downtime_seconds / MIN for q in report.quarters}
    assert api == {"2026-Q1": 60, "2026-Q2": 40, "2026-Q3": 0, "2026-Q4": 36}


def test_worst_downtime_is_the_incident_with_most_downtime_in_the_period(
    report: ReliabilityReport,
) -> None:
    q2 = quarter(report, "2026-Q2")
    assert q2.overall.worst.title == "Database outage"
    assert q2.overall.worst.downtime_seconds == 120 * MIN
    # On the API, C only degraded performance; A's last 40 minutes fell in Q2.
    assert q2.components["api"].worst.incident_id == "2026-03-31-api-down"
    assert q2.components["api"].worst.downtime_seconds == 40 * MIN
    assert q2.components["api"].incidents == 1  # C; A is counted in Q1
    assert quarter(report, "2026-Q3").overall.worst is None


def test_a_component_without_incidents_has_zeros_and_no_worst(report: ReliabilityReport) -> None:
    for entry in (*report.quarters, report.total):
        cdn = entry.components["cdn"]
        assert (cdn.incidents, cdn.downtime_seconds, cdn.worst) == (0, 0, None)
        assert cdn.by_impact["all"].resolve == Durations()


# --- response times ----------------------------------------------------------------------


def test_response_times_by_impact_in_a_quarter(report: ReliabilityReport) -> None:
    every = quarter(report, "2026-Q2").overall.by_impact["all"]
    # B: start unknown, so no time to first update; C: 30 min.
    assert every.first_update == Durations(count=1, median=30 * MIN, p90=30 * MIN)
    # B 50 min (monitoring), C 120 min (resolved without monitoring).
    assert every.mitigate == Durations(count=2, median=85 * MIN, p90=113 * MIN)
    # B 90 min, C 120 min: median 105, p90 = 90 + 0.9 × 30.
    assert every.resolve == Durations(count=2, median=105 * MIN, p90=117 * MIN)
    critical = quarter(report, "2026-Q2").overall.by_impact["critical"]
    assert critical.resolve == Durations(count=1, median=120 * MIN, p90=120 * MIN)
    minor = quarter(report, "2026-Q2").overall.by_impact["minor"]
    assert minor.first_update == Durations()
    assert minor.mitigate == Durations(count=1, median=50 * MIN, p90=50 * MIN)


def test_an_incident_across_quarters_is_measured_whole(report: ReliabilityReport) -> None:
    major = quarter(report, "2026-Q1").overall.by_impact["major"]
    assert major.first_update.median == 10 * MIN
    assert major.mitigate.median == 80 * MIN
    assert major.resolve.median == 100 * MIN


def test_an_ongoing_incident_counts_with_its_time_so_far(report: ReliabilityReport) -> None:
    major = quarter(report, "2026-Q4").overall.by_impact["major"]
    assert major.first_update == Durations(count=1, median=30 * MIN, p90=30 * MIN)
    assert major.mitigate == Durations(count=1, median=120 * MIN, p90=120 * MIN, ongoing=1)
    assert major.resolve == Durations(count=1, median=120 * MIN, p90=120 * MIN, ongoing=1)


def test_the_whole_range_takes_every_incident(report: ReliabilityReport) -> None:
    every = report.total.overall.by_impact["all"]  # type: ignore[union-attr]
    # Resolve: B 90, A 100, C 120, D 120 (ongoing): median 110; p90 at rank 2.7 is 120.
    assert every.resolve == Durations(count=4, median=110 * MIN, p90=120 * MIN, ongoing=1)
    # First update: A 10, C 30, D 30 (B has no known start).
    assert every.first_update == Durations(count=3, median=30 * MIN, p90=30 * MIN)
    assert report.total.overall.downtime_seconds == (60 + 175 + 36) * MIN  # type: ignore[union-attr]


# --- update cadence ----------------------------------------------------------------------


def test_update_cadence_kept_share(report: ReliabilityReport) -> None:
    shares = {
        q.period.key: (q.overall.by_impact["all"].gaps_kept, q.overall.by_impact["all"].gaps)  # type: ignore[union-attr]
        for q in report.quarters
    }
    # Q1: A 70 late, 20 kept. Q2: B 20, 30 kept, 40 late; C 30 kept, 60 late.
    # Q4: D 30 kept, then 60 min without an update by NOW: late.
    assert shares == {"2026-Q1": (1, 2), "2026-Q2": (3, 5), "2026-Q3": (0, 0), "2026-Q4": (1, 2)}
    assert quarter(report, "2026-Q2").overall.by_impact["all"].cadence_share == 0.6
    assert quarter(report, "2026-Q3").overall.by_impact["all"].cadence_share is None


def test_the_cadence_policy_by_impact_comes_from_the_config() -> None:
    options = StatusgenConfig.model_validate(
        {
            "components": [{"id": "api", "name": "API"}],
            "cadence": {"critical": "15m", "major": "1h", "none": None},
        }
    )
    assert update_interval(options, Impact.CRITICAL) == timedelta(minutes=15)
    assert update_interval(options, Impact.MAJOR) == timedelta(hours=1)
    assert update_interval(options, Impact.NONE) is None
    # Not set: the site's default policy, the one the overdue alarm uses.
    assert update_interval(options, Impact.MINOR) == CadencePolicy().minor


def test_the_site_default_policy_gives_minor_incidents_an_hour(site: SiteFactory) -> None:
    """B (minor) waited 40 min once in Q2: late at 30 min, kept under the default 60."""
    report = report_of(site, cadence="")
    q2 = quarter(report, "2026-Q2").overall.by_impact["all"]
    assert (q2.gaps_kept, q2.gaps) == (4, 5)


def test_a_promised_next_update_sets_the_deadline_instead_of_the_policy() -> None:
    at = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    promise = SimpleNamespace(at=at, next_update_at=at + timedelta(hours=2))
    assert next_update_due(promise, timedelta(minutes=30)) == at + timedelta(hours=2)  # type: ignore[arg-type]
    plain = SimpleNamespace(at=at, next_update_at=None)
    assert next_update_due(plain, timedelta(minutes=30)) == at + timedelta(minutes=30)  # type: ignore[arg-type]
    assert next_update_due(plain, None) is None  # type: ignore[arg-type]


# --- error budgets -----------------------------------------------------------------------


def budgets(report: ReliabilityReport, component: str) -> dict[str, tuple[float, float, float]]:
    return {
        b.period.key: (b.allowed_ms / 60_000, b.spent_ms / 60_000, b.left_ms / 60_000)
        for b in report.budgets
        if b.component == component and b.period.kind != "range"
    }


def test_error_budget_allowed_spent_and_left_per_quarter_and_month(
    report: ReliabilityReport,
) -> None:
    api = budgets(report, "api")
    # 99.9 % of a 90-day Q1 allows 129.6 min; 91 days 131.04; 92 days 132.48.
    assert api["2026-Q1"] == (129.6, 60, 69.6)
    assert api["2026-Q2"] == (131.04, 40, 91.04)
    assert api["2026-Q3"] == (132.48, 0, 132.48)
    assert api["2026-Q4"] == (132.48, 36, 96.48)
    assert api["2026-11"] == (43.2, 36, 7.2)  # 30 days
    assert api["2026-04"] == (43.2, 40, 3.2)
    web = budgets(report, "web")
    assert web["2026-Q2"] == (655.2, 15, 640.2)  # 0.5 % of 91 days
    cdn = budgets(report, "cdn")
    assert cdn["2026-Q2"] == (1310.4, 0, 1310.4)  # 1 % of 91 days, nothing spent
    assert "db" not in {b.component for b in report.budgets}  # no objective, no budget


def test_availability_against_the_objective_uses_the_time_elapsed(
    report: ReliabilityReport,
) -> None:
    q4 = next(b for b in report.budgets if b.component == "api" and b.period.key == "2026-Q4")
    # 36 min of downtime in the 52.5 days from October 1 to NOW.
    assert q4.availability.elapsed_seconds == 52.5 * 86400
    assert q4.availability.ratio == pytest.approx(1 - 36 * 60 / (52.5 * 86400))
    assert q4.meets_objective is True
    april = next(b for b in report.budgets if b.component == "api" and b.period.key == "2026-04")
    assert april.within_budget and april.meets_objective is True


def test_maintenance_counts_against_budgets_only_when_configured(site: SiteFactory) -> None:
    counted = report_of(site, "      reliability:\n        maintenance_in_slo: true\n")
    # The maintenance ran 02:00 to 03:30 (completed early): 90 min, counted as down.
    assert budgets(counted, "api")["2026-Q3"] == (132.48, 90, 42.48)
    assert budgets(counted, "api")["2026-08"] == (44.64, 90, -45.36)  # 31 days: overspent
    august = next(b for b in counted.budgets if b.period.key == "2026-08" and b.component == "api")
    assert not august.within_budget
    # Never an incident figure, though.
    q3 = quarter(counted, "2026-Q3")
    assert (q3.overall.incidents, q3.overall.downtime_seconds) == (0, 0)


def test_allowed_budget_is_exact_for_decimal_objectives() -> None:
    assert allowed_ms(99.9, 86400) == 86_400  # 0.1 % of a day is 86.4 s
    assert allowed_ms(99.95, 30 * 86400) == 1_296_000
    assert allowed_ms(99.999, 365 * 86400) == 315_360


# --- one component -----------------------------------------------------------------------


def test_a_report_about_one_component(site: SiteFactory) -> None:
    only = report_of(site, component="web")
    assert only.single_component and [c.id for c in only.components] == ["web"]
    assert quarter(only, "2026-Q2").overall is None
    assert quarter(only, "2026-Q2").components["web"].incidents == 1
    assert [b.component for b in only.budgets] == ["web"] * len(only.budgets)


def test_an_explicit_range(site: SiteFactory) -> None:
    ranged = report_of(
        site, since=datetime(2026, 4, 1, tzinfo=UTC), until=datetime(2026, 5, 15, tzinfo=UTC)
    )
    assert [q.period.key for q in ranged.quarters] == ["2026-Q2"]
    q2 = ranged.quarters[0]
    assert q2.period.end == datetime(2026, 5, 15, tzinfo=UTC)
    # B only: C began on May 20; A's last 40 minutes are downtime in the range.
    assert q2.overall.incidents == 1  # type: ignore[union-attr]
    assert q2.overall.downtime_seconds == (40 + 15) * MIN  # type: ignore[union-attr]
    # The budget of a clipped quarter is for the days it covers: 44 days at 99.9 %.
    api = next(b for b in ranged.budgets if b.component == "api" and b.period.kind == "quarter")
    assert api.allowed_ms == 44 * 86_400
