"""A reference git revision beside this checkout, for benchmarks that print both side by side.

The reference revision is checked out into a temporary `git worktree` and imported from there
(`PYTHONPATH=<worktree>/src`, the same virtual environment), so both run on the same machine
in the same minutes. `benchmarks/speed.py` and `benchmarks/first_visit.py` use it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-22T12:00:00Z"


@dataclass(frozen=True)
class Revision:
    name: str
    src: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(self.src)
        env.pop("SOURCE_DATE_EPOCH", None)
        # Bytecode cached as usual: else the reference's fresh worktree compiles every module
        # on every run while this checkout's cached bytecode is read (0.2-0.3 s apart).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-c", "from statusgen.cli import main; main()", *args]


@contextmanager
def reference(rev: str) -> Iterator[Revision]:
    folder = Path(tempfile.mkdtemp(prefix="statusgen-baseline-"))
    tree = folder / "tree"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(tree), rev],
        check=True,
    )
    try:
        yield Revision(rev, tree / "src")
    finally:
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False
        )
        shutil.rmtree(folder, ignore_errors=True)


def build(revision: Revision, root: Path, site: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one `statusgen build` in a fresh process."""
    command = revision.command(
        "build", "-f", str(root / "mkdocs.yml"), "-d", str(site), "--now", NOW
    )
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=revision.env(), cwd=root
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            sys.exit(f"{revision.name}: build failed:\n{log.read().decode()[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024


def ratio(old: float, new: float) -> str:
    return f"{old / new:5.2f}x" if new else "  n/a"


def line(label: str, old: float, new: float, unit: str, ref: str) -> None:
    print(f"  {label:<34} {ref} {old:9.2f} {unit:<3} this {new:9.2f} {unit:<3} {ratio(old, new)}")
