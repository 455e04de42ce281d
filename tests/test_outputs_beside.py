"""The pages' keys, the reliability report, feeds and JSON worked out by a forked process
beside the pages: the same site, byte for byte, as when they are worked out in the build's own
process."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from statusgen.build.pipeline import build
from statusgen.content.validate import check_site
from statusgen.parallel import Beside
from statusgen.reliability.report import reliability_report
from statusgen.render import outputs_ahead, page_context, pages
from statusgen.render.outputs import static_outputs
from statusgen.render.outputs_ahead import SiteOutputs
from statusgen.render.pages import site_pages

from .conftest import CONFIG, NOW, SiteFactory
from .fresh_process import in_a_fresh_process
from .test_parallel_render import write_incidents


def _pid() -> int:
    return os.getpid()


def _results_come_in_order() -> None:
    with Beside([_pid, lambda: "second", _pid], fork=True) as beside:
        assert beside.forked
        first, second, third = beside.result(0), beside.result(1), beside.result(2)
    assert first == third != os.getpid()
    assert second == "second"


def test_results_come_from_the_forked_process_in_order() -> None:
    in_a_fresh_process(_results_come_in_order)


def test_without_a_fork_each_job_runs_here_only_when_asked() -> None:
    ran: list[str] = []

    def job(name: str) -> Callable[[], int]:
        return lambda: ran.append(name) or os.getpid()

    with Beside([job("report"), job("files")], fork=False) as beside:
        assert not beside.forked and ran == []
        assert beside.result(0) == os.getpid()
        assert ran == ["report"]
        assert beside.result(0) == os.getpid()  # kept, not run again
        assert beside.result(1) == os.getpid()
    assert ran == ["report", "files"]


def test_without_a_fork_a_later_job_asked_for_first_runs_alone() -> None:
    ran: list[str] = []
    with Beside([lambda: ran.append("keys"), lambda: ran.append("report")], fork=False) as beside:
        beside.result(1)
    assert ran == ["report"]


def _after_a_failure_only_the_jobs_asked_for_run_here(marks: Path) -> None:
    here = os.getpid()

    def fails_elsewhere() -> None:
        if os.getpid() != here:
            raise RuntimeError("only in the fork")

    def marking() -> int:
        marks.write_text("ran")
        return os.getpid()

    with Beside([fails_elsewhere, marking, _pid], fork=True) as beside:
        assert beside.forked
        assert beside.result(2) == here
        assert not beside.forked  # the fork's failure was seen
    assert not marks.exists()  # neither in the fork, which stopped, nor here


def test_after_the_fork_fails_only_the_jobs_asked_for_run_here(tmp_path: Path) -> None:
    in_a_fresh_process(_after_a_failure_only_the_jobs_asked_for_run_here, tmp_path / "marks")


def _a_failed_job_is_run_again() -> None:
    here = os.getpid()

    def fails_elsewhere() -> int:
        if os.getpid() != here:
            raise RuntimeError("only in the fork")
        return os.getpid()

    with Beside([_pid, fails_elsewhere, _pid], fork=True) as beside:
        assert beside.forked
        assert beside.result(0) != here  # made before the failure: the fork's
        assert beside.result(1) == here
        assert beside.result(2) == here  # the fork stopped at its failure


def test_a_job_that_fails_in_the_fork_is_run_again_here(capfd: pytest.CaptureFixture[str]) -> None:
    in_a_fresh_process(_a_failed_job_is_run_again)
    assert "only in the fork" not in capfd.readouterr().err  # no traceback from the fork


def _broken() -> int:
    raise ValueError("a feed could not be made")


def _an_error_is_raised_here() -> None:
    with Beside([_broken], fork=True) as beside, pytest.raises(ValueError, match="a feed"):
        assert beside.forked
        beside.result(0)


def test_an_error_is_raised_here_with_its_own_message() -> None:
    in_a_fresh_process(_an_error_is_raised_here)


def _closing_stops_the_fork(started: Path) -> None:
    def endless() -> int:
        started.write_text(str(os.getpid()))
        time.sleep(600)
        return 0

    beside = Beside([endless], fork=True)
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    pid = int(started.read_text())
    beside.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and reaped
    assert not beside.forked


def test_closing_stops_a_fork_still_at_work(tmp_path: Path) -> None:
    in_a_fresh_process(_closing_stops_the_fork, tmp_path / "pid")


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        with Beside([_pid], fork=True) as beside:
            assert not beside.forked
            assert beside.result(0) == os.getpid()
    finally:
        release.set()
        waiting.join()


def _not_here(*args: object, **kwargs: object) -> None:
    raise AssertionError("the report was worked out here")


def _pages_and_files_use_the_forks_report(config_file: Path) -> None:
    content = check_site(config_file, NOW).content
    assert content is not None
    pages, files = site_pages(content, NOW), static_outputs(content, NOW)
    with SiteOutputs(content, NOW, beside=True) as outputs, pytest.MonkeyPatch.context() as patch:
        assert outputs.forked
        # Forked already: only this process is without a report from now on.
        patch.setattr("statusgen.reliability.report.reliability_report", _not_here)
        assert site_pages(content, NOW, report=outputs.report) == pages
        assert outputs.files() == files
    assert "reliability.md" in {page.src_uri for page in pages}


def test_the_pages_and_files_use_the_forks_report(site: SiteFactory) -> None:
    write_incidents(site)
    in_a_fresh_process(_pages_and_files_use_the_forks_report, site.config_file)


def _pages_use_the_forks_keys(config_file: Path) -> None:
    content = check_site(config_file, NOW).content
    assert content is not None
    pages = site_pages(content, NOW)
    with SiteOutputs(content, NOW, beside=True) as outputs, pytest.MonkeyPatch.context() as patch:
        assert outputs.forked
        patch.setattr("statusgen.render.pages._incident_page_key", _not_here)
        fingerprint = page_context.fingerprint

        def no_summary_key(inputs: list[object]) -> str:
            assert inputs[0] != "summary", "a summary key was worked out here"
            return fingerprint(inputs)

        patch.setattr(page_context, "fingerprint", no_summary_key)
        assert site_pages(content, NOW, keys=outputs.page_keys, report=outputs.report) == pages


def test_the_pages_use_the_keys_the_fork_worked_out(site: SiteFactory) -> None:
    write_incidents(site)
    in_a_fresh_process(_pages_use_the_forks_keys, site.config_file)


def test_without_a_fork_the_pages_work_out_their_own_keys(site: SiteFactory) -> None:
    write_incidents(site)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    with SiteOutputs(content, NOW, beside=False) as outputs:
        assert outputs.page_keys() is None


def _the_forks_keys_find_the_pages_a_build_here_kept(root: Path, config_file: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outputs_ahead, "worth_forking", lambda content: False)
        assert build(config_file, NOW, site_dir=root / "here").built
        patch.setattr(outputs_ahead, "worth_forking", lambda content: True)
        patch.setattr("statusgen.render.pages._incident_page", _not_here)  # all kept
        assert build(config_file, NOW, site_dir=root / "forked").built
    assert _tree(root / "here") == _tree(root / "forked")


def test_the_forks_keys_are_those_a_build_without_it_kept_its_pages_under(
    site: SiteFactory,
) -> None:
    write_incidents(site)
    in_a_fresh_process(
        _the_forks_keys_find_the_pages_a_build_here_kept, site.root, site.config_file
    )


def _no_report_worked_out_for_a_site_without_one(config_file: Path, marks: Path) -> None:
    content = check_site(config_file, NOW).content
    assert content is not None
    files = static_outputs(content, NOW)

    def marking(*args: object, **kwargs: object) -> None:
        marks.write_text(str(os.getpid()))
        raise AssertionError("a report was worked out")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("statusgen.reliability.report.reliability_report", marking)
        with SiteOutputs(content, NOW, beside=True) as outputs:
            assert outputs.forked
            assert outputs.files() == files
    assert not marks.exists()


def test_a_site_that_does_not_publish_its_report_has_none_worked_out(site: SiteFactory) -> None:
    site.config(CONFIG + "      reliability:\n        page: private\n")
    write_incidents(site)
    marks = site.root / "reported-by"
    in_a_fresh_process(_no_report_worked_out_for_a_site_without_one, site.config_file, marks)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _builds_with_and_without_the_fork(root: Path, config_file: Path) -> None:
    forked: list[bool] = []
    original, page_key = SiteOutputs.__init__, pages._incident_page_key
    with pytest.MonkeyPatch.context() as patch:

        def recording(self: SiteOutputs, *args: object, **kwargs: bool) -> None:
            original(self, *args, **kwargs)  # type: ignore[arg-type]
            forked.append(self.forked)
            # Forked: the pages' keys, the report, feeds and JSON are not worked out again here.
            report = "statusgen.reliability.report.reliability_report"
            patch.setattr(report, _not_here if self.forked else reliability_report)
            patch.setattr(pages, "_incident_page_key", _not_here if self.forked else page_key)

        patch.setattr(SiteOutputs, "__init__", recording)
        trees = []
        for forking in (True, False):
            patch.setattr(outputs_ahead, "worth_forking", lambda content, f=forking: f)
            folder = root / f"site-{forking}"
            assert build(config_file, NOW, site_dir=folder).built
            trees.append(_tree(folder))
    assert forked == [True, False]
    assert trees[0] == trees[1]
    assert "reliability.json" in trees[0] and "history.atom" in trees[0]


def test_a_build_with_the_fork_equals_one_without(site: SiteFactory) -> None:
    write_incidents(site)
    in_a_fresh_process(_builds_with_and_without_the_fork, site.root, site.config_file)
