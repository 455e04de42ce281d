"""statusgen's own Statuspage-compatible JSON, imported into a new site, gives back the site.

The JSON is statusgen's public face for existing tools; a team that moves a statusgen page
(or rebuilds one from its published JSON) must get the same incidents, updates, times and
component statuses over time.
"""

from __future__ import annotations

import tempfile
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.authoring.text_edits import dump
from statusgen.content.config_file import load_config
from statusgen.content.site import Content
from statusgen.importers.commit import commit
from statusgen.importers.plan import ImportOptions, plan_import
from statusgen.importers.statuspage import read_statuspage
from statusgen.render.statuspage_json import api_files

from .conftest import REPO
from .import_helpers import content_of, facts, new_site, run_import, serve_folder

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def export(content: Content, folder: Path, now: datetime) -> Path:
    for path, data in api_files(content, now).items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def assert_same_incidents(original: Content, imported: Content) -> None:
    for incident in original.incidents:
        copy = imported.incident(incident.id)
        assert copy is not None, f"{incident.id} was not imported"
        assert facts(copy) == facts(incident), incident.id


def test_the_example_site_served_as_json_imports_back_unchanged(tmp_path: Path) -> None:
    original = content_of(REPO / "mkdocs.yml", NOW)
    www = export(original, tmp_path / "www", NOW)
    site = new_site(tmp_path / "copy", NOW, url="https://status.nimbus.example/")
    with serve_folder(www) as address:
        result = run_import("statuspage", address, "-f", str(site), "--now", format_time(NOW))
    assert result.exit_code == 0, result.output
    assert "update bodies read as Markdown (the page is a statusgen site)" in result.output
    imported = content_of(site, NOW)
    assert_same_incidents(original, imported)
    assert len(imported.incidents) == len(original.incidents) + 1  # and init's example


# --- any valid site -------------------------------------------------------------------

COMPONENTS = ("api", "web", "db")
INCIDENT_STATUSES = ("investigating", "identified", "monitoring")
COMPONENT_STATUSES = ("operational", "degraded_performance", "partial_outage", "major_outage")
BASE = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
words = st.lists(
    st.sampled_from(["API", "errors", "slow", "EU", "*login*", "`db`", "is", "back", "&", "50%"]),
    min_size=1,
    max_size=6,
).map(" ".join)
bodies = st.lists(words, min_size=1, max_size=3).map("\n\n".join)
minutes = st.integers(min_value=1, max_value=600)


@st.composite
def incidents(draw: st.DrawFn, day: int) -> dict[str, object]:
    start = BASE + timedelta(days=day)
    gaps = draw(st.lists(minutes, min_size=1, max_size=4))
    times = [start + timedelta(minutes=sum(gaps[: i + 1])) for i in range(len(gaps))]
    # An incident first posted as resolved cannot say in Statuspage's JSON what status its
    # components had before that post (its one update shows them operational): not generated.
    resolved = len(times) > 1 and draw(st.booleans())
    updates = []
    for index, at in enumerate(times):
        final = resolved and index == len(times) - 1
        update: dict[str, object] = {
            "at": format_time(at),
            "status": "resolved" if final else draw(st.sampled_from(INCIDENT_STATUSES)),
            "body": draw(bodies),
        }
        changes = draw(
            st.dictionaries(
                st.sampled_from(COMPONENTS), st.sampled_from(COMPONENT_STATUSES), max_size=2
            )
        )
        if changes and not final and index > 0:
            update["components"] = changes
        updates.append(update)
    front: dict[str, object] = {
        "title": draw(words),
        "impact": draw(st.sampled_from(["none", "minor", "major", "critical"])),
        "components": draw(
            st.dictionaries(
                st.sampled_from(COMPONENTS), st.sampled_from(COMPONENT_STATUSES[1:]), max_size=3
            )
        ),
        "postmortem": "not-required",
        "postmortem_reason": "Generated.",
        "updates": updates[::-1],
    }
    if draw(st.booleans()):
        front["started_at"] = format_time(start)
    return front


@st.composite
def maintenances(draw: st.DrawFn, day: int) -> dict[str, object]:
    start = BASE + timedelta(days=day, hours=draw(st.integers(1, 20)))
    end = start + timedelta(minutes=draw(st.integers(30, 240)))
    announced = start - timedelta(hours=draw(st.integers(1, 72)))
    updates = [{"at": format_time(announced), "status": "scheduled", "body": draw(bodies)}]
    if draw(st.booleans()):
        updates.append({"at": format_time(start), "status": "in_progress", "body": draw(bodies)})
        if draw(st.booleans()):
            done = start + (end - start) / 2
            updates.append({"at": format_time(done), "status": "completed", "body": draw(bodies)})
    return {
        "title": draw(words),
        "kind": "maintenance",
        "components": dict.fromkeys(
            draw(st.sets(st.sampled_from(COMPONENTS), max_size=2)), "under_maintenance"
        ),
        "scheduled_for": format_time(start),
        "scheduled_until": format_time(end),
        "updates": updates[::-1],
    }


@st.composite
def sites(draw: st.DrawFn) -> list[dict[str, object]]:
    count = draw(st.integers(min_value=1, max_value=4))
    return [
        draw(maintenances(day) if draw(st.booleans()) else incidents(day)) for day in range(count)
    ]


CONFIG = """\
site_name: Generated Status
site_url: https://status.generated.example/
docs_dir: site_src
plugins:
  - statusgen:
      components:
        - id: api
          name: API
          group: Core
        - id: web
          name: Website
          group: Core
        - id: db
          name: Database
"""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=sites())
def test_any_valid_site_survives_export_and_import(items: list[dict[str, object]]) -> None:
    now = BASE + timedelta(days=30)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "original" / "incidents").mkdir(parents=True)
        (root / "original" / "mkdocs.yml").write_text(textwrap.dedent(CONFIG), "utf-8")
        for number, front in enumerate(items):
            day = str(front.get("scheduled_for") or front["updates"][-1]["at"])[:10]  # type: ignore[index]
            name = f"{day}-generated-{number}.md"
            (root / "original" / "incidents" / name).write_text(f"---\n{dump(front)}---\n", "utf-8")
        original = content_of(root / "original" / "mkdocs.yml", now)
        export(original, root / "www", now)
        site = new_site(root / "copy", now)
        config = load_config(site)
        assert not isinstance(config, list)
        plan = plan_import(
            read_statuspage(str(root / "www" / "api" / "v2")), config, ImportOptions(now=now)
        )
        assert plan.ok, plan.report.format("text")
        commit(plan)
        assert_same_incidents(original, content_of(site, now))
