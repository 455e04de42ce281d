"""Independent pieces of work (checking incident files, rendering incident pages) on every
core the machine gives this process.

Incident files and pages do not depend on one another, and checking and rendering them is most
of a cold build's time. Forked workers inherit what the parent has computed (no content to
pickle, nothing to import again), do a share each and send their results back; the results
come back in the order asked, so the output does not depend on which worker finished first.

Only `statusgen build` and `statusgen validate` ask for workers: a preview rebuilds inside a
server's threads, and a fork of a process with running threads may inherit locks no thread
will release.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
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
