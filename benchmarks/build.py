"""Benchmark: `statusgen build` on N synthetic incidents.

Prints, per size, the median wall time over several runs, peak memory (max RSS of the build
process), the site's size and file count, and the bytes a first visit to the home page loads
(its HTML, CSS and JS, gzip-compressed as a server would send them).

    python benchmarks/build.py [--incidents 1000 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_site

NOW = "2026-11-22T12:00:00Z"


def run_build(root: Path, site: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS in MiB of one build in a fresh process."""
    command = [
        str(Path(sys.executable).parent / "statusgen"),
        "build",
        "-f",
        str(root / "mkdocs.yml"),
        "-d",
        str(site),
        "--now",
        NOW,
    ]
    # Output goes to a file: a pipe nobody reads while waiting would block a chatty build.
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            sys.exit(f"build failed:\n{log.read().decode()[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024


def first_visit_bytes(site: Path) -> int:
    html = (site / "index.html").read_text("utf-8")
    refs = re.findall(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html)
    files = [site / "index.html", *(site / ref.split("?")[0] for ref in refs)]
    return sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    medians = {}
    for count in args.incidents:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_site(root, count)
            times, peaks = [], []
            for run in range(args.runs):
                elapsed, peak = run_build(root, root / f"site-{run}")
                times.append(elapsed)
                peaks.append(peak)
            site = root / "site-0"
            files = [p for p in site.rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files)
            medians[count] = statistics.median(times)
            print(
                f"{count:>6} incidents: median {medians[count]:.2f} s over {args.runs} runs "
                f"(min {min(times):.2f}, max {max(times):.2f}); peak memory {max(peaks)} MiB; "
                f"site {size / 1e6:.1f} MB in {len(files)} files; "
                f"home first visit {first_visit_bytes(site) / 1000:.1f} KB gzip"
            )
    sizes = sorted(medians)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        print(
            f"scaling: {large} takes {medians[large] / medians[small]:.2f}x the time of {small} "
            f"({large / small:.0f}x the incidents)"
        )


if __name__ == "__main__":
    main()
