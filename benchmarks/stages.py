"""Benchmark: where one posted update's build goes, stage by stage, in wall-clock seconds.

    python benchmarks/stages.py [--incidents 5000] [--runs 3]

Builds a synthetic site once (the previous deploy, leaving its cache), then posts an update
and builds again, `--runs` times, in this process with this checkout's statusgen. Timers
around each stage of the build (validation, the caches, statusgen's pages, feeds and JSON,
mkdocs' page loop and file writes, the wait for what a forked process works out beside) and
the garbage collector's own time are printed as medians. Stages nest (statusgen's pages are
made inside mkdocs' build), so they do not add up; "build" is the whole call. cProfile
overstates Python-heavy code several times over, which is why these are plain timers.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from revisions import NOW
from speed import post_update
from synthetic import write_site

# (module, function, label): each is timed where its callers look it up.
STAGES = [
    ("statusgen.build.pipeline", "check_site", "validation"),
    ("statusgen.content.document_cache", "load", "validation cache: load"),
    ("statusgen.content.document_cache", "save", "validation cache: save"),
    ("statusgen.render.page_cache", "load", "page cache: load"),
    ("statusgen.render.page_cache", "save", "page cache: save"),
    ("statusgen.adapters.mkdocs.plugin", "site_pages", "statusgen's pages"),
    ("statusgen.adapters.mkdocs.plugin", "static_outputs", "feeds, JSON, calendar, badge"),
    ("statusgen.parallel", "Beside.result", "waiting for report, feeds, JSON"),
    ("mkdocs.commands.build", "_populate_page", "mkdocs: read pages"),
    ("mkdocs.commands.build", "_build_page", "mkdocs: theme and write pages"),
    ("mkdocs.utils", "write_file", "mkdocs: file writes"),
    ("statusgen.build.file_writes", "write_file", "filled pages' writes (own thread)"),
    ("statusgen.adapters.mkdocs.plugin", "reuse_folders", "take over the spare's folders"),
    ("statusgen.build.site_swap", "swap_in", "swap in the new site"),
]


class Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._gc_started = 0.0
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.seconds["garbage collector"] += time.perf_counter() - self._gc_started

    def wrap(self, module_name: str, name: str, label: str) -> None:
        owner: Any = importlib.import_module(module_name)
        *path, name = name.split(".")  # a class's method: "Class.method"
        for part in path:
            owner = getattr(owner, part)
        function: Callable[..., Any] = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started

        setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    timers = Timers()
    for module, name, label in STAGES:
        timers.wrap(module, name, label)
    # The pipeline imported these modules by name: time them where it looks them up.
    pipeline = importlib.import_module("statusgen.build.pipeline")
    pipeline.document_cache = importlib.import_module("statusgen.content.document_cache")
    pipeline.page_cache = importlib.import_module("statusgen.render.page_cache")
    now = datetime.fromisoformat(NOW)
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.incidents, active=3)
        config, site = root / "mkdocs.yml", root / "site"
        pipeline.build(config, now, site_dir=site)  # the previous deploy
        for run in range(args.runs):
            post_update(root, run)
            timers.seconds.clear()
            started = time.perf_counter()
            assert pipeline.build(config, now, site_dir=site).built
            timers.seconds["build"] = time.perf_counter() - started
            runs.append(dict(timers.seconds))
    print(f"one posted update, {args.incidents} incidents, cache kept; medians of {args.runs}")
    labels = ["build", *(label for _, _, label in STAGES), "garbage collector"]
    for label in labels:
        print(f"  {label:<34} {statistics.median(r.get(label, 0.0) for r in runs):7.2f} s")


if __name__ == "__main__":
    main()
