"""Benchmark: time each static-output renderer on N synthetic incidents (median of runs).

python benchmarks/outputs.py [--incidents 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_site

from statusgen.content.validate import check_site
from statusgen.render.outputs import RENDERERS, static_outputs

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.incidents)
        content = check_site(root / "mkdocs.yml", NOW).content
        if content is None:
            sys.exit("the synthetic site does not validate")
        for render in (*RENDERERS, static_outputs):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                files = render(content, NOW)
                times.append(time.perf_counter() - start)
            size = sum(len(data) for data in files.values())
            print(
                f"{render.__name__:>15}: median {statistics.median(times):.2f} s over "
                f"{args.runs} runs, {len(files)} files, {size / 1e6:.1f} MB "
                f"({args.incidents} incidents)"
            )


if __name__ == "__main__":
    main()
