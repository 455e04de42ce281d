"""RSS and Atom feeds: parsed back, validated against RFC 4287, entry by entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.render.feeds import feed_files

from .conftest import GOOD_INCIDENT, NOW, SiteFactory

ATOM = "{http://www.w3.org/2005/Atom}"
RELAX_NG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "atom.rng")))
EXAMPLE_COMPONENTS = ["api", "web", "auth", "db", "storage", "search", "webhooks", "email", "cdn"]


def content_of(site: SiteFactory, now: datetime = NOW) -> Content:
    result = check_site(site.config_file, now)
    assert result.content is not None, result.report.format("text")
    return result.content


def entries(data: bytes) -> dict[str, etree._Element]:
    """Atom entries by id, in document order."""
    root = etree.fromstring(data)
    return {e.findtext(f"{ATOM}id"): e for e in root.iter(f"{ATOM}entry")}


def xml(element: etree._Element) -> bytes:
    return etree.tostring(element, with_tail=False)


def content_html(entry: etree._Element) -> BeautifulSoup:
    return BeautifulSoup(entry.findtext(f"{ATOM}content") or "", "html.parser")


def labels(entry: etree._Element) -> list[str]:
    """The bold status label of each post in an entry, in order."""
    html = content_html(entry)
    return [p.find("strong").get_text() for p in html.find_all("p") if p.find("small")]


def incident(title: str, *updates: tuple[str, str, str], impact: str = "minor") -> str:
    lines = [f"title: {title}", f"impact: {impact}", "components:", "  api: partial_outage"]
    lines.append("updates:")
    for at, status, body in updates:
        lines += [f"  - at: {at}", f"    status: {status}", f"    body: {body}"]
    return "---\n" + "\n".join(lines) + "\n---\n"


def test_every_feed_parses_and_atom_is_valid_rfc_4287(example_site: SiteFactory) -> None:
    files = feed_files(content_of(example_site), NOW)
    expected = ["history.atom", "history.rss"] + [
        f"components/{c}/history.{kind}" for c in EXAMPLE_COMPONENTS for kind in ("atom", "rss")
    ]
    assert sorted(files) == sorted(expected)
    for path, data in files.items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.endswith(".atom") else "rss20")
        if path.endswith(".atom"):
            root = etree.fromstring(data)
            assert RELAX_NG.validate(root), (path, RELAX_NG.error_log)
            # RFC 4287's two Schematron rules, which RELAX NG itself cannot express.
            assert root.find(f"{ATOM}author/{ATOM}name") is not None
            for entry in root.iter(f"{ATOM}entry"):
                links = entry.findall(f"{ATOM}link")
                assert entry.find(f"{ATOM}content") is not None or any(
                    link.get("rel", "alternate") == "alternate" for link in links
                )


def test_the_relax_ng_schema_rejects_an_invalid_feed() -> None:
    no_id = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<updated>2026-11-22T04:10:00Z</updated></feed>"
    )
    bad_date = no_id.replace(b"<title>", b"<id>urn:x</id><title>").replace(
        b"2026-11-22T04:10:00Z", b"yesterday"
    )
    assert not RELAX_NG.validate(etree.fromstring(no_id))
    assert not RELAX_NG.validate(etree.fromstring(bad_date))
    assert RELAX_NG.validate(
        etree.fromstring(bad_date.replace(b"yesterday", b"2026-11-22T04:10:00Z"))
    )


def test_one_entry_per_incident_with_every_update_newest_first(example_site: SiteFactory) -> None:
    files = feed_files(content_of(example_site), NOW)
    root = etree.fromstring(files["history.atom"])
    assert root.findtext(f"{ATOM}title") == "Nimbus Cloud Status - Incident History"
    assert root.findtext(f"{ATOM}updated") == "2026-11-22T04:10:00+00:00"
    found = entries(files["history.atom"])
    assert len(found) == len(list((example_site.root / "incidents").glob("*.md"))) == 18
    entry_id = "tag:status.nimbus.example,2026-11-22:/incidents/2026-11-22-slow-cdn-asia-pacific/"
    # Newest first as every list has it: the maintenance ahead by its window, then by start.
    assert list(found)[:2] == [
        "tag:status.nimbus.example,2026-12-05:/incidents/2026-12-05-database-storage-upgrade/",
        entry_id,
    ]
    entry = found[entry_id]
    assert entry.findtext(f"{ATOM}title") == "Slow asset loading for visitors in Asia-Pacific"
    assert entry.find(f"{ATOM}link").get("href") == (
        "https://status.nimbus.example/incidents/2026-11-22-slow-cdn-asia-pacific/"
    )
    assert entry.findtext(f"{ATOM}published") == "2026-11-22T02:02:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2026-11-22T04:10:00+00:00"
    html = content_html(entry)
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert labels(entry) == ["Monitoring", "Identified", "Investigating"]
    assert [s.get_text() for s in html.find_all("small")] == [
        "Nov 22, 2026, 04:10 UTC",
        "Nov 22, 2026, 02:48 UTC",
        "Nov 22, 2026, 02:02 UTC",
    ]
    first = html.find("p")
    assert first.get_text().startswith(
        "Nov 22, 2026, 04:10 UTCMonitoring - We have moved traffic from our Singapore edge"
    )
    assert html.find_all("p")[-1].get_text() == "Affected components: CDN"


def test_rss_items_mirror_the_atom_entries(example_site: SiteFactory) -> None:
    files = feed_files(content_of(example_site), NOW)
    channel = etree.fromstring(files["history.rss"]).find("channel")
    assert channel.findtext("link") == "https://status.nimbus.example/"
    assert channel.findtext("lastBuildDate") == "Sun, 22 Nov 2026 04:10:00 +0000"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "https://status.nimbus.example/history.rss"
    atom = entries(files["history.atom"])
    items = channel.findall("item")
    assert [i.findtext("guid") for i in items] == list(atom)
    item = items[1]
    assert item.findtext("title") == "Slow asset loading for visitors in Asia-Pacific"
    assert item.find("guid").get("isPermaLink") == "false"
    # The latest update's time, not the first post's: readers see the item was updated.
    assert item.findtext("pubDate") == "Sun, 22 Nov 2026 04:10:00 +0000"
    assert item.findtext("description") == atom[item.findtext("guid")].findtext(f"{ATOM}content")


def test_maintenance_entry_shows_its_window_and_labels(example_site: SiteFactory) -> None:
    files = feed_files(content_of(example_site), NOW)
    entry = entries(files["history.atom"])[
        "tag:status.nimbus.example,2026-07-14:/incidents/2026-07-14-network-maintenance/"
    ]
    assert labels(entry) == ["Completed", "In progress", "Scheduled"]
    paragraphs = [p.get_text() for p in content_html(entry).find_all("p")]
    assert paragraphs[-2:] == [
        "Scheduled window: Jul 14, 2026, 02:00 UTC to Jul 14, 2026, 04:00 UTC",
        "Affected components: CDN, Public API",
    ]


def test_component_feeds_hold_only_their_incidents(example_site: SiteFactory) -> None:
    files = feed_files(content_of(example_site), NOW)
    root = etree.fromstring(files["components/cdn/history.atom"])
    assert root.findtext(f"{ATOM}title") == "Nimbus Cloud Status - CDN - Incident History"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "https://status.nimbus.example/components/cdn/",
        "self": "https://status.nimbus.example/components/cdn/history.atom",
    }
    assert [e.rsplit(":", 1)[1] for e in entries(files["components/cdn/history.atom"])] == [
        "/incidents/2026-11-22-slow-cdn-asia-pacific/",
        "/incidents/2026-07-14-network-maintenance/",
        "/incidents/2026-02-03-cdn-errors-europe/",
    ]
    site_wide = entries(files["history.atom"])
    for entry_id, entry in entries(files["components/cdn/history.atom"]).items():
        assert xml(entry) == xml(site_wide[entry_id])


def test_entry_id_survives_a_title_change(site: SiteFactory) -> None:
    path = site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    before = entries(feed_files(content_of(site), NOW)["history.atom"])
    path.write_text(GOOD_INCIDENT.replace("title: API errors", "title: Elevated API errors"))
    after = entries(feed_files(content_of(site), NOW)["history.atom"])
    assert (
        list(before)
        == list(after)
        == ["tag:status.test.example,2026-03-01:/incidents/2026-03-01-api-errors/"]
    )
    assert after[next(iter(after))].findtext(f"{ATOM}title") == "Elevated API errors"


def test_a_new_update_changes_only_its_own_entry(example_site: SiteFactory) -> None:
    before = feed_files(content_of(example_site), NOW)
    path = example_site.root / "incidents" / "2026-11-22-slow-cdn-asia-pacific.md"
    path.write_text(
        path.read_text().replace(
            "updates:\n",
            "updates:\n  - at: 2026-11-22T05:00:00Z\n    status: resolved\n    body: Fixed.\n",
            1,
        )
    )
    after = feed_files(content_of(example_site), NOW)
    changed = "tag:status.nimbus.example,2026-11-22:/incidents/2026-11-22-slow-cdn-asia-pacific/"
    for path_name in ("history.atom", "components/cdn/history.atom"):
        old, new = entries(before[path_name]), entries(after[path_name])
        assert list(old) == list(new)
        for entry_id in old:
            if entry_id != changed:
                assert xml(old[entry_id]) == xml(new[entry_id])
        assert new[changed].findtext(f"{ATOM}updated") == "2026-11-22T05:00:00+00:00"
        assert new[changed].findtext(f"{ATOM}published") == old[changed].findtext(
            f"{ATOM}published"
        )
        assert labels(new[changed])[0] == "Resolved"
        feed = etree.fromstring(after[path_name])
        assert feed.findtext(f"{ATOM}updated") == "2026-11-22T05:00:00+00:00"
    assert before["components/db/history.atom"] == after["components/db/history.atom"]


def rss_items(data: bytes) -> dict[str, tuple[str, str]]:
    """guid → (title, pubDate) of every RSS item."""
    channel = etree.fromstring(data).find("channel")
    items = channel.findall("item")
    return {i.findtext("guid"): (i.findtext("title"), i.findtext("pubDate")) for i in items}


def test_a_new_update_moves_its_rss_item_date_and_keeps_its_guid(site: SiteFactory) -> None:
    path = site.incident(
        "2026-03-01-api-errors.md",
        incident("API errors", ("2026-03-01T10:00:00Z", "investigating", "Looking.")),
    )
    guid = "tag:status.test.example,2026-03-01:/incidents/2026-03-01-api-errors/"
    before = rss_items(feed_files(content_of(site), NOW)["history.rss"])
    assert before == {guid: ("API errors", "Sun, 01 Mar 2026 10:00:00 +0000")}
    path.write_text(
        incident(
            "API errors",
            ("2026-03-01T12:30:00Z", "resolved", "Fixed."),
            ("2026-03-01T10:00:00Z", "investigating", "Looking."),
        )
    )
    after = rss_items(feed_files(content_of(site), NOW)["history.rss"])
    assert after == {guid: ("API errors", "Sun, 01 Mar 2026 12:30:00 +0000")}


def test_same_content_gives_identical_bytes_at_any_later_moment(example_site: SiteFactory) -> None:
    first = feed_files(content_of(example_site), NOW)
    assert feed_files(content_of(example_site), NOW) == first
    # Nothing is posted in the next day, so nothing in the feeds may move.
    later = NOW + timedelta(days=1)
    assert feed_files(content_of(example_site, later), later) == first


def test_only_updates_posted_by_now_are_published(site: SiteFactory) -> None:
    site.incident(
        "2026-03-01-api-errors.md",
        incident(
            "API errors",
            ("2026-03-01T11:00:00Z", "resolved", "Fixed."),
            ("2026-03-01T10:00:00Z", "investigating", "Looking."),
        ),
    )
    site.incident(
        "2026-03-02-later.md",
        incident("Later", ("2026-03-02T10:00:00Z", "investigating", "Not yet.")),
    )
    moment = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    files = feed_files(content_of(site, moment), moment)
    found = entries(files["history.atom"])
    assert [e.findtext(f"{ATOM}title") for e in found.values()] == ["API errors"]
    entry = next(iter(found.values()))
    assert entry.findtext(f"{ATOM}updated") == "2026-03-01T10:00:00+00:00"
    assert labels(entry) == ["Investigating"]


def test_update_text_is_rendered_markdown_with_raw_html_escaped(site: SiteFactory) -> None:
    site.incident(
        "2026-03-01-api-errors.md",
        incident(
            "API errors",
            ("2026-03-01T10:00:00Z", "investigating", "'**Slow** requests <script>x()</script>'"),
        ),
    )
    entry = next(iter(entries(feed_files(content_of(site), NOW)["history.atom"]).values()))
    html = content_html(entry)
    assert html.find("script") is None
    assert [s.get_text() for s in html.find_all("strong")] == ["Investigating", "Slow"]
    assert "<script>x()</script>" in html.find("p").get_text()


def test_feeds_keep_the_most_recent_entries(site: SiteFactory) -> None:
    site.config(
        site.config_file.read_text().replace(
            "  - statusgen:\n", "  - statusgen:\n      feed_limit: 2\n"
        )
    )
    for day in ("01", "02", "03"):
        site.incident(
            f"2026-03-{day}-errors.md",
            incident(f"Errors {day}", (f"2026-03-{day}T10:00:00Z", "resolved", "Fixed.")),
        )
    files = feed_files(content_of(site), NOW)
    for path in ("history.atom", "components/api/history.atom"):
        titles = [e.findtext(f"{ATOM}title") for e in entries(files[path]).values()]
        assert titles == ["Errors 03", "Errors 02"]
    assert len(feedparser.parse(files["history.rss"]).entries) == 2


def test_links_are_absolute_under_a_sub_path(site: SiteFactory) -> None:
    site.config(
        site.config_file.read_text().replace(
            "site_url: https://status.test.example/", "site_url: https://org.github.io/status-repo"
        )
    )
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    files = feed_files(content_of(site), NOW)
    root = etree.fromstring(files["components/api/history.atom"])
    assert root.findtext(f"{ATOM}id") == (
        "https://org.github.io/status-repo/components/api/history.atom"
    )
    entry_id, entry = next(iter(entries(files["history.atom"]).items()))
    assert entry_id == "tag:org.github.io,2026-03-01:/status-repo/incidents/2026-03-01-api-errors/"
    assert entry.find(f"{ATOM}link").get("href") == (
        "https://org.github.io/status-repo/incidents/2026-03-01-api-errors/"
    )


def test_a_missing_site_url_is_a_config_error_that_says_so(site: SiteFactory) -> None:
    site.config(
        site.config_file.read_text().replace("site_url: https://status.test.example/\n", "")
    )
    result = check_site(site.config_file, NOW)
    assert result.content is None
    assert [p.as_text() for p in result.report.problems] == [
        "mkdocs.yml:1: error: site_url: missing: feeds and JSON need absolute links; "
        "set site_url: https://status.example.com/ (or https://ORG.github.io/REPO/)"
    ]


def test_a_site_without_incidents_still_has_valid_feeds(site: SiteFactory) -> None:
    files = feed_files(content_of(site), NOW)
    root = etree.fromstring(files["history.atom"])
    assert RELAX_NG.validate(root), RELAX_NG.error_log
    assert root.find(f"{ATOM}entry") is None
    assert root.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"
    assert not feedparser.parse(files["components/db/history.rss"]).bozo


POSTMORTEM = """\
---
incident: 2026-03-01-api-errors
status: {status}
owner: API team
{published}summary: A configuration change made the API fail for an hour; we now test such changes.
profile: brief
---

