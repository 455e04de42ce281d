"""Filled pages are written on a thread of their own: every write lands, a failed one is
raised, at most a few wait in memory, and nothing writes on once a build has given up."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from statusgen.build import file_writes
from statusgen.build.file_writes import FileWrites


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("statusgen-write")]


def test_every_write_lands_with_its_bytes_and_folders(tmp_path: Path) -> None:
    expected = {f"incidents/{n:04d}/index.html": f"page {n}\n".encode() for n in range(600)}
    with FileWrites(depth=16) as writes:
        for path, data in expected.items():
            writes.write(data, str(tmp_path / path))
    found = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*.html")}
    assert found == expected
    assert writer_threads() == []


def test_a_later_write_to_the_same_path_wins(tmp_path: Path) -> None:
    path = str(tmp_path / "a" / "index.html")
    with FileWrites() as writes:
        for n in range(50):
            writes.write(f"version {n}".encode(), path)
    assert Path(path).read_bytes() == b"version 49"


def test_a_failed_write_is_raised(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", "utf-8")
    writes = FileWrites()
    writes.write(b"fine", str(tmp_path / "ok" / "index.html"))
    writes.write(b"lost", str(tmp_path / "a-file" / "index.html"))
    with pytest.raises(FileExistsError):  # a file where its folder goes
        writes.close()
    assert (tmp_path / "ok" / "index.html").read_bytes() == b"fine"
    assert writer_threads() == []


def test_nothing_writes_on_after_the_build_gives_up(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="gave up"), FileWrites(depth=64) as writes:
        for n in range(2000):
            writes.write(b"x" * 4096, str(tmp_path / f"{n:05d}" / "index.html"))
        raise RuntimeError("gave up")
    assert writer_threads() == []
    written = sorted(os.listdir(tmp_path))
    time.sleep(0.2)
    assert sorted(os.listdir(tmp_path)) == written
    assert len(written) < 2000  # what was still waiting was dropped


def test_at_most_depth_writes_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    started = threading.Event()

    def held_write(data: bytes, path: str) -> None:
        started.set()
        release.wait(10)

    monkeypatch.setattr(file_writes, "write_file", held_write)
    writes = FileWrites(depth=2)
    handed: list[int] = []

    def hand_over() -> None:
        for n in range(4):
            writes.write(b"x", str(tmp_path / f"{n}.html"))
            handed.append(n)

    caller = threading.Thread(target=hand_over)
    caller.start()
    assert started.wait(10)
    time.sleep(0.2)
    assert handed == [0, 1]  # the third waits until the first is written
    release.set()
    caller.join(10)
    writes.close()
    assert handed == [0, 1, 2, 3]
