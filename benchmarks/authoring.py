"""Benchmark: wall time of the commands engineers run during an outage, on a large site.

python benchmarks/authoring.py [--incidents 5000] [--runs 5]

Each command runs as a fresh process, as it does in a shell: `--help` (start-up), `new
incident`, `update` by a name fragment, `resolve`, and `status` (which reads every file).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_site

STATUSGEN = str(Path(sys.executable).parent / "statusgen")


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run([STATUSGEN, *args], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"statusgen {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, options.incidents)
        config = ["-f", str(root / "mkdocs.yml")]
        results: dict[str, list[float]] = {}
        for run in range(options.runs):
            # Each run posts a new incident ten minutes later, so every command does real work.
            at = datetime.fromtimestamp(1_795_435_200 + run * 600, tz=UTC)
            times = [(at + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ") for n in range(3)]
            env = dict(os.environ)
            title = f"Benchmark outage {run}"
            steps = {
                "--help": ["--help"],
                "new incident": [
                    "new", "incident", title, "--impact", "major", "-c", "api=major_outage",
                    "-m", "We are investigating.", "--at", times[0], *config,
                ],
                "update": [
                    "update", f"outage-{run}", "--status", "identified", "-m", "Found it.",
                    "-c", "api=degraded_performance", "--at", times[1], *config,
                ],
                "resolve": ["resolve", f"outage-{run}", "-m", "Fixed.", "--at", times[2], *config],
                "status": ["status", *config],
            }  # fmt: skip
            for name, args in steps.items():
                results.setdefault(name, []).append(timed(args, env))
        print(f"{options.incidents} incidents, median of {options.runs} runs:")
        for name, times in results.items():
            print(f"  statusgen {name:<13} {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
