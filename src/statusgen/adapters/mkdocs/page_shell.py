"""The theme's page shell rendered once per kind of page, then filled in for each page.

Every incident page has the same navigation, depth and metadata layout, so running main.html
and base.html for each of 5,000 pages renders one shell 5,000 times around different titles,
descriptions, canonical URLs and contents. Here the shell of a kind of page is rendered once
with a marker in each of those places and split at the markers; each page of the kind is the
shell's text joined with its own values.

The output stays byte-identical to a full render because:
- a kind is keyed on everything else the templates read of a page (its metadata, folder,
  navigation state, edit link, and what they test of the filled values: emptiness, equality
  with the site's name, a heading in the content);
- the filled texts reach the templates as Markup (or are printed raw), so `| e` leaves a value
  and its marker alike;
- the first page of each kind is also rendered in full and compared: any difference (a
  template that does more with a value than print it) renders that kind in full ever after;
- a site that overrides templates (`theme.custom_dir`) renders every page in full.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, Template
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# What mkdocs renders for a generated page: the page `PageShells` has already rendered.
FILLED_TEMPLATE = "statusgen-filled.html"
# A private-use character no theme text contains: the shell is split where it appears.
_MARK = "\ue000"
# Material prints a heading unless the content has one: the content's marker keeps its "<h1".
_SLOT = re.compile(_MARK + r"sg-slot-(\d)(?:<h1)?" + _MARK)
# The page's own texts, in slot order; the first three are printed as (escaped) Markup.
_TEXTS = ("title", "meta_title", "description", "canonical_url", "content")


class PageFacts(NamedTuple):
    """What the theme reads of a page besides its texts, and the texts (title, meta title,
    description) it tests for emptiness: the makings of the page's kind."""

    template_name: str
    base_url: Any
    url: str
    is_homepage: bool
    edit_url: str | None
    canonical_url: str | None
    texts: tuple[Any, Any, Any]
    content: str
    nav_state: tuple[tuple[bool, bool], ...]
    meta: Mapping[str, Any]


@dataclass(frozen=True)
class _Shell:
    """A rendered shell: its static pieces, and the slot that follows each but the last."""

    pieces: tuple[str, ...]
    slots: tuple[int, ...]

    def fill(self, values: tuple[str, ...]) -> str:
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)


def _digest(output: str) -> bytes:
    return hashlib.sha256(output.encode("utf-8", "surrogatepass")).digest()


def _split(rendered: str) -> _Shell | None:
    parts = _SLOT.split(rendered)
    pieces, slots = tuple(parts[0::2]), tuple(int(slot) for slot in parts[1::2])
    if any(_MARK in piece for piece in pieces):
        return None  # a template changed a marker (`| upper`, a slice): not a plain print
    return _Shell(pieces, slots)


def _page_texts(page: Page) -> tuple[Any, ...]:
    return (
        page.title,
        page.meta.get("title"),
        page.meta.get("description"),
        page.canonical_url,
        page.content,
    )


def page_values(page: Page) -> tuple[str, ...]:
    """The texts a shell is filled with, as the templates print them."""
    return tuple("" if v is None else str(v) for v in _page_texts(page))


def _set_page_texts(page: Page, values: tuple[Any, ...]) -> None:
    page.title, page.canonical_url, page.content = values[0], values[3], values[4]
    for key, value in (("title", values[1]), ("description", values[2])):
        if value is None:
            page.meta.pop(key, None)  # absent, as it was: not a key set to None
        else:
            page.meta[key] = value


@contextmanager
def _marked(page: Page) -> Iterator[None]:
    """The page with a marker in place of each of its own texts, for the block's duration."""
    real = _page_texts(page)
    heading = "<h1" if "<h1" in (page.content or "") else ""
    markers = tuple(
        Markup(f"{_MARK}sg-slot-{i}{heading if _TEXTS[i] == 'content' else ''}{_MARK}")
        for i in range(len(_TEXTS))
    )
    _set_page_texts(page, markers)
    try:
        yield
    finally:
        _set_page_texts(page, real)


def nav_state(nav: Navigation, url: str) -> tuple[tuple[bool, bool], ...]:
    """What the header tests of each navigation entry: is it active, is it above this page."""
    state: list[tuple[bool, bool]] = []
    pending: list[Any] = list(nav.items)
    while pending:
        item = pending.pop()
        target = str(getattr(item, "url", "") or "")
        state.append((bool(item.active), bool(target) and url.startswith(target)))
        pending.extend(getattr(item, "children", None) or [])
    return tuple(state)


