"""The status site's pages as HTML fragments, independent of any site generator.

`site_pages(content, now)` returns every generated page (home, incidents, history, components)
with its URL, title and body HTML. The mkdocs adapter wraps them in the theme; another renderer
could wrap the same fragments. Links are relative, so the site works under any sub-path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from . import present
from .availability import ComponentHistory, component_histories
from .config import ComponentConfig, SiteConfig
from .models import ComponentStatus, Incident, Kind, UpdateStatus
from .postmortem_facts import postmortem_facts
from .postmortems import Postmortem, TimelineKind, incidents_of, published_postmortems
from .publishing import (
    component_path,
    incident_path,
    page_updated_at,
    postmortem_path,
    published_items,
    status_indicator,
)
from .status import (
    affected_components,
    component_statuses,
    current_status,
    duration,
    first_statuses,
    held_components,
    is_active,
    is_upcoming,
    listed_at,
    overall_status,
    resolved_at,
    started_at,
    visible_components,
    visible_updates,
)
from .text import plain_text, render_markdown
from .validate import Content

RECENT_DAYS = 14
NOINDEX = "noindex"  # a preview of drafts must not reach a search engine by accident
MONTHS_SHOWN = 12
# Without JavaScript the home page reloads itself this often while something is active.
LIVE_REFRESH_SECONDS = 60


@dataclass(frozen=True)
class SitePage:
    """One generated page: where it lives, its title and its body HTML."""

    url: str
    title: str
    html: str
    description: str = ""
    feeds: tuple[tuple[str, str, str], ...] = ()  # (type, title, site-relative href)
    robots: str = ""  # the robots meta tag's content, e.g. "noindex" for a draft
    # Front-matter for the page shell: the page's kind, whether it keeps itself current,
    # another template (the embed page's).
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        """The Markdown source path a generator expects for this URL."""
        return "index.md" if not self.url else self.url.rstrip("/") + ".md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative directory URLs."""
    depth = from_url.count("/")
    prefix = "../" * depth
    return (prefix + to_url) or "./"


def history_url(page_number: int) -> str:
    return "history/" if page_number == 1 else f"history/{page_number}/"


@jinja2.pass_context
def _rel(context: Any, target: str) -> str:
    return relative(context["page_url"], target)


@lru_cache(maxsize=65536)
def _time(moment: datetime | None) -> Markup:
    if moment is None:
        return Markup("")
    # Both texts are made of digits, letters and punctuation we chose: nothing to escape.
    return Markup(f'<time datetime="{present.iso(moment)}">{present.time_text(moment)}</time>')


def _downtime(minutes: int) -> str:
    """A table cell under "Downtime": `none` or `1 h 17 min`."""
    return "none" if minutes == 0 else present.duration_text(timedelta(minutes=minutes))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("statusgen", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        rel=_rel,
        component_label=present.COMPONENT_LABELS,
        component_icon=present.COMPONENT_ICONS,
        impact_label=present.IMPACT_LABELS,
        impact_icon=present.IMPACT_ICONS,
        update_label=present.UPDATE_LABELS,
    )
    env.filters.update(
        time=_time,
        iso=present.iso,
        day=present.day_text,
        month=present.month_text,
        duration=present.duration_text,
        minutes=present.minutes_text,
        downtime=_downtime,
    )
    return env


