"""Incident files checked and pages rendered by forked workers: the same results, in the same
order, as by one process."""

from __future__ import annotations

import os
import time

import pytest

from statusgen.content.validate import check_site
from statusgen.parallel import MIN_PAGES_PER_WORKER, render_all
from statusgen.render.page_context import ListedEntry, Site
from statusgen.render.pages import site_pages

from .conftest import CONFIG, NOW, SiteFactory


def _slow_square(n: int) -> tuple[int, int, int]:
    time.sleep(0.002)  # long enough that every worker gets some of the work
    return n, n * n, os.getpid()


def test_results_come_back_in_order_from_several_processes() -> None:
    count = 2 * MIN_PAGES_PER_WORKER
    results = render_all(_slow_square, list(range(count)), workers=2)
    assert [(n, square) for n, square, _ in results] == [(n, n * n) for n in range(count)]
    pids = {pid for *_, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_few_items_are_rendered_here() -> None:
    results = render_all(_slow_square, [1, 2, 3], workers=2)
    assert {pid for *_, pid in results} == {os.getpid()}


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def fail_on_odd(n: int) -> int:
        if n == 301:
            raise ValueError("page 301 failed")
        return n

    with pytest.raises(ValueError, match="page 301"):
        render_all(fail_on_odd, list(range(2 * MIN_PAGES_PER_WORKER)), workers=2)


def write_incidents(site: SiteFactory) -> None:
    for n in range(2 * MIN_PAGES_PER_WORKER + 10):
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        site.incident(
            f"{day}-item-{n}.md",
            "---\n"
            f"title: Item {n} with **{n % 7}** words\nimpact: minor\ncomponents:\n"
            "  api: partial_outage\npostmortem: not-required\npostmortem_reason: A test.\n"
            f"updates:\n  - at: {day}T10:{n % 60:02d}:00Z\n    status: resolved\n"
            f"    body: Fixed *number* {n}.\n"
            f"  - at: {day}T09:00:00Z\n    status: investigating\n    body: Looking at {n}.\n"
            "---\n",
        )


def test_site_pages_by_two_workers_equal_those_by_one(site: SiteFactory) -> None:
    write_incidents(site)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    alone = site_pages(content, NOW, workers=1)
    shared = site_pages(content, NOW, workers=2)
    assert [p.url for p in shared] == [p.url for p in alone]
    assert shared == alone


def test_validation_by_two_workers_equals_validation_by_one(site: SiteFactory) -> None:
    write_incidents(site)
    site.incident("2025-03-03-broken.md", "---\ntitle: [unclosed\n---\n")
    site.incident("2025-03-04-no-updates.md", "---\ntitle: No updates\nimpact: minor\n---\n")
    site.incident("2025-03-05-item-7.md", "---\ntitle: Duplicate name, other date\n---\n")
    alone = check_site(site.config_file, NOW, workers=1)
    shared = check_site(site.config_file, NOW, workers=2)
    assert alone.report.errors >= 2
    assert shared.report == alone.report
    assert shared.report.format("text") == alone.report.format("text")


def test_a_file_over_the_size_limit_is_reported_not_read(site: SiteFactory) -> None:
    site.config(CONFIG.replace("  - statusgen:\n", "  - statusgen:\n      max_file_kib: 1\n"))
    site.incident("2025-03-03-huge.md", "---\ntitle: Huge\n---\n" + "x" * 4096)
    report = check_site(site.config_file, NOW).report
    (problem,) = [p for p in report.problems if "huge" in str(p)]
    assert "KiB" in str(problem) and "max_file_kib" in str(problem)


def test_the_list_pages_entries_are_rendered_by_the_workers(
    site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build's history and component pages list every incident: their entries are
    rendered ahead by the workers, once each, not one by one here as the pages ask."""
    write_incidents(site)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    here, render = os.getpid(), Site._render_entry
    rendered_here: list[str] = []

    def recording(self: Site, wanted: ListedEntry) -> str:
        if os.getpid() == here:
            rendered_here.append(wanted.page_url)
        return render(self, wanted)

    monkeypatch.setattr(Site, "_render_entry", recording)
    pages = {page.url: page for page in site_pages(content, NOW, workers=2)}
    assert len(rendered_here) < 10  # the home page's few, not the lists' 400 and more
    history = [pages[url].html for url in pages if url.startswith("history/")]
    assert sum(html.count('class="sg-entry ') for html in history) == len(content.incidents)
