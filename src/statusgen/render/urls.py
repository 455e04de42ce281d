"""The one URL scheme: where every page, feed, JSON file and calendar of the site lives.

Pages, feeds, the Statuspage JSON, the sitemap (through the pages' URLs), the templates and
the authoring commands all ask here; nothing else spells a path. Every URL is relative to
the site's root, and a directory URL ends in `/`, so the site works under any sub-path.
"""

from __future__ import annotations

from statusgen.i18n import ENGLISH, Language

HOME = ""
HISTORY = "history/"
COMPONENTS = "components/"
POSTMORTEMS = "postmortems/"
SUBSCRIBE = "subscribe/"
EMBED = "embed/"
# Where components.md explains availability; the home and component pages link to it.
AVAILABILITY_ANCHOR = "how-availability-is-computed"

ATOM = "history.atom"
RSS = "history.rss"
FEED_TYPES = {ATOM: "application/atom+xml", RSS: "application/rss+xml"}
CALENDAR = "maintenance.ics"
API_DIR = "api/v2/"
SUMMARY_JSON = API_DIR + "summary.json"
BADGE_SVG = "badge.svg"
BADGE_JSON = "badge.json"
WIDGET = "widget.js"


def incident(incident_id: str) -> str:
    return f"incidents/{incident_id}/"


def postmortem(postmortem_id: str) -> str:
    return f"{POSTMORTEMS}{postmortem_id}/"


def component(component_id: str) -> str:
    return f"{COMPONENTS}{component_id}/"


def history(page_number: int = 1) -> str:
    """The history's pages: the newest months on `history/`, older ones on `history/<n>/`."""
    return HISTORY if page_number == 1 else f"{HISTORY}{page_number}/"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative directory URLs."""
    prefix = "../" * from_url.count("/")
    return (prefix + to_url) or "./"


def feeds(
    folder: str = "", about: str = "", lang: Language = ENGLISH
) -> tuple[tuple[str, str, str], ...]:
    """Feed links as (media type, title, site-relative href); `folder` is a component's URL."""
    if about:
        atom = lang.gettext("Atom feed for %(name)s") % {"name": about}
        rss = lang.gettext("RSS feed for %(name)s") % {"name": about}
    else:
        atom, rss = lang.gettext("Atom feed"), lang.gettext("RSS feed")
    return (
        (FEED_TYPES[ATOM], atom, f"{folder}{ATOM}"),
        (FEED_TYPES[RSS], rss, f"{folder}{RSS}"),
    )