def overrides_templates(config: MkDocsConfig) -> bool:
    """Whether the site's own templates (`theme.custom_dir`) take part in rendering pages."""
    custom = config.theme.custom_dir
    return custom is not None and any(Path(custom).rglob("*.html"))


class PageShells:
    """Renders generated pages through a shell per kind of page (see the module's docstring)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.env: Environment | None = None  # the theme's, set `on_env`
        self.enabled = not overrides_templates(config)
        self.site_name = str(config.site_name or "")
        self._shells: dict[str, _Shell | None] = {}
        # The first page of each kind, rendered in full: the check of the kind's shell. Its
        # texts, and a digest of its output: a kind of one page (each history and component
        # page) never needs its shell, and at 20,000 incidents their outputs held 20 MiB.
        self._first: dict[str, tuple[tuple[str, ...], bytes]] = {}
        self._templates: dict[str, str | None] = {}  # src_uri: the template its meta names
        self.last_key: str | None = None  # the kind of the page rendered last (None: in full)

    def defer(self, page: Page) -> None:
        """mkdocs is to print what `render_deferred` renders with the page's own template."""
        self._templates[page.file.src_uri] = page.meta.get("template")
        page.meta["template"] = FILLED_TEMPLATE

    def render_deferred(self, context: dict[str, Any], page: Page) -> None:
        """A deferred page's output, into the context `FILLED_TEMPLATE` prints."""
        self.last_key = None
        if page.meta.get("template") != FILLED_TEMPLATE:
            return
        named = self._templates[page.file.src_uri]
        if named is None:
            del page.meta["template"]
        else:
            page.meta["template"] = named
        assert self.env is not None
        template = self.env.get_template(named or "main.html")
        context["statusgen_page"] = self.render(template, context, page)

    def render(self, template: Template, context: dict[str, Any], page: Page) -> str:
        key = self.last_key = self._kind(template, context, page)
        if key is None:
            return template.render(context)
        values = page_values(page)
        if key in self._shells:
            shell = self._shells[key]
            return template.render(context) if shell is None else shell.fill(values)
        if key not in self._first:  # a kind with one page costs one render, not two
            output = template.render(context)
            self._first[key] = (values, _digest(output))
            return output
        with _marked(page):
            shell = _split(template.render(context))
        first_values, first_digest = self._first.pop(key)
        if shell is not None and _digest(shell.fill(first_values)) != first_digest:
            shell = None
        self._shells[key] = shell
        return template.render(context) if shell is None else shell.fill(values)

    def _kind(self, template: Template, context: dict[str, Any], page: Page) -> str | None:
        """Everything the templates read of the page besides the texts filled in, or None
        when the page is rendered in full (overrides, a table of contents, plain-text texts)."""
        if not self.enabled or len(page.toc) or not isinstance(page.content, str):
            return None
        title, meta_title, description = _page_texts(page)[:3]
        if not all(isinstance(v, Markup | None) for v in (title, meta_title, description)):
            return None
        facts = PageFacts(
            template_name=str(template.name),
            base_url=context.get("base_url"),
            url=page.url,
            is_homepage=page.is_homepage,
            edit_url=page.edit_url,
            canonical_url=page.canonical_url,
            texts=(title, meta_title, description),
            content=page.content,
            nav_state=nav_state(context["nav"], page.url),
            meta=page.meta,
        )
        return self.kind_of(facts)

    def kind_of(self, facts: PageFacts) -> str:
        """The key of a page's kind: pages with the same key have the same shell."""
        title, meta_title = facts.texts[:2]
        key = [
            facts.template_name,
            facts.base_url,
            posixpath.dirname(facts.url.rstrip("/")),
            facts.is_homepage,
            facts.edit_url,
            facts.canonical_url is None,
            [value is None or value == "" for value in facts.texts],
            [str(value) == self.site_name for value in (title, meta_title)],
            "<h1" in facts.content,
            facts.nav_state,
            {k: v for k, v in facts.meta.items() if k not in ("title", "description")},
        ]
        return json.dumps(key, sort_keys=True, default=repr)

    def shell(self, key: str) -> _Shell | None:
        """The kind's shell, made and checked by two of its pages (None: not, or not one)."""
        return self._shells.get(key)
