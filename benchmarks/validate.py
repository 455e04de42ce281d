"""Benchmark: time `statusgen validate` on N synthetic incidents (median of several runs).

python benchmarks/validate.py [--incidents 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.incidents)
        command = [
            str(Path(sys.executable).parent / "statusgen"),
            "validate",
            "-f",
            str(root / "mkdocs.yml"),
            "--now",
            "2026-11-22T12:00:00Z",
        ]
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"validate failed:\n{result.stdout[-2000:]}")
        print(
            f"validate {args.incidents} incidents: median {statistics.median(times):.2f} s "
            f"over {args.runs} runs (min {min(times):.2f} s, max {max(times):.2f} s)"
        )
        print(f"  last summary: {result.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
