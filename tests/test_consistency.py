"""Every output tells one story: random content, a random moment, every output parsed back.

For any content and any `now`, the home page, incident pages, component pages, history,
every feed, the eight JSON endpoints, the calendar, the badge and `statusgen status` must
list the same incidents, in the same order, with the same statuses and components. Each
output is parsed as a reader or a client would read it; nothing here asks the code what
the answer should be.

The fast test reads the library's outputs (the page fragments the site wraps, the static
files, the terminal text); the slow one builds the real site and runs the real command.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from lxml import etree

from statusgen.build.pipeline import build
from statusgen.cli import cli
from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.render.outputs import static_outputs
from statusgen.render.pages import site_pages
from statusgen.render.terminal import render

from .conftest import SiteFactory

ATOM = "{http://www.w3.org/2005/Atom}"
COMPONENTS = {"api": "API", "web": "Website", "db": "Database"}  # conftest's CONFIG
NAMES = {name: component for component, name in COMPONENTS.items()}
# Statuspage's vocabulary as readers see it.
UPDATE_LABELS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "verifying": "Verifying",
    "completed": "Completed",
}
COMPONENT_LABELS = {
    "operational": "Operational",
    "under_maintenance": "Under maintenance",
    "degraded_performance": "Degraded performance",
    "partial_outage": "Partial outage",
    "major_outage": "Major outage",
}
SEVERITY = ["operational", "under_maintenance", "degraded_performance", "partial_outage",
            "major_outage"]  # fmt: skip
ID_LINE = re.compile(r"^ {4}(\d{4}-\d\d-\d\d-[a-z0-9-]+)$")
START = datetime(2026, 3, 1, tzinfo=UTC)


# --- Random content -------------------------------------------------------------------------


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def component_changes(draw: st.DrawFn, statuses: list[str]) -> dict[str, str]:
    chosen = draw(st.lists(st.sampled_from(list(COMPONENTS)), unique=True, max_size=2))
    return {c: draw(st.sampled_from(statuses)) for c in chosen}


@st.composite
def incident(draw: st.DrawFn, number: int) -> tuple[str, str, list[datetime]]:
    """(file name, text, every time in it) of a valid incident."""
    first = START + timedelta(minutes=draw(st.integers(0, 200 * 24 * 60)))
    gaps = draw(st.lists(st.integers(1, 3 * 24 * 60), min_size=0, max_size=3))
    times = [first]
    for gap in gaps:
        times.append(times[-1] + timedelta(minutes=gap))
    statuses = [draw(st.sampled_from(["investigating", "identified", "monitoring"])) for _ in times]
    if draw(st.booleans()):
        statuses[-1] = "resolved"
    started = first - timedelta(minutes=draw(st.integers(0, 120)))
    front: dict[str, Any] = {
        "title": f"Incident {number}",
        "impact": draw(st.sampled_from(["none", "minor", "major", "critical"])),
        "components": draw(component_changes(list(COMPONENT_LABELS)[2:])),
        "started_at": iso(started),
        "postmortem": "not-required",
        "postmortem_reason": "Generated.",
        "updates": [
            {
                "at": iso(at),
                "status": status,
                "body": f"Update {index} of incident {number}.",
                **(
                    {"components": changes}
                    if (changes := draw(component_changes(list(COMPONENT_LABELS))))
                    else {}
                ),
            }
            for index, (at, status) in enumerate(zip(times, statuses, strict=True))
        ][::-1],
    }
    name = f"{started.date().isoformat()}-incident-{number}.md"
    return name, "---\n" + json.dumps(front) + "\n---\n", [started, *times]


@st.composite
def maintenance(draw: st.DrawFn, number: int) -> tuple[str, str, list[datetime]]:
    announced = START + timedelta(minutes=draw(st.integers(0, 200 * 24 * 60)))
    start = announced + timedelta(minutes=draw(st.integers(60, 5 * 24 * 60)))
    end = start + timedelta(minutes=draw(st.integers(30, 6 * 60)))
    posts = [(announced, "scheduled")]
    for status in draw(st.lists(st.sampled_from(["in_progress", "verifying"]), max_size=2)):
        posts.append((posts[-1][0] + timedelta(minutes=draw(st.integers(1, 3 * 24 * 60))), status))
    if draw(st.booleans()):
        posts.append((posts[-1][0] + timedelta(minutes=draw(st.integers(1, 24 * 60))), "completed"))
    front: dict[str, Any] = {
        "title": f"Maintenance {number}",
        "kind": "maintenance",
        "components": draw(component_changes(["under_maintenance", "degraded_performance"])),
        "scheduled_for": iso(start),
        "scheduled_until": iso(end),
        "updates": [
            {"at": iso(at), "status": status, "body": f"Post {index} of maintenance {number}."}
            for index, (at, status) in enumerate(posts)
        ][::-1],
    }
    name = f"{start.date().isoformat()}-maintenance-{number}.md"
    return name, "---\n" + json.dumps(front) + "\n---\n", [start, end, *(at for at, _ in posts)]


@st.composite
def site_content(draw: st.DrawFn) -> tuple[dict[str, str], datetime]:
    """Incident files by name, and a moment somewhere around them."""
    kinds = draw(st.lists(st.sampled_from([incident, maintenance]), min_size=1, max_size=6))
    files: dict[str, str] = {}
    times: list[datetime] = []
    for number, kind in enumerate(kinds):
        name, text, moments = draw(kind(number))
        files[name] = text
        times += moments
    span = int((max(times) - min(times)).total_seconds() // 60) + 4 * 24 * 60
    now = min(times) - timedelta(days=2) + timedelta(minutes=draw(st.integers(0, span)))
    return files, now


# --- Reading the outputs back -------------------------------------------------------------


@dataclass
class Outputs:
    """The outputs of one build, however they were made."""

    pages: dict[str, BeautifulSoup]
    files: dict[str, bytes]
    terminal: str

    def json(self, name: str) -> Any:
        return json.loads(self.files[f"api/v2/{name}"])


def library_outputs(content: Content, now: datetime) -> Outputs:
    pages = {p.url: BeautifulSoup(p.html, "lxml") for p in site_pages(content, now)}
    return Outputs(pages, static_outputs(content, now), render(content, now, width=200))


def built_outputs(site: SiteFactory, now: datetime) -> Outputs:
    out = site.root / "built"
    result = build(site.config_file, now, site_dir=out)
    assert result.built, result.report.format("text")
    pages = {
        p.parent.relative_to(out).as_posix().removeprefix(".") + "/": p
        for p in out.rglob("index.html")
    }
    status = CliRunner().invoke(
        cli, ["status", "-f", str(site.config_file), "--now", now.isoformat()],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert status.exit_code == 0, status.output
    return Outputs(
        {url.lstrip("/"): BeautifulSoup(p.read_text("utf-8"), "lxml") for url, p in pages.items()},
        {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()},
        status.output,
    )


def words(node: Any) -> str:
    return re.sub(r"\s+", " ", node.get_text("")).strip()


def id_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def entry_ids(node: Any) -> list[str]:
    return [id_of(a["href"]) for a in node.select(".sg-entry-title a, .sg-card__title a")]


@dataclass
class Story:
    """What one output says: items in order, their status and components."""

    order: list[str] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)
    components: dict[str, list[str]] = field(default_factory=dict)


def from_history(outputs: Outputs) -> Story:
    story = Story()
    urls = sorted((u for u in outputs.pages if u.startswith("history/")), key=lambda u: (len(u), u))
    for url in urls:
        for entry in outputs.pages[url].select("article.sg-entry"):
            item = id_of(entry.select_one(".sg-entry-title a")["href"])
            story.order.append(item)
            story.status[item] = words(entry.select_one(".sg-entry-meta .sg-update-status"))
    return story


def from_incident_pages(outputs: Outputs) -> Story:
    story = Story()
    for url, page in outputs.pages.items():
        if not url.startswith("incidents/"):
            continue
        item = id_of(url)
        facts = {
            words(d.select_one("dt")): d.select_one("dd") for d in page.select(".sg-facts > div")
        }
        story.status[item] = words(facts["Status"])
        story.components[item] = [words(li.select_one("a")) for li in page.select(".sg-during li")]
    return story


def from_feed(outputs: Outputs, path: str) -> Story:
    story = Story()
    for entry in etree.fromstring(outputs.files[path]).iter(f"{ATOM}entry"):
        item = id_of(entry.find(f"{ATOM}link").get("href"))
        story.order.append(item)
        html = BeautifulSoup(entry.findtext(f"{ATOM}content"), "html.parser")
        affected = [
            p.get_text() for p in html.find_all("p") if "Affected components:" in p.get_text()
        ]
        story.components[item] = (
            affected[0].removeprefix("Affected components: ").split(", ") if affected else []
        )
    return story


def from_json(outputs: Outputs, name: str, key: str) -> Story:
    story = Story()
    for item in outputs.json(name)[key]:
        story.order.append(item["id"])
        story.status[item["id"]] = UPDATE_LABELS[item["status"]]
        story.components[item["id"]] = [c["name"] for c in item["components"]]
    return story


def from_calendar(outputs: Outputs) -> Story:
    story = Story()
    for event in Calendar.from_ical(outputs.files["maintenance.ics"]).walk("VEVENT"):
        item = str(event["uid"]).split("@")[0]
        story.order.append(item)
        lines = str(event["description"]).split("\n\n")
        story.status[item] = lines[0].split(":")[0]
        affected = [line for line in lines if line.startswith("Affected components: ")]
        story.components[item] = (
            affected[0].removeprefix("Affected components: ").split(", ") if affected else []
        )
    return story


def terminal_sections(text: str) -> dict[str, list[str]]:
    """Heading (without its count) → the lines under it."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = re.sub(r" \(\d+\)$", "", line)
            sections[current] = []
        elif line:
            sections[current].append(line)
    return sections


