"""Whatever `validate` accepts, `build` builds: generated sites, any Unicode in their text.

Titles with NUL or ESC used to pass validation and kill the build in lxml; a newline in
`site_name` killed the iCalendar writer. Hypothesis writes whole sites (names, components,
incidents and maintenances, bodies of arbitrary Unicode with control characters and Markdown
punctuation, times with odd offsets); whenever validation finds no error, the site must
build, and its feeds and calendar must parse.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from statusgen.build.pipeline import build
from statusgen.content.validate import check_site

from ..conftest import NOW

MARKDOWN_BITS = [
    *"* ** _ ` [ ] ( ) ![ # > - 1. | ``` <b> &amp; [^1] \\ http://x.example".split(),  # noqa: SIM905
    *["\n", "\n\n", "  \n", "> ", "- ", "1. "],
]
SPECIALS = ["\x00", "\x07", "\x1b", "\x0b", "\x85", "\x9b", "\u2028", "\ufffe", "\r"]
# Half the sites hold only what a page can carry (so many of them validate and get built);
# the others any character at all, controls and separators included.
clean_characters = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"
)
clean_names = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufffe\uffff"
)
any_characters = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(SPECIALS))


def texts(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    fragment = st.one_of(st.text(alphabet, max_size=12), st.sampled_from(MARKDOWN_BITS))
    return st.lists(fragment, max_size=8).map("".join)


def names(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(alphabet, min_size=1, max_size=20), st.sampled_from(["API", "Web"]))


component_id = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,6}", fullmatch=True)
offsets = st.sampled_from([0, 60, -300, 330, 840, -720])
moments = st.builds(
    lambda minutes, offset: (NOW - timedelta(minutes=minutes)).astimezone(
        timezone(timedelta(minutes=offset))
    ),
    st.integers(min_value=-2 * 24 * 60, max_value=400 * 24 * 60),
    offsets,
)
INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"]
MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"]
COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage",
                      "major_outage", "under_maintenance"]  # fmt: skip


@st.composite
def sites(draw: st.DrawFn) -> dict[str, Any]:
    clean = draw(st.booleans())
    text = texts(clean_characters if clean else any_characters)
    name = names(clean_names if clean else any_characters)
    ids = draw(st.lists(component_id, min_size=1, max_size=3, unique=True))
    components = [
        {
            "id": i,
            "name": draw(name),
            **({"group": draw(name)} if draw(st.booleans()) else {}),
            **({"description": draw(text)} if draw(st.booleans()) else {}),
        }
        for i in ids
    ]
    incidents = {}
    for number in range(draw(st.integers(min_value=1, max_value=3))):
        maintenance = draw(st.booleans())
        times = sorted(draw(st.lists(moments, min_size=1, max_size=3)), reverse=True)
        statuses = MAINTENANCE_STATUSES if maintenance else INCIDENT_STATUSES
        updates = [
            {
                "at": at.isoformat(),
                "status": draw(st.sampled_from(statuses[:-1] if index else statuses)),
                "body": draw(text) or "x",
            }
            for index, at in enumerate(times)
        ]
        front: dict[str, Any] = {"title": draw(name)}
        affected = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        status = st.sampled_from(COMPONENT_STATUSES[1:])
        front["components"] = {c: draw(status) for c in affected}
        if maintenance:
            start = draw(moments)
            front |= {
                "kind": "maintenance",
                "scheduled_for": start.isoformat(),
                "scheduled_until": (start + timedelta(hours=2)).isoformat(),
            }
        else:
            front |= {"impact": draw(st.sampled_from(["none", "minor", "major", "critical"]))}
            front |= {"postmortem": "not-required", "postmortem_reason": draw(name)}
        front["updates"] = updates
        day = (times[-1] if not maintenance else start).astimezone(UTC).date().isoformat()
        incidents[f"{day}-item-{number}.md"] = (front, draw(text))
    return {"site_name": draw(name), "components": components, "incidents": incidents}


def write_site(root: Path, site: dict[str, Any]) -> Path:
    (root / "incidents").mkdir(parents=True)
    (root / "site_src").mkdir()
    config = {
        "site_name": site["site_name"],
        "site_url": "https://status.test.example/",
        "docs_dir": "site_src",
        "theme": {"name": "material", "font": False},
        "plugins": [{"statusgen": {"components": site["components"]}}],
    }
    # yaml.safe_dump writes control characters as escapes; validation must find them there.
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    for file_name, (front, body) in site["incidents"].items():
        front_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        (root / "incidents" / file_name).write_text(f"---\n{front_text}---\n{body}", "utf-8")
    return root / "mkdocs.yml"


def check_validated_site_builds(site: dict[str, Any]) -> str:
    """Validate the site; if it has no error, build it and parse what was built."""
    with tempfile.TemporaryDirectory() as folder:
        config_file = write_site(Path(folder) / "repo", site)
        report = check_site(config_file, NOW).report
        if report.errors:
            return "refused by validate"
        out = Path(folder) / "out"
        result = build(config_file, NOW, site_dir=out)
        assert result.built, result.report.format("text")
        etree.parse(str(out / "history.atom"))
        etree.parse(str(out / "history.rss"))
        json.loads((out / "api/v2/summary.json").read_text("utf-8"))
        calendar = out / "maintenance.ics"
        if calendar.exists():
            from icalendar import Calendar

            Calendar.from_ical(calendar.read_bytes())
    return "validated, then built"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site=sites())
def test_whatever_validates_builds(site: dict[str, Any]) -> None:
    event(check_validated_site_builds(site))


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("STATUSGEN_FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(site=sites())
def test_whatever_validates_builds_many_sites(site: dict[str, Any]) -> None:
    event(check_validated_site_builds(site))


def test_a_generated_site_can_validate_and_build() -> None:
    # The generator is not only making sites validation refuses.
    site = {
        "site_name": "Status",
        "components": [{"id": "api", "name": "API"}],
        "incidents": {
            "2026-11-22-item-0.md": (
                {
                    "title": "Errors",
                    "impact": "minor",
                    "components": {"api": "partial_outage"},
                    "postmortem": "not-required",
                    "postmortem_reason": "test",
                    "updates": [
                        {
                            "at": datetime(2026, 11, 22, 10, tzinfo=UTC).isoformat(),
                            "status": "investigating",
                            "body": "x",
                        }
                    ],
                },
                "",
            )
        },
    }
    assert check_validated_site_builds(site) == "validated, then built"
