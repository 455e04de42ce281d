"""Independent pieces of work (checking incident files, rendering incident pages) on every
core the machine gives this process.

Incident files and pages do not depend on one another, and checking and rendering them is most
of a cold build's time. Forked workers inherit what the parent has computed (no content to
pickle, nothing to import again), do a share each and send their results back; the results
come back in the order asked, so the output does not depend on which worker finished first.

Work that does not need the pages (the reliability report, feeds and JSON) can be done
`Beside` the page rendering, in one forked process that hands its results back as each is
ready.

Only `statusgen build` and `statusgen validate` ask for workers: a preview rebuilds inside a
server's threads, and a fork of a process with running threads may inherit locks no thread
will release.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many pages, starting workers costs more than it saves.
MIN_PAGES_PER_WORKER = 200

# The job the forked workers run, set just before they fork; a module global, because a
# closure cannot be sent to a worker but is inherited by one.
_job: Callable[[int], Any] | None = None


def available_cores() -> int:
    """The cores this process may run on (a container's or a CI runner's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run(index: int) -> Any:
    assert _job is not None
    return _job(index)


def render_all(render: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """`[render(item) for item in items]`, shared among up to `workers` forked processes."""
    workers = min(workers, len(items) // MIN_PAGES_PER_WORKER)
    # Fork only where it is safe with the system's libraries: macOS's are not fork-safe.
    if workers < 2 or not sys.platform.startswith("linux"):
        return [render(item) for item in items]
    global _job
    _job = lambda index: render(items[index])  # noqa: E731 -- inherited, never pickled
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # Chunks of a few dozen pages: few round trips, and the shares stay even.
            chunk = max(1, len(items) // (workers * 8))
            return pool.map(_run, range(len(items)), chunksize=chunk)
    finally:
        _job = None


def can_fork() -> bool:
    """Whether a fork is safe here: on Linux (macOS's libraries are not fork-safe), and
    with no other thread running, whose locks the child would inherit held."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _produce(jobs: Sequence[Callable[[], object]], results: Connection) -> None:
    """The forked process: each job's result sent back as soon as it is ready."""
    # On an error the caller runs the job again itself, and sees the error there.
    with results, contextlib.suppress(Exception):
        for job in jobs:
            results.send(job())


class Beside:
    """The results of `jobs`, worked out in one forked process while this one goes on.

    `result(n)` waits for the n-th job's result. Jobs must be pure (they may run twice):
    where the process could not be forked, or failed or died before sending a result, the
    job is run here when its result is asked for (and only then), so its error, if any, is
    raised here with its own traceback. Closing
    stops the process, finished or not.
    """

    def __init__(self, jobs: Sequence[Callable[[], object]], *, fork: bool) -> None:
        self._jobs = list(jobs)
        self._results: dict[int, object] = {}
        self._received = 0  # the fork sends the results in the jobs' order
        self._connection: Connection | None = None
        self._process: BaseProcess | None = None
        if fork and self._jobs and can_fork():
            context = multiprocessing.get_context("fork")
            receiving, sending = context.Pipe(duplex=False)
            # The jobs are inherited by the fork, never pickled; daemonic: never outlives us.
            process = context.Process(
                target=_produce, args=(self._jobs, sending), name="statusgen-beside", daemon=True
            )
            process.start()
            sending.close()  # the child's end: our copy closed, so its exit ends our reads
            self._connection, self._process = receiving, process

    @property
    def forked(self) -> bool:
        return self._process is not None

    def result(self, index: int) -> object:
        while self._connection is not None and index not in self._results:
            self._receive()
        if index not in self._results:  # no fork, or it failed before this job's result
            self._results[index] = self._jobs[index]()
        return self._results[index]

    def _receive(self) -> None:
        assert self._connection is not None
        try:
            self._results[self._received] = self._connection.recv()
            self._received += 1
        except EOFError:  # failed or died: every job from here on is run here, when asked
            self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process.close()
            self._process = None

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
