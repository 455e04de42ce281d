"""Benchmark: wall time of `statusgen import statuspage` on a long history.

python benchmarks/importing.py [--incidents 1000] [--runs 3]

Writes a folder of Statuspage JSON (as a management API export: every incident, each with
four updates and component changes, over 20 components in 4 groups), then times, each as a
fresh process on a new `statusgen init` site: a dry run, the import itself, and importing
again (which finds nothing to change).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

STATUSGEN = str(Path(sys.executable).parent / "statusgen")
START = datetime(2020, 1, 1, tzinfo=UTC)
NOW = "2026-01-01T00:00:00Z"
STAGES = (
    ("investigating", "partial_outage"),
    ("identified", "major_outage"),
    ("monitoring", "degraded_performance"),
    ("resolved", "operational"),
)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def write_export(folder: Path, count: int) -> None:
    groups = [{"id": f"group{g}", "name": f"Region {g}", "group": True} for g in range(4)]
    components = [
        {"id": f"comp{c:02d}", "name": f"Service {c}", "group": False, "group_id": f"group{c % 4}",
         "position": c, "status": "operational", "showcase": True}
        for c in range(20)
    ]  # fmt: skip
    (folder / "components.json").write_text(json.dumps(groups + components), "utf-8")
    incidents = []
    for number in range(count):
        began = START + timedelta(hours=40 * number)
        component = components[number % 20]
        updates = []
        previous = "operational"
        for step, (status, component_status) in enumerate(STAGES):
            at = stamp(began + timedelta(minutes=25 * step))
            affected = [{"code": component["id"], "name": component["name"],
                         "old_status": previous, "new_status": component_status}]  # fmt: skip
            previous = component_status
            updates.append({"id": f"u{number}-{step}", "status": status, "display_at": at,
                            "created_at": at, "affected_components": affected,
                            "body": f"Update {step} on incident {number}.\r\nDetails: *see* "
                                    "https://example.com/notes?id=1_2 for more."})  # fmt: skip
        incidents.append(
            {"id": f"inc{number:06d}", "name": f"Errors on service {number % 20} #{number}",
             "status": "resolved", "impact": "major", "started_at": updates[0]["display_at"],
             "resolved_at": updates[-1]["display_at"], "shortlink": f"https://stspg.io/{number}",
             "incident_updates": updates[::-1], "components": [component]}
        )  # fmt: skip
    (folder / "incidents.json").write_text(json.dumps(incidents), "utf-8")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run([STATUSGEN, *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"statusgen {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "export"
        source.mkdir()
        write_export(source, options.incidents)
        for run in range(options.runs):
            site = root / f"site-{run}"
            timed(["init", str(site), "--now", NOW])
            command = ["import", "statuspage", str(source), "-f", str(site / "mkdocs.yml"),
                       "--now", NOW]  # fmt: skip
            for name, extra in (("dry run", ["--dry-run"]), ("import", []), ("again", [])):
                results.setdefault(name, []).append(timed([*command, *extra]))
    print(f"{options.incidents} incidents, median of {options.runs} runs:")
    for name, times in results.items():
        print(f"  statusgen import statuspage ({name:<7}) {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
