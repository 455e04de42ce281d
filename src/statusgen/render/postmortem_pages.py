"""The postmortem pages: the index of published postmortems and one page per postmortem."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from statusgen.content.incident import UpdateStatus
from statusgen.content.postmortem.model import (
    ActionItem,
    ActionStatus,
    Postmortem,
    TimelineKind,
)
from statusgen.content.site import incidents_of
from statusgen.status.action_items import actions_of, counts, today
from statusgen.status.postmortem_facts import postmortem_facts
from statusgen.status.timeline import (
    visible_updates,
)

from . import labels, urls
from .markdown import plain_text
from .page_context import NOINDEX, Site, SitePage, lang_attrs, theme_meta


def postmortem_title(site: Site, postmortem: Postmortem) -> str:
    """Postmortems have no title of their own: they are about their incidents."""
    lang = site.lang
    titles = [site.by_id[i].title for i in postmortem.incident_ids if i in site.by_id]
    if not titles:
        return lang.gettext("Postmortem %(id)s") % {"id": postmortem.id}
    if len(titles) == 1:
        return lang.gettext("Postmortem: %(title)s") % {"title": titles[0]}
    others = len(titles) - 1
    return lang.ngettext(
        "Postmortem: %(title)s (and %(num)d related incident)",
        "Postmortem: %(title)s (and %(num)d related incidents)",
        others,
    ) % {"title": titles[0], "num": others}


def _followups_summary(site: Site, postmortem: Postmortem) -> str:
    c = counts(postmortem, site.now)
    return labels.followups_summary(c.done, c.open, c.overdue, c.wont_do, site.lang)


def _draft_label(site: Site, postmortem: Postmortem) -> str:
    return "" if postmortem.is_published else labels.unpublished_label(postmortem.status, site.lang)


@dataclass(frozen=True)
class ActionRow:
    """An action item with the words its row shows."""

    item: ActionItem
    type: str
    state: str
    done: bool
    ticket_url: str | None


def _action_rows(site: Site, postmortem: Postmortem) -> list[ActionRow]:
    return [
        ActionRow(
            item=a,
            type=labels.action_type(a.type, site.lang),
            state=labels.action_state(a, site.lang),
            done=a.status is ActionStatus.DONE,
            # Only web addresses become links; "JIRA-123" stays text.
            ticket_url=a.ticket
            if a.ticket and a.ticket.startswith(("https://", "http://"))
            else None,
        )
        for a in postmortem.action_items
    ]


def postmortems_index(site: Site) -> SitePage:
    url = "postmortems/"
    entries = [
        {
            "postmortem": p,
            "title": postmortem_title(site, p),
            "url": urls.postmortem(p.id),
            "facts": postmortem_facts(p, incidents_of(site.content, p), site.now),
            "summary_html": site.markdown(p.summary),
            "counts": counts(p, site.now),
            "followups": actions_of(p),
            "followups_summary": _followups_summary(site, p),
            "followup_states": [
                labels.followup_state(a.item, a.is_overdue(today(site.now)), site.lang)
                for a in actions_of(p)
            ],
            "draft_label": _draft_label(site, p),
            "lang_attrs": lang_attrs(p.lang, site.lang),
        }
        for p in site.postmortems
    ]
    html = site.html(
        "postmortems.html",
        url,
        entries=entries,
        today=today(site.now),
        show_owners=site.config.options.show_postmortem_owners,
    )
    return SitePage(
        url,
        site.lang.gettext("Postmortems"),
        html,
        site.lang.gettext("What we learned from incidents at %(name)s, newest first.")
        % {"name": site.config.name},
        feeds=urls.feeds(lang=site.lang),
        robots=NOINDEX if any(not p.is_published for p in site.postmortems) else "",
        meta=theme_meta("postmortems"),
    )


@dataclass(frozen=True)
class TimelineRow:
    """A timeline entry, or an incident update standing in for one."""

    at: datetime
    html: Markup
    kind: TimelineKind | None = None
    status: UpdateStatus | None = None
    marker: str = ""  # the kind's words


# Where the rendered timeline goes: after the first of these sections the postmortem has.
TIMELINE_AFTER = ("Impact", "What happened", "Summary")


def postmortem_pages(site: Site) -> Iterator[SitePage]:
    show_owners = site.config.options.show_postmortem_owners
    for postmortem in site.postmortems:
        url = urls.postmortem(postmortem.id)
        incidents = incidents_of(site.content, postmortem)
        facts = postmortem_facts(postmortem, incidents, site.now)
        sections = [
            (name, site.markdown(section.text)) for name, section in postmortem.sections.items()
        ]
        anchor = next((n for n in TIMELINE_AFTER if n in postmortem.sections), None)
        position = [n for n, _ in sections].index(anchor) + 1 if anchor else len(sections)
        timeline = [
            TimelineRow(
                e.at,
                site.markdown(e.text),
                kind=e.kind,
                marker=labels.marker(e.kind, site.lang) if e.kind else "",
            )
            for e in postmortem.timeline
        ]
        if not timeline:
            timeline = sorted(
                (
                    TimelineRow(u.at, site.markdown(u.body), status=u.status)
                    for incident in incidents
                    for u in visible_updates(incident, site.now)
                ),
                key=lambda row: row.at,
            )
        html = site.html(
            "postmortem.html",
            url,
            postmortem=postmortem,
            title=postmortem_title(site, postmortem),
            incidents=[(i, urls.incident(i.id)) for i in incidents],
            facts=facts,
            components=[site.config.component(c) for c in facts.components],
            summary_html=site.markdown(postmortem.summary),
            before=sections[:position],
            after=sections[position:],
            timeline=timeline,
            from_updates=not postmortem.timeline,
            actions=_action_rows(site, postmortem),
            show_owners=show_owners,
            draft=not postmortem.is_published,
            draft_label=_draft_label(site, postmortem),
            lang_attrs=lang_attrs(postmortem.lang, site.lang),
        )
        yield SitePage(
            url,
            postmortem_title(site, postmortem),
            html,
            plain_text(postmortem.summary, 300),
            robots="" if postmortem.is_published else NOINDEX,
            feeds=urls.feeds(lang=site.lang),
            meta=theme_meta("postmortem"),
        )
