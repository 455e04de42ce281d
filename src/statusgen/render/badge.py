"""The overall status as a badge: `badge.svg`, and `badge.json` for shields.io's endpoint badge.

The SVG is readable without sight (`role="img"`, an `aria-label` and a `<title>` carry the
whole text) and its colours keep a contrast of at least 4.5:1 with their text (WCAG AA).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from string import ascii_lowercase
from typing import TYPE_CHECKING

from statusgen.i18n import N_, language_for
from statusgen.status.timeline import overall_status

from . import urls
from .labels import overall_text
from .publishing import encode_json, status_indicator

if TYPE_CHECKING:
    from statusgen.content.site import Content

LABEL = N_("status")
LABEL_BACKGROUND = "#555"
# indicator → (background, text colour); the shields.io endpoint gets the same background.
COLOURS = {
    "none": ("#2e7d32", "#fff"),
    "minor": ("#f9c513", "#1b1b1b"),
    "major": ("#c2410c", "#fff"),
    "critical": ("#b71c1c", "#fff"),
    "maintenance": ("#1565c0", "#fff"),
}
FONT = "Verdana,Geneva,DejaVu Sans,sans-serif"
PADDING = 6
# Approximate advance widths of Verdana at 11px, a to z; `textLength` makes any font fit them.
_LOWERCASE = "6.6 6.8 5.7 6.8 6.5 3.8 6.8 6.9 3.0 3.8 6.5 3.0 10.6 6.9 6.6 6.8 6.8 4.7 5.7 4.3"
_LOWERCASE += " 6.9 6.5 8.9 6.5 6.5 5.6"
_WIDTHS = {" ": 3.5} | dict(zip(ascii_lowercase, map(float, _LOWERCASE.split()), strict=True))
_UPPER_WIDTH = 7.6
_OTHER_WIDTH = 7.0


def badge_files(content: Content, now: datetime) -> dict[str, bytes]:
    """`badge.svg` and `badge.json` (shields.io endpoint format) for the status at `now`."""
    overall = overall_status(content.config.component_ids, content.incidents, now)
    indicator = status_indicator(overall)
    background, _ = COLOURS[indicator]
    lang = language_for(content.config.language)
    label = lang.gettext(LABEL)
    message = overall_text(overall.description, lang)
    endpoint = {
        "schemaVersion": 1,
        "label": label,
        "message": message,
        "color": background.lstrip("#"),
    }
    return {
        urls.BADGE_SVG: badge_svg(label, message, indicator).encode("utf-8"),
        urls.BADGE_JSON: encode_json(endpoint),
    }


def text_width(text: str) -> float:
    return round(sum(_char_width(char) for char in text), 1)


def _char_width(char: str) -> float:
    if char in _WIDTHS:
        return _WIDTHS[char]
    return _UPPER_WIDTH if char.isupper() else _OTHER_WIDTH


def badge_svg(label: str, message: str, indicator: str) -> str:
    """A flat two-part badge: grey label, coloured message."""
    background, foreground = COLOURS[indicator]
    label_text, message_text = text_width(label), text_width(message)
    left = round(label_text + 2 * PADDING)
    right = round(message_text + 2 * PADDING)
    width = left + right
    title = escape(f"{label}: {message}")
    return f"""\
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" \
viewBox="0 0 {width} 20" role="img" aria-label="{title}">
  <title>{title}</title>
  <linearGradient id="sheen" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <clipPath id="round">
    <rect width="{width}" height="20" rx="3" fill="#fff"/>
  </clipPath>
  <g clip-path="url(#round)">
    <rect width="{left}" height="20" fill="{LABEL_BACKGROUND}"/>
    <rect x="{left}" width="{right}" height="20" fill="{background}"/>
    <rect width="{width}" height="20" fill="url(#sheen)"/>
  </g>
  <g text-anchor="middle" font-family="{FONT}" font-size="11" aria-hidden="true">
    <text x="{left / 2}" y="14" fill="#fff" textLength="{label_text}">{escape(label)}</text>
    <text x="{left + right / 2}" y="14" fill="{foreground}" \
textLength="{message_text}">{escape(message)}</text>
  </g>
</svg>
"""
