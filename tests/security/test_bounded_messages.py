"""Messages quote at most a line's worth of what a file holds, however large the input."""

from __future__ import annotations

import pytest

from statusgen.content.validate import check_site
from statusgen.problems import quoted

from ..conftest import NOW, SiteFactory

HUGE = "x" * 200_000
REST = """\
updates:
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: Looking.
"""


@pytest.mark.parametrize(
    "front",
    [
        f"impact: {HUGE}\n",  # an enum value
        f"impact: minor\n{HUGE}: 1\n",  # an unknown field
        f"impact: minor\ncomponents:\n  {HUGE}: major_outage\n",  # an unknown component
        f"impact: minor\nstarted_at: {HUGE}\n",  # a time
        f"impact: [{', '.join(['[1, 2, 3]'] * 20_000)}]\n",  # a large structure
        f"impact: {'9' * 4000}\n",  # a large number
        f"impact: minor\n{HUGE}: 1\n{HUGE}: 2\n",  # a duplicate key
    ],
)
def test_no_message_quotes_more_than_a_line_of_the_input(site: SiteFactory, front: str) -> None:
    site.incident("2026-11-22-api.md", f"---\ntitle: x\n{front}{REST}---\n")
    report = check_site(site.config_file, NOW).report
    assert report.errors >= 1
    for problem in report.problems:
        assert len(problem.as_text()) < 400, problem.as_text()[:500]
        assert len(problem.as_github()) < 500


def test_quoted_cuts_text_and_structures_with_an_ellipsis() -> None:
    assert quoted("short") == "'short'"
    assert quoted("y" * 1000) == "'" + "y" * 79 + "…'"
    assert len(quoted(list(range(100_000)))) <= 80
    assert quoted({"a": [1, 2]}) == "{'a': [1, 2]}"
