"""Files written on a thread of their own while the build makes the next ones.

A cold build of 5,000 incidents fills 5,000 pages into their shells and writes each: about
0.8 s of Python, then a folder and a file, which is the kernel's work (some 2.4 s on a
small virtual disk) and lets go of the interpreter meanwhile. One writer thread takes the
writes, in order, so the filling goes on beside them on the second core. At most `depth`
files wait, so a site of 20,000 pages never holds all of them in memory at once.

`close` waits for every write and raises the first that failed; `abandon` (on the way out
of a failed build) waits for the writes already started and drops the rest, so nothing is
still writing into the folder once the build has given up on it.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

DEPTH = 256


def write_file(data: bytes, path: str) -> None:
    """`data` as the file at `path`, its folders made as needed."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(data)


class FileWrites:
    """Writes handed to one thread, in order; a context manager that waits for them."""

    def __init__(self, depth: int = DEPTH) -> None:
        self.depth = depth
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="statusgen-write")
        self._pending: deque[Future[None]] = deque()

    def write(self, data: bytes, path: str) -> None:
        """Write `data` at `path` soon; raises a failure of an earlier write."""
        while len(self._pending) >= self.depth:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(write_file, data, path))

    def close(self) -> None:
        """Wait for every write; raises the first that failed."""
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Drop the writes not started, wait for those that are."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()

    def __enter__(self) -> FileWrites:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()
