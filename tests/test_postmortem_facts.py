"""The facts box: every duration computed from the timeline markers or the incidents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from statusgen.content.postmortem.model import Postmortem
from statusgen.content.site import Content, incidents_of
from statusgen.content.validate import check_site
from statusgen.render.format import duration_text
from statusgen.status.postmortem_facts import postmortem_facts

from .conftest import NOW, REPO, SiteFactory
from .postmortem_samples import DRAFT, FULL, INCIDENT, INCIDENT_ID, MINOR_ID, write


def at(hour: int, minute: int, day: int = 1) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def loaded(site: SiteFactory, now: datetime = NOW) -> tuple[Content, Postmortem]:
    result = check_site(site.config_file, now)
    assert result.content is not None, result.report.format("text")
    return result.content, result.content.postmortems[0]


def test_markers_decide_the_moments(site: SiteFactory) -> None:
    write(site, FULL)
    content, postmortem = loaded(site)
    facts = postmortem_facts(postmortem, incidents_of(content, postmortem), NOW)
    assert (facts.impact_start, facts.detected_at, facts.mitigated_at) == (
        at(9, 50),
        at(9, 53),
        at(10, 40),
    )
    assert (facts.impact_end, facts.resolved_at) == (at(11, 0), at(12, 0))
    assert facts.time_to_detect == timedelta(minutes=3)
    assert facts.time_to_mitigate == timedelta(minutes=50)
    assert facts.impact_duration == timedelta(hours=1, minutes=10)
    assert facts.time_to_resolve == timedelta(hours=2, minutes=10)
    assert facts.detected_from_timeline is True
    assert (facts.impact, facts.components) == ("critical", ("db", "api"))


def test_without_markers_the_incident_decides(site: SiteFactory) -> None:
    write(site, FULL[: FULL.index("timeline:")] + FULL[FULL.index("action_items:") :])
    content, postmortem = loaded(site)
    facts = postmortem_facts(postmortem, incidents_of(content, postmortem), NOW)
    # started_at 09:50, first update 10:00, resolved 12:00.
    assert facts.time_to_detect == timedelta(minutes=10)
    assert facts.detected_from_timeline is False
    assert facts.time_to_mitigate is None
    assert facts.impact_end == facts.resolved_at == at(12, 0)
    assert facts.time_to_resolve == facts.impact_duration == timedelta(hours=2, minutes=10)


def test_merged_incidents_span_first_start_to_last_resolution(site: SiteFactory) -> None:
    write(site, DRAFT.replace(f"incident: {INCIDENT_ID}", f"incident: [{MINOR_ID}, {INCIDENT_ID}]"))
    content, postmortem = loaded(site)
    facts = postmortem_facts(postmortem, incidents_of(content, postmortem), NOW)
    assert facts.impact_start == at(9, 50)
    assert facts.resolved_at == at(10, 30, day=5)
    assert facts.time_to_resolve == timedelta(days=4, minutes=40)
    assert facts.impact == "critical"
    assert facts.components == ("web", "db", "api")


def test_an_open_incident_has_no_end_yet(site: SiteFactory) -> None:
    write(site, DRAFT)
    site.incident(
        f"{INCIDENT_ID}.md",
        INCIDENT.replace(
            "status: resolved\n    body: Resolved.", "status: identified\n    body: x"
        ),
    )
    content, postmortem = loaded(site)
    facts = postmortem_facts(postmortem, incidents_of(content, postmortem), NOW)
    assert (facts.resolved_at, facts.impact_end, facts.time_to_resolve) == (None, None, None)
    assert facts.time_to_detect == timedelta(minutes=10)


def test_no_incidents_is_refused(site: SiteFactory) -> None:
    write(site, FULL)
    _, postmortem = loaded(site)
    with pytest.raises(ValueError, match="has no incidents"):
        postmortem_facts(postmortem, (), NOW)


def test_example_database_postmortem() -> None:
    result = check_site(REPO / "mkdocs.yml", NOW)
    assert result.content is not None
    content = result.content
    postmortem = next(
        p for p in content.postmortems if p.id == "2026-09-16-database-failover-outage"
    )
    facts = postmortem_facts(postmortem, incidents_of(content, postmortem), NOW)
    assert [
        duration_text(d)
        for d in (
            facts.time_to_detect,
            facts.time_to_mitigate,
            facts.impact_duration,
            facts.time_to_resolve,
        )
        if d is not None
    ] == ["2 min", "1 h 43 min", "2 h 23 min", "3 h 28 min"]


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(seconds=20), "under a minute"),
        (timedelta(minutes=11, seconds=40), "11 min"),
        (timedelta(hours=2), "2 h"),
        (timedelta(hours=1, minutes=43), "1 h 43 min"),
        (timedelta(days=4, minutes=40), "4 days 40 min"),
        (timedelta(days=1, hours=3), "1 day 3 h"),
        (timedelta(minutes=-5), "under a minute"),
    ],
)
def test_duration_text(span: timedelta, text: str) -> None:
    assert duration_text(span) == text
