"""Properties of the reliability figures on generated incidents (hypothesis).

- an error budget's allowed downtime is never negative, and spent + left = allowed;
- medians and 90th percentiles lie within the data;
- resolving an incident later never makes any figure look better.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.content.config_file import load_config
from statusgen.content.incident import Incident
from statusgen.content.settings import SiteConfig
from statusgen.content.site import Content
from statusgen.reliability import reliability_report
from statusgen.reliability.report import ReliabilityReport
from statusgen.reliability.slo import allowed_ms
from statusgen.reliability.stats import Durations

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ANCHORS = [
    NOW - timedelta(hours=12),
    datetime(2026, 4, 1, tzinfo=UTC),
    datetime(2026, 7, 1, tzinfo=UTC),
    datetime(2026, 11, 1, tzinfo=UTC),
]
CONFIG = """\
site_name: Properties
site_url: https://status.properties.example/
plugins:
  - statusgen:
      components:
        - id: api
          name: API
          slo: 99.9
        - id: web
          name: Web
          slo: 99.5
"""


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    path: Path = tmp_path_factory.mktemp("properties") / "mkdocs.yml"
    path.write_text(CONFIG, "utf-8")
    loaded = load_config(path)
    assert isinstance(loaded, SiteConfig), loaded
    return loaded


@st.composite
def incidents(draw: st.DrawFn, index: int) -> dict[str, Any]:
    # Near an anchor: just before NOW (so a later resolution can pass it) or around the
    # end of a quarter or a month.
    anchor = draw(st.sampled_from(ANCHORS))
    start = anchor + timedelta(minutes=draw(st.integers(-60 * 24 * 3, 60 * 12)))
    before = draw(st.one_of(st.none(), st.integers(0, 90)))
    impact = draw(st.sampled_from(["none", "minor", "major", "critical"]))
    components = draw(
        st.dictionaries(
            st.sampled_from(["api", "web"]),
            st.sampled_from(["major_outage", "partial_outage", "degraded_performance"]),
            min_size=1,
        )
    )
    gaps = draw(st.lists(st.integers(1, 180), min_size=1, max_size=5))
    middle = st.sampled_from(["investigating", "identified", "monitoring"])
    resolved = draw(st.booleans())
    moments = [start]
    for gap in gaps:
        moments.append(moments[-1] + timedelta(minutes=gap))
    statuses = ["investigating", *(draw(middle) for _ in gaps[1:])]
    statuses.append("resolved" if resolved else draw(middle))
    updates = [
        {"at": at, "status": status, "body": "Text."}
        for at, status in zip(moments, statuses, strict=True)
    ]
    if draw(st.booleans()) and len(updates) > 2:
        updates[-2]["components"] = {c: "operational" for c in components}
    data: dict[str, Any] = {
        "title": f"Incident {index}",
        "impact": impact,
        "components": components,
        "updates": list(reversed(updates)),
    }
    if before is not None:
        data["started_at"] = start - timedelta(minutes=before)
    return data


@st.composite
def sites(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    return [draw(incidents(n)) for n in range(count)]


def content_of(config: SiteConfig, items: list[dict[str, Any]]) -> Content:
    built = [
        Incident.model_validate({**data, "id": f"2026-01-01-i{n}", "source": f"i{n}.md"})
        for n, data in enumerate(items)
    ]
    return Content(config=config, incidents=tuple(built))


def later(items: list[dict[str, Any]], which: int, minutes: int) -> list[dict[str, Any]]:
    """The same incidents, with incident `which` resolved `minutes` later."""
    changed = [dict(item) for item in items]
    updates = [dict(u) for u in changed[which]["updates"]]
    updates[0]["at"] = updates[0]["at"] + timedelta(minutes=minutes)
    changed[which]["updates"] = updates
    return changed


def every_figures(report: ReliabilityReport) -> dict[tuple[str, str], Any]:
    found = {}
    for entry in (*report.quarters, *report.months, report.total):
        if entry.overall is not None:
            found[(entry.period.key, "")] = entry.overall
        for component, figures in entry.components.items():
            found[(entry.period.key, component)] = figures
    return found


TOLERANCE = 1e-6


def no_better(before: Durations, after: Durations, where: str) -> None:
    assert after.count == before.count, where
    if before.count:
        assert after.median is not None and before.median is not None
        assert after.p90 is not None and before.p90 is not None
        assert after.median >= before.median - TOLERANCE, where
        assert after.p90 >= before.p90 - TOLERANCE, where


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=sites(), data=st.data())
def test_resolving_an_incident_later_never_improves_any_figure(
    config: SiteConfig, items: list[dict[str, Any]], data: st.DataObject
) -> None:
    resolved = [n for n, item in enumerate(items) if item["updates"][0]["status"] == "resolved"]
    if not resolved:
        return
    which = data.draw(st.sampled_from(resolved))
    # A little later, or past NOW, which reopens the incident as readers see it.
    minutes = data.draw(st.one_of(st.integers(1, 600), st.integers(1, 60 * 24 * 60)))
    before = reliability_report(content_of(config, items), NOW)
    after = reliability_report(content_of(config, later(items, which, minutes)), NOW)
    old, new = every_figures(before), every_figures(after)
    assert old.keys() == new.keys()
    for key, was in old.items():
        now_ = new[key]
        where = f"{key}"
        assert now_.downtime_seconds >= was.downtime_seconds - TOLERANCE, where
        assert (now_.worst.downtime_seconds if now_.worst else 0) >= (
            was.worst.downtime_seconds if was.worst else 0
        ) - TOLERANCE, where
        for impact, figures in was.by_impact.items():
            changed = now_.by_impact[impact]
            assert changed.incidents == figures.incidents, where
            assert changed.first_update == figures.first_update, where
            no_better(figures.mitigate, changed.mitigate, f"{where} {impact} mitigate")
            no_better(figures.resolve, changed.resolve, f"{where} {impact} resolve")
            assert changed.gaps_kept <= figures.gaps_kept, where
            assert changed.gaps - changed.gaps_kept >= figures.gaps - figures.gaps_kept, where
            if figures.cadence_share is not None and changed.cadence_share is not None:
                assert changed.cadence_share <= figures.cadence_share + TOLERANCE, where
    for was_budget, new_budget in zip(before.budgets, after.budgets, strict=True):
        assert new_budget.spent_ms >= was_budget.spent_ms
        assert new_budget.left_ms <= was_budget.left_ms
        if was_budget.availability.ratio is not None:
            assert new_budget.availability.ratio is not None
            assert new_budget.availability.ratio <= was_budget.availability.ratio + TOLERANCE


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=sites())
def test_budgets_add_up_and_allow_no_negative_downtime(
    config: SiteConfig, items: list[dict[str, Any]]
) -> None:
    report = reliability_report(content_of(config, items), NOW)
    assert report.budgets
    for budget in report.budgets:
        assert budget.allowed_ms >= 0
        assert budget.spent_ms >= 0
        assert budget.spent_ms + budget.left_ms == budget.allowed_ms
        assert budget.within_budget == (budget.spent_ms <= budget.allowed_ms)


@given(
    slo=st.floats(min_value=0.001, max_value=99.999, allow_nan=False),
    seconds=st.integers(0, 400 * 86400),
)
def test_the_allowed_budget_is_never_negative_nor_more_than_the_period(
    slo: float, seconds: int
) -> None:
    allowed = allowed_ms(slo, seconds)
    assert 0 <= allowed <= seconds * 1000
    # Within a millisecond of the exact share (rounded down, never up).
    assert allowed <= (100 - slo) / 100 * seconds * 1000 + 1


@given(st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=60))
def test_percentiles_lie_within_the_data(values: list[float]) -> None:
    summary = Durations.of(values)
    assert summary.count == len(values)
    assert summary.median is not None and summary.p90 is not None
    low, high = min(values), max(values)
    assert low - 1e-6 <= summary.median <= high + 1e-6
    assert low - 1e-6 <= summary.p90 <= high + 1e-6
    assert summary.median <= summary.p90 + 1e-6 * max(1.0, abs(high))
    assert not math.isnan(summary.p90)
