"""Benchmark: what the reliability page and its data add to `statusgen build`.

Builds one synthetic site of N incidents twice per run, alternating: with the reliability
report on (the page, reliability.json and the CSV tables, with objectives on every other
component) and with `reliability: {page: 'off'}`. Prints the medians of each build's wall
time and CPU time (user + system of the build process: on a busy machine the steadier of
the two), the difference, and the CPU time of the report itself in one process (figures,
page and data files, after a first run that imports and compiles everything).

    python benchmarks/reliability.py [--incidents 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build import NOW
from synthetic import COMPONENTS, write_site


def run_build(config: Path, site: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one build in a fresh process."""
    command = [
        str(Path(sys.executable).parent / "statusgen"),
        "build", "-f", str(config), "-d", str(site), "--now", NOW,
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            sys.exit(f"build failed:\n{log.read().decode()[-3000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def configs(root: Path) -> tuple[Path, Path]:
    """mkdocs.yml with objectives and the report on; a copy with the report off."""
    on = root / "mkdocs.yml"
    text = on.read_text("utf-8")
    for index, component in enumerate(COMPONENTS):
        if index % 2 == 0:
            line = f"          name: {component.title()}\n"
            text = text.replace(line, line + "          slo: 99.9\n")
    on.write_text(text, "utf-8")
    off = root / "mkdocs-off.yml"
    off.write_text(text + "      reliability:\n        page: 'off'\n", "utf-8")
    return on, off


def in_process(config: Path) -> tuple[float, int]:
    """CPU seconds to compute the report and render its page and files, and their bytes."""
    from statusgen.content.validate import check_site
    from statusgen.reliability import report as computed
    from statusgen.reliability.data import reliability_files
    from statusgen.reliability.page import URL, page_context
    from statusgen.render.page_context import _environment

    now = datetime.fromisoformat(NOW.replace("Z", "+00:00")).astimezone(UTC)
    content = check_site(config, now).content
    assert content is not None
    template = _environment().get_template("reliability.html")

    def once() -> int:
        computed._last = None  # no report kept from an earlier run
        report = computed.site_report(content, now)  # the build's own: page and files share it
        html = template.render(
            page_url=URL, site=None, config=content.config, now=now, private=False,
            **page_context(report),
        )  # fmt: skip
        files = reliability_files(content, now)
        return len(html.encode()) + sum(len(data) for data in files.values())

    once()
    start = time.process_time()
    size = once()
    return time.process_time() - start, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.incidents)
        on, off = configs(root)
        measured: dict[Path, list[tuple[float, float]]] = {on: [], off: []}
        for run in range(args.runs):
            # Alternate, so a slow moment of the machine hits both sides alike.
            for config in (on, off) if run % 2 == 0 else (off, on):
                measured[config].append(run_build(config, root / f"site-{config.stem}-{run}"))
        report_seconds, size = in_process(on)
    for kind, index in (("wall", 0), ("CPU", 1)):
        with_report = statistics.median(m[index] for m in measured[on])
        without = statistics.median(m[index] for m in measured[off])
        added = with_report - without
        print(
            f"{args.incidents} incidents, {args.runs} builds each, median {kind} time: with the "
            f"reliability report {with_report:.2f} s, without {without:.2f} s: "
            f"{added:+.2f} s ({100 * added / without:+.1f} %)"
        )
    print(
        f"the report alone (figures, page, reliability.json and CSVs): {report_seconds:.2f} s "
        f"CPU in process, {size / 1000:.0f} KB"
    )


if __name__ == "__main__":
    main()
