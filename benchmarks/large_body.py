"""Benchmark: large Markdown bodies render and build in time linear in their size.

Part 1 renders bodies of several kinds (ordinary prose, and inputs that made Python-Markdown
quadratic: unclosed brackets, many tiny paragraphs, dense inline markup, footnote references)
at several sizes up to the default file limit, and prints the median CPU time per size and
per KiB: linear time shows as a flat "µs/KiB" column. The "dense inline" and "footnote
refs" texts are one paragraph each: once it has spent the document's budget for rebuilding
inline matches, the rest of such a paragraph stays as typed, which is why they are cheap.

Part 2 builds a whole site whose one incident has an update body of each size, with
`statusgen build` in a fresh process, and prints the median wall time.

    python benchmarks/large_body.py [--sizes 128 256 512 1024] [--runs 3] [--no-build]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from statusgen.render.markdown import _render, render_markdown

PROSE = (
    "We are investigating *elevated* error rates on the `api` service. See "
    "[the runbook](https://example.com/runbook) for details; **customers** may see 502 "
    "responses.\n\n- Retries succeed.\n- Webhooks are delayed.\n\n"
)
KINDS = {
    "prose": PROSE,
    "unclosed brackets": "[a ",
    "tiny paragraphs": "*a* *a*\n\n",
    "dense inline": "**a** `b` [c](d) ",
    "footnote refs": "x[^1] ",
}
INCIDENT = """\
---
title: A long incident
impact: major
components:
  api: major_outage
postmortem: not-required
postmortem_reason: Benchmark content.
updates:
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: |
{body}
---
"""
CONFIG = """\
site_name: Benchmark Status
site_url: https://status.bench.example/
docs_dir: site_src
theme:
  name: material
  font: false
plugins:
  - statusgen:
      max_file_kib: 2048
      components:
        - id: api
          name: API
        - id: web
          name: Website
"""


def text_of(kind: str, kib: int) -> str:
    unit = KINDS[kind]
    text = unit * (kib * 1024 // len(unit))
    return text + "\n\n[^1]: The note.\n" if kind == "footnote refs" else text


def render_seconds(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        _render.cache_clear()
        start = time.process_time()
        render_markdown(text)
        times.append(time.process_time() - start)
    return statistics.median(times)


def build_seconds(kib: int, runs: int) -> float:
    statusgen = str(Path(sys.executable).parent / "statusgen")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "incidents").mkdir()
        (root / "site_src").mkdir()
        (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
        body = "\n".join("      " + line for line in text_of("prose", kib).split("\n"))
        incident = root / "incidents" / "2026-11-22-long.md"
        incident.write_text(INCIDENT.format(body=body), "utf-8")
        times = []
        for run in range(runs):
            command = [statusgen, "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out")]
            command += ["--now", "2026-11-22T12:00:00Z"]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(f"build failed (run {run}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 256, 512, 1024])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="Only time rendering.")
    args = parser.parse_args()
    print(f"render: median CPU seconds over {args.runs} runs (and µs per KiB)")
    for kind in KINDS:
        cells = []
        for kib in args.sizes:
            seconds = render_seconds(text_of(kind, kib), args.runs)
            cells.append(f"{kib:>5} KiB {seconds:6.2f} s ({seconds / kib * 1e6:6.0f} µs/KiB)")
        print(f"  {kind:<18} " + " | ".join(cells))
    if args.no_build:
        return
    print(f"build: one incident with a prose update body; median wall seconds over {args.runs}")
    for kib in args.sizes:
        seconds = build_seconds(kib, args.runs)
        print(f"  {kib:>5} KiB body: {seconds:6.2f} s")


if __name__ == "__main__":
    main()
