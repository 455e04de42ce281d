"""Markdown → HTML for incident and postmortem text, safe by default.

Incident text arrives through pull requests. Unless the config allows it, raw HTML is shown
as text; either way the rendered HTML then goes through the allow-list sanitiser, which also
removes what `attr_list` lets an author add (event handlers, `style`), links with other
schemes than web and mail, and fetches from hosts the config does not allow.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

import markdown
from markdown.extensions import Extension

from .linear_markdown import extra_extensions
from .plain_paragraphs import plain_paragraphs
from .sanitise import Policy, sanitise

# Alignment as `align` attributes: a `style` attribute would be removed by the sanitiser
# (and refused by the page's Content-Security-Policy).
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


class _EscapeHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


@lru_cache(maxsize=2)
def _converter(allow_html: bool) -> markdown.Markdown:
    # Fresh extension objects for each converter: footnotes keep per-document state.
    extensions: list[str | Extension] = [*extra_extensions(), "sane_lists"]
    if not allow_html:
        extensions.append(_EscapeHtml())
    return markdown.Markdown(
        extensions=extensions, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )


def render_markdown(
    text: str, *, allow_html: bool = False, allowed_hosts: Iterable[str] | None = ()
) -> str:
    """Sanitised HTML for `text`; raw HTML is escaped unless `allow_html`.

    Images and other fetches may only come from this site or `allowed_hosts`; `None` keeps
    every host (for validation, which reports them). Feeds, pages and summaries render the
    same update many times (a site-wide feed and one per component, in two formats): the
    result is kept, so each text renders once.
    """
    hosts = None if allowed_hosts is None else tuple(sorted(set(allowed_hosts)))
    return _render(text, allow_html, hosts)


@lru_cache(maxsize=512)
def _render(text: str, allow_html: bool, allowed_hosts: tuple[str, ...] | None) -> str:
    return plain_paragraphs(text) or full_render(text, allow_html, allowed_hosts)


def full_render(text: str, allow_html: bool, allowed_hosts: tuple[str, ...] | None) -> str:
    """Python-Markdown, then the sanitiser: what every text would go through."""
    converter = _converter(allow_html)
    try:
        rendered = converter.convert(text).strip()
    finally:
        converter.reset()
    policy = Policy.HTML if allow_html else Policy.MARKDOWN
    return sanitise(rendered, policy, allowed_hosts).strip()


def plain_text(text: str, limit: int | None = None) -> str:
    """Markdown reduced to one line of plain text (for summaries and terminal output)."""
    flat = re.sub(r"<[^>]+>", "", render_markdown(text))
    flat = re.sub(r"\s+", " ", html.unescape(flat)).strip()
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat
