"""The one place that knows mkdocs: a plugin that adds statusgen's pages to a mkdocs build.

mkdocs-material announces its end of life for May 2027, so everything mkdocs-specific stays
here. The pages themselves come from `site_pages` as finished HTML fragments; this adapter
only registers them as virtual files, puts them into the theme, keeps the navigation short,
and writes the static outputs (feeds, JSON) after the build.

Plain `mkdocs build` and `mkdocs serve` work too: the plugin validates the content itself
when `statusgen build` has not handed it over already.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from statusgen.build.reused_folders import folders_of, reuse_folders
from statusgen.build.site_dir import MARKER, MARKER_TEXT, check_site_dir
from statusgen.build.unchanged_files import UnchangedFiles
from statusgen.clock import build_time
from statusgen.content.settings import StatusgenConfig
from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.errors import SiteDirRefused, ThemeScriptError
from statusgen.i18n import language_for
from statusgen.parallel import available_cores
from statusgen.render import urls
from statusgen.render.csp import content_security_policy, with_policy
from statusgen.render.page_cache import PageCache
from statusgen.render.page_context import SitePage
from statusgen.render.pages import site_pages
from statusgen.render.sanitise import Policy, sanitise

from .compact_templates import CompactTemplates
from .filled_pages import FilledPages
from .linked_pages import PageLinks
from .page_files import ShellChanged, sitemap_pages
from .page_shell import PageShells
from .page_texts import LazyAnchors, escape_page_texts, escape_site_texts
from .placeholders import PLACEHOLDER, generated_render, page_meta
from .script_strings import page_script_strings, widget_strings
from .stylesheets import (
    CRITICAL_PATH,
    Stylesheets,
    critical_css,
    critical_style,
    join_stylesheets,
    style_hash,
)
from .theme_assets import unlinked_theme_files
from .theme_config import (
    THEME_DIR,
    add_theme_dir,
    palettes,
    theme_language_tag,
    theme_stylesheets,
)
from .theme_scripts import theme_script_files

if TYPE_CHECKING:  # the feeds' and calendar's libraries load only when asked for
    from statusgen.render.outputs_ahead import SiteOutputs

ASSETS = ("assets/statusgen/statusgen.css", "assets/statusgen/statusgen.js")
WIDGET_WORDS = "/* statusgen:words */ {}"
DEFAULT_FAVICON = "assets/statusgen/favicon.svg"
# Material's own default favicon (its book logo): replaced by statusgen's unless the site sets one.
MATERIAL_FAVICON = "assets/images/favicon.png"


# Accepts statusgen's keys as they are; pydantic validates them, with lines, in `check_site`.
_PluginOptions = type(
    "_PluginOptions",
    (base.Config,),
    {name: c.Optional(c.Type(object)) for name in StatusgenConfig.model_fields},
)


@dataclass(frozen=True)
class Handoff:
    """Content already validated by `statusgen build`, so the plugin need not read it again."""

    content: Content
    now: datetime
    cache: PageCache | None = None
    drafts: bool = False  # a live preview's: draft incidents and postmortems shown, marked
    # Processes rendering pages; None: every core (`statusgen build`). A preview renders in
    # a server's threads, which a forked worker must not inherit: 1.
    workers: int | None = None
    # `statusgen build`'s: the files written for the cache's pages are recorded in `cache`,
    # and those the site being replaced has already are linked from it (`linked_pages`).
    replacing: Replacing | None = None
    # `statusgen build`'s: pages of a kind with a shell are filled in by statusgen, not
    # rendered by mkdocs (`filled_pages`).
    fill_pages: bool = False
    # `statusgen build`'s: the reliability report and the feeds and JSON, perhaps worked
    # out by another process meanwhile (`outputs_ahead`); None: worked out here.
    outputs: SiteOutputs | None = None


@dataclass(frozen=True)
class Replacing:
    """The site a build replaces (None: it writes a new folder), and whether pages may be
    linked from it without being rendered."""

    previous: Path | None
    link_pages: bool = True
    # An older site whose folders the new one takes over (`build.reused_folders`).
    spare: Path | None = None


@dataclass(frozen=True)
class Built:
    """What a finished build used, which a live preview re-renders single pages with."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any