@dataclass
class _Site:
    """What every page draws on, computed once per build."""

    content: Content
    now: datetime
    include_drafts: bool = False

    @property
    def config(self) -> SiteConfig:
        return self.content.config

    @cached_property
    def env(self) -> jinja2.Environment:
        return _environment()

    @cached_property
    def items(self) -> list[Incident]:
        """Everything readers can see at `now`, newest first."""
        return published_items(self.content, self.now)

    @cached_property
    def history_pages(self) -> list[list[tuple[date, list[Incident]]]]:
        """The history's months, `history_months_per_page` to a page."""
        months = history_months(self.items, self.now)
        size = self.config.options.history_months_per_page
        return [months[i : i + size] for i in range(0, len(months), size)]

    def history_page_of(self, day: date) -> str:
        """The URL of the history page listing `day`'s month."""
        month = day.replace(day=1)
        for number, chunk in enumerate(self.history_pages, start=1):
            if any(m == month for m, _ in chunk):
                return history_url(number)
        return history_url(1)

    @cached_property
    def updated_at(self) -> datetime:
        """When the content last changed, as the JSON's `page.updated_at` says."""
        return page_updated_at(self.content, self.now)

    @cached_property
    def by_id(self) -> dict[str, Incident]:
        return {item.id: item for item in self.items}

    @cached_property
    def postmortems(self) -> tuple[Postmortem, ...]:
        """Published ones, newest first; with `include_drafts` (a local preview) all of them."""
        published = published_postmortems(self.content, self.now)
        if not self.include_drafts:
            return published
        drafts = sorted(
            (p for p in self.content.postmortems if p not in published), key=lambda p: p.id
        )
        return (*published, *drafts)

    @cached_property
    def postmortem_of(self) -> dict[str, Postmortem]:
        """Incident id → the postmortem its page links to (the newest, if several)."""
        found: dict[str, Postmortem] = {}
        for postmortem in self.postmortems:
            for incident_id in postmortem.incident_ids:
                found.setdefault(incident_id, postmortem)
        return found

    @cached_property
    def statuses(self) -> dict[str, ComponentStatus]:
        return component_statuses(self.config.component_ids, self.items, self.now)

    @cached_property
    def histories(self) -> dict[str, ComponentHistory]:
        return component_histories(
            self.config.component_ids,
            self.items,
            self.now,
            self.config.options.partial_outage_weight,
        )

    def html(self, template: str, page_url: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            page_url=page_url, site=self, config=self.config, now=self.now, **context
        )

    @cached_property
    def _markdown_cache(self) -> dict[str, Markup]:
        return {}

    @cached_property
    def _summary_cache(self) -> dict[str, dict[str, Any]]:
        return {}

    def markdown(self, text: str) -> Markup:
        cache = self._markdown_cache
        if text not in cache:
            cache[text] = Markup(
                render_markdown(
                    text,
                    allow_html=self.config.options.allow_html,
                    allowed_hosts=self.config.fetch_hosts,
                )
            )
        return cache[text]

    def summary(self, item: Incident) -> dict[str, Any]:
        """What a list entry shows of an incident or maintenance (computed once per item)."""
        if item.id not in self._summary_cache:
            self._summary_cache[item.id] = self._summarize(item)
        return self._summary_cache[item.id]

    def _summarize(self, item: Incident) -> dict[str, Any]:
        updates = visible_updates(item, self.now)
        latest = updates[0]
        return {
            "item": item,
            "url": incident_path(item.id),
            "status": current_status(item, self.now),
            "latest": latest,
            "latest_html": self.markdown(latest.body),
            "started": started_at(item, self.now),
            "resolved": resolved_at(item, self.now),
            "duration": duration(item, self.now),
            "affected": [
                (self.config.component(c), s)
                for c, s in affected_components(item, self.now).items()
            ],
            "touched": [self.config.component(c) for c in visible_components(item, self.now)],
        }

    def bar(self, component: ComponentConfig) -> dict[str, Any]:
        records, summary = self.histories[component.id].last_days(
            self.config.options.availability_days, self.now
        )
        return {"records": records, "summary": summary}


def site_pages(content: Content, now: datetime, *, include_drafts: bool = False) -> list[SitePage]:
    """Every generated page of the site at `now`.

    `include_drafts` adds draft and in-review postmortems, clearly marked, for a local
    preview; a published site never has them.
    """
    site = _Site(content, now, include_drafts)
    return [
        _home(site),
        *_incident_pages(site),
        *_history_pages(site),
        _components_index(site),
        *_component_pages(site),
        _postmortems_index(site),
        *_postmortem_pages(site),
        _subscribe_page(site),
        _embed_page(site),
        *_reliability_pages(site),
    ]


def _theme_meta(
    kind: str, *, live: datetime | None = None, refresh: bool = False
) -> dict[str, Any]:
    """What the page shell reads: the page's type and, for a page that keeps itself up to
    date while something is active, when the content last changed (`live`)."""
    meta: dict[str, Any] = {"kind": kind}
    if live is not None:
        meta["live"] = "active"
        meta["updated"] = present.json_time(live)
    if refresh:
        meta["refresh"] = LIVE_REFRESH_SECONDS
    return {"statusgen": meta}


def _feeds(prefix: str = "", about: str = "") -> tuple[tuple[str, str, str], ...]:
    """Feed links as (type, title, site-relative href); `prefix` is a component's folder."""
    suffix = f" for {about}" if about else ""
    return (
        ("application/atom+xml", f"Atom feed{suffix}", f"{prefix}history.atom"),
        ("application/rss+xml", f"RSS feed{suffix}", f"{prefix}history.rss"),
    )


