"""RSS and Atom feeds of the incident history, site-wide and per component.

Follows Statuspage's feeds so existing readers and bots keep working: one entry per incident
or maintenance (never one per update), its content every update newest first as
`<small>time</small><br><strong>Status</strong> - text`, and `updated` moved by each new
update so readers show the entry again. Entry ids are `tag:` URIs of the incident id and
every date comes from the content: the same content always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from statusgen.content.incident import Incident
from statusgen.content.settings import SiteConfig
from statusgen.i18n import ENGLISH, Language, language_for
from statusgen.status.timeline import items_by_component, visible_components, visible_updates

from . import urls
from .format import time_text, update_label
from .markdown import render_markdown
from .publishing import (
    EPOCH,
    PostmortemNotice,
    permanent_id,
    postmortem_notices,
    published_items,
)

if TYPE_CHECKING:
    from statusgen.content.site import Content

# Shipped with the theme; relative, so it loads from the same host as the feed.
STYLESHEET = "assets/statusgen/feed.xsl"
_FIRST_PARAGRAPH = re.compile(r"^<p>(.*?)</p>\s*", re.DOTALL)


def feed_files(content: Content, now: datetime) -> dict[str, bytes]:
    """`history.atom|rss` and `components/<id>/history.atom|rss`, as at `now`."""
    config = content.config
    notices = postmortem_notices(content, now)
    items = published_items(content, now)
    limit = config.options.feed_limit
    lang = language_for(config.language)
    files = _feed_pair(
        config,
        folder="",
        title=lang.gettext("%(name)s - Incident History") % {"name": config.name},
        subtitle=lang.gettext("Incidents and scheduled maintenance reported on %(name)s")
        % {"name": config.name},
        items=items[:limit],
        now=now,
        notices=notices,
    )
    touching = items_by_component(items, now)
    for component in config.components:
        mine = touching.get(component.id, [])
        files |= _feed_pair(
            config,
            folder=urls.component(component.id),
            title=lang.gettext("%(name)s - %(component)s - Incident History")
            % {"name": config.name, "component": component.name},
            subtitle=lang.gettext("Incidents and scheduled maintenance affecting %(component)s")
            % {"component": component.name},
            items=mine[:limit],
            now=now,
            notices=notices,
        )
    return files


def _feed_pair(
    config: SiteConfig,
    *,
    folder: str,
    title: str,
    subtitle: str,
    items: Sequence[Incident],
    now: datetime,
    notices: Mapping[str, PostmortemNotice],
) -> dict[str, bytes]:
    entries = [_Entry.of(config, item, now, notices.get(item.id)) for item in items]
    updated = max((entry.updated for entry in entries), default=EPOCH)
    files: dict[str, bytes] = {}
    for name in (urls.ATOM, urls.RSS):
        generator = FeedGenerator()
        # The feed's own address is as permanent as a feed id needs to be (RSS has none).
        generator.id(config.absolute(folder + urls.ATOM))
        generator.title(title)
        generator.subtitle(subtitle)
        generator.author(name=config.name, uri=config.url)
        # feedgen gives RSS the last link added as the channel's link: the page, not the feed.
        generator.link(href=config.absolute(folder + name), rel="self", type=urls.FEED_TYPES[name])
        generator.link(href=config.absolute(folder), rel="alternate", type="text/html")
        generator.generator("statusgen")
        # feedgen defaults every date to the wall clock: set them all from the content.
        generator.updated(updated)
        generator.pubDate(updated)
        for entry in entries:
            entry.add_to(generator, rss=name == urls.RSS)
        render = generator.atom_str if name == urls.ATOM else generator.rss_str
        document = render(pretty=True, encoding="UTF-8", xml_declaration=True)
        files[folder + name] = with_stylesheet(document, "../" * folder.count("/") + STYLESHEET)
    return files


def with_stylesheet(document: bytes, href: str) -> bytes:
    """The feed with an `xml-stylesheet` instruction after its XML declaration: browsers that
    apply XSLT show a readable page; feed readers ignore the instruction."""
    declaration, newline, rest = document.partition(b"\n")
    assert declaration.startswith(b"<?xml ") and newline
    instruction = f'<?xml-stylesheet type="text/xsl" href="{escape(href)}"?>'.encode()
    return declaration + b"\n" + instruction + b"\n" + rest


@dataclass(frozen=True)
class _Entry:
    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    html: str

    @classmethod
    def of(
        cls, config: SiteConfig, item: Incident, now: datetime, notice: PostmortemNotice | None
    ) -> _Entry:
        updates = visible_updates(item, now)
        return cls(
            id=permanent_id(config, item.id),
            title=item.title,
            link=config.absolute(urls.incident(item.id)),
            published=updates[-1].at.astimezone(UTC),
            updated=entry_updated(updates[0].at, notice).astimezone(UTC),
            html=entry_html(config, item, now, notice),
        )

    def add_to(self, generator: FeedGenerator, *, rss: bool) -> None:
        entry = generator.add_entry(order="append")
        entry.id(self.id)
        entry.title(self.title)
        entry.link(href=self.link, rel="alternate", type="text/html")
        # An RSS item has one date, its pubDate: the latest change, so readers show the item
        # again when an update is posted (its guid stays). Atom has both dates.
        entry.published(self.updated if rss else self.published)
        entry.updated(self.updated)
        entry.content(self.html, type="html")


def entry_updated(latest_update: datetime, notice: PostmortemNotice | None) -> datetime:
    """An entry's `updated`: its latest update, or its postmortem's publication if later."""
    if notice is not None and notice.published > latest_update:
        return notice.published
    return latest_update


def entry_html(
    config: SiteConfig, item: Incident, now: datetime, notice: PostmortemNotice | None = None
) -> str:
    """Every update newest first, then the window and the components it affects."""
    allow_html = config.options.allow_html
    lang = language_for(config.language)
    parts = [] if notice is None else [postmortem_line(notice, lang)]
    for update in visible_updates(item, now):
        parts.append(
            update_html(
                update.at,
                update_label(update.status, lang),
                render_markdown(
                    update.body, allow_html=allow_html, allowed_hosts=config.fetch_hosts
                ),
                lang,
            )
        )
        if update.next_update_at is not None:
            text = lang.gettext("Next update by %(time)s.")
            parts.append(f"<p>{text % {'time': time_text(update.next_update_at, lang)}}</p>")
    if item.scheduled_for is not None and item.scheduled_until is not None:
        window = lang.gettext("Scheduled window: %(start)s to %(end)s") % {
            "start": time_text(item.scheduled_for, lang),
            "end": time_text(item.scheduled_until, lang),
        }
        parts.append(f"<p>{window}</p>")
    names = [config.component(c).name for c in visible_components(item, now)]
    if names:
        text = lang.gettext("Affected components: %(names)s")
        parts.append(f"<p>{escape(text % {'names': lang.gettext(', ').join(names)})}</p>")
    return "\n".join(parts)


def update_html(at: datetime, label: str, body_html: str, lang: Language = ENGLISH) -> str:
    """Statuspage's shape: the first paragraph joins the time and the bold status label."""
    head = f"<p><small>{time_text(at, lang)}</small><br><strong>{escape(label)}</strong>"
    first = _FIRST_PARAGRAPH.match(body_html)
    if first is None:
        return f"{head}</p>\n{body_html}".rstrip()
    rest = body_html[first.end() :]
    return f"{head} - {first[1]}</p>" + (f"\n{rest}" if rest else "")


def postmortem_line(notice: PostmortemNotice, lang: Language = ENGLISH) -> str:
    """The line a published postmortem adds at the top of its incidents' entries."""
    words = escape(lang.gettext("read it"))
    link = f'<a href="{escape(notice.url)}">{words}</a>'
    text = escape(lang.gettext("A postmortem has been published: %(link)s.")) % {"link": link}
    return update_html(notice.published, lang.gettext("Postmortem"), f"<p>{text}</p>", lang)
