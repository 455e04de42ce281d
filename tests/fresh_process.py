"""Running a test's scenario in a fresh interpreter, whose only thread is its main one.

A fork is taken only in a process with no other thread (`statusgen.parallel.can_fork`),
and a test process is rarely one: libraries that earlier tests used may keep idle pools
for the life of the process (apprise keeps two). The scenario is a module-level function,
started by `spawn`, so it inherits nothing; its assertion errors are raised here.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def in_a_fresh_process(scenario: Callable[..., T], *args: object) -> T:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(scenario, *args).result(timeout=300)
