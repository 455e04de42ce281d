"""Results worked out by a forked process beside the build (`parallel.Beside`)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from statusgen.parallel import Beside

from .fresh_process import in_a_fresh_process


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
