"""Rendered HTML reduced to an allow-list, so content from a pull request cannot run script.

Every piece of Markdown that reaches a page or a feed goes through `sanitise` after it is
rendered: elements and attributes not on the list are dropped (event handlers, `style`,
`srcdoc`, `autofocus` and whatever else `attr_list` lets an author write), URLs keep only
web and mail schemes (nh3 decodes entities and strips tabs before it looks, so
`&#106;avascript:` and `java&#9;script:` go too), and anything that makes the browser fetch
(`src`, `srcset`, `poster`) may only point at this site or at a host the config allows.
Validation reports those fetches with their line; here they are dropped as a last line of
defence, so a build never makes the page call another host.

Three policies: incident text (what Markdown writes), incident text with `allow_html`
(more elements, never scripts, handlers or other schemes), and the site's hand-written
pages, which may also carry what common Markdown extensions write (tabs, task lists, icons).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from functools import lru_cache

import nh3

from statusgen.content.fetches import (
    FETCH_ATTRIBUTES,
    fetch_host,
    host_allowed,
    is_web_url,
    srcset_urls,
)

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# What Python-Markdown with `extra` writes (footnotes, tables, definition lists, abbreviations).
MARKDOWN_TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("strong", "em", "code", "pre", "blockquote", "a", "img", "abbr", "sup", "div"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
# `allow_html: true` adds inline and block elements that cannot run or fetch anything new.
HTML_TAGS = MARKDOWN_TAGS | {
    *("span", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "kbd", "samp", "var"),
    *("q", "cite", "dfn", "time", "bdi", "bdo", "wbr", "ruby", "rt", "rp"),
    *("details", "summary", "figure", "figcaption", "caption", "colgroup", "col", "tfoot"),
    *("picture", "source", "section", "article", "aside", "header", "footer", "center"),
}
# Hand-written pages: also media, the inputs and labels of task lists and content tabs, and
# inline SVG icons (only shapes: no <use>, <image>, <a>, <foreignObject> or animation).
SVG_TAGS = frozenset(
    {"svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "title"}
)
PAGE_TAGS = HTML_TAGS | SVG_TAGS | {"video", "audio", "track", "input", "label", "nav"}

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
MARKDOWN_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "abbr": frozenset(),
    "ol": frozenset({"start", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "th": frozenset({"align", "colspan", "rowspan", "scope"}),
}
HTML_ATTRIBUTES = MARKDOWN_ATTRIBUTES | {
    "img": MARKDOWN_ATTRIBUTES["img"] | {"srcset", "sizes", "loading"},
    "source": frozenset({"srcset", "sizes", "media", "type"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
}
_SVG_SHAPE = frozenset(
    {"d", "fill", "fill-rule", "clip-rule", "stroke", "stroke-width", "stroke-linecap"}
    | {"stroke-linejoin", "transform", "opacity", "fill-opacity", "stroke-opacity"}
    | {"cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "width", "height"}
    | {"points"}
)
PAGE_ATTRIBUTES = (
    HTML_ATTRIBUTES
    | {
        "source": HTML_ATTRIBUTES["source"] | {"src"},
        "video": frozenset({"src", "poster", "controls", "width", "height", "muted", "loop"}),
        "audio": frozenset({"src", "controls", "muted", "loop"}),
        "track": frozenset({"src", "kind", "srclang", "label", "default"}),
        "input": frozenset({"type", "checked", "disabled", "name"}),
        "label": frozenset({"for"}),
        "div": frozenset({"data-tabs"}),  # Material finds content tabs by it
        "svg": frozenset({"viewBox", "width", "height", "fill", "xmlns", "aria-hidden", "role"}),
    }
    | {tag: _SVG_SHAPE for tag in SVG_TAGS - {"svg", "title"}}
)

# Ids and classes the theme and statusgen's own pages use: content must not clobber them
# (Material reads its settings from `#__config` and wires its toggles by `__` ids) nor
# dress up as the page's own banners. `__tabbed_` ids are what content tabs are made of.
RESERVED_PREFIXES = ("__", "sg-", "md-")
PAGE_RESERVED_PREFIXES = ("sg-",)
PAGE_ALLOWED_IDS = ("__tabbed_",)
_ID = re.compile(r"\w[\w:.-]*\Z")
# Characters XML cannot hold (and HTML calls errors): a character reference such as `&#14;`
# decodes to one, which would then break the feed writer. Tab, newline and return stay.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_INPUT_TYPES = frozenset({"checkbox", "radio"})
_TABS = re.compile(r"\d{1,6}:\d{1,6}\Z")


class Policy(Enum):
    """Which allow-list applies: incident text, incident text with HTML, or a site page."""

    MARKDOWN = "markdown"
    HTML = "html"
    PAGE = "page"


_TAGS = {Policy.MARKDOWN: MARKDOWN_TAGS, Policy.HTML: HTML_TAGS, Policy.PAGE: PAGE_TAGS}
_ATTRIBUTES = {
    Policy.MARKDOWN: MARKDOWN_ATTRIBUTES,
    Policy.HTML: HTML_ATTRIBUTES,
    Policy.PAGE: PAGE_ATTRIBUTES,
}


def sanitise(
    html: str, policy: Policy = Policy.MARKDOWN, allowed_hosts: Iterable[str] | None = ()
) -> str:
    """`html` with only what `policy` allows.

    Fetches from hosts outside `allowed_hosts` are dropped; `None` keeps them (validation
    uses that to see, and report, what a page would fetch).
    """
    hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)
    return _NOT_TEXT.sub("", _cleaner(policy, hosts).clean(html))


@lru_cache(maxsize=32)
def _cleaner(policy: Policy, hosts: frozenset[str] | None) -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in _ATTRIBUTES[policy].items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(_TAGS[policy]),
        attributes=attributes,
        attribute_filter=_attribute_filter(policy, hosts),
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _attribute_filter(
    policy: Policy, hosts: frozenset[str] | None
) -> Callable[[str, str, str], str | None]:
    reserved = PAGE_RESERVED_PREFIXES if policy is Policy.PAGE else RESERVED_PREFIXES

    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute == "id" or (attribute in ("for", "name") and policy is Policy.PAGE):
            return _identifier(value, reserved, policy)
        if attribute == "class":
            kept = [c for c in value.split() if not c.startswith(reserved)]
            return " ".join(kept) or None
        if element == "input" and attribute == "type":
            return value if value.lower() in _INPUT_TYPES else None
        if attribute == "data-tabs":
            return value if _TABS.match(value) else None
        if attribute in FETCH_ATTRIBUTES.get(element, ()):
            return _fetch(attribute, value, hosts)
        return value

    return keep


def _identifier(value: str, reserved: tuple[str, ...], policy: Policy) -> str | None:
    if policy is Policy.PAGE and value.startswith(PAGE_ALLOWED_IDS) and _ID.match(value):
        return value
    if not _ID.match(value) or value.startswith(("__", *reserved)):
        return None
    return value


def _fetch(attribute: str, value: str, hosts: frozenset[str] | None) -> str | None:
    """A fetched URL (or every URL of a `srcset`) must be a web URL of an allowed host."""
    urls = srcset_urls(value) if attribute == "srcset" else [value]
    for url in urls:
        if not is_web_url(url):
            return None
        host = fetch_host(url)
        if hosts is not None and host is not None and not host_allowed(host, hosts):
            return None
    return value
