"""Lighthouse (mobile) scores of the example site's home page and an incident page.

Builds the example site (this repository's content, at a moment with an active incident),
serves it gzip-compressed on 127.0.0.1 as GitHub Pages would, and runs Lighthouse from
tests/a11y/node_modules against Debian's chromium. Prints the four category scores per page,
the median of --runs runs.

    python scripts/lighthouse.py [--runs 3] [--site DIR] [--json-dir DIR]

Needs `npm ci` in tests/a11y (see .ci/run) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.static_server import serve  # noqa: E402

LIGHTHOUSE = REPO / "tests" / "a11y" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
PAGES = {"home": "", "incident": "incidents/2026-11-22-slow-cdn-asia-pacific/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def build_example(site_dir: Path) -> None:
    from statusgen.build.pipeline import build

    result = build(REPO / "mkdocs.yml", NOW, site_dir=site_dir)
    if not result.built:
        sys.exit("the example site did not build")


def run_lighthouse(url: str, categories: tuple[str, ...] = CATEGORIES) -> dict[str, object]:
    """One Lighthouse run with its default mobile settings (simulated slow 4G, 4x CPU)."""
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE.relative_to(REPO)} is missing: cd tests/a11y && npm ci")
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(categories)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report: dict[str, object] = json.loads(result.stdout)
    return report


def scores(report: dict[str, object]) -> dict[str, int]:
    categories = report["categories"]
    assert isinstance(categories, dict)
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def failing_audits(report: dict[str, object]) -> list[str]:
    """Audits below full marks that count towards a score, to say what to fix."""
    audits = report["audits"]
    assert isinstance(audits, dict)
    found = []
    for audit in audits.values():
        score = audit.get("score")
        if score is not None and score < 1 and audit.get("scoreDisplayMode") == "binary":
            found.append(f"{audit['id']}: {audit['title']}")
        elif score is not None and score < 0.9 and audit.get("scoreDisplayMode") == "numeric":
            found.append(f"{audit['id']}: {audit.get('displayValue', '')} ({score:.2f})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--json-dir", type=Path, help="keep each run's full report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = args.site
        if site is None:
            site = Path(folder) / "site"
            build_example(site)
        with serve(site) as served:
            for name, path in PAGES.items():
                runs = []
                for run in range(args.runs):
                    report = run_lighthouse(served.url + path)
                    runs.append(report)
                    if args.json_dir:
                        args.json_dir.mkdir(parents=True, exist_ok=True)
                        target = args.json_dir / f"{name}-{run}.json"
                        target.write_text(json.dumps(report), "utf-8")
                medians = {c: statistics.median(scores(r)[c] for r in runs) for c in CATEGORIES}
                figures = ", ".join(f"{c} {medians[c]:.0f}" for c in CATEGORIES)
                print(f"{name:>9}: {figures} (median of {args.runs} mobile runs)")
                for line in sorted({a for r in runs for a in failing_audits(r)}):
                    print(f"{'':>11}- {line}")


if __name__ == "__main__":
    main()