def _home(site: _Site) -> SitePage:
    active = [i for i in site.items if i.kind is Kind.INCIDENT and is_active(i, site.now)]
    in_progress = [i for i in site.items if i.kind is Kind.MAINTENANCE and is_active(i, site.now)]
    upcoming = sorted(
        (i for i in site.items if is_upcoming(i, site.now)), key=lambda i: (listed_at(i), i.id)
    )
    today = site.now.astimezone(UTC).date()
    recent: dict[date, list[Incident]] = {today - timedelta(days=n): [] for n in range(RECENT_DAYS)}
    for item in site.items:
        begun = listed_at(item).astimezone(UTC).date()
        if begun in recent and not is_upcoming(item, site.now):
            recent[begun].append(item)
    overall = overall_status(site.config.component_ids, site.items, site.now)
    groups = [
        {
            "group": group,
            "worst": max((site.statuses[c.id] for c in group.components), key=lambda s: s.severity),
            "components": [
                {
                    "config": component,
                    "status": site.statuses[component.id],
                    "bar": site.bar(component) if component.uptime else None,
                }
                for component in group.components
            ],
        }
        for group in site.config.groups
    ]
    live = bool(active or in_progress)
    html = site.html(
        "home.html",
        "",
        overall=overall,
        indicator=status_indicator(overall),
        active=[site.summary(i) for i in active],
        in_progress=[site.summary(i) for i in in_progress],
        upcoming=[site.summary(i) for i in upcoming],
        groups=groups,
        recent=[
            (day, [site.summary(i) for i in items], site.history_page_of(day))
            for day, items in recent.items()
        ],
        feeds=_feeds(),
    )
    return SitePage(
        url="",
        title=site.config.name,
        html=html,
        description=f"{overall.description}. Live status and history of {site.config.name}.",
        feeds=_feeds(),
        meta=_theme_meta("home", live=site.updated_at if live else None, refresh=live),
    )


def _incident_pages(site: _Site) -> Iterator[SitePage]:
    for item in site.items:
        summary = site.summary(item)
        url = incident_path(item.id)
        updates = [
            {"entry": u, "html": site.markdown(u.body)} for u in visible_updates(item, site.now)
        ]
        html = site.html(
            "incident.html",
            url,
            s=summary,
            postmortem=site.postmortem_of.get(item.id),
            updates=updates,
            body_html=site.markdown(item.body) if item.body.strip() else None,
            body_has_heading=item.body.lstrip().startswith("#"),
            during=_component_rows(site, item),
        )
        yield SitePage(
            url=url,
            title=item.title,
            html=html,
            description=f"{present.UPDATE_LABELS[summary['status']]}: {item.title}",
            feeds=_feeds(),
            meta=_theme_meta(
                item.kind.value, live=site.updated_at if is_active(item, site.now) else None
            ),
        )


def _component_rows(site: _Site, item: Incident) -> list[dict[str, Any]]:
    """The incident page's components: the status the item gave each, and what it is now.

    Before a maintenance's window the status is what is planned, not what holds; "now" is
    said only while the item lasts and only when it differs.
    """
    planned = started_at(item, site.now) is None
    held = held_components(item, site.now)
    return [
        {
            "component": site.config.component(component),
            "status": status,
            "planned": planned,
            "now": held[component] if held.get(component, status) is not status else None,
        }
        for component, status in first_statuses(item, site.now).items()
    ]


def month_of(moment: datetime) -> date:
    """The first day of the UTC month `moment` falls in."""
    return moment.astimezone(UTC).date().replace(day=1)


def _previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def history_months(items: Sequence[Incident], now: datetime) -> list[tuple[date, list[Incident]]]:
    """Every UTC month from the newest one listing anything (or now's) back to the oldest.

    Newest first, each with its items in list order; months with nothing keep their place,
    so a page always covers whole, consecutive months.
    """
    by_month: dict[date, list[Incident]] = {}
    for item in items:
        by_month.setdefault(month_of(listed_at(item)), []).append(item)
    month = max([month_of(now), *by_month])
    oldest = min([month, *by_month])
    months = []
    while month >= oldest:
        months.append((month, by_month.get(month, [])))
        month = _previous_month(month)
    return months


