"""Benchmark: wall time of `statusgen from-alert` on one payload of many alerts.

python benchmarks/from_alert.py [--alerts 10000] [--groups 3] [--runs 5]

A generic payload of `--alerts` firing alerts in `--groups` groups, read by a fresh
process as the Alert workflow runs it (`--dry-run`: the timing is reading, matching,
grouping and rendering, then one checked draft per group), on a small site.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATUSGEN = str(Path(sys.executable).parent / "statusgen")

CONFIG = """\
site_name: Benchmark Status
site_url: https://status.example.org/
plugins:
  - statusgen:
      alert_max_payload_kib: 65536
      components:
        - id: web
          name: Website
      alerts:
        - id: web
          match: {service: web}
          components: {web: degraded_performance}
          group_by: [zone]
          message: "The website is slow in {{ labels.zone }} ({{ count }} alerts)."
"""


def payload(alerts: int, groups: int) -> bytes:
    items = [
        {
            "status": "firing",
            "labels": {"service": "web", "zone": f"z{i % groups}", "instance": f"web-{i}"},
            "annotations": {"summary": f"instance {i} is slow"},
            "starts_at": "2026-11-22T11:00:00Z",
        }
        for i in range(alerts)
    ]
    return json.dumps({"alerts": items}).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "incidents").mkdir()
        (root / "docs").mkdir()
        (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
        data = root / "payload.json"
        data.write_bytes(payload(options.alerts, options.groups))
        args = [STATUSGEN, "from-alert", "-f", str(root / "mkdocs.yml"), "--dry-run"]
        args += ["--at", "2026-11-22T12:00:00Z", str(data)]
        times = []
        for _ in range(options.runs):
            start = time.perf_counter()
            result = subprocess.run(args, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"from-alert failed:\n{result.stdout}{result.stderr}")
        size = data.stat().st_size / 1024 / 1024
        print(
            f"from-alert, {options.alerts:,} alerts ({size:.1f} MiB) in {options.groups} groups: "
            f"median {statistics.median(times):.3f} s over {options.runs} runs "
            f"(min {min(times):.3f} s)"
        )


if __name__ == "__main__":
    main()
