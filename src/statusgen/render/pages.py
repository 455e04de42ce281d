"""The status site's pages as HTML fragments, independent of any site generator.

`site_pages(content, now)` returns every generated page (home, incidents, history, components)
with its URL, title and body HTML. The mkdocs adapter wraps them in the theme; another renderer
could wrap the same fragments. Links are relative, so the site works under any sub-path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from statusgen.content.incident import Incident, Kind
from statusgen.content.settings import ComponentConfig
from statusgen.content.site import Content
from statusgen.parallel import render_all
from statusgen.reliability import site_report
from statusgen.reliability.page import URL as RELIABILITY_URL
from statusgen.reliability.page import page_context as reliability_context
from statusgen.reliability.report import ReliabilityReport
from statusgen.status.availability import PeriodAvailability
from statusgen.status.timeline import (
    first_statuses,
    held_components,
    is_active,
    is_upcoming,
    listed_at,
    overall_status,
    started_at,
    visible_updates,
)

from . import format as present
from . import labels, urls
from .fingerprint import fingerprint
from .page_cache import PageCache
from .page_context import NOINDEX, ListedEntry, PageKeys, Site, SitePage, theme_meta
from .postmortem_pages import postmortem_pages, postmortems_index
from .publishing import (
    status_indicator,
)
from .subscribe_pages import embed_page, subscribe_page

RECENT_DAYS = 14


def site_pages(
    content: Content,
    now: datetime,
    *,
    include_drafts: bool = False,
    cache: PageCache | None = None,
    workers: int = 1,
    report: Callable[[], ReliabilityReport] | None = None,
    keys: Callable[[], PageKeys | None] | None = None,
) -> list[SitePage]:
    """Every generated page of the site at `now`.

    `include_drafts` adds draft and in-review postmortems, clearly marked, for a local
    preview; a published site never has them. Incident pages made of the same inputs as one
    in `cache` are taken from it (and every incident page is recorded there); the others are
    rendered by up to `workers` processes. `report` gives the reliability report of
    `content` at `now`, and `keys` its `page_keys`, when they are worked out elsewhere
    (`outputs_ahead`).
    """
    cache = cache or PageCache()
    site = Site(content, now, include_drafts, cache.entries)
    home = _home(site)  # before the keys are asked for: they may still be on their way
    known = keys() if keys is not None else None
    if known is not None:
        site.take_keys(known)
    incident_pages = _incident_pages(site, cache, workers, known)
    site.render_entries(_listed_entries(site), workers)
    return [
        home,
        *incident_pages,
        *_history_pages(site),
        _components_index(site),
        *_component_pages(site),
        postmortems_index(site),
        *postmortem_pages(site),
        subscribe_page(site),
        embed_page(site),
        *_reliability_pages(site, report or partial(site_report, content, now)),
    ]


def _home(site: Site) -> SitePage:
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
    lang = site.lang
    html = site.html(
        "home.html",
        "",
        overall=overall,
        overall_text=labels.overall_text(overall.description, lang),
        indicator=status_indicator(overall),
        active=[site.summary(i) for i in active],
        in_progress=[site.summary(i) for i in in_progress],
        upcoming=[site.summary(i) for i in upcoming],
        groups=groups,
        recent=[
            (day, [site.summary(i) for i in items], site.history_page_of(day))
            for day, items in recent.items()
        ],
    )
    return SitePage(
        url="",
        title=site.config.name,
        html=html,
        description=lang.gettext("%(status)s. Live status and history of %(name)s.")
        % {"status": labels.overall_text(overall.description, lang), "name": site.config.name},
        feeds=urls.feeds(lang=lang),
        meta=theme_meta("home", live=site.updated_at if live else None, refresh=live),
    )


def page_keys(content: Content, now: datetime, *, include_drafts: bool = False) -> PageKeys:
    """The keys `site_pages(content, now, include_drafts=...)` keeps its incident pages under,
    and the items' summary keys they and the list entries are made of.

    Fingerprinting what each of 5,000 incidents' page is made of was over a third of one
    update's page-making: a build works these out beside the pages (`outputs_ahead`). Not the
    list entries' keys: with the summary keys given they take little, and the history's and
    components' lists would keep the pages waiting for them.
    """
    site = Site(content, now, include_drafts)
    return site.keys_worked_out({item.id: _incident_page_key(site, item) for item in site.items})


def _incident_pages(
    site: Site, cache: PageCache, workers: int, known: PageKeys | None
) -> list[SitePage]:
    items = site.items
    given = known.incident_pages if known is not None else {}
    keys = [given.get(item.id) or _incident_page_key(site, item) for item in items]

    def render(missing: list[int]) -> list[SitePage]:
        return render_all(partial(_incident_page, site), [items[n] for n in missing], workers)

    return cache.pages(keys, render)


def _incident_page_key(site: Site, item: Incident) -> str:
    return fingerprint(_incident_inputs(site, item))


def _incident_inputs(site: Site, item: Incident) -> object:
    """All `_incident_page` makes the page of: incident.html reads neither `now` nor `site`
    beyond its configuration, so what it shows of the clock is the summary and the rows."""
    postmortem = site.postmortem_of.get(item.id)
    live = is_active(item, site.now)
    return [
        "incident",
        site.summary_key(item),  # the item, its summary, the configuration, drafts or not
        postmortem,
        len(visible_updates(item, site.now)),
        _component_rows(site, item),
        site.updated_at if live else None,
    ]


def _incident_page(site: Site, item: Incident) -> SitePage:
    summary = site.summary(item)
    url = urls.incident(item.id)
    postmortem = site.postmortem_of.get(item.id)
    updates = [{"entry": u, "html": site.markdown(u.body)} for u in visible_updates(item, site.now)]
    html = site.html(
        "incident.html",
        url,
        s=summary,
        postmortem=postmortem,
        postmortem_label=labels.postmortem_link_label(postmortem.status, site.lang)
        if postmortem
        else "",
        updates=updates,
        body_html=site.markdown(item.body) if item.body.strip() else None,
        body_has_heading=item.body.lstrip().startswith("#"),
        during=_component_rows(site, item),
    )
    return SitePage(
        url=url,
        title=item.title,
        html=html,
        description=f"{present.update_label(summary['status'], site.lang)}: {item.title}",
        feeds=urls.feeds(lang=site.lang),
        meta=theme_meta(
            item.kind.value, live=site.updated_at if is_active(item, site.now) else None
        ),
        robots=NOINDEX if item.draft else "",  # only a preview has drafts
    )


def _component_rows(site: Site, item: Incident) -> list[dict[str, Any]]:
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


def _listed_entries(site: Site) -> list[ListedEntry]:
    """The entries the history and component pages show, in the order they show them."""
    wanted = []
    for number, chunk in enumerate(site.history_pages, start=1):
        for _month, items in chunk:
            wanted += _in_list(items, urls.history(number))
    for component in site.config.components:
        wanted += _in_list(_component_incidents(site, component), urls.component(component.id))
    return wanted


def _in_list(items: Iterable[Incident], page_url: str) -> list[ListedEntry]:
    """How a history or component page lists `items`: no latest update, under an h3."""
    return [ListedEntry(item, page_url, heading="h3", show_body=False) for item in items]


def _history_pages(site: Site) -> Iterator[SitePage]:
    chunks = site.history_pages
    for number, chunk in enumerate(chunks, start=1):
        url = urls.history(number)
        months = [
            (
                present.month_text(month, site.lang),
                [site.listed_entry(wanted) for wanted in _in_list(items, url)],
            )
            for month, items in chunk
        ]
        html = site.html(
            "history.html",
            url,
            months=months,
            number=number,
            pages=[(n, urls.history(n)) for n in range(1, len(chunks) + 1)],
            total=len(site.items),
        )
        lang = site.lang
        title = (
            lang.gettext("History")
            if number == 1
            else lang.gettext("History, page %(num)d") % {"num": number}
        )
        yield SitePage(
            url=url,
            title=title,
            html=html,
            description=lang.gettext("Incidents and maintenance of %(name)s, newest first.")
            % {"name": site.config.name},
            feeds=urls.feeds(lang=lang),
            meta=theme_meta("history"),
        )


def _components_index(site: Site) -> SitePage:
    url = urls.COMPONENTS
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
        title=site.lang.gettext("Components and availability"),
        html=html,
        description=site.lang.gettext("Availability of every %(name)s component.")
        % {"name": site.config.name},
        feeds=urls.feeds(lang=site.lang),
        meta=theme_meta("components"),
    )


def _component_months(site: Site, component: ComponentConfig) -> list[PeriodAvailability]:
    """The months a component's page shows, newest first."""
    return site.last_months(component)


