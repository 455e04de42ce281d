"""The pages for following the status elsewhere: subscribe (feeds, calendar, JSON, badge,
widget) and the compact embed an iframe or widget.js shows.
"""

from __future__ import annotations

from statusgen.status.timeline import (
    is_active,
    overall_status,
)

from . import urls
from .page_context import NOINDEX, Site, SitePage, theme_meta
from .publishing import (
    status_indicator,
)

# The Statuspage-compatible JSON files readers and tools can fetch, with what each holds.
API_FILES = (
    (
        urls.API_DIR + "summary.json",
        "Everything at once: overall status, components, unresolved incidents, and "
        "maintenance that is coming up or under way.",
    ),
    (urls.API_DIR + "status.json", "Only the overall status, for a quick check."),
    (urls.API_DIR + "components.json", "Every component and its current status."),
    (urls.API_DIR + "incidents/unresolved.json", "Incidents that are not resolved yet."),
    (urls.API_DIR + "incidents.json", "The 50 most recent incidents."),
    (
        urls.API_DIR + "scheduled-maintenances/upcoming.json",
        "Maintenance that has not started yet.",
    ),
    (urls.API_DIR + "scheduled-maintenances/active.json", "Maintenance in progress."),
    (urls.API_DIR + "scheduled-maintenances.json", "The 50 most recent maintenances."),
)


def subscribe_page(site: Site) -> SitePage:
    """Every way to follow the page without visiting it, with the addresses to copy."""
    url = urls.SUBSCRIBE
    config = site.config
    html = site.html(
        "subscribe.html",
        url,
        site_feeds=[
            (kind, title, href, config.absolute(href)) for kind, title, href in urls.feeds()
        ],
        component_feeds=[
            (
                component,
                [
                    (kind, title, href, config.absolute(href))
                    for kind, title, href in urls.feeds(urls.component(component.id))
                ],
            )
            for component in config.components
        ],
        calendar=config.absolute(urls.CALENDAR),
        api_files=[(path, config.absolute(path), text) for path, text in API_FILES],
        badge=config.absolute(urls.BADGE_SVG),
        widget=config.absolute(urls.WIDGET),
        embed=config.absolute(urls.EMBED),
    )
    return SitePage(
        url=url,
        title="Subscribe to updates",
        html=html,
        description=f"Follow {config.name}: feeds, calendar, JSON API, badge and widget.",
        meta=theme_meta("subscribe"),
    )


def embed_page(site: Site) -> SitePage:
    """A compact status for an iframe on another site; widget.js keeps it current."""
    url = urls.EMBED
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
        feeds=(),  # a frame on another site has no feeds of its own
        robots=NOINDEX,
        meta={"template": "statusgen-embed.html", **theme_meta("embed")},
    )
