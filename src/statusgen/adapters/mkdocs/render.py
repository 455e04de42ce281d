"""Running mkdocs: a build from content already validated, and the settings of a preview.

`MkdocsRenderer` is the renderer `statusgen build` uses (see `statusgen.build.renderer`):
it loads mkdocs.yml, hands the validated content to the plugin instance mkdocs loaded and
builds. Everything that knows mkdocs' logger or its commands is here.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from statusgen.build.renderer import RenderJob
from statusgen.build.unchanged_files import UnchangedFiles
from statusgen.characters import printable
from statusgen.errors import RenderError

from .page_files import ShellChanged
from .plugin import Handoff, Preview, Replacing, StatusgenPlugin

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@contextmanager
def source_date(now: datetime) -> Iterator[None]:
    """mkdocs dates the sitemap (and its gzip header) from SOURCE_DATE_EPOCH."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class MkdocsRenderer:
    """Builds the site with mkdocs from content `statusgen build` has validated.

    `echo_messages` shows mkdocs' warnings on stderr the way mkdocs' own command does.
    """

    def __init__(self, *, echo_messages: bool = False) -> None:
        self.echo_messages = echo_messages

    def render(self, job: RenderJob) -> None:
        """Build the whole site into `job.site_dir`; raises `RenderError` when mkdocs fails.

        With `job.strict`, mkdocs' own warnings (a broken link in a hand-written page) fail
        the build.
        """
        from mkdocs.exceptions import MkDocsException

        errors = _ErrorLog()
        with _mkdocs_log(errors, logging.WARNING if self.echo_messages else None):
            try:
                try:
                    self._build(job, shortcuts=True)
                except ShellChanged:
                    # A page linked or filled past mkdocs would not be what mkdocs renders:
                    # made again, with every page rendered by mkdocs.
                    errors.messages.clear()
                    self._build(job, shortcuts=False)
            except (MkDocsException, OSError) as exc:
                raise RenderError("; ".join([*errors.messages, str(exc)])) from exc

    def _build(self, job: RenderJob, *, shortcuts: bool) -> None:
        """One build; `shortcuts` lets pages pass mkdocs' rendering, linked from the
        previous site or filled into their kind's shell."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        with source_date(job.now):
            config = load_config(
                str(job.config_file),
                site_dir=str(job.site_dir),
                site_url=job.site_url or None,
                strict=job.strict or None,
            )
            plugin = plugin_of(config)
            # mkdocs keeps one plugin instance per process (for serve's rebuilds): the
            # handoff must not outlive this build.
            replacing = Replacing(job.previous_site, link_pages=shortcuts, spare=job.spare_site)
            plugin.handoff = Handoff(
                job.content,
                job.now,
                job.cache,
                replacing=replacing,
                fill_pages=shortcuts,
                outputs=job.outputs,
            )
            if job.previous_site is not None:
                plugin.unchanged = UnchangedFiles(job.previous_site, job.site_dir)
            try:
                build(config)
            finally:
                plugin.handoff = plugin.unchanged = None
                plugin.forget_build()


def plugin_of(config: MkDocsConfig) -> StatusgenPlugin:
    """The statusgen plugin instance mkdocs loaded with `config`."""
    for plugin in config.plugins.values():
        if isinstance(plugin, StatusgenPlugin):
            return plugin
    # check_site refuses a mkdocs.yml without the plugin, so this is a bug, not a user error.
    raise AssertionError("mkdocs.yml lists no statusgen plugin")


class _ErrorLog(logging.Handler):
    """Keeps mkdocs' error messages, which say more than the exception that follows them."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _PrintableFormatter(logging.Formatter):
    """mkdocs' messages quote file names and content: shown with control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record), keep_newlines=True)


@contextmanager
def _mkdocs_log(errors: logging.Handler, echo_level: int | None) -> Iterator[None]:
    """Collect mkdocs' errors and, at `echo_level`, print its messages as mkdocs does."""
    logger = logging.getLogger("mkdocs")
    handlers = [errors]
    if echo_level is not None:
        echo = logging.StreamHandler()
        echo.setFormatter(_PrintableFormatter("%(levelname)-7s -  %(message)s"))
        echo.setLevel(echo_level)
        handlers.append(echo)
        if logger.getEffectiveLevel() > echo_level:
            logger.setLevel(echo_level)
    for handler in handlers:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for handler in handlers:
            logger.removeHandler(handler)


def showing_messages(level: int) -> contextlib.AbstractContextManager[None]:
    """mkdocs' messages at `level` and above on stderr, as mkdocs' command shows them (escaped)."""
    return _mkdocs_log(_ErrorLog(), level)


@contextmanager
def previewing(preview: Preview) -> Iterator[None]:
    """The settings every build by the plugin uses while the block runs (a live preview)."""
    previous = StatusgenPlugin.preview
    StatusgenPlugin.preview = preview
    try:
        yield
    finally:
        StatusgenPlugin.preview = previous
