"""Random postmortem front-matter and text: validation and lint report, and never raise."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.content.lint.blameless import lint_paths
from statusgen.content.validate import check_site

from .conftest import NOW, SiteFactory
from .postmortem_samples import FULL, INCIDENT, INCIDENT_ID

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.sampled_from(
        [INCIDENT_ID, "published", "draft", "2026-03-03T10:00:00Z", "2026-03-03", "P1", "done"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["at", "text", "kind", "action", "type", "owner", "status", "due"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=10,
)
front_matter = st.dictionaries(
    st.sampled_from(
        [
            *("incident", "status", "owner", "published", "updated", "summary", "profile"),
            *("timeline", "action_items", "authors", "severity"),
        ]
    ),
    values,
    max_size=8,
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=front_matter)
def test_random_front_matter_never_raises(site: SiteFactory, data: dict[str, object]) -> None:
    site.incident(f"{INCIDENT_ID}.md", INCIDENT)
    site.postmortem("random.md", "---\n" + yaml.safe_dump(data) + "---\n\n## Summary\n\nx\n")
    result = check_site(site.config_file, NOW)
    assert all(p.line >= 1 for p in result.report.problems)
    assert (result.content is None) == (result.report.errors > 0)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("#`\"'>-<!: \nabTOD@.1")), max_size=300))
def test_random_body_never_raises(site: SiteFactory, text: str) -> None:
    site.incident(f"{INCIDENT_ID}.md", INCIDENT)
    site.postmortem("random.md", FULL + text)
    report = lint_paths(site.config_file)
    lines = len((FULL + text).split("\n"))
    assert all(1 <= p.line <= lines and p.col >= 0 for p in report.problems)
    check_site(site.config_file, NOW)
