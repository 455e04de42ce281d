"""Feeds, JSON, iCalendar and the badge of a site built from XSS payloads: well-formed, the
texts exactly as typed, and no markup that can run in what readers and widgets render."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from icalendar import Calendar
from lxml import etree

from .dom_checks import parse_fragment, unsafe_markup

ATOM = "{http://www.w3.org/2005/Atom}"


def _titles(site: Path) -> dict[str, str]:
    """Incident id → title, read from the source files."""
    titles = {}
    for source in (site.parent / "incidents").glob("*.md"):
        data = yaml.safe_load(source.read_text("utf-8").split("---\n")[1])
        titles[source.stem] = data["title"]
    return titles


def test_feed_entries_keep_titles_as_text_and_content_sanitised(payload_site: Path) -> None:
    titles = _titles(payload_site)
    feeds = sorted(payload_site.rglob("history.atom"))
    assert len(feeds) > 10
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()
        assert root.findtext(f"{ATOM}title").startswith("Status ")
        for entry in root.iter(f"{ATOM}entry"):
            (link,) = [e.get("href") for e in entry.iter(f"{ATOM}link")]
            incident_id = link.rstrip("/").rsplit("/", 1)[1]
            assert entry.findtext(f"{ATOM}title") == titles[incident_id]
            content = entry.find(f"{ATOM}content")
            assert content.get("type") == "html"
            assert unsafe_markup(parse_fragment(content.text), page=False) == [], feed


def test_rss_items_are_sanitised_too(payload_site: Path) -> None:
    titles = set(_titles(payload_site).values())
    root = etree.parse(str(payload_site / "history.rss")).getroot()
    items = root.findall("channel/item")
    assert items
    for item in items:
        assert item.findtext("title") in titles
        assert unsafe_markup(parse_fragment(item.findtext("description")), page=False) == []


def test_json_holds_the_texts_and_no_raw_markup_characters(payload_site: Path) -> None:
    titles = _titles(payload_site)
    files = sorted((payload_site / "api" / "v2").rglob("*.json"))
    assert len(files) >= 8
    for path in files:
        raw = path.read_bytes()
        assert b"<" not in raw and b">" not in raw, path
        json.loads(raw)
    incidents = json.loads((payload_site / "api/v2/incidents.json").read_bytes())["incidents"]
    assert incidents and all(i["name"] == titles[i["id"]] for i in incidents)
    bodies = [u["body"] for i in incidents for u in i["incident_updates"]]
    assert any("<script>" in body for body in bodies)  # kept as the text it is, for clients


def test_calendar_events_hold_the_titles_and_nothing_more(payload_site: Path) -> None:
    titles = _titles(payload_site)
    calendar = Calendar.from_ical((payload_site / "maintenance.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events
    allowed = {"UID", "SEQUENCE", "DTSTAMP", "CREATED", "LAST-MODIFIED", "DTSTART", "DTEND"}
    allowed |= {"SUMMARY", "DESCRIPTION", "URL", "CATEGORIES", "STATUS", "TRANSP"}
    for event in events:
        assert set(event.keys()) <= allowed
        incident_id = str(event["URL"]).rstrip("/").rsplit("/", 1)[1]
        assert str(event["SUMMARY"]) == titles[incident_id]
    assert [c.name for c in calendar.subcomponents] == ["VEVENT"] * len(events)


def test_badge_is_plain_svg(payload_site: Path) -> None:
    root = etree.parse(str(payload_site / "badge.svg")).getroot()
    for element in root.iter():
        assert etree.QName(element).localname not in ("script", "foreignObject", "a")
        assert not [name for name in element.attrib if name.lower().startswith("on")]
