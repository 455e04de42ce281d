"""`statusgen build`: validate everything, render into a fresh folder, then swap it in.

Read and validate first, write after: on any problem the report comes back and no file is
touched. Before anything else the site folder itself is judged (`site_dir`): a build never
replaces a folder it did not create. The site is rendered into a folder beside the target
and exchanged with the old one only when rendering succeeded (`site_swap`), so a failed build
leaves the previous site exactly as it was and a reader never finds the folder missing. The
site replaced is kept beside as a spare, whose folders the next build takes over rather than
making them anew (`reused_folders`). The reliability report, feeds and JSON are worked out
by a forked process meanwhile (`outputs_ahead`).
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from statusgen import heap
from statusgen.content import document_cache
from statusgen.content.config_file import load_config
from statusgen.content.document_cache import DocumentCache
from statusgen.content.settings import SiteConfig
from statusgen.content.validate import check_site
from statusgen.parallel import available_cores
from statusgen.problems import Report
from statusgen.render import page_cache

from .renderer import Renderer, RenderJob
from .site_dir import check_site_dir
from .site_swap import create_staging, keep_spare, recover_leftovers, swap_in, take_spare


def default_renderer() -> Renderer:
    """mkdocs with Material, imported only when a site is built (it is slow to import)."""
    from statusgen.adapters.mkdocs.render import MkdocsRenderer

    return MkdocsRenderer()


@dataclass(frozen=True)
class BuildResult:
    report: Report
    site_dir: Path | None = None

    @property
    def built(self) -> bool:
        return self.site_dir is not None


def build(
    config_file: Path,
    now: datetime,
    *,
    site_dir: Path | None = None,
    site_url: str | None = None,
    strict: bool = False,
    renderer: Renderer | None = None,
) -> BuildResult:
    """Build the site as it stands at `now`; returns the report and where the site went.

    Raises `SiteDirError` (nothing touched) when the site folder may not be written, and
    `BuildFailed` when rendering fails (the previous site untouched).
    """
    loaded = load_config(config_file, site_url=site_url)
    if not isinstance(loaded, SiteConfig):
        return BuildResult(check_site(config_file, now, site_url=site_url).report)
    target = check_site_dir(site_dir or loaded.site_dir, loaded, configured=site_dir is None)
    recover_leftovers(target)
    with heap.long_lived() as keep:
        documents = document_cache.load(config_file.parent)
        keep()  # the previous build's findings
        result = check_site(
            config_file, now, site_url=site_url, documents=documents, workers=available_cores()
        )
        if result.content is None or result.report.failed(strict=strict):
            return BuildResult(result.report)
        from statusgen.render.outputs_ahead import SiteOutputs, worth_forking  # a build's only

        # Forked now, so that the mkdocs setup and the pages here overlap its work; with the
        # content kept out of collections, which would copy the fork's pages of it.
        keep()
        with SiteOutputs(result.content, now, beside=worth_forking(result.content)) as outputs:
            cache = page_cache.load(config_file.parent)
            keep()  # the content and the previous build's pages
            job = RenderJob(
                config_file, result.content, now, target, site_url, strict, cache, outputs=outputs
            )
            _render_and_swap(job, renderer or default_renderer(), cache, documents)
    return BuildResult(result.report, target)


def _render_and_swap(
    job: RenderJob, renderer: Renderer, cache: page_cache.PageCache, documents: DocumentCache
) -> None:
    """Render `job` into a folder beside its site folder, swap that in, keep the caches."""
    target, root = job.site_dir, job.config_file.parent
    staging = create_staging(target)
    spare = take_spare(target)
    previous = target if target.is_dir() else None  # `check_site_dir` found it ours
    try:
        spare_site = spare.path if spare is not None else None
        renderer.render(
            replace(job, site_dir=staging.path, previous_site=previous, spare_site=spare_site)
        )
        swap_in(staging, target)
    except BaseException:
        staging.close()
        raise
    finally:
        if spare is not None:
            spare.close()  # what the render did not take over
    if previous is not None and keep_spare(staging, target):
        staging.release()  # the replaced site, for the next build's folders
        _save_caches(cache, documents, root)
        return
    # The old site is in the staging folder now. Removing thousands of files is mostly the
    # kernel's work, so it runs beside the caches' saving rather than before it.
    removal = threading.Thread(target=staging.close, name="statusgen-remove-old-site")
    removal.start()
    try:
        _save_caches(cache, documents, root)
    finally:
        removal.join()


def _save_caches(cache: page_cache.PageCache, documents: DocumentCache, root: Path) -> None:
    with contextlib.suppress(OSError):  # built; without the cache the next is only slower
        page_cache.save(cache, root)
        document_cache.save(documents, root)