@dataclass(frozen=True)
class Preview:
    """How a build the plugin validates itself describes the site (`mkdocs build`, a preview).

    `now` None reads SOURCE_DATE_EPOCH, else the clock, at each rebuild; `drafts` shows
    unpublished postmortems, marked, which only a local preview may do.
    """

    now: datetime | None = None
    drafts: bool = False
    cache: PageCache | None = None  # a preview's pages, kept between its rebuilds


class FeedLink(NamedTuple):
    """A `<link rel="alternate">` of a page: its type, title and site-relative address."""

    type: str
    title: str
    href: str


class StatusgenPlugin(BasePlugin[_PluginOptions]):  # type: ignore[valid-type,no-untyped-call]
    # mkdocs serve loads a fresh config, and with it this plugin, on each rebuild; the
    # preview's settings therefore live on the class, set only while `previewing` runs.
    # `statusgen serve` hands its settings over instead (see `preview`).
    preview: ClassVar[Preview] = Preview()

    def __init__(self) -> None:
        # Set by the renderer on the instance mkdocs loaded, before the build starts.
        self.handoff: Handoff | None = None
        # Set likewise when the build replaces a site: its pages with the same bytes are linked.
        self.unchanged: UnchangedFiles | None = None
        self.content: Content | None = None
        self.now: datetime | None = None
        self.pages: dict[str, SitePage] = {}
        self.serving = False
        self.policy = ""
        self.styled_policy = ""  # for the pages with the first screen's rules inline
        self.inline_style = critical_style()
        self.stylesheets = Stylesheets(joined="", apart=())
        self.shells: PageShells | None = None
        self.drafts = False
        self.nav: Navigation | None = None
        self.built: Built | None = None
        self.output_paths: frozenset[str] = frozenset()  # the feeds and JSON the build wrote
        self.links: PageLinks | None = None  # `statusgen build`'s, made with its files
        self.filled: FilledPages | None = None  # likewise
        self.files: Files | None = None
        self.outputs: SiteOutputs | None = None  # the handoff's, for this build
        self._feed_link_tuples: dict[tuple[tuple[str, str, str], ...], tuple[FeedLink, ...]] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # `mkdocs serve` injects its live-reload script inline: only its preview allows that.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.built = None
        if self.handoff is not None:
            handoff = self.handoff
        else:
            now = self.preview.now or build_time()
            result = check_site(Path(config.config_file_path), now, site_url=config.site_url)
            if result.content is None:
                raise PluginError("statusgen: invalid content\n" + result.report.format("text"))
            # Plain `mkdocs build` empties its site_dir first: guard it as `statusgen build`
            # does. (`mkdocs serve` builds into a fresh temporary folder, which passes.)
            try:
                check_site_dir(Path(config.site_dir), result.content.config, configured=False)
            except SiteDirRefused as exc:
                raise PluginError(f"statusgen: {exc}") from exc
            # A preview builds in a server's threads, which a forked worker must not inherit.
            handoff = Handoff(
                result.content, now, self.preview.cache, self.preview.drafts, workers=1
            )
        self.use_content(handoff)
        assert self.content is not None
        add_theme_dir(config)
        if self.content.config.options.language:
            # The plugin's `language` wins over the theme's, for Material's words too.
            config.theme["language"] = self.content.config.options.language
        config.extra_css = [ASSETS[0], *[u for u in config.extra_css if u != ASSETS[0]]]
        config.extra_javascript = [
            ASSETS[1],
            *[u for u in config.extra_javascript if str(u) != ASSETS[1]],
        ]
        if config.nav is None:
            config.nav = self._default_nav(config)
        hosts = self.content.config.options.allowed_hosts
        self.policy = content_security_policy(hosts, inline_scripts=self.serving)
        self.styled_policy = content_security_policy(
            hosts, inline_scripts=self.serving, inline_styles=[style_hash(critical_css())]
        )
        escape_site_texts(config)
        self.shells = PageShells(config)
        return config

    def forget_build(self) -> None:
        """Let go of what the last build used (its files, pages, navigation and theme).

        mkdocs keeps the plugin for the life of the process, and with it all of this: a
        site of 20,000 incidents would hold some 70 MiB more while the caches are saved.
        A live preview keeps it (`built`), since it re-renders pages into that build.
        """
        self.built = self.nav = self.shells = None
        self.content = self.now = self.outputs = None
        self.pages = {}
        self.links = self.files = self.filled = None

    def use_content(self, handoff: Handoff) -> None:
        """The content and moment the pages describe: `self.pages` made anew (the cache's
        pages reused)."""
        self.content, self.now, self.drafts = handoff.content, handoff.now, handoff.drafts
        self.outputs = handoff.outputs
        # A preview shows draft incidents on pages only; feeds and JSON stay as published.
        shown = self.content.with_drafts() if self.drafts else self.content
        pages = site_pages(
            shown,
            self.now,
            include_drafts=self.drafts,
            cache=handoff.cache or PageCache(),
            workers=handoff.workers or available_cores(),
            # The handoff's report is of the published content, as the pages' is without drafts.
            report=self.outputs.report if self.outputs is not None and not self.drafts else None,
            keys=self.outputs.page_keys if self.outputs is not None and not self.drafts else None,
        )
        self.pages = {page.src_uri: page for page in pages}

    def _default_nav(self, config: MkDocsConfig) -> list[Any]:
        """Sections only: one entry per incident would make every page megabytes."""
        assert self.content is not None
        _ = language_for(self.content.config.language).gettext
        nav: list[Any] = [
            {_("Status"): "index.md"},
            {_("History"): "history.md"},
            {_("Components"): "components.md"},
        ]
        if "postmortems.md" in self.pages:
            nav.append({_("Postmortems"): "postmortems.md"})
        if "reliability.md" in self.pages:
            nav.append({_("Reliability"): "reliability.md"})
        docs_dir = Path(config.docs_dir)
        if (docs_dir / "about.md").is_file():
            nav.append({_("About"): "about.md"})
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """What statusgen's page shell needs from the configuration, as template globals."""
        assert self.content is not None
        favicon = config.theme.get("favicon") or MATERIAL_FAVICON
        lang = language_for(self.content.config.language)
        # The page shell's own words come from statusgen's catalogs, like the pages'.
        env.add_extension("jinja2.ext.i18n")
        env.add_extension(CompactTemplates)
        env.install_gettext_translations(lang.translations, newstyle=True)
        env.globals.update(
            statusgen_lang=lang.tag,
            # The tag as configured (pt-BR), which Material's language files shorten (pt).
            statusgen_page_lang=theme_language_tag(config),
            statusgen_script_strings=page_script_strings(lang),
            statusgen_dir=lang.direction,
            statusgen_critical_css=critical_css(),
            statusgen_stylesheet=self.stylesheets.joined,
            statusgen_stylesheets_apart=list(self.stylesheets.apart),
            statusgen_favicon=DEFAULT_FAVICON if favicon == MATERIAL_FAVICON else favicon,
            statusgen_palettes=palettes(config, lang.gettext("Switch colour scheme")),
            statusgen_footer_links=[
                link.model_dump() for link in self.content.config.options.footer_links
            ],
        )
        assert self.shells is not None and self.nav is not None
        self.shells.env = env
        self.built = Built(config, files, self.nav, env)
        return env

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.links = self._page_links(config)
        self.filled = self._filled_pages(config)
        self.files = files
        for src_uri, page in self.pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None and not existing.generated_by:
                raise PluginError(
                    f"statusgen: {config.docs_dir}/{src_uri} and the generated page "
                    f"'{page.url or '/'}' would both be written: rename or remove the file"
                )
            # Reached through the sections of the nav, not listed in it one by one: mkdocs
            # need not report each as missing from the nav.
            generated = File.generated(
                config, src_uri, content=PLACEHOLDER, inclusion=InclusionLevel.NOT_IN_NAV
            )
            file = generated if self.links is None else self.links.file_for(config, page, generated)
            if file is generated and self.filled is not None:
                file = self.filled.file_for(config, page, generated)
            files.append(file)
        # Feeds and JSON join the build as files, so links to them validate and
        # `mkdocs serve` serves them too.
        assert self.content is not None and self.now is not None
        if self.outputs is not None:
            outputs = self.outputs.files()
        else:
            outputs = static_outputs(self.content, self.now)
        self.output_paths = frozenset(outputs)
        for path, data in sorted(outputs.items()):
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"statusgen: {config.docs_dir}/{path} would hide a generated file"
                )
            files.append(File.generated(config, path, content=data))
        self._localise_widget(files, config)
        try:
            scripts = theme_script_files()
        except ThemeScriptError as exc:
            raise PluginError(f"statusgen: {exc}") from exc
        for path, data in scripts.items():
            files.append(File.generated(config, path, content=data))
        # The marker tells the next build this folder is a site it may replace. mkdocs
        # leaves out dot files unless told to include them.
        existing = files.get_file_from_path(MARKER)
        if existing is not None:
            files.remove(existing)
        files.append(
            File.generated(config, MARKER, content=MARKER_TEXT, inclusion=InclusionLevel.INCLUDED)
        )
        stylesheets = [*theme_stylesheets(config), *map(str, config.extra_css)]
        self.stylesheets, joined = join_stylesheets(config, files, stylesheets)
        files.append(joined)
        inlined = files.get_file_from_path(CRITICAL_PATH)
        if inlined is not None:  # joined, and inline on the home page
            files.remove(inlined)
        for unlinked in unlinked_theme_files(config, files):
            files.remove(unlinked)
        self._reuse_spare_folders(files, config)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta = page_meta(generated)
            # The page is finished HTML: mkdocs' Markdown pass over its placeholder (a new
            # Markdown instance with every extension, per page) would produce nothing.
            page.render = generated_render(page)  # type: ignore[method-assign,assignment]
        return markdown

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        page.meta["statusgen_feeds"] = self._feed_links(
            generated.feeds if generated else self._site_feeds()
        )
        escape_page_texts(page)
        if generated:
            page.meta["statusgen_robots"] = generated.robots
            # mkdocs took the anchors from the placeholder; links to the page's headings
            # (components.md#how-availability-is-computed) are checked against the real ones.
            page.present_anchor_ids = LazyAnchors(generated.html)
            assert self.shells is not None
            self.shells.defer(page)
            return generated.html
        # Hand-written pages come through pull requests too, rendered by mkdocs with raw
        # HTML and the site's extensions: they get the allow-list for pages.
        assert self.content is not None
        return sanitise(html, Policy.PAGE, self.content.config.fetch_hosts)

    def _reuse_spare_folders(self, files: Files, config: MkDocsConfig) -> None:
        """The spare site's folders become this build's, with the files of linked pages
        already in place: before mkdocs writes anything into the site, when every file
        of the build is known."""
        replacing = self.handoff.replacing if self.handoff is not None else None
        if replacing is None or replacing.spare is None:
            return
        linked = self.links.linked if self.links is not None else []
        keep = {page.dest_uri: page.old.identity for page in linked}
        folders = folders_of(file.dest_uri for file in files)
        in_place = reuse_folders(replacing.spare, Path(config.site_dir), keep, folders)
        for page in linked:
            page.in_place = page.dest_uri in in_place

    def _page_links(self, config: MkDocsConfig) -> PageLinks | None:
        handoff = self.handoff
        if handoff is None or handoff.replacing is None or handoff.cache is None:
            return None
        replacing = handoff.replacing
        return PageLinks(
            config, handoff.cache, replacing.previous if replacing.link_pages else None
        )

    def _filled_pages(self, config: MkDocsConfig) -> FilledPages | None:
        if self.handoff is None or not self.handoff.fill_pages or self.shells is None:
            return None
        return FilledPages(config, self.shells, self._feed_links, get_build_date())

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        if template_name == "sitemap.xml" and self.files is not None:
            context["pages"] = sitemap_pages(list(context["pages"]), self.files)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.filled is not None:
            assert self.nav is not None
            self.filled.write(self.nav, self._finished)
        if self.links is not None and self.links.failed:
            raise ShellChanged("a page checked against the previous site differs from its file")

    def _feed_links(self, feeds: tuple[tuple[str, str, str], ...]) -> tuple[FeedLink, ...]:
        """The page's feed links for the theme: one tuple for all pages with the same feeds
        (every incident page has the site's), immutable, so sharing it is safe."""
        return self._feed_link_tuples.setdefault(feeds, tuple(FeedLink(*feed) for feed in feeds))

    def _localise_widget(self, files: Files, config: MkDocsConfig) -> None:
        """widget.js with the site's words filled in, instead of the theme's copy."""
        assert self.content is not None
        existing = files.get_file_from_path(urls.WIDGET)
        if existing is not None:
            source_path = Path(existing.abs_src_path or "")
            if not source_path.is_relative_to(THEME_DIR):
                raise PluginError(
                    f"statusgen: {config.docs_dir}/{urls.WIDGET} would hide the generated widget"
                )
            files.remove(existing)
        source = (THEME_DIR / urls.WIDGET).read_text("utf-8")
        words = json.dumps(
            widget_strings(language_for(self.content.config.language)),
            ensure_ascii=True,
            sort_keys=True,
        )
        script = source.replace(WIDGET_WORDS, words, 1)
        files.append(File.generated(config, urls.WIDGET, content=script))

    def _site_feeds(self) -> tuple[tuple[str, str, str], ...]:
        assert self.content is not None
        return urls.feeds(lang=language_for(self.content.config.language))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Section and link titles from mkdocs.yml are text; the theme prints them as HTML."""
        pending: list[Any] = list(nav.items)
        while pending:
            item = pending.pop()
            if isinstance(item, Section | Link) and isinstance(item.title, str):
                item.title = escape(item.title)
            pending.extend(getattr(item, "children", None) or [])
        self.nav = nav
        return nav

    @event_priority(-100)  # after every other plugin's changes to the context
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if self.shells is not None:
            self.shells.render_deferred(context, page)
        src_uri = page.file.src_uri
        if self.filled is not None and src_uri in self.filled.samples:
            self.filled.check(page, self.pages[src_uri], nav)
        return context

    @event_priority(-100)  # last: the page as every plugin leaves it is what gets compared
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._finished(output, self.pages.get(page.file.src_uri), page.file.abs_dest_path)

    def _finished(self, output: str, generated: SitePage | None, dest_path: str) -> str:
        """A page's output as it is written to `dest_path`: "" when it is not written,
        being linked from the site being replaced."""
        output = with_policy(output, self._policy_for(output))
        if self.unchanged is None and self.links is None:
            return output
        # Encoded as mkdocs encodes a page. Given nothing, mkdocs writes nothing (it notes
        # "Page skipped" at the info level, which `statusgen build` does not show).
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        if self.links is not None and generated is not None:
            self.links.wrote(generated.url, data)
        if self.unchanged is not None and self.unchanged.link_if_same(dest_path, data):
            return ""
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name.endswith(".html"):
            return with_policy(output_content, self._policy_for(output_content))
        return output_content

    def _policy_for(self, output: str) -> str:
        """The policy allows the first screen's inline rules on the pages that have them."""
        return self.styled_policy if self.inline_style in output else self.policy

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.content is not None
        for folder in (self.content.config.incidents_dir, self.content.config.postmortems_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def static_outputs(content: Content, now: datetime) -> dict[str, bytes]:
    """Feeds, JSON and other non-page files."""
    from statusgen.render.outputs import static_outputs as collect

    return collect(content, now)
