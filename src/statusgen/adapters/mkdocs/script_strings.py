"""The words statusgen.js and widget.js write, in the site's language.

The browser formats numbers, dates and relative times itself (`Intl`, in the page's `lang`);
these are the sentences around them, with `{…}` where the browser's text goes. The page
carries them as a JSON data block (not script), so the CSP still refuses inline script.
"""

from __future__ import annotations

from statusgen.i18n import Language
from statusgen.render.labels import OVERALL_WORDS


def page_script_strings(lang: Language) -> dict[str, str]:
    return {
        # "5 minutes ago, at " before a time: {ago} is Intl.RelativeTimeFormat's "5 minutes ago".
        "posted": lang.gettext("{ago}, at "),
        "at": lang.gettext("at "),
        # {span} is a duration the browser writes: "12 min", "2 hr 5 min".
        "age": lang.gettext(" (this page is {span} old)"),
        "overdue": lang.gettext(" (overdue by {span})"),
        "underMinute": lang.gettext("less than a minute"),
        "updated": lang.gettext("Page updated"),
        "updatedStatus": lang.gettext("Page updated: {status}."),
        "scheme": lang.gettext("Switch colour scheme"),
    }


def widget_strings(lang: Language) -> dict[str, str]:
    """The overall statuses the JSON gives in English, as the widget shows them."""
    words = {description: lang.gettext(description) for description in OVERALL_WORDS}
    return {"lang": lang.tag, "dir": lang.direction, "status": lang.gettext("Status"), **words}