def ids_in(lines: list[str]) -> list[str]:
    return [m[1] for line in lines if (m := ID_LINE.match(line))]


def home_statuses(page: BeautifulSoup) -> dict[str, str]:
    return {
        NAMES[words(li.select_one(".sg-component-name"))]: words(
            li.select_one(".sg-component-head .sg-status")
        )[2:]  # after the icon
        for li in page.select("li.sg-component")
    }


# --- The property ---------------------------------------------------------------------------


def check_every_output_agrees(outputs: Outputs) -> None:
    history = from_history(outputs)
    pages = from_incident_pages(outputs)
    check_the_same_items_in_one_order(outputs, history, pages)
    check_each_items_status_and_components(outputs, history, pages)
    statuses = home_statuses(outputs.pages[""])
    check_component_statuses(outputs, statuses)
    check_what_is_going_on_now(outputs, statuses)
    check_the_overall_status(outputs)


def check_the_same_items_in_one_order(outputs: Outputs, history: Story, pages: Story) -> None:
    is_maintenance = {i: "-maintenance-" in i for i in history.order}
    assert len(set(history.order)) == len(history.order)
    assert set(pages.status) == set(history.order)
    assert from_feed(outputs, "history.atom").order == history.order
    rss = etree.fromstring(outputs.files["history.rss"]).find("channel").findall("item")
    assert [id_of(i.findtext("link")) for i in rss] == history.order
    incidents = from_json(outputs, "incidents.json", "incidents")
    maintenances = from_json(outputs, "scheduled-maintenances.json", "scheduled_maintenances")
    assert incidents.order == [i for i in history.order if not is_maintenance[i]]
    assert maintenances.order == [i for i in history.order if is_maintenance[i]]
    assert from_calendar(outputs).order == maintenances.order
    # RSS dates say when each item last changed, as Atom's `updated` does.
    updated = {
        e.findtext(f"{ATOM}id"): datetime.fromisoformat(e.findtext(f"{ATOM}updated"))
        for e in etree.fromstring(outputs.files["history.atom"]).iter(f"{ATOM}entry")
    }
    assert {i.findtext("guid"): parsedate_to_datetime(i.findtext("pubDate")) for i in rss} == (
        updated
    )


