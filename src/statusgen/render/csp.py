"""The Content-Security-Policy every page carries, as a `<meta http-equiv>` element.

GitHub Pages cannot send headers, so the policy travels in the page. It allows scripts,
styles, fonts and connections from the site alone, images and media also from the hosts the
config allows, and no plugins, frames, foreign forms or `<base>` tricks. Inline scripts and
`style` attributes are refused: the theme's inline scripts are served as files instead. The
one inline `<style>` (the first screen's rules, on the home page) is allowed by the hash of
its text on the pages that carry it, so no other inline style runs.

What a `<meta>` policy cannot do: `frame-ancestors` (framing the page), `report-uri` and
`sandbox` are ignored there; a host that can send headers should add `frame-ancestors 'self'`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)


def content_security_policy(
    allowed_hosts: Iterable[str],
    *,
    inline_scripts: bool = False,
    inline_styles: Iterable[str] = (),
) -> str:
    """The policy text. `inline_scripts` is for `mkdocs serve`, whose live reload is inline;
    `inline_styles` are the hash sources ('sha256-...') of the inline styles allowed."""
    others = " ".join(f"https://{host}" for host in allowed_hosts)
    images = f"'self' data: {others}".strip()
    media = f"'self' {others}".strip()
    scripts = "'self' 'unsafe-inline'" if inline_scripts else "'self'"
    styles = " ".join(["'self'", *inline_styles])
    directives = (
        "default-src 'self'",
        f"script-src {scripts}",
        f"style-src {styles}",
        f"img-src {images}",
        f"media-src {media}",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    )
    return "; ".join(directives)


def with_policy(html: str, policy: str) -> str:
    """`html` with the policy as the first element of its head (after `<meta charset>`).

    A meta policy covers only what comes after it, so nothing may load before it.
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    at = head.end()
    charset = _CHARSET.match(html, at)
    if charset is not None:
        at = charset.end()
    # In a double-quoted attribute a `'` needs no escape: the policy's dozens of quotes stay
    # one byte each on every page.
    content = escape(policy, quote=False).replace('"', "&quot;")
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{content}">'
    return html[:at] + meta + html[at:]
