"""The pages for following the status elsewhere: subscribe (feeds, calendar, JSON, badge,
widget) and the compact embed an iframe or widget.js shows.
"""

from __future__ import annotations

from statusgen.i18n import N_
from statusgen.status.timeline import (
    is_active,
    overall_status,
)

from . import labels, urls
from .page_context import NOINDEX, Site, SitePage, theme_meta
from .publishing import (
    status_indicator,
)

# The Statuspage-compatible JSON files readers and tools can fetch, with what each holds.
API_FILES = (
    (
        urls.API_DIR + "summary.json",
        N_(
            "Everything at once: overall status, components, unresolved incidents, and "
            "maintenance that is coming up or under way."
        ),
    ),
    (urls.API_DIR + "status.json", N_("Only the overall status, for a quick check.")),
    (urls.API_DIR + "components.json", N_("Every component and its current status.")),
    (urls.API_DIR + "incidents/unresolved.json", N_("Incidents that are not resolved yet.")),
    (urls.API_DIR + "incidents.json", N_("The 50 most recent incidents.")),
    (
        urls.API_DIR + "scheduled-maintenances/upcoming.json",
        N_("Maintenance that has not started yet."),
    ),
    (urls.API_DIR + "scheduled-maintenances/active.json", N_("Maintenance in progress.")),
    (urls.API_DIR + "scheduled-maintenances.json", N_("The 50 most recent maintenances.")),
)


def subscribe_page(site: Site) -> SitePage:
    """Every way to follow the page without visiting it, with the addresses to copy."""
    url = urls.SUBSCRIBE
    config = site.config
    html = site.html(
        "subscribe.html",
        url,
        site_feeds=[
            (kind, title, href, config.absolute(href))
            for kind, title, href in urls.feeds(lang=site.lang)
        ],
        component_feeds=[
            (
                component,
                [
                    (kind, title, href, config.absolute(href))
                    for kind, title, href in urls.feeds(
                        urls.component(component.id), component.name, site.lang
                    )
                ],
            )
            for component in config.components
        ],
        calendar=config.absolute(urls.CALENDAR),
        api_files=[
            (path, config.absolute(path), site.lang.gettext(text)) for path, text in API_FILES
        ],
        badge=config.absolute(urls.BADGE_SVG),
        widget=config.absolute(urls.WIDGET),
        embed=config.absolute(urls.EMBED),
    )
    return SitePage(
        url=url,
        title=site.lang.gettext("Subscribe to updates"),
        html=html,
        description=site.lang.gettext(
            "Follow %(name)s: feeds, calendar, JSON API, badge and widget."
        )
        % {"name": config.name},
        feeds=urls.feeds(lang=site.lang),
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
        overall_text=labels.overall_text(overall.description, site.lang),
        indicator=status_indicator(overall),
        active=[site.summary(i) for i in active],
    )
    return SitePage(
        url=url,
        title=site.lang.gettext("Status"),
        html=html,
        description=site.lang.gettext("%(status)s: the current status of %(name)s.")
        % {"status": labels.overall_text(overall.description, site.lang), "name": site.config.name},
        feeds=(),  # a frame on another site has no feeds of its own
        robots=NOINDEX,
        meta={"template": "statusgen-embed.html", **theme_meta("embed")},
    )
