"""A build keeps the garbage collector off its long-lived data only while it runs.

Library users and long test runs build many times in one process: after any build, passed
or failed, the collector must run as before and see every object again, or each build's
leftovers would never be collected.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from statusgen import heap
from statusgen.build.pipeline import build
from statusgen.errors import RenderError

from .conftest import GOOD_INCIDENT, NOW, SiteFactory


def test_after_a_build_the_collector_runs_and_sees_everything(
    site: SiteFactory, tmp_path: Path
) -> None:
    site.incident("2026-11-20-good.md", GOOD_INCIDENT)
    for run in range(2):  # the second build finds the first one's caches
        assert build(site.config_file, NOW, site_dir=tmp_path / "out").built
        assert gc.isenabled() and gc.get_freeze_count() == 0, run


def test_after_invalid_content_the_collector_is_as_before(
    site: SiteFactory, tmp_path: Path
) -> None:
    site.incident("2026-11-20-bad.md", "---\ntitle: [unclosed\n---\n")
    assert not build(site.config_file, NOW, site_dir=tmp_path / "out").built
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_failed_render_hands_everything_back(site: SiteFactory, tmp_path: Path) -> None:
    class Failing:
        def render(self, job: object) -> None:
            assert gc.get_freeze_count() > 0  # the content was kept out while rendering
            raise RenderError("the theme broke")

    site.incident("2026-11-20-good.md", GOOD_INCIDENT)
    with pytest.raises(RenderError):
        build(site.config_file, NOW, site_dir=tmp_path / "out", renderer=Failing())
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_paused_collector_resumes_after_an_error() -> None:
    with pytest.raises(ValueError), heap.collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_after_a_build_mkdocs_holds_none_of_its_pages(site: SiteFactory, tmp_path: Path) -> None:
    # mkdocs keeps its plugins for the life of the process (for `mkdocs serve`), so a plugin
    # that kept its last build would keep every page, file and the theme with it.
    from mkdocs.structure.pages import Page

    site.incident("2026-11-20-good.md", GOOD_INCIDENT)
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    gc.collect()
    kept = [
        page
        for page in gc.get_objects()
        if isinstance(page, Page) and str(tmp_path) in (page.file.abs_dest_path or "")
    ]
    assert kept == []
