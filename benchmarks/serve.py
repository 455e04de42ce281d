"""Benchmark: `statusgen serve`, seconds from saving an incident file to the page shown.

    python benchmarks/serve.py [--baseline REV] [--incidents 1000] [--runs 3]

Both revisions serve the same synthetic site (the reference from a temporary `git worktree`,
as in speed.py), one after the other. Each run edits the newest incident's text, then fetches
its page over HTTP every 10 ms until the edit shows; the file is then restored and the
preview given time to show that too before the next run. Printed: the median of the runs for
each revision and the ratio (reference / this checkout).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from revisions import NOW, REPO, Revision, line, reference
from synthetic import write_site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait(page: str, shown: bool, word: str, process: subprocess.Popen[bytes]) -> float:
    """Seconds until `word` is (or is no longer) on `page`."""
    start = time.perf_counter()
    while (word in (fetch(page) or "")) != shown:
        if time.perf_counter() - start > 300 or process.poll() is not None:
            sys.exit("serve never showed the edit")
        time.sleep(0.01)
    return time.perf_counter() - start


def save_to_shown(revision: Revision, root: Path, runs: int) -> list[float]:
    port = free_port()
    command = revision.command(
        "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", "--now", NOW
    )
    newest = max((root / "incidents").glob("*-synthetic-*.md"))
    page = f"http://127.0.0.1:{port}/incidents/{newest.stem}/"
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=revision.env()
    )
    times: list[float] = []
    try:
        _wait(page, True, "Longer text", process)
        time.sleep(1.5)  # the watcher settles after the first build
        for run in range(runs):
            word = f"Reloaded{revision.name.replace('/', '')}{run}x"
            text = newest.read_text("utf-8")
            start = time.perf_counter()
            newest.write_text(text.replace("Longer text", f"{word} text", 1), "utf-8")
            _wait(page, True, word, process)
            times.append(time.perf_counter() - start)
            newest.write_text(text, "utf-8")
            _wait(page, False, word, process)  # the restoring update, before the next run
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(30)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", default="main", help="the reference git revision")
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    current = Revision("this", REPO / "src")
    with reference(args.baseline) as old, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.incidents, active=2)
        print(f"reference {old.name} vs this checkout; medians of {args.runs} runs")
        print(f"{args.incidents} incidents:")
        medians = {
            r.name: statistics.median(save_to_shown(r, root, args.runs)) for r in (old, current)
        }
        line(
            "serve: save to page shown",
            medians[old.name],
            medians["this"],
            "s",
            f"{old.name[:10]:>10}",
        )


if __name__ == "__main__":
    main()
