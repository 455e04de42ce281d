"""What every published output shares: permanent ids, times and last changes.

Feeds, the Statuspage-compatible JSON, the calendar and the badge must agree on URLs and on
when things happened, and none may depend on when the build ran: every time here comes
from the content and `now`, so rebuilding the same content gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import orjson

from statusgen.content.incident import Incident
from statusgen.content.names import slugify
from statusgen.content.settings import SiteConfig
from statusgen.content.site import published_postmortems
from statusgen.render import urls
from statusgen.status.timeline import (
    OverallStatus,
    is_published,
    sort_newest_first,
    status_changed_at,
)

if TYPE_CHECKING:
    from statusgen.content.site import Content

# Stands in for "never" where a format insists on a date and the content has none.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATED_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


def permanent_id(config: SiteConfig, incident_id: str) -> str:
    """A `tag:` URI (RFC 4151) for an incident: from the site address and the id only.

    Titles and build times never enter it, so readers and calendars keep recognising the
    entry. The date is the one the file name starts with; the site's path keeps two sites
    on one host (https://org.github.io/a/ and /b/) apart.
    """
    url = urlsplit(config.url)
    host = (url.hostname or config.host).lower()
    dated = _DATED_ID.match(incident_id)
    day = dated[1] if dated else "2005"
    return f"tag:{host},{day}:{url.path or '/'}{urls.incident(incident_id)}"


def page_id(config: SiteConfig) -> str:
    """Statuspage's `page.id`: a stable slug of the site's address."""
    url = urlsplit(config.url)
    return slugify(f"{url.hostname or config.host}{url.path}")


def published_items(content: Content, now: datetime) -> list[Incident]:
    """Incidents and maintenances with at least one post by `now`, newest first."""
    global _published
    items = content.incidents
    if _published is None or _published[0] is not items or _published[1] != now:
        posted = [item for item in sort_newest_first(items) if is_published(item, now)]
        _published = (items, now, posted)
    return list(_published[2])


# The last answer: the feeds, JSON, calendar, badge and pages of one build each ask it of
# the same items (sorting and filtering 5,000 items a dozen times). The tuple of items is
# held, so its id cannot be another's while kept.
_published: tuple[tuple[Incident, ...], datetime, list[Incident]] | None = None


@dataclass(frozen=True)
class PostmortemNotice:
    """A published postmortem, as the outputs of its incidents mention it."""

    published: datetime
    url: str
    summary: str


def postmortem_notices(content: Content, now: datetime) -> dict[str, PostmortemNotice]:
    """Incident id → its postmortem published by `now` (the latest, if several).

    Only published postmortems count: drafts and reviews never reach an output.
    """
    notices: dict[str, PostmortemNotice] = {}
    # Newest first, so the first one seen for an incident is the one to mention.
    for postmortem in published_postmortems(content, now):
        assert postmortem.published is not None
        for incident_id in postmortem.incident_ids:
            if incident_id not in notices:
                url = content.config.absolute(urls.postmortem(postmortem.id))
                notices[incident_id] = PostmortemNotice(
                    postmortem.published, url, postmortem.summary.strip()
                )
    return notices


def last_changed_at(
    item: Incident, now: datetime, notice: PostmortemNotice | None = None
) -> datetime:
    """The last moment by `now` when the item's post, status or postmortem changed."""
    times = status_changed_at(item, now)
    if notice is not None:
        times.append(notice.published)
    return max(times, default=item.first_posted_at)


def page_updated_at(content: Content, now: datetime) -> datetime:
    """When the page last changed by `now` (not `now` itself: outputs move only with content)."""
    notices = postmortem_notices(content, now)
    return max(
        (
            last_changed_at(item, now, notices.get(item.id))
            for item in published_items(content, now)
        ),
        default=EPOCH,
    )


def status_indicator(overall: OverallStatus) -> str:
    """Statuspage's `status.indicator`, which says `maintenance` while only maintenance shows."""
    return "maintenance" if overall.under_maintenance else overall.indicator.value


# Characters that let JSON text end an HTML <script> element or a JavaScript string when a
# client embeds the file in a page (as UTF-8 bytes); JSON readers decode the escapes to the
# same text.
_EMBED_SAFE = (
    (b"&", b"\\u0026"),
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def encode_json(document: dict[str, Any]) -> bytes:
    """Stable bytes: the given key order, two-space indent, UTF-8 text, final newline.

    `<`, `>`, `&` and the Unicode line separators are written as escapes (as Go and Rails
    do), so the text stays inert if a widget pastes the file into HTML or a script.

    orjson writes what `json.dumps(indent=2, ensure_ascii=False)` writes, ten times faster
    (the standard library indents in pure Python: a tenth of a preview's update went to
    it), except floats below 1e-4, which it writes without an exponent (same value).
    """
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2)
    for character, escape in _EMBED_SAFE:
        data = data.replace(character, escape)
    return data + b"\n"