def _history_pages(site: _Site) -> Iterator[SitePage]:
    chunks = site.history_pages
    for number, chunk in enumerate(chunks, start=1):
        url = history_url(number)
        months = [
            (present.month_text(month), [site.summary(i) for i in items]) for month, items in chunk
        ]
        html = site.html(
            "history.html",
            url,
            months=months,
            number=number,
            pages=[(n, history_url(n)) for n in range(1, len(chunks) + 1)],
            total=len(site.items),
        )
        title = "History" if number == 1 else f"History, page {number}"
        yield SitePage(
            url=url,
            title=title,
            html=html,
            description=f"Incidents and maintenance of {site.config.name}, newest first.",
            feeds=_feeds(),
            meta=_theme_meta("history"),
        )


def _month_rows(site: _Site, component_ids: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {
            "config": site.config.component(c),
            "months": site.histories[c].last_months(MONTHS_SHOWN, site.now),
        }
        for c in component_ids
    ]


def _components_index(site: _Site) -> SitePage:
    url = "components/"
    rows = [
        {
            "config": component,
            "status": site.statuses[component.id],
            "bar": site.bar(component) if component.uptime else None,
        }
        for component in site.config.components
    ]
    html = site.html(
        "components.html",
        url,
        rows=rows,
        weight=site.config.options.partial_outage_weight,
        days=site.config.options.availability_days,
    )
    return SitePage(
        url=url,
        title="Components and availability",
        html=html,
        description=f"Availability of every {site.config.name} component.",
        feeds=_feeds(),
        meta=_theme_meta("components"),
    )


def _touching(site: _Site, component_id: str, since: datetime) -> list[Incident]:
    return [
        item
        for item in site.items
        if component_id in visible_components(item, site.now) and listed_at(item) >= since
    ]


def _component_pages(site: _Site) -> Iterable[SitePage]:
    for component in site.config.components:
        url = component_path(component.id)
        months = site.histories[component.id].last_months(MONTHS_SHOWN, site.now)
        since = months[-1].start
        html = site.html(
            "component.html",
            url,
            component=component,
            status=site.statuses[component.id],
            bar=site.bar(component) if component.uptime else None,
            months=months,
            incidents=[site.summary(i) for i in _touching(site, component.id, since)],
            since=since,
            feeds=_feeds(url, component.name),
        )
        yield SitePage(
            url=url,
            title=component.name,
            html=html,
            description=f"Status and availability of {component.name}.",
            feeds=(*_feeds(), *_feeds(url, component.name)),
            meta=_theme_meta("component"),
        )


def postmortem_title(site: _Site, postmortem: Postmortem) -> str:
    """Postmortems have no title of their own: they are about their incidents."""
    titles = [site.by_id[i].title for i in postmortem.incident_ids if i in site.by_id]
    if not titles:
        return f"Postmortem {postmortem.id}"
    more = f" (and {len(titles) - 1} related incident{'s' if len(titles) > 2 else ''})"
    return f"Postmortem: {titles[0]}{more if len(titles) > 1 else ''}"


