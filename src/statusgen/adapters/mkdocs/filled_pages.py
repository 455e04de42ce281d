"""Generated pages filled into their kind's shell by statusgen, past mkdocs' page loop.

`page_shell` renders the theme's shell once per kind of page and fills each page's texts
into it, but mkdocs still made a `Page` of each of 5,000 incident pages, read its empty
placeholder, ran every page event and built a template context for it. Where statusgen's
is the only plugin and the site overrides no template:

- two pages of each kind go through mkdocs as before: the first is rendered in full, the
  second makes the kind's shell and is checked against the first (`page_shell`);
- every other page of the kind is a `FilledPage` among mkdocs' files, which mkdocs neither
  reads nor renders. Once mkdocs has built its pages, each is filled into its kind's shell
  and goes through what mkdocs' `on_post_page` does (the page's policy, the record of its
  file, a link to the same file in the site being replaced) before it is written as
  mkdocs writes a page.

A filled page's kind and texts are worked out from its `SitePage`, with the key that
`page_shell` gives a rendered page (`PageShells.kind_of`). For the two pages of a kind that
mkdocs renders, the kind and texts worked out that way must equal those of mkdocs' own
page, or the kind's shell fills nothing. A page whose kind has no shell so checked (a
template that changes a text, a navigation entry that sets one page apart) makes the build
start again with every page rendered by mkdocs (`ShellChanged`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from statusgen.build.file_writes import FileWrites
from statusgen.render.page_context import SitePage

from .page_files import PageFile, ShellChanged, canonical_url, nav_strings, pages_may_pass_mkdocs
from .page_shell import PageFacts, PageShells, nav_state, page_values
from .page_texts import THEME_META
from .placeholders import page_meta

# The pages of a kind mkdocs renders: the first in full, the second to make the shell.
SAMPLES = 2

FeedLinks = Callable[[tuple[tuple[str, str, str], ...]], Any]
# What the plugin does to a page's output before it is written (`on_post_page`): the output
# to write, or "" when the page's file is linked from the previous site instead.
Finish = Callable[[str, SitePage, str], str]


class FilledPage(PageFile):
    """A generated page statusgen fills into its kind's shell once mkdocs has built the
    rest: mkdocs copies nothing for it."""

    def __init__(self, config: MkDocsConfig, generated: File, page: SitePage, built_on: str):
        super().__init__(config, generated, page, built_on)
        self.site_page = page

    def copy_file(self, dirty: bool = False) -> None:
        """Written by `FilledPages.write`: the shell does not exist yet when mkdocs copies
        its static files."""


class FilledPages:
    """Which generated pages a build fills into shells, and the writing of them."""

    def __init__(
        self, config: MkDocsConfig, shells: PageShells, feed_links: FeedLinks, built_on: str
    ) -> None:
        self.shells = shells
        self.feed_links = feed_links
        self.built_on = built_on
        self.site_url = config.site_url
        self.enabled = shells.enabled and pages_may_pass_mkdocs(config)
        self.named_in_nav = set(nav_strings(config.nav))
        self._rendered: dict[str, int] = {}  # a kind: how many of its pages mkdocs renders
        self.samples: set[str] = set()  # the src_uri of each page mkdocs renders as a sample
        self._checked: set[str] = set()  # kinds whose makings matched mkdocs' own page
        self._refused: set[str] = set()  # kinds for which they did not
        self.filled: list[FilledPage] = []

    def file_for(self, config: MkDocsConfig, page: SitePage, generated: File) -> File:
        """`generated`, or a `FilledPage` in its place once two pages of its kind are
        left to mkdocs."""
        # The home page is a kind of its own; a page the navigation names is active in it.
        if not self.enabled or not page.url or generated.src_uri in self.named_in_nav:
            return generated
        # Before mkdocs has a navigation, a kind is told apart without its state.
        kind = self.shells.kind_of(self._facts(page, generated.url, ()))
        if self._rendered.get(kind, 0) < SAMPLES:
            self._rendered[kind] = self._rendered.get(kind, 0) + 1
            self.samples.add(generated.src_uri)
            return generated
        filled = FilledPage(config, generated, page, self.built_on)
        self.filled.append(filled)
        return filled

    def check(self, page: Page, generated: SitePage, nav: Navigation) -> None:
        """A sample page mkdocs has just rendered: do its kind and texts, worked out from
        `generated`, equal those mkdocs' page gave?"""
        real = self.shells.last_key
        if real is None:
            return  # rendered in full: there is no shell to fill others with
        url = page.file.url
        kind = self.shells.kind_of(self._facts(generated, url, nav_state(nav, url)))
        if kind == real and self._values(generated, url) == page_values(page):
            self._checked.add(kind)
        else:
            self._refused.update((kind, real))

    def write(self, nav: Navigation, finish: Finish) -> None:
        """Every filled page, into its kind's shell and onto disk (on a thread of its own,
        while the next pages are filled)."""
        with FileWrites() as writes:
            for file in self.filled:
                page, url = file.site_page, file.url
                kind = self.shells.kind_of(self._facts(page, url, nav_state(nav, url)))
                shell = self.shells.shell(kind) if self._usable(kind) else None
                if shell is None:
                    raise ShellChanged(f"the page {url!r} has no checked shell")
                output = finish(shell.fill(self._values(page, url)), page, file.abs_dest_path)
                if output:  # encoded as mkdocs encodes a page
                    data = output.encode("utf-8", errors="xmlcharrefreplace")
                    writes.write(data, file.abs_dest_path)

    def _usable(self, kind: str) -> bool:
        return kind in self._checked and kind not in self._refused

    def _facts(
        self, page: SitePage, url: str, navigation: tuple[tuple[bool, bool], ...]
    ) -> PageFacts:
        """What `PageShells` reads of the mkdocs page `page` becomes, found without one:
        its meta as the plugin's page events leave it, its texts as the theme prints them."""
        meta = page_meta(page)
        meta["statusgen_feeds"] = self.feed_links(page.feeds)
        meta["statusgen_robots"] = page.robots
        for key in THEME_META:
            value = meta.get(key)
            if isinstance(value, str) and not isinstance(value, Markup):
                meta[key] = escape(value)
        return PageFacts(
            template_name=meta.get("template") or "main.html",
            base_url=get_relative_url(".", url),
            url=url,
            is_homepage=False,
            edit_url=None,  # mkdocs gives generated files none
            canonical_url=canonical_url(self.site_url, url),
            texts=(meta["title"], meta["title"], meta["description"]),
            content=page.html,
            nav_state=navigation,
            meta=meta,
        )

    def _values(self, page: SitePage, url: str) -> tuple[str, ...]:
        """The texts filled into the shell, as `page_shell.page_values` reads them."""
        title = str(escape(page.title))
        description = "" if page.description is None else str(escape(page.description))
        return (title, title, description, canonical_url(self.site_url, url) or "", page.html)