## Summary

The API failed for 60 minutes for all customers.

## What happened

A configuration change reached every server at once.

## What we are doing about it

Configuration changes now roll out in stages.
"""


@pytest.mark.parametrize(
    ("status", "published", "shown"),
    [
        ("published", "2026-03-08T09:00:00Z", True),
        ("published", "2026-11-22T13:00:00Z", False),
        ("draft", None, False),
        ("in-review", None, False),
    ],
)
def test_only_a_published_postmortem_updates_its_incident_entry(
    site: SiteFactory, status: str, published: str | None, shown: bool
) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    site.incident(
        "2026-03-02-other.md", incident("Other", ("2026-03-02T10:00:00Z", "resolved", "Fixed."))
    )
    before = entries(feed_files(content_of(site), NOW)["history.atom"])
    site.postmortem(
        "2026-03-01-api-errors.md",
        POSTMORTEM.format(
            status=status, published=f"published: {published}\n" if published else ""
        ),
    )
    after = entries(feed_files(content_of(site), NOW)["history.atom"])
    changed = "tag:status.test.example,2026-03-01:/incidents/2026-03-01-api-errors/"
    other = "tag:status.test.example,2026-03-02:/incidents/2026-03-02-other/"
    assert xml(after[other]) == xml(before[other])
    if not shown:
        assert xml(after[changed]) == xml(before[changed])
        return
    assert after[changed].findtext(f"{ATOM}updated") == "2026-03-08T09:00:00+00:00"
    assert labels(after[changed]) == ["Postmortem", "Resolved", "Investigating"]
    assert content_html(after[changed]).find("a")["href"] == (
        "https://status.test.example/postmortems/2026-03-01-api-errors/"
    )


def test_times_are_published_in_utc(site: SiteFactory) -> None:
    site.incident(
        "2026-03-01-api-errors.md",
        incident("API errors", ("2026-03-01T12:00:00+02:00", "investigating", "Looking.")),
    )
    files = feed_files(content_of(site), NOW)
    entry = next(iter(entries(files["history.atom"]).values()))
    assert entry.findtext(f"{ATOM}published") == "2026-03-01T10:00:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2026-03-01T10:00:00+00:00"
    assert etree.fromstring(files["history.atom"]).findtext(f"{ATOM}updated") == (
        "2026-03-01T10:00:00+00:00"
    )
    assert labels(entry) == ["Investigating"]
    assert content_html(entry).find("small").get_text() == "Mar 1, 2026, 10:00 UTC"
    item = etree.fromstring(files["history.rss"]).find("channel/item")
    assert item.findtext("pubDate") == "Sun, 01 Mar 2026 10:00:00 +0000"
