"""One postmortem fixture per rule (schema, links, timeline, action items, sections), each
with the exact report lines it must produce."""

from __future__ import annotations

import pytest

from statusgen.content.validate import check_site

from .conftest import NOW, SiteFactory
from .postmortem_samples import BRIEF, DRAFT, FULL, INCIDENT, INCIDENT_ID, write

PM = f"postmortems/{INCIDENT_ID}.md"
NOT_STARTED = (
    f"incidents/{INCIDENT_ID}.md:1: warning: postmortem: critical incident resolved 266 days ago "
    f"has no postmortem: start postmortems/{INCIDENT_ID}.md (a draft is enough), or set "
    "'postmortem: not-required' with a postmortem_reason"
)
NEEDS_FULL = (
    "a full postmortem needs Summary, Impact, Root causes or Contributing factors, Detection, "
    "Resolution and What went wrong"
)


def report_lines(site: SiteFactory) -> list[str]:
    return [p.as_text() for p in check_site(site.config_file, NOW).report.problems]


def with_field(after: str, text: str, base: str = FULL) -> str:
    """`base` with `text` inserted after the first line `after`."""
    return base.replace(after + "\n", after + "\n" + text, 1)


CASES: dict[str, tuple[str, list[str]]] = {
    # Schema
    "unknown field": (
        with_field("owner: Database team", "severity: critical\n"),
        [
            f"{PM}:5: error: unknown field 'severity' (allowed: incident, status, owner, authors, "
            "reviewers, published, updated, summary, profile, timeline, action_items, lang)"
        ],
    ),
    "misspelt field": (
        FULL.replace("summary:", "sumary:"),
        [
            f"{PM}:2: error: missing required field 'summary'",
            f"{PM}:6: error: unknown field 'sumary' (did you mean 'summary'?)",
        ],
    ),
    "status": (
        FULL.replace("status: published", "status: done"),
        [f"{PM}:3: error: status: must be one of draft, in-review, published (got 'done')"],
    ),
    "naive time": (
        FULL.replace("published: 2026-03-03T10:00:00Z", "published: 2026-03-03 10:00"),
        [
            f"{PM}:5: error: published: naive time '2026-03-03 10:00': add an offset such as 'Z' "
            "or '+02:00'"
        ],
    ),
    "incident not an id": (
        FULL.replace(f"incident: {INCIDENT_ID}", "incident: 5"),
        [
            NOT_STARTED,
            f"{PM}:2: error: incident: must be an incident id, or a list of ids for merged "
            "incidents (got 5)",
        ],
    ),
    "no incident": (
        FULL.replace(f"incident: {INCIDENT_ID}", "incident: []"),
        [NOT_STARTED, f"{PM}:2: error: incident: must not be empty"],
    ),
    # Links to incidents and dates
    "unknown incident": (
        FULL.replace(f"incident: {INCIDENT_ID}", "incident: 2026-03-01-db-outgae"),
        [
            NOT_STARTED,
            f"{PM}:2: error: incident: unknown incident '2026-03-01-db-outgae' (did you mean "
            f"'{INCIDENT_ID}'?): use the file name of an incident in incidents/, without .md",
        ],
    ),
    "incident twice": (
        FULL.replace(f"incident: {INCIDENT_ID}", f"incident: [{INCIDENT_ID}, {INCIDENT_ID}]"),
        [f"{PM}:2: error: incident: incident '{INCIDENT_ID}' is listed twice"],
    ),
    "published missing": (
        FULL.replace("published: 2026-03-03T10:00:00Z\n", ""),
        [
            f"{PM}:3: error: published: a published postmortem needs 'published', the time it "
            "went out, e.g. published: 2026-03-04T10:00:00Z"
        ],
    ),
    "published before resolution": (
        FULL.replace("published: 2026-03-03T10:00:00Z", "published: 2026-03-01T11:30:00Z"),
        [
            f"{PM}:5: error: published: 2026-03-01T11:30:00+00:00 is before incident "
            f"'{INCIDENT_ID}' was resolved (2026-03-01T12:00:00+00:00): a postmortem follows the "
            "resolution"
        ],
    ),
    "merged incident resolved later": (
        FULL.replace(f"incident: {INCIDENT_ID}", f"incident: [{INCIDENT_ID}, 2026-03-05-slow-web]"),
        [
            f"{PM}:5: error: published: 2026-03-03T10:00:00+00:00 is before incident "
            "'2026-03-05-slow-web' was resolved (2026-03-05T10:30:00+00:00): a postmortem follows "
            "the resolution"
        ],
    ),
    "published in the future": (
        FULL.replace("published: 2026-03-03T10:00:00Z", "published: 2027-03-03T10:00:00Z"),
        [
            f"{PM}:5: warning: published: 2027-03-03T10:00:00+00:00 is in the future: mistyped "
            "date or year?"
        ],
    ),
    "updated before published": (
        with_field("published: 2026-03-03T10:00:00Z", "updated: 2026-03-02T10:00:00Z\n"),
        [
            f"{PM}:6: error: updated: 2026-03-02T10:00:00+00:00 is before published "
            "(2026-03-03T10:00:00+00:00, line 5)"
        ],
    ),
    "draft with a publication time": (
        FULL.replace("status: published", "status: in-review"),
        [
            f"{PM}:5: error: published: only a published postmortem has a publication time: set "
            "status: published, or remove 'published' while it is in-review"
        ],
    ),
    "updated without published": (
        with_field("status: draft", "updated: 2026-03-02T10:00:00Z\n", DRAFT),
        [f"{PM}:4: error: updated: set 'published' first"],
    ),
    # Timeline
    "timeline out of order": (
        FULL.replace("  - at: 2026-03-01T09:53:00Z", "  - at: 2026-03-01T09:45:00Z"),
        [
            f"{PM}:11: error: timeline[1].at: the timeline is oldest first: "
            "2026-03-01T09:45:00+00:00 is before 2026-03-01T09:50:00+00:00 above it (line 8)",
            f"{PM}:12: error: timeline[1].kind: 'detected' (2026-03-01T09:45:00+00:00) is before "
            "'impact-start' (2026-03-01T09:50:00+00:00, line 9)",
        ],
    ),
    "marker twice": (
        FULL.replace("    kind: mitigated", "    kind: detected"),
        [
            f"{PM}:15: error: timeline[2].kind: second 'detected' marker (the first is at line "
            "12): keep one"
        ],
    ),
    "markers out of order": (
        FULL.replace("kind: detected", "kind: X")
        .replace("kind: impact-end", "kind: detected")
        .replace("kind: X", "kind: impact-end"),
        [
            f"{PM}:12: error: timeline[1].kind: 'impact-end' (2026-03-01T09:53:00+00:00) is "
            "before 'detected' (2026-03-01T11:00:00+00:00, line 18)",
            f"{PM}:15: error: timeline[2].kind: 'mitigated' (2026-03-01T10:40:00+00:00) is "
            "before 'detected' (2026-03-01T11:00:00+00:00, line 18)",
        ],
    ),
    "impact starts after it was reported": (
        FULL.replace(
            "09:50:00Z\n    kind: impact-start", "10:30:00Z\n    kind: impact-start"
        ).replace("  - at: 2026-03-01T09:53:00Z", "  - at: 2026-03-01T10:35:00Z"),
        [
            f"{PM}:8: error: timeline[0].at: impact-start 2026-03-01T10:30:00+00:00 is after the "
            "incident's first update (2026-03-01T10:00:00+00:00): impact cannot start after it was "
            "reported"
        ],
    ),
    "entry long before the incident": (
        with_field("timeline:", "  - at: 2026-02-20T09:00:00Z\n    text: A change ships.\n"),
        [
            f"{PM}:8: warning: timeline[0].at: 2026-02-20T09:00:00+00:00 is 9 days before the "
            "incident began (2026-03-01T09:50:00+00:00): wrong date? (mark earlier context "
            "'kind: lead-up')"
        ],
    ),
    "lead-up may go further back": (
        with_field(
            "timeline:", "  - at: 2026-02-20T09:00:00Z\n    kind: lead-up\n    text: Shipped.\n"
        ),
        [],
    ),
    "entry long after the incident": (
        FULL.replace(
            "action_items:", "  - at: 2026-03-20T09:00:00Z\n    text: Review.\naction_items:"
        ),
        [
            f"{PM}:20: warning: timeline[4].at: 2026-03-20T09:00:00+00:00 is 18 days after the "
            "incident was resolved (2026-03-01T12:00:00+00:00): wrong date?"
        ],
    ),
    # Action items
    "action without ticket or due": (
        FULL.replace("    ticket: DB-1\n", ""),
        [
            f"{PM}:21: error: action_items[0]: add a ticket (a URL or tracker reference) or a due "
            "date, so the item can be followed up"
        ],
    ),
    "wont-do without reason": (
        with_field("    ticket: DB-1", "    status: wont-do\n"),
        [f"{PM}:26: error: action_items[0].reason: say why it will not be done (reason)"],
    ),
    "reason without wont-do": (
        with_field("    ticket: DB-1", "    reason: Too costly.\n"),
        [f"{PM}:26: error: action_items[0].reason: only meaningful with 'status: wont-do'"],
    ),
    "done without completed": (
        with_field("    ticket: DB-1", "    status: done\n"),
        [
            f"{PM}:26: error: action_items[0].completed: say when it was done, e.g. completed: "
            "2026-03-04"
        ],
    ),
    "completed without done": (
        with_field("    ticket: DB-1", "    completed: 2026-03-10\n"),
        [f"{PM}:26: error: action_items[0].completed: only meaningful with 'status: done'"],
    ),
    "completed before the incident": (
        with_field("    ticket: DB-1", "    status: done\n    completed: 2026-02-10\n"),
        [
            f"{PM}:27: warning: action_items[0].completed: 2026-02-10 is before the incident began "
            "(2026-03-01): wrong date?"
        ],
    ),
    "priority": (
        FULL.replace("priority: P1", "priority: P5"),
        [f"{PM}:24: error: action_items[0].priority: must be one of P0, P1, P2, P3 (got 'P5')"],
    ),
    "type": (
        FULL.replace("type: prevent", "type: fix"),
        [
            f"{PM}:22: error: action_items[0].type: must be one of prevent, mitigate, detect, "
            "repair, process (got 'fix')"
        ],
    ),
    "due date": (
        FULL.replace("    ticket: DB-1\n", "    due: 2026-04-01T10:00:00Z\n"),
        [
            f"{PM}:25: error: action_items[0].due: not a valid date '2026-04-01T10:00:00Z': write "
            "it as 2026-03-01"
        ],
    ),
    # Sections and content of published postmortems
    "missing sections": (
        FULL[: FULL.index("## Trigger")],
        [
            f"{PM}:27: error: missing section '## Detection': {NEEDS_FULL}",
            f"{PM}:27: error: missing section '## Resolution': {NEEDS_FULL}",
            f"{PM}:27: error: missing section '## Root causes': {NEEDS_FULL}",
            f"{PM}:27: error: missing section '## What went wrong': {NEEDS_FULL}",
            f"{PM}:27: warning: no '## Trigger' section: recommended in a full postmortem (a few "
            "sentences are enough)",
            f"{PM}:27: warning: no '## What went well' section: recommended in a full postmortem "
            "(a few sentences are enough)",
            f"{PM}:27: warning: no '## Where we got lucky' section: recommended in a full "
            "postmortem (a few sentences are enough)",
        ],
    ),
    "empty section": (
        FULL.replace("The control plane acted on stale health data.\n", ""),
        [f"{PM}:40: error: section '## Root causes' is empty: write it before publishing"],
    ),
    "section twice under another name": (
        FULL + "\n## Customer impact\n\nMore.\n",
        [f"{PM}:64: error: second '## Impact' section (the first is at line 32): merge them"],
    ),
    "text before the first section": (
        FULL.replace("---\n\n## Summary", "---\n\n# Postmortem\n\nIntro.\n\n## Summary"),
        [
            f"{PM}:28: error: text before the first section: the page shows the title itself; "
            "start with a '## Summary' heading"
        ],
    ),
    "timeline written as a section": (
        FULL + "\n## Timeline\n\n- 09:50 failover\n",
        [
            f"{PM}:64: warning: the page shows the timeline from the front-matter 'timeline'; move "
            "this section's content there"
        ],
    ),
    "impact without a number": (
        FULL.replace("1,200 clusters (80%) rejected", "Many clusters rejected"),
        [
            f"{PM}:32: warning: the Impact section has no number: say how many customers or "
            "requests were affected, what share, or for how long"
        ],
    ),
    "placeholder in a section": (
        FULL.replace("promoted by hand.", "promoted by hand. TODO: add times."),
        [
            f"{PM}:50:33: error: placeholder 'TODO' in a published postmortem: write the text, or "
            "keep status: draft"
        ],
    ),
    "placeholder in the summary": (
        FULL.replace("summary: A failover", "summary: TBD. A failover"),
        [
            f"{PM}:6:10: error: summary: placeholder 'TBD' in a published postmortem: write the "
            "text, or keep status: draft"
        ],
    ),
    "lorem ipsum": (
        FULL.replace("No data was lost.", "Lorem ipsum dolor."),
        [
            f"{PM}:58:1: error: placeholder 'Lorem ipsum' in a published postmortem: write the "
            "text, or keep status: draft"
        ],
    ),
    "long summary": (
        FULL.replace(
            "summary: A failover took most databases offline. We restored them by hand.",
            "summary: One. Two. Three. Four.",
        ),
        [
            f"{PM}:6: warning: summary: 4 sentences: readers need two or three; the sections tell "
            "the rest"
        ],
    ),
    "full without action items": (
        FULL[: FULL.index("action_items:")] + FULL[FULL.index("---\n\n## Summary") :],
        [
            f"{PM}:3: warning: action_items: a full postmortem lists what will change: add "
            "action_items"
        ],
    ),
    "brief needs its own sections": (
        BRIEF.replace("## What we are doing about it\n\nWe are adding a second cache node.\n", ""),
        [
            NOT_STARTED,
            f"{PM}:8: error: missing section '## What we are doing about it': a brief "
            "postmortem needs Summary, What happened and What we are doing about it",
        ],
    ),
    "profile chosen by hand": (
        with_field("owner: Database team", "profile: brief\n"),
        [
            f"{PM}:28: error: missing section '## What happened': a brief postmortem needs "
            "Summary, What happened and What we are doing about it",
            f"{PM}:28: error: missing section '## What we are doing about it': a brief "
            "postmortem needs Summary, What happened and What we are doing about it",
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_reports_its_exact_line(site: SiteFactory, case: str) -> None:
    text, expected = CASES[case]
    write(site, text)
    assert report_lines(site) == expected


@pytest.mark.parametrize("postmortem", [FULL, BRIEF], ids=["full", "brief"])
def test_samples_are_clean(site: SiteFactory, postmortem: str) -> None:
    write(site, postmortem, name="review")
    lines = report_lines(site)
    # The brief sample is about the minor incident, so the critical one still lacks a review.
    assert lines == ([] if postmortem is FULL else [NOT_STARTED])


def test_headings_match_aliases_in_any_case(site: SiteFactory) -> None:
    text = (
        FULL.replace("## Root causes", "## 4. ROOT CAUSE:")
        .replace("## Impact", "## Customer impact")
        .replace("## What went wrong", "## What didn’t go well")
    )
    write(site, text)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    sections = content.postmortems[0].sections
    assert list(sections)[:4] == ["Summary", "Impact", "Trigger", "Root causes"]
    assert sections["Root causes"] == (40, "The control plane acted on stale health data.")
    assert "What went wrong" in sections


def test_contributing_factors_stand_for_root_causes(site: SiteFactory) -> None:
    write(site, FULL.replace("## Root causes", "## Contributing factors"))
    assert report_lines(site) == []


def test_drafts_skip_content_rules_but_not_links(site: SiteFactory) -> None:
    write(site, DRAFT)
    assert report_lines(site) == []
    write(site, DRAFT.replace(f"incident: {INCIDENT_ID}", "incident: 2026-01-01-nothing"))
    assert report_lines(site) == [
        NOT_STARTED,
        f"{PM}:2: error: incident: unknown incident '2026-01-01-nothing': use the file name of an "
        "incident in incidents/, without .md",
    ]


def test_published_needs_resolved_incident(site: SiteFactory) -> None:
    write(site, FULL)
    site.incident(
        f"{INCIDENT_ID}.md",
        INCIDENT.replace(
            "status: resolved\n    body: Resolved.", "status: identified\n    body: x"
        ),
    )
    assert report_lines(site) == [
        f"{PM}:2: error: incident: incident '{INCIDENT_ID}' is not resolved yet: keep status: "
        "draft until it is",
    ]


def test_one_published_postmortem_per_incident(site: SiteFactory) -> None:
    write(site, FULL)
    site.postmortem("second-review.md", FULL)
    site.postmortem("notes.md", DRAFT)
    assert report_lines(site) == [
        "postmortems/second-review.md:1: error: incident: incident "
        f"'{INCIDENT_ID}' already has a published postmortem ({PM}): merge them, or keep this "
        "one as a draft",
    ]


def test_file_names(site: SiteFactory) -> None:
    write(site, FULL, name="Bad_Name")
    (site.root / "postmortems" / "notes.txt").write_text("x", "utf-8")
    assert report_lines(site) == [
        "postmortems/Bad_Name.md:1: error: file name must be lower-case letters, digits and "
        "dashes, usually the incident's id, e.g. 2026-03-01-api-errors.md",
        "postmortems/notes.txt:1: warning: not a Markdown file: statusgen reads only .md files in "
        "postmortems/; move or rename it",
    ]


def test_postmortem_errors_withhold_content(site: SiteFactory) -> None:
    write(site, FULL.replace("status: published", "status: done"))
    result = check_site(site.config_file, NOW)
    assert result.content is None
    assert result.report.summary() == "1 error, 0 warnings in 4 files"
