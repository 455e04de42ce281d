"""The cyclic garbage collector kept off a build's big, long-lived data.

A build of 5,000 incidents holds some 200 MiB of objects that live until it ends: the
validated content and the pages and findings of its caches. Python's collector walks every
tracked object at each full collection, and a build allocates enough to set one off again
and again: 1.2 to 1.5 s of such a build went to walking objects that were never garbage.

- While a cache is read (JSON into objects, with no cycles among them to collect), the
  collector is paused (`collector_paused`).
- Once the content and caches are in memory they are kept out of collections until the
  build ends (`long_lived`), then handed back, so a process that builds many times (the
  tests) still collects what each build left. A live preview keeps its full build's objects
  out until it builds in full again.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while the block runs (reference counting still frees)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep() -> None:
    """Leave every object alive now out of collections until `release`."""
    gc.freeze()


def settle() -> None:
    """Collect what is garbage now, then `keep` the rest (for objects kept a long while)."""
    gc.collect()
    keep()


def release() -> None:
    """Hand every object `keep` left out back to the collector."""
    gc.unfreeze()


@contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """`keep` for the block: what it kept is released when the block ends."""
    try:
        yield keep
    finally:
        release()