def _component_incidents(site: Site, component: ComponentConfig) -> list[Incident]:
    """What a component's page lists: the items naming it since its oldest month shown."""
    since = _component_months(site, component)[-1].start
    listed = site.items_by_component.get(component.id, [])
    return [item for item in listed if listed_at(item) >= since]


def _component_pages(site: Site) -> Iterable[SitePage]:
    for component in site.config.components:
        url = urls.component(component.id)
        months = _component_months(site, component)
        incidents = _in_list(_component_incidents(site, component), url)
        html = site.html(
            "component.html",
            url,
            component=component,
            status=site.statuses[component.id],
            bar=site.bar(component) if component.uptime else None,
            months=months,
            incidents=[site.listed_entry(wanted) for wanted in incidents],
            since=months[-1].start,
            feeds=urls.feeds(url, lang=site.lang),
        )
        yield SitePage(
            url,
            component.name,
            html,
            site.lang.gettext("Status and availability of %(name)s.") % {"name": component.name},
            feeds=(*urls.feeds(lang=site.lang), *urls.feeds(url, component.name, site.lang)),
            meta=theme_meta("component"),
        )


def _reliability_pages(site: Site, report: Callable[[], ReliabilityReport]) -> Iterator[SitePage]:
    """`/reliability/` when public; a private report only in a local preview (`--drafts`)."""
    setting = site.config.options.reliability.page
    if setting == "off" or (setting == "private" and not site.include_drafts):
        return
    private = setting == "private"
    lang = site.lang
    context = reliability_context(report(), lang)
    yield SitePage(
        url=RELIABILITY_URL,
        title=lang.gettext("Reliability"),
        html=site.html("reliability.html", RELIABILITY_URL, private=private, **context),
        description=lang.gettext(
            "Incidents, response times, downtime and error budgets of %(name)s, by quarter."
        )
        % {"name": site.config.name},
        robots=NOINDEX if private else "",
        meta=theme_meta("reliability"),
    )
