"""One small bad file per validation rule, with the exact report line it must produce."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from statusgen.content.validate import check_site

from .conftest import NOW, SiteFactory


def report_lines(site: SiteFactory) -> list[str]:
    report = check_site(site.config_file, NOW).report
    return [p.as_text() for p in report.problems]


CASES: dict[str, tuple[str, str, list[str]]] = {
    "yaml syntax": (
        "2026-03-01-bad-yaml.md",
        """\
        ---
        title: Broken
        impact: [major
        ---
        """,
        [
            "incidents/2026-03-01-bad-yaml.md:4: error: invalid YAML: "
            "did not find expected ',' or ']' while parsing a flow sequence"
        ],
    ),
    "missing front-matter": (
        "2026-03-01-no-front.md",
        "# Just a heading\n",
        [
            "incidents/2026-03-01-no-front.md:1: error: missing front-matter: start the file "
            "with a '---' line, the YAML fields, then another '---' line"
        ],
    ),
    "unknown key": (
        "2026-03-01-typo.md",
        """\
        ---
        title: Typo
        impact: minor
        severty: high
        updates:
          - at: 2026-03-01T10:00:00Z
            status: resolved
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-typo.md:4: error: unknown field 'severty' (allowed: title, kind, "
            "impact, components, started_at, scheduled_for, scheduled_until, updates, postmortem, "
            "postmortem_reason, lang, origin, draft, alert_key)"
        ],
    ),
    "unknown key with suggestion": (
        "2026-03-01-typo2.md",
        """\
        ---
        title: Typo
        impcat: minor
        updates:
          - at: 2026-03-01T10:00:00Z
            status: resolved
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-typo2.md:3: error: unknown field 'impcat' "
            "(did you mean 'impact'?)",
        ],
    ),
    "enum value": (
        "2026-03-01-enum.md",
        """\
        ---
        title: Enum
        impact: severe
        updates:
          - at: 2026-03-01T10:00:00Z
            status: resolved
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-enum.md:3: error: impact: must be one of none, minor, major, "
            "critical (got 'severe')"
        ],
    ),
    "wrong type": (
        "2026-03-01-type.md",
        """\
        ---
        title: Types
        impact: minor
        updates: not a list
        ---
        """,
        [
            "incidents/2026-03-01-type.md:4: error: updates: must be a list (got 'not a list'); "
            "start each item with '- '"
        ],
    ),
    "naive timestamp": (
        "2026-03-01-naive.md",
        """\
        ---
        title: Naive
        impact: minor
        updates:
          - at: 2026-03-01 10:00
            status: resolved
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-naive.md:5: error: updates[0].at: naive time '2026-03-01 10:00': "
            "add an offset such as 'Z' or '+02:00'"
        ],
    ),
    "updates out of order": (
        "2026-03-01-order.md",
        """\
        ---
        title: Order
        impact: minor
        updates:
          - at: 2026-03-01T10:00:00Z
            status: investigating
            body: Looking.
          - at: 2026-03-01T11:00:00Z
            status: identified
            body: Found it.
        ---
        """,
        [
            "incidents/2026-03-01-order.md:8: error: updates[1].at: updates must be newest first: "
            "2026-03-01T11:00:00+00:00 is newer than 2026-03-01T10:00:00+00:00 above it (line 5)"
        ],
    ),
    "status for the wrong kind": (
        "2026-03-01-kind.md",
        """\
        ---
        title: Kind
        impact: minor
        updates:
          - at: 2026-03-01T10:00:00Z
            status: completed
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-kind.md:6: error: updates[0].status: 'completed' is not a status "
            "for an incident: use one of investigating, identified, monitoring, resolved"
        ],
    ),
    "update after resolved": (
        "2026-03-01-after.md",
        """\
        ---
        title: After
        impact: minor
        updates:
          - at: 2026-03-01T12:00:00Z
            status: monitoring
            body: Watching.
          - at: 2026-03-01T11:00:00Z
            status: resolved
            body: Fixed.
          - at: 2026-03-01T10:00:00Z
            status: investigating
            body: Looking.
        ---
        """,
        [
            "incidents/2026-03-01-after.md:9: error: updates[1].status: 'resolved' must be the "
            "last update, but 1 newer update follows it (line 5): open a new incident instead"
        ],
    ),
    "no updates": (
        "2026-03-01-empty.md",
        """\
        ---
        title: Empty
        impact: minor
        updates: []
        ---
        """,
        [
            "incidents/2026-03-01-empty.md:4: error: updates: no updates: add at least one, "
            "with at, status and body"
        ],
    ),
    "unknown component": (
        "2026-03-01-comp.md",
        """\
        ---
        title: Components
        impact: minor
        components:
          apii: major_outage
        updates:
          - at: 2026-03-01T10:00:00Z
            status: resolved
            body: Done.
            components:
              wbe: operational
        ---
        """,
        [
            "incidents/2026-03-01-comp.md:5: error: components: unknown component 'apii' "
            "(did you mean 'api'? known: api, web, db)",
            "incidents/2026-03-01-comp.md:11: error: updates[0].components: unknown component "
            "'wbe' (did you mean 'web'? known: api, web, db)",
        ],
    ),
    "file name without date": (
        "api-errors.md",
        "---\ntitle: x\n---\n",
        [
            "incidents/api-errors.md:1: error: file name must be <YYYY-MM-DD>-<slug>.md in lower "
            "case, e.g. 2026-03-01-api-errors.md (the date the incident began)",
            "incidents/api-errors.md:2: error: missing required field 'impact' (one of none, "
            "minor, major, critical)",
            "incidents/api-errors.md:2: error: missing required field 'updates'",
        ],
    ),
    "maintenance window backwards": (
        "2026-03-01-window.md",
        """\
        ---
        title: Window
        kind: maintenance
        scheduled_for: 2026-03-01T10:00:00Z
        scheduled_until: 2026-03-01T09:00:00Z
        updates:
          - at: 2026-02-25T10:00:00Z
            status: scheduled
            body: Planned.
        ---
        """,
        [
            "incidents/2026-03-01-window.md:5: error: scheduled_until: window ends "
            "(2026-03-01T09:00:00+00:00) before it starts (2026-03-01T10:00:00+00:00, line 4)"
        ],
    ),
    "empty body": (
        "2026-03-01-blank.md",
        """\
        ---
        title: Blank
        impact: none
        updates:
          - at: 2026-03-01T10:00:00Z
            status: resolved
            body: "  "
        ---
        """,
        [
            "incidents/2026-03-01-blank.md:7: error: updates[0].body: empty update: tell readers "
            "what is affected and what is being done"
        ],
    ),
    "far future": (
        "2026-03-01-future.md",
        """\
        ---
        title: Future
        impact: none
        updates:
          - at: 2036-03-01T10:00:00Z
            status: resolved
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-future.md:1: warning: file name says 2026-03-01 but the "
            "incident began on 2036-03-01 (2036-03-01T10:00:00+00:00): name it after the day it "
            "began",
            "incidents/2026-03-01-future.md:5: warning: updates[0].at: 2036-03-01T10:00:00+00:00 "
            "is in the future: mistyped date or year?",
        ],
    ),
    "duplicate key": (
        "2026-03-01-dupkey.md",
        """\
        ---
        title: One
        title: Two
        ---
        """,
        ["incidents/2026-03-01-dupkey.md:3: error: duplicate key 'title' (first at line 2)"],
    ),
    "operational on the incident": (
        "2026-03-01-op.md",
        """\
        ---
        title: Op
        impact: minor
        components:
          api: operational
        updates:
          - at: 2026-03-01T10:00:00Z
            status: resolved
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-op.md:5: error: components.api: an affected component cannot be "
            "'operational' here: list only what the incident affects, and record recovery with an "
            "update's components"
        ],
    ),
    "started after first update": (
        "2026-03-01-start.md",
        """\
        ---
        title: Start
        impact: minor
        started_at: 2026-03-01T12:00:00Z
        updates:
          - at: 2026-03-01T10:00:00Z
            status: resolved
            body: Done.
        ---
        """,
        [
            "incidents/2026-03-01-start.md:4: error: started_at: 2026-03-01T12:00:00+00:00 is "
            "after the first update (2026-03-01T10:00:00+00:00): impact cannot start after it was "
            "reported"
        ],
    ),
    "maintenance without window": (
        "2026-03-01-nowindow.md",
        """\
        ---
        title: No window
        kind: maintenance
        updates:
          - at: 2026-03-01T10:00:00Z
            status: scheduled
            body: Planned.
        ---
        """,
        [
            "incidents/2026-03-01-nowindow.md:2: error: missing required field 'scheduled_for' "
            "(a maintenance needs its window)",
            "incidents/2026-03-01-nowindow.md:2: error: missing required field 'scheduled_until' "
            "(a maintenance needs its window)",
        ],
    ),
    "not markdown": (
        "notes.txt",
        "remember to write the postmortem\n",
        [
            "incidents/notes.txt:1: warning: not a Markdown file: statusgen reads only .md files "
            "in incidents/; move or rename it"
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_reports_its_exact_line(site: SiteFactory, case: str) -> None:
    name, text, expected = CASES[case]
    site.incident(name, text)
    assert report_lines(site) == expected


def test_not_utf8(site: SiteFactory) -> None:
    (site.root / "incidents" / "2026-03-01-latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert report_lines(site) == [
        "incidents/2026-03-01-latin1.md:2: error: not UTF-8 (byte 0xe9): save the file as UTF-8"
    ]


def test_duplicate_ids(site: SiteFactory) -> None:
    good = site.root / "incidents" / "2026-03-01-a.md"
    site.incident("2026-03-01-a.md", "---\ntitle: x\n---\n")
    (site.root / "incidents" / "old").mkdir()
    (site.root / "incidents" / "old" / "2026-03-01-a.md").write_text("---\ntitle: y\n---\n")
    lines = report_lines(site)
    assert good.exists()
    assert (
        "incidents/old/2026-03-01-a.md:1: error: duplicate incident id '2026-03-01-a' "
        "(also incidents/2026-03-01-a.md)"
    ) in lines


def test_every_problem_of_every_file_at_once(site: SiteFactory) -> None:
    for case in ("enum value", "naive timestamp", "unknown component"):
        name, text, _ = CASES[case]
        site.incident(name, text)
    report = check_site(site.config_file, NOW).report
    assert report.errors == 4
    assert [p.path for p in report.problems] == sorted(p.path for p in report.problems)
    assert report.summary() == "4 errors, 0 warnings in 4 files"


@pytest.mark.timeout(10)  # expanded, 30 levels of 10 aliases would never finish
def test_alias_bomb_is_refused_quickly(site: SiteFactory) -> None:
    bomb = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 30):
        previous = f"*a{level - 1}"
        bomb += f"a{level}: &a{level} [{', '.join([previous] * 10)}]\n"
    bomb += "title: boom\n---\n"
    site.incident("2026-03-01-bomb.md", bomb)
    lines = report_lines(site)
    assert lines == [
        "incidents/2026-03-01-bomb.md:2: error: YAML anchors and aliases (&name, *name) are not "
        "allowed in front-matter"
    ]


def test_config_errors_point_into_mkdocs_yml(site: SiteFactory) -> None:
    site.config(
        """\
        site_name: Test
        plugins:
          - search
          - statusgen:
              components:
                - id: api
                  name: API
                - id: api
                  name: Other
                - id: Bad Id
                  name: x
                  grup: y
        """
    )
    assert report_lines(site) == [
        "mkdocs.yml:1: error: site_url: missing: feeds and JSON need absolute links; set "
        "site_url: https://status.example.com/ (or https://ORG.github.io/REPO/)",
        "mkdocs.yml:10: error: plugins[1].statusgen.components[2].id: string should match "
        "pattern '^[a-z0-9][a-z0-9_-]*$' (got 'Bad Id')",
        "mkdocs.yml:12: error: plugins[1].statusgen.components[2]: unknown field 'grup' "
        "(did you mean 'group'?)",
    ]


def test_good_site_has_no_problems(site: SiteFactory) -> None:
    from .conftest import GOOD_INCIDENT

    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    result = check_site(site.config_file, NOW)
    assert result.report.problems == ()
    assert result.content is not None
    assert [i.id for i in result.content.incidents] == ["2026-03-01-api-errors"]


ROUNDS = """\
---
title: API errors
impact: major
components:
  apii: major_outage
updates:
  - at: 2026-03-01T10:00:00
    status: investigating
    body: Looking.
  - at: 2026-03-01T10:30:00Z
    status: fixed
    body: Found it.
  - at: 2026-03-01T11:00:00Z
    status: resolved
    body: Done.
---
"""


def test_one_run_reports_every_mistake_of_a_file(site: SiteFactory) -> None:
    """Not two now and three more once those are fixed: the checks run on what parsed."""
    site.incident("2026-03-01-api-errors.md", ROUNDS)
    assert report_lines(site) == [
        "incidents/2026-03-01-api-errors.md:5: error: components: unknown component 'apii' "
        "(did you mean 'api'? known: api, web, db)",
        "incidents/2026-03-01-api-errors.md:7: error: updates[0].at: naive time "
        "'2026-03-01T10:00:00': add an offset such as 'Z' or '+02:00'",
        "incidents/2026-03-01-api-errors.md:11: error: updates[1].status: must be one of "
        "investigating, identified, monitoring, resolved, scheduled, in_progress, verifying, "
        "completed (got 'fixed')",
        "incidents/2026-03-01-api-errors.md:13: error: updates[2].at: updates must be newest "
        "first: 2026-03-01T11:00:00+00:00 is newer than 2026-03-01T10:30:00+00:00 above it "
        "(line 10)",
        "incidents/2026-03-01-api-errors.md:14: error: updates[2].status: 'resolved' must be "
        "the last update, but 2 newer updates follow it (line 10): open a new incident instead",
    ]


UPDATES = "updates:\n  - at: 2026-03-01T10:00:00Z\n    status: investigating\n    body: Look.\n"


@pytest.mark.parametrize(
    ("mistake", "fixed", "expected"),
    [
        ("impact: severe", "impact: major", "impact: must be one of"),
        ("impcat: major", "impact: major", "unknown field 'impcat' (did you mean 'impact'?)"),
        ("kind: maintenence", "kind: maintenance", "kind: must be one of incident, maintenance"),
        ("postmortem: not required", "postmortem: not-required", "postmortem: must be"),
        ("scheduled_until: tomorrow", "scheduled_until: 2026-03-01T11:00:00Z", "not a valid time"),
        ("updates: soon", UPDATES, "updates: must be a list"),
        (UPDATES.replace("investigating", "fixed"), UPDATES, "(got 'fixed')"),
        (UPDATES.replace("10:00:00Z", "10:00:00"), UPDATES, "naive time"),
    ],
)
def test_a_value_that_does_not_parse_is_reported_once_without_a_cascade(
    site: SiteFactory, mistake: str, fixed: str, expected: str
) -> None:
    """Its own error, then only errors the file has once that value is put right."""
    template = (
        "---\ntitle: API errors\nkind: maintenance\npostmortem_reason: Checked.\n"
        "scheduled_for: 2026-03-01T09:00:00Z\nscheduled_until: 2026-03-01T11:00:00Z\n"
        f"{UPDATES}---\n"
    )
    field = fixed.split(":")[0]
    kept = "\n".join(line for line in template.split("\n") if not line.startswith(field))
    if field == "updates":
        kept = template.replace(UPDATES, "")
    site.incident("2026-03-01-api-errors.md", kept.replace("---\ntitle", f"---\n{mistake}\ntitle"))
    broken = report_lines(site)
    own = [line for line in broken if expected in line]
    assert len(own) == 1, broken
    site.incident("2026-03-01-api-errors.md", kept.replace("---\ntitle", f"---\n{fixed}\ntitle"))
    assert without_lines(set(broken) - set(own)) <= without_lines(report_lines(site)), broken


def without_lines(lines: Iterable[str]) -> set[str]:
    """Report lines without line numbers, which move when a value spans more lines."""
    return {re.sub(r"\(line \d+\)|:\d+:", "", line) for line in lines}


def test_repeated_ids_in_mkdocs_yml_name_the_first(site: SiteFactory) -> None:
    site.config(
        """\
        site_name: Test
        site_url: https://status.test.example/
        plugins:
          - statusgen:
              components:
                - id: api
                  name: API
                - id: api
                  name: Other
              alerts:
                - id: api-errors
                  match: {service: api}
                  components: {api: partial_outage}
                - match: {service: web}
                  components: {web: degraded_performance}
                - id: api-errors
                  match: {service: db}
                  components: {api: major_outage}
                - id: rule-2
                  match: {service: cdn}
                  components: {api: major_outage}
        """
    )
    assert report_lines(site) == [
        "mkdocs.yml:8: error: components[1].id: duplicate component id 'api' (first at line 6)",
        "mkdocs.yml:15: error: alerts[1].components: unknown component 'web' (known: api, api)",
        "mkdocs.yml:16: error: alerts[2].id: duplicate alert rule id 'api-errors' "
        "(first at line 11)",
        # An alert rule without an id is called rule-N: a rule given that id repeats it.
        "mkdocs.yml:19: error: alerts[3].id: duplicate alert rule id 'rule-2' (first at line 14)",
    ]
