"""Benchmark: validation of N synthetic incidents, cold and with the previous build's cache,
this checkout against a reference git revision, side by side in one run.

    python benchmarks/validate.py [--baseline REV] [--incidents 5000] [--runs 3]

One `statusgen build` of this checkout leaves its cache (.statusgen-cache/); then, run by
run and revision by revision, interleaved, one update is posted to an active incident (the
case of a deploy during an outage) and validation is timed:

- `statusgen validate` in a fresh process (start-up and imports included);
- the build's validation: `check_site` as `statusgen build` calls it, timed in-process;

each cold (no cache folder) and warm (the build's cache restored). A revision without the
validation cache reads no cache, so its warm figure is its cold one. Printed: medians, and
the ratio reference / this checkout.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from speed import NOW, Revision, post_update, reference
from synthetic import write_site

REPO = Path(__file__).resolve().parent.parent
CACHE = ".statusgen-cache"
# The build's validation, timed inside the process so start-up and imports do not count.
CHECK = (
    "import sys, time; from datetime import datetime; from pathlib import Path; "
    "from statusgen.content.validate import check_site; "
    "start = time.perf_counter(); "
    "result = check_site(Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2])); "
    "assert result.content is not None, result.report.format('text'); "
    "print(time.perf_counter() - start)"
)


def validate_seconds(revision: Revision, root: Path) -> float:
    command = revision.command("validate", "-f", str(root / "mkdocs.yml"), "--now", NOW)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=revision.env())
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{revision.name}: validate failed:\n{result.stdout[-2000:]}{result.stderr}")
    return elapsed


def check_seconds(revision: Revision, root: Path) -> float:
    now = NOW.replace("Z", "+00:00")
    command = [sys.executable, "-c", CHECK, str(root / "mkdocs.yml"), now]
    result = subprocess.run(command, capture_output=True, text=True, env=revision.env())
    if result.returncode != 0:
        sys.exit(f"{revision.name}: check_site failed:\n{result.stderr[-3000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def set_cache(root: Path, kept: Path | None) -> None:
    shutil.rmtree(root / CACHE, ignore_errors=True)
    if kept is not None:
        shutil.copytree(kept, root / CACHE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="main", help="the reference git revision")
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    here = Revision("this checkout", REPO / "src")
    with tempfile.TemporaryDirectory() as folder, reference(args.baseline) as old:
        root = Path(folder) / "repo"
        write_site(root, args.incidents, active=2)
        build = here.command("build", "-f", str(root / "mkdocs.yml"), "--now", NOW)
        subprocess.run(build, check=True, capture_output=True, env=here.env())
        kept = Path(folder) / "kept-cache"
        shutil.copytree(root / CACHE, kept)
        times: dict[tuple[str, str], list[float]] = {}
        for run in range(args.runs):
            post_update(root, run)
            for revision in (here, old):
                for state, cache in (("cold", None), ("warm", kept)):
                    for what, measure in (("validate", validate_seconds), ("check", check_seconds)):
                        set_cache(root, cache)
                        key = (f"{revision.name}|{what}", state)
                        times.setdefault(key, []).append(measure(revision, root))
        report(times, here, old, args)


def report(
    times: dict[tuple[str, str], list[float]],
    here: Revision,
    old: Revision,
    args: argparse.Namespace,
) -> None:
    print(f"{args.incidents} incidents, one update posted, medians of {args.runs} runs")
    labels = {"validate": "`statusgen validate` (fresh process)", "check": "build's validation"}
    for what, label in labels.items():
        for state in ("cold", "warm"):
            mine = statistics.median(times[(f"{here.name}|{what}", state)])
            theirs = statistics.median(times[(f"{old.name}|{what}", state)])
            print(
                f"  {label}, {state}: {mine:.2f} s here, {theirs:.2f} s at {old.name} "
                f"(ratio {theirs / mine:.2f}x)"
            )
        cold = statistics.median(times[(f"{here.name}|{what}", "cold")])
        warm = statistics.median(times[(f"{here.name}|{what}", "warm")])
        print(f"  {label}: warm is {cold / warm:.2f}x faster than cold here")


if __name__ == "__main__":
    main()
