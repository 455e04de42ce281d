"""Which postmortems readers get, the missing-postmortem warning, and the example content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from statusgen.content.postmortem.model import PostmortemStatus
from statusgen.content.site import postmortem_for, published_postmortems
from statusgen.content.validate import check_site

from .conftest import NOW, REPO, SiteFactory
from .postmortem_samples import BRIEF, DRAFT, FULL, INCIDENT, INCIDENT_ID, MINOR_ID, write


def test_drafts_and_reviews_are_never_published(site: SiteFactory) -> None:
    write(site, FULL)
    site.postmortem("review-notes.md", DRAFT.replace("status: draft", "status: in-review"))
    site.postmortem("scratch.md", DRAFT)
    site.postmortem(f"{MINOR_ID}.md", BRIEF)
    result = check_site(site.config_file, NOW)
    assert result.content is not None
    assert sorted(p.id for p in result.content.postmortems) == [
        INCIDENT_ID,
        MINOR_ID,
        "review-notes",
        "scratch",
    ]
    published = published_postmortems(result.content)
    assert [p.id for p in published] == [MINOR_ID, INCIDENT_ID]  # newest first
    assert all(p.status is PostmortemStatus.PUBLISHED for p in published)
    found = postmortem_for(result.content, INCIDENT_ID)
    assert found is not None and found.id == INCIDENT_ID


def test_published_by_now_only_when_now_is_given(site: SiteFactory) -> None:
    write(site, FULL)
    result = check_site(site.config_file, NOW)
    assert result.content is not None
    before = datetime(2026, 3, 3, 9, 59, tzinfo=UTC)  # a minute before it was published
    assert published_postmortems(result.content, before) == ()
    assert postmortem_for(result.content, INCIDENT_ID, before) is None
    assert [p.id for p in published_postmortems(result.content, NOW)] == [INCIDENT_ID]


def test_an_incident_with_only_a_draft_has_no_postmortem_to_link(site: SiteFactory) -> None:
    write(site, DRAFT)
    result = check_site(site.config_file, NOW)
    assert result.content is not None
    assert published_postmortems(result.content) == ()
    assert postmortem_for(result.content, INCIDENT_ID) is None


def test_profile_follows_the_worst_impact(site: SiteFactory) -> None:
    write(site, FULL)
    site.postmortem(f"{MINOR_ID}.md", BRIEF)
    result = check_site(site.config_file, NOW)
    assert result.content is not None
    profiles = {p.id: p.profile for p in result.content.postmortems}
    assert profiles == {INCIDENT_ID: "full", MINOR_ID: "brief"}


def test_headings_inside_code_are_not_sections(site: SiteFactory) -> None:
    write(site, FULL.replace("Standbys were promoted by hand.", "```\n## Impact\n```"))
    result = check_site(site.config_file, NOW)
    assert result.content is not None
    sections = result.content.postmortems[0].sections
    assert sections["Resolution"].text == "```\n## Impact\n```"
    assert sections["Impact"].text == "1,200 clusters (80%) rejected connections."


def major(days_ago: int, impact: str = "major", extra: str = "") -> str:
    resolved = NOW - timedelta(days=days_ago)
    return (
        INCIDENT.replace("impact: critical", f"impact: {impact}\n{extra}".rstrip())
        .replace("2026-03-01T12:00:00Z", resolved.isoformat())
        .replace("2026-03-01T", (resolved - timedelta(days=1)).strftime("%Y-%m-%dT"))
    )


def warnings(site: SiteFactory) -> list[str]:
    report = check_site(site.config_file, NOW).report
    return [p.as_text() for p in report.problems]


def test_serious_incident_needs_a_postmortem_after_seven_days(site: SiteFactory) -> None:
    site.incident("2026-11-13-late.md", major(8))
    site.incident("2026-11-15-recent.md", major(6))
    site.incident("2026-11-13-minor.md", major(8, impact="minor"))
    site.incident(
        "2026-11-13-waived.md",
        major(8, extra="postmortem: not-required\npostmortem_reason: An upstream outage."),
    )
    assert warnings(site) == [
        "incidents/2026-11-13-late.md:1: warning: postmortem: major incident resolved 8 days ago "
        "has no postmortem: start postmortems/2026-11-13-late.md (a draft is enough), or set "
        "'postmortem: not-required' with a postmortem_reason"
    ]


def test_a_draft_or_a_broken_postmortem_counts(site: SiteFactory) -> None:
    site.incident("2026-11-13-late.md", major(8))
    site.postmortem("late.md", DRAFT.replace(INCIDENT_ID, "2026-11-13-late"))
    assert warnings(site) == []
    site.postmortem(
        "late.md", DRAFT.replace(INCIDENT_ID, "2026-11-13-late").replace("draft", "unknown")
    )
    assert warnings(site) == [
        "postmortems/late.md:3: error: status: must be one of draft, in-review, published "
        "(got 'unknown')"
    ]


def test_not_required_contradicted_by_a_postmortem(site: SiteFactory) -> None:
    site.incident(
        "2026-11-13-waived.md",
        major(8, extra="postmortem: not-required\npostmortem_reason: An upstream outage."),
    )
    site.postmortem("waived.md", DRAFT.replace(INCIDENT_ID, "2026-11-13-waived"))
    assert warnings(site) == [
        "incidents/2026-11-13-waived.md:1: warning: postmortem: says 'not-required' but a "
        "postmortem names this incident: remove 'postmortem: not-required' and postmortem_reason"
    ]


def test_example_content() -> None:
    """The example validates cleanly: every major or critical incident has its postmortem."""
    result = check_site(REPO / "mkdocs.yml", NOW)
    assert [p.as_text() for p in result.report.problems] == []
    assert result.content is not None
    statuses = {p.id: (p.status, p.profile) for p in result.content.postmortems}
    assert statuses == {
        "2026-03-17-sign-in-and-api-authentication-outage": ("published", "full"),
        "2026-06-09-object-storage-upload-errors": ("published", "full"),
        "2026-09-16-database-failover-outage": ("published", "full"),
        "2026-10-02-dashboard-login-errors": ("published", "brief"),
        "2026-11-10-webhook-delivery-delays": ("draft", "full"),
    }
    assert [p.id for p in published_postmortems(result.content)] == [
        "2026-10-02-dashboard-login-errors",
        "2026-09-16-database-failover-outage",
        "2026-06-09-object-storage-upload-errors",
        "2026-03-17-sign-in-and-api-authentication-outage",
    ]


def test_example_as_it_stood_before_its_postmortems() -> None:
    """A page rebuilt for an earlier moment is valid; postmortems published later are absent."""
    for moment in (datetime(2026, 3, 18, tzinfo=UTC), datetime(2026, 9, 18, tzinfo=UTC)):
        result = check_site(REPO / "mkdocs.yml", moment)
        assert result.report.errors == 0, result.report.format("text")
        assert result.content is not None
        published = [p.published for p in published_postmortems(result.content, moment)]
        assert all(at is not None and at <= moment for at in published)
    assert published_postmortems(result.content, datetime(2026, 3, 18, tzinfo=UTC)) == ()
    later = datetime(2026, 9, 22, tzinfo=UTC)
    result = check_site(REPO / "mkdocs.yml", later)
    assert result.content is not None
    assert [p.id for p in published_postmortems(result.content, later)] == [
        "2026-09-16-database-failover-outage",
        "2026-06-09-object-storage-upload-errors",
        "2026-03-17-sign-in-and-api-authentication-outage",
    ]