def _postmortems_index(site: _Site) -> SitePage:
    from .action_items import actions_of, counts, today

    url = "postmortems/"
    entries = [
        {
            "postmortem": p,
            "title": postmortem_title(site, p),
            "url": postmortem_path(p.id),
            "facts": postmortem_facts(p, incidents_of(site.content, p), site.now),
            "summary_html": site.markdown(p.summary),
            "counts": counts(p, site.now),
            "followups": actions_of(p),
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
        url=url,
        title="Postmortems",
        html=html,
        description=f"What we learned from incidents at {site.config.name}, newest first.",
        feeds=_feeds(),
        robots=NOINDEX if any(not p.is_published for p in site.postmortems) else "",
        meta=_theme_meta("postmortems"),
    )


@dataclass(frozen=True)
class TimelineRow:
    """A timeline entry, or an incident update standing in for one."""

    at: datetime
    html: Markup
    kind: TimelineKind | None = None
    status: UpdateStatus | None = None


# Where the rendered timeline goes: after the first of these sections the postmortem has.
TIMELINE_AFTER = ("Impact", "What happened", "Summary")


def _postmortem_pages(site: _Site) -> Iterator[SitePage]:
    show_owners = site.config.options.show_postmortem_owners
    for postmortem in site.postmortems:
        url = postmortem_path(postmortem.id)
        incidents = incidents_of(site.content, postmortem)
        facts = postmortem_facts(postmortem, incidents, site.now)
        sections = [
            (name, site.markdown(section.text)) for name, section in postmortem.sections.items()
        ]
        anchor = next((n for n in TIMELINE_AFTER if n in postmortem.sections), None)
        position = [n for n, _ in sections].index(anchor) + 1 if anchor else len(sections)
        timeline = [
            TimelineRow(e.at, site.markdown(e.text), kind=e.kind) for e in postmortem.timeline
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
            incidents=[(i, incident_path(i.id)) for i in incidents],
            facts=facts,
            components=[site.config.component(c) for c in facts.components],
            summary_html=site.markdown(postmortem.summary),
            before=sections[:position],
            after=sections[position:],
            timeline=timeline,
            from_updates=not postmortem.timeline,
            actions=postmortem.action_items,
            show_owners=show_owners,
            draft=not postmortem.is_published,
        )
        yield SitePage(
            url=url,
            title=postmortem_title(site, postmortem),
            html=html,
            description=plain_text(postmortem.summary, 300),
            feeds=_feeds(),
            robots="" if postmortem.is_published else NOINDEX,
            meta=_theme_meta("postmortem"),
        )


# The Statuspage-compatible JSON files readers and tools can fetch, with what each holds.
API_FILES = (
    (
        "api/v2/summary.json",
        "Everything at once: overall status, components, unresolved incidents, and "
        "maintenance that is coming up or under way.",
    ),
    ("api/v2/status.json", "Only the overall status, for a quick check."),
    ("api/v2/components.json", "Every component and its current status."),
    ("api/v2/incidents/unresolved.json", "Incidents that are not resolved yet."),
    ("api/v2/incidents.json", "The 50 most recent incidents."),
    ("api/v2/scheduled-maintenances/upcoming.json", "Maintenance that has not started yet."),
    ("api/v2/scheduled-maintenances/active.json", "Maintenance in progress."),
    ("api/v2/scheduled-maintenances.json", "The 50 most recent maintenances."),
)
WIDGET_FILE = "widget.js"
EMBED_URL = "embed/"


def _subscribe_page(site: _Site) -> SitePage:
    """Every way to follow the page without visiting it, with the addresses to copy."""
    url = "subscribe/"
    config = site.config
    html = site.html(
        "subscribe.html",
        url,
        site_feeds=[(kind, title, href, config.absolute(href)) for kind, title, href in _feeds()],
        component_feeds=[
            (
                component,
                [
                    (kind, title, href, config.absolute(href))
                    for kind, title, href in _feeds(component_path(component.id))
                ],
            )
            for component in config.components
        ],
        calendar=config.absolute("maintenance.ics"),
        api_files=[(path, config.absolute(path), text) for path, text in API_FILES],
        badge=config.absolute("badge.svg"),
        widget=config.absolute(WIDGET_FILE),
        embed=config.absolute(EMBED_URL),
    )
    return SitePage(
        url=url,
        title="Subscribe to updates",
        html=html,
        description=f"Follow {config.name}: feeds, calendar, JSON API, badge and widget.",
        feeds=_feeds(),
        meta=_theme_meta("subscribe"),
    )


def _embed_page(site: _Site) -> SitePage:
    """A compact status for an iframe on another site; widget.js keeps it current."""
    url = EMBED_URL
    overall = overall_status(site.config.component_ids, site.items, site.now)
    active = [i for i in site.items if is_active(i, site.now)]
    html = site.html(
        "embed.html",
        url,
        overall=overall,
        indicator=status_indicator(overall),
        active=[site.summary(i) for i in active],
    )
    return SitePage(
        url=url,
        title="Status",
        html=html,
        description=f"{overall.description}: the current status of {site.config.name}.",
        robots=NOINDEX,
        meta={"template": "statusgen-embed.html", **_theme_meta("embed")},
    )


def _reliability_pages(site: _Site) -> Iterator[SitePage]:
    """`/reliability/` when public; a private report only in a local preview (`--drafts`)."""
    from .reliability import site_report
    from .reliability.page import URL, page_context

    setting = site.config.options.reliability.page
    if setting == "off" or (setting == "private" and not site.include_drafts):
        return
    private = setting == "private"
    context = page_context(site_report(site.content, site.now))
    yield SitePage(
        url=URL,
        title="Reliability",
        html=site.html("reliability.html", URL, private=private, **context),
        description=f"Incidents, response times, downtime and error budgets of "
        f"{site.config.name}, by quarter.",
        feeds=_feeds(),
        robots=NOINDEX if private else "",
        meta=_theme_meta("reliability"),
    )
