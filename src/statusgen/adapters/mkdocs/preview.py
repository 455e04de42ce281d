"""`statusgen serve`: one full build into a folder of its own, then updates in the process.

The preview builds the whole site once into a temporary folder it creates, then serves that
folder with mkdocs' live-reload server. A saved incident or postmortem is validated again
(every file: the terminal shows every problem, and the last good site stays served while
any error remains) and only the pages it changed are rendered again (`incremental`). A
change to mkdocs.yml, the docs_dir or the theme overrides, or an edit that adds or removes
pages, builds the site in full.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from statusgen import heap
from statusgen.characters import printable
from statusgen.clock import build_time
from statusgen.content import document_cache
from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.render.page_cache import PageCache

from .incremental import rerender
from .plugin import Handoff, StatusgenPlugin
from .render import plugin_of, showing_messages, source_date

log = logging.getLogger("mkdocs.statusgen")

# How long after a change the files must stay quiet before the site is updated. mkdocs waits
# 0.1 s, a fifth of a preview's update at 1,000 incidents; the system's watcher reports a
# save's events within milliseconds of each other. Were a save to outlast it, the update
# would see the file before or after the save and the save's last event would update again.
SAVE_SETTLE_SECONDS = 0.03

# What a file's state is taken to be: its modification time and size.
_Stamp = tuple[int, int]


def _stamps(paths: list[Path], skip: list[Path]) -> dict[Path, _Stamp]:
    """The files under `paths` (folders or files), except those under `skip`."""
    found: dict[Path, _Stamp] = {}
    for path in paths:
        candidates: Iterator[Path] = path.rglob("*") if path.is_dir() else iter([path])
        for file in candidates:
            if any(file.is_relative_to(folder) for folder in skip):
                continue
            try:
                stat = file.stat()
            except OSError:
                continue
            if not file.is_dir():
                found[file] = (stat.st_mtime_ns, stat.st_size)
    return found


class PreviewSite:
    """A live preview's site in `site_dir`: `build` it in full, `update` it after an edit.

    `now` None reads the clock at each update; `drafts` shows unpublished incidents and
    postmortems, marked.
    """

    def __init__(
        self,
        config_file: Path,
        site_dir: Path,
        *,
        site_url: str,
        now: datetime | None = None,
        drafts: bool = False,
        dev_addr: str | None = None,
    ) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.site_url = site_url
        self.fixed_now = now
        self.drafts = drafts
        self.dev_addr = dev_addr
        self.cache = PageCache()
        # Each file's validation results, kept in memory between updates: an update parses
        # only the files that changed (the first from what the last build kept, if any).
        self.documents = document_cache.load(config_file.parent)
        self.plugin: StatusgenPlugin | None = None
        self._settings: dict[Path, _Stamp] = {}
        # How the last update went: "full" (built in full), "pages" (only the changed pages
        # re-rendered) or "invalid" (nothing written), for the terminal and for tests.
        self.last = ""

    def _dated(self, now: datetime) -> AbstractContextManager[None]:
        # A fixed moment dates the sitemap too, so the preview's files are reproducible.
        return source_date(now) if self.fixed_now is not None else nullcontext()

    def _validated(self) -> tuple[Content, datetime] | None:
        """The content at this moment, or None (every problem shown) when it has errors."""
        now = self.fixed_now or build_time()
        documents = self.documents
        documents.stored, documents.used = documents.used or documents.stored, {}
        result = check_site(self.config_file, now, site_url=self.site_url, documents=documents)
        if result.report.problems:
            sys.stderr.write(printable(result.report.format("text"), keep_newlines=True) + "\n")
        if result.content is None:
            log.error("statusgen: invalid content; still serving the last good site")
            self.last = "invalid"
            return None
        # The previous update's pages are kept, the older ones dropped.
        cache, entries = self.cache, self.cache.entries
        cache.stored, cache.used = cache.used or cache.stored, {}
        entries.stored, entries.used = entries.used or entries.stored, {}
        return result.content, now

    def build(self) -> bool:
        """Build the whole site; False (the folder as it was) when the content has errors."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        validated = self._validated()
        if validated is None:
            return False
        content, now = validated
        heap.release()  # the previous full build's objects: collectable once replaced
        with self._dated(now):
            config = load_config(
                str(self.config_file), site_dir=str(self.site_dir), dev_addr=self.dev_addr
            )
            config.site_url = self.site_url
            config.plugins.on_startup(command="serve", dirty=False)
            plugin = plugin_of(config)
            plugin.handoff = Handoff(content, now, self.cache, self.drafts, workers=1)
            try:
                build(config, serve_url=self.site_url)
            finally:
                plugin.handoff = None
        self.plugin = plugin
        self._settings = self._settings_stamps()
        self.last = "full"
        # The site's files, navigation, theme and caches live until the next full build:
        # left out of collections, an update walks only what it makes (a tenth of its time).
        heap.settle()
        return True

    def update(self) -> bool:
        """Bring the site up to date after an edit: only the changed pages when that is
        enough, else a full build. False when the content has errors (nothing written)."""
        if self.plugin is None or self._settings_stamps() != self._settings:
            return self.build()
        validated = self._validated()
        if validated is None:
            return False
        content, now = validated
        try:
            with self._dated(now):
                if rerender(self.plugin, Handoff(content, now, self.cache, self.drafts, workers=1)):
                    self.last = "pages"
                    log.info("statusgen: re-rendered the changed pages")
                    return True
        except Exception:
            self.plugin = None  # part of the site may be written: the next update builds it all
            raise
        return self.build()

    def refresh(self) -> None:
        """`update`, as the live-reload server calls it after files changed."""
        self.update()

    def watched(self) -> list[Path]:
        """What to watch: the configuration, the docs_dir, theme overrides, the content."""
        return [*self._settings_paths(), *self._content_dirs()]

    def _content_dirs(self) -> list[Path]:
        assert self.plugin is not None and self.plugin.content is not None
        settings = self.plugin.content.config
        return [d for d in (settings.incidents_dir, settings.postmortems_dir) if d.is_dir()]

    def _settings_stamps(self) -> dict[Path, _Stamp]:
        """The state of everything but the content: any change there builds in full."""
        return _stamps(self._settings_paths(), skip=self._content_dirs())

    def _settings_paths(self) -> list[Path]:
        """The configuration, the docs_dir and the theme overrides."""
        assert self.plugin is not None and self.plugin.built is not None
        config = self.plugin.built.config
        paths = [self.config_file, Path(config.docs_dir)]
        if config.theme.custom_dir:
            paths.append(Path(config.theme.custom_dir))
        return paths


