"""Plain text from Markdown: what the calendar, meta descriptions, the terminal and drafts show."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from statusgen.authoring.postmortem_draft import timeline
from statusgen.cli import cli
from statusgen.content.validate import check_site
from statusgen.render.calendar import calendar_files
from statusgen.render.markdown import plain_text, render_markdown

from .conftest import NOW, SiteFactory

ENTITIES = "Writes pause &mdash; briefly &#8212; see &lt;docs&gt;, &quot;FAQ&quot; &amp; &#111;ps."
SHOWN = 'Writes pause — briefly — see <docs>, "FAQ" & ops.'
MAINTENANCE = f"""\
---
title: Database upgrade
kind: maintenance
components:
  db: under_maintenance
scheduled_for: 2026-12-10T04:00:00Z
scheduled_until: 2026-12-10T06:00:00Z
updates:
  - at: 2026-11-22T11:00:00Z
    status: in_progress
    body: "{ENTITIES}"
  - at: 2026-11-20T09:00:00Z
    status: scheduled
    body: "Mail <ops@example.com> with questions."
---
"""


def test_every_entity_is_decoded() -> None:
    assert plain_text(ENTITIES) == SHOWN


def test_an_autolinked_email_address_reads_as_the_address() -> None:
    # Markdown writes autolinked addresses as character references, one per letter.
    assert plain_text("Mail <ops@example.com> now.") == "Mail ops@example.com now."


def test_no_control_character_survives_raw_or_spelled_as_an_entity() -> None:
    # HTML drops references to control characters and reads &#x9b; as windows-1252's '›'.
    assert plain_text("red&#27;[31m alert&#7;&#x9b;2J end") == "red[31m alert›2J end"
    assert plain_text("red\x1b[31m alert\x07\x9b2J\x00 end") == "red[31m alert2J end"


def test_the_calendar_description_shows_characters_not_entities(site: SiteFactory) -> None:
    site.incident("2026-12-10-database-upgrade.md", MAINTENANCE)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    [event] = Calendar.from_ical(calendar_files(content, NOW)["maintenance.ics"]).walk("VEVENT")
    assert str(event["description"]).splitlines()[0] == f"In progress: {SHOWN}"


def test_the_terminal_shows_characters_not_entities(runner: CliRunner, site: SiteFactory) -> None:
    site.incident(
        "2026-12-10-database-upgrade.md", MAINTENANCE.replace("2026-12-10T04", "2026-11-22T10")
    )
    result = runner.invoke(cli, ["status", "-f", str(site.config_file), "--now", NOW.isoformat()])
    assert f"    2026-11-22 11:00 UTC: {SHOWN}" in result.output.splitlines()


def test_a_postmortem_draft_timeline_shows_characters_not_entities(site: SiteFactory) -> None:
    site.incident("2026-12-10-database-upgrade.md", MAINTENANCE)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    entries = timeline(content.incidents[0])
    assert [e["text"] for e in entries] == [
        "Status page, scheduled: Mail ops@example.com with questions.",
        f"Status page, in progress: {SHOWN}",
    ]


FRAGMENTS = st.sampled_from(
    ["word", " ", "\n", "*em*", "**strong**", "`code`", "&amp;", "&lt;", "&mdash;", "&#233;",
     "&#x263A;", "&nbsp;", "&copy;", "<a@b.example>", "[link](https://x.example)", "- item\n",
     "# Head\n", "> quote\n", "&", "<", '"', "'", "1. one\n", "&notanentity;", "\\*"]
)  # fmt: skip


@given(st.lists(FRAGMENTS, max_size=12).map("".join))
def test_plain_text_is_what_a_browser_shows_of_the_html(text: str) -> None:
    """Compared with lxml's reading of the same HTML, whitespace collapsed."""
    shown = BeautifulSoup(f"<div>{render_markdown(text)}</div>", "lxml").get_text()
    assert plain_text(text) == re.sub(r"\s+", " ", shown).strip()
