"""Random and malformed front-matter: the validator reports problems and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.content.validate import check_site

from .conftest import NOW, SiteFactory

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["2026-03-01T10:00:00Z", "2026-03-01 10:00", "resolved", "api", "major"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["at", "status", "body", "components", "api", "x"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)
front_matter = st.dictionaries(
    st.sampled_from(
        [
            "title",
            "impact",
            "kind",
            "components",
            "updates",
            "started_at",
            "scheduled_for",
            "scheduled_until",
            "severity",
            "postmortem",
        ]
    ),
    values,
    max_size=8,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=front_matter)
def test_random_front_matter_never_raises(site: SiteFactory, data: dict[str, object]) -> None:
    import yaml

    site.incident("2026-03-01-random.md", "---\n" + yaml.safe_dump(data) + "---\n")
    result = check_site(site.config_file, NOW)
    assert all(p.line >= 1 for p in result.report.problems)
    assert (result.content is None) == (result.report.errors > 0)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_random_text_never_raises(site: SiteFactory, text: str) -> None:
    site.incident("2026-03-01-random.md", "---\n" + text + "\n---\n")
    report = check_site(site.config_file, NOW).report
    assert report.errors >= 1
    assert all(p.path.startswith("incidents/") for p in report.problems)