def serve_site(
    config_file: Path,
    dev_addr: str | None,
    open_browser: bool,
    *,
    now: datetime | None = None,
    drafts: bool = False,
) -> None:
    """Serve the preview until interrupted, updating it (and reloading browsers) on edits."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    from mkdocs.livereload import LiveReloadServer, _serve_url

    settings = load_config(str(config_file), dev_addr=dev_addr)
    host, port = settings.dev_addr
    mount_path = urlsplit(settings.site_url or "/").path
    site_dir = Path(tempfile.mkdtemp(prefix="statusgen-preview-"))
    try:
        with showing_messages(logging.INFO):
            preview = PreviewSite(
                config_file,
                site_dir,
                site_url=_serve_url(host, port, mount_path),
                now=now,
                drafts=drafts,
                dev_addr=dev_addr,
            )
            if not preview.build():
                raise Abort("statusgen: fix the problems above, then run serve again")
            server = LiveReloadServer(
                builder=preview.refresh,
                host=host,
                port=port,
                root=str(site_dir),
                mount_path=mount_path,
            )
            # Notified by the system rather than polling every half second, so a saved
            # file is picked up at once.
            server.observer = _change_observer()
            server.build_delay = SAVE_SETTLE_SECONDS
            server.error_handler = _error_pages(site_dir)
            for path in preview.watched():
                server.watch(str(path))
            try:
                server.serve(open_in_browser=open_browser)  # type: ignore[no-untyped-call]
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)  # the folder this preview created


def _change_observer() -> Any:
    """The system's file watcher, told only of changes to files.

    mkdocs' server rebuilds on any event it is sent; the system's watcher also reports files
    being opened and read, which each update does to every incident: without the filter one
    update would set off the next, for ever.
    """
    from watchdog.events import (
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
    )
    from watchdog.observers import Observer

    changes = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
    changes.append(FileClosedEvent)  # closed after writing: the end of a save

    class ChangeObserver(Observer):  # type: ignore[misc,valid-type]
        def schedule(self, event_handler: Any, path: Any, **options: Any) -> Any:
            options["event_filter"] = options.get("event_filter") or changes
            return super().schedule(event_handler, path, **options)

    return ChangeObserver()


def _error_pages(site_dir: Path) -> Callable[[int], bytes | None]:
    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        if code in (404, 500) and page.is_file():
            return page.read_bytes()
        return None

    return error_page
