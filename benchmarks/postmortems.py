"""Benchmark: `statusgen validate` and `statusgen lint` with N postmortems (median of runs).

    python benchmarks/postmortems.py [--postmortems 1000] [--runs 5]

Each postmortem is a copy of the example's full postmortem, linked to its own synthetic
incident, so every rule and every section check runs on realistic text.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_site

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "postmortems" / "2026-09-16-database-failover-outage.md"


def write_postmortems(root: Path) -> int:
    """One published postmortem per synthetic incident, published after it was resolved."""
    text = EXAMPLE.read_text("utf-8")
    # The example's timeline and dates belong to its own incident; keep the prose only.
    text = re.sub(r"\ntimeline:\n(?:  .*\n|\n)*", "\n", text)
    (root / "postmortems").mkdir(exist_ok=True)
    count = 0
    for incident in sorted((root / "incidents").glob("*.md")):
        body = text.replace(
            "incident: 2026-09-16-database-failover-outage", f"incident: {incident.stem}"
        )
        body = re.sub(r"published: .*", "published: 2026-11-22T11:00:00Z", body)
        body = body.replace("status: published", "status: published\nprofile: full")
        body = re.sub(r"updated: .*", "updated: 2026-11-22T11:30:00Z", body)
        body = re.sub(r"completed: .*", "completed: 2026-11-22", body)
        (root / "postmortems" / incident.name).write_text(body, "utf-8")
        count += 1
    return count


def timed(command: list[str], runs: int) -> tuple[float, str]:
    times = []
    output = ""
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        output = result.stdout.strip().splitlines()[-1]
    return statistics.median(times), output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postmortems", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    statusgen = str(Path(sys.executable).parent / "statusgen")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.postmortems)
        count = write_postmortems(root)
        config = str(root / "mkdocs.yml")
        for name, command in (
            ("validate", [statusgen, "validate", "-f", config, "--now", "2026-11-22T12:00:00Z"]),
            ("lint", [statusgen, "lint", "-f", config]),
        ):
            median, summary = timed(command, args.runs)
            print(
                f"{name} {args.postmortems} incidents + {count} postmortems: median "
                f"{median:.2f} s over {args.runs} runs ({summary})"
            )


if __name__ == "__main__":
    main()