def check_each_items_status_and_components(outputs: Outputs, history: Story, pages: Story) -> None:
    incidents = from_json(outputs, "incidents.json", "incidents")
    maintenances = from_json(outputs, "scheduled-maintenances.json", "scheduled_maintenances")
    calendar = from_calendar(outputs)
    assert history.status == pages.status
    assert {**incidents.status, **maintenances.status} == pages.status
    assert calendar.status == {i: pages.status[i] for i in calendar.order}
    # Components, in the same order everywhere; every component's lists hold exactly its own.
    names = pages.components
    assert from_feed(outputs, "history.atom").components == names
    assert {**incidents.components, **maintenances.components} == names
    assert calendar.components == {i: names[i] for i in calendar.order}
    for component, name in COMPONENTS.items():
        touching = [i for i in history.order if name in names[i]]
        assert from_feed(outputs, f"components/{component}/history.atom").order == touching
        assert entry_ids(outputs.pages[f"components/{component}/"]) == touching


def check_component_statuses(outputs: Outputs, statuses: dict[str, str]) -> None:
    """Home, the components pages, the JSON and the terminal give each component one status."""
    index = {
        NAMES[words(row.select_one("th a"))]: words(row.select_one(".sg-status"))[2:]
        for row in outputs.pages["components/"].select("tbody tr")
    }
    assert index == statuses
    for component in COMPONENTS:
        page = outputs.pages[f"components/{component}/"]
        assert words(page.select_one(".sg-component-now .sg-status"))[2:] == statuses[component]
    for document in ("components.json", "summary.json"):
        from_api = {
            c["id"]: COMPONENT_LABELS[c["status"]]
            for c in outputs.json(document)["components"]
            if not c["group"]
        }
        assert from_api == statuses
    not_operational = {
        NAMES[name]: label
        for line in terminal_sections(outputs.terminal).get("Components not operational", [])
        for name, label in [re.split(r"\s{2,}", line.strip())]
    }
    assert not_operational == {c: s for c, s in statuses.items() if s != "Operational"}


