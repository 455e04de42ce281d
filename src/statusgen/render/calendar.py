"""`maintenance.ics`: scheduled maintenance windows as an iCalendar feed readers subscribe to.

Each maintenance is one event over its announced window, with its status and latest post, the
affected components and a link to its page. UIDs come from the incident id and the site's
address, and every new post or change of status raises the event's SEQUENCE so calendar apps
replace the event they hold. Events
are transparent: a provider's maintenance does not make the subscriber busy.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vDuration

from statusgen.content.incident import Incident, Kind
from statusgen.content.names import slugify
from statusgen.content.settings import SiteConfig
from statusgen.i18n import language_for
from statusgen.status.timeline import (
    current_status,
    status_changed_at,
    visible_components,
    visible_updates,
)

from . import urls
from .format import update_label
from .markdown import plain_text
from .publishing import last_changed_at, published_items

if TYPE_CHECKING:
    from statusgen.content.site import Content

REFRESH = timedelta(hours=1)  # how often calendar apps should fetch the file again


def calendar_files(content: Content, now: datetime) -> dict[str, bytes]:
    """`maintenance.ics` with the most recent maintenances (upcoming ones first of all)."""
    config = content.config
    maintenances = [
        item for item in published_items(content, now) if item.kind is Kind.MAINTENANCE
    ][: config.options.feed_limit]
    calendar = Calendar()
    calendar.add("prodid", f"-//statusgen//{config.name} maintenance//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    lang = language_for(config.language)
    name = lang.gettext("%(name)s: scheduled maintenance") % {"name": config.name}
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for item in maintenances:
        calendar.add_component(_event(content, item, now))
    return {urls.CALENDAR: calendar.to_ical()}


def calendar_uid(config: SiteConfig, incident_id: str) -> str:
    """`<incident id>@<host>`, with the site's path for sites that share a host."""
    url = urlsplit(config.url)
    path = slugify(url.path) if url.path.strip("/") else ""
    return f"{incident_id}{'.' + path if path else ''}@{url.hostname or config.host}"


def _event(content: Content, item: Incident, now: datetime) -> Event:
    config = content.config
    updates = visible_updates(item, now)
    latest = updates[0]
    url = config.absolute(urls.incident(item.id))
    names = [config.component(c).name for c in visible_components(item, now)]
    # The status readers see now (in progress from the window's start), with the latest post.
    status = current_status(item, now) or latest.status
    lang = language_for(config.language)
    description = [f"{update_label(status, lang)}: {plain_text(latest.body)}"]
    if names:
        description.append(
            lang.gettext("Affected components: %(names)s")
            % {"names": lang.gettext(", ").join(names)}
        )
    description.append(url)

    event = Event()
    event.add("uid", calendar_uid(config, item.id))
    # Each post, and each change of status by the clock (in progress at the window's start),
    # is a revision: calendar apps keep the event with the highest SEQUENCE.
    event.add("sequence", len(status_changed_at(item, now)) - 1)
    assert item.scheduled_for is not None and item.scheduled_until is not None
    # Times go out in UTC: an offset such as +02:00 would need a VTIMEZONE to be read.
    changed = last_changed_at(item, now).astimezone(UTC)
    event.add("dtstamp", changed)
    event.add("created", updates[-1].at.astimezone(UTC))
    event.add("last-modified", changed)
    event.add("dtstart", item.scheduled_for.astimezone(UTC))
    event.add("dtend", item.scheduled_until.astimezone(UTC))
    event.add("summary", item.title)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    if names:
        event.add("categories", names)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event