def check_what_is_going_on_now(outputs: Outputs, statuses: dict[str, str]) -> None:
    """Active incidents, maintenance in progress and ahead: home, JSON, terminal."""
    home = outputs.pages[""]

    def section(name: str) -> list[str]:
        found = home.select_one(f"section[aria-labelledby={name}]")
        return entry_ids(found) if found is not None else []

    active, running, upcoming = (
        section("sg-active"),
        section("sg-maint-now"),
        section("sg-maint-next"),
    )
    summary = outputs.json("summary.json")
    assert [i["id"] for i in outputs.json("incidents/unresolved.json")["incidents"]] == active
    assert [i["id"] for i in summary["incidents"]] == active
    active_json = outputs.json("scheduled-maintenances/active.json")["scheduled_maintenances"]
    assert [i["id"] for i in active_json] == running
    upcoming_json = outputs.json("scheduled-maintenances/upcoming.json")["scheduled_maintenances"]
    assert sorted(i["id"] for i in upcoming_json) == sorted(upcoming)
    assert {i["id"] for i in summary["scheduled_maintenances"]} == {*running, *upcoming}
    terminal = terminal_sections(outputs.terminal)
    assert sorted(ids_in(terminal.get("Active incidents", []))) == sorted(active)
    assert ids_in(terminal.get("Maintenance in progress", [])) == running
    assert ids_in(terminal.get("Upcoming maintenance", [])) == upcoming
    # What an active incident says it affects is at least as bad on the component list.
    for entry in home.select("section[aria-labelledby=sg-active] .sg-affected"):
        if words(entry).startswith("Affected: "):
            for part in words(entry).removeprefix("Affected: ").split(", "):
                name, status = re.fullmatch(r"(.+) \((.+)\)", part).groups()  # type: ignore[union-attr]
                shown = statuses[NAMES[name]].lower().replace(" ", "_")
                assert SEVERITY.index(shown) >= SEVERITY.index(status.replace(" ", "_"))


def check_the_overall_status(outputs: Outputs) -> None:
    overall = words(outputs.pages[""].select_one(".sg-banner__text"))
    assert outputs.json("status.json")["status"]["description"] == overall
    assert outputs.json("summary.json")["status"]["description"] == overall
    assert json.loads(outputs.files["badge.json"])["message"] == overall
    assert outputs.terminal.splitlines()[0] == f"Test Status: {overall}"


def with_site(files: dict[str, str], run: Callable[[SiteFactory], None]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = SiteFactory(Path(folder) / "site")
        for name, text in files.items():
            site.incident(name, text)
        run(site)


def content_of(site: SiteFactory, now: datetime) -> Content:
    result = check_site(site.config_file, now)
    assert result.content is not None, result.report.format("text")
    return result.content


# About 0.2 s an example: a few for every run, many more in the slow step.
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A real build takes about a second.
BUILT = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def library_story(generated: tuple[dict[str, str], datetime]) -> None:
    files, now = generated
    with_site(
        files, lambda site: check_every_output_agrees(library_outputs(content_of(site, now), now))
    )


@FAST
@given(site_content())
def test_every_output_tells_the_same_story(generated: tuple[dict[str, str], datetime]) -> None:
    library_story(generated)


@pytest.mark.slow
@MANY
@given(site_content())
def test_every_output_tells_the_same_story_for_many_sites(
    generated: tuple[dict[str, str], datetime],
) -> None:
    library_story(generated)


@pytest.mark.slow
@BUILT
@given(site_content())
def test_the_built_site_and_the_status_command_tell_the_same_story(
    generated: tuple[dict[str, str], datetime],
) -> None:
    files, now = generated
    with_site(files, lambda site: check_every_output_agrees(built_outputs(site, now)))
