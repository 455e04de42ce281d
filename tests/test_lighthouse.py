"""Lighthouse (mobile) gives the home page and an incident page full marks for accessibility,
best practices and SEO, and at least 98 for performance, served gzip-compressed from
127.0.0.1 as GitHub Pages serves them.

Performance is simulated (slow 4G, a CPU four times slower) from timings taken on this
machine, so a load spike on a shared machine can cost a run a few points: a page gets up to
three runs to reach 98. `scripts/lighthouse.py` prints all four scores, medians of several.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from .browser_support import REPO, require_chromium, require_file
from .static_server import Served

sys.path.insert(0, str(REPO))
from scripts.lighthouse import LIGHTHOUSE, PAGES, failing_audits, run_lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CATEGORIES = ("accessibility", "best-practices", "seo")
PERFORMANCE = 98
RUNS = 3


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_gives_full_marks(served_example: Served, name: str) -> None:
    require_chromium()
    require_file(LIGHTHOUSE)
    report: dict[str, Any] = run_lighthouse(served_example.url + PAGES[name], CATEGORIES)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
    ]
    assert scores == dict.fromkeys(CATEGORIES, 100), failing


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_mobile_performance_is_at_least_98_behind_gzip(
    served_example: Served, example_site_dir: Path, name: str
) -> None:
    require_chromium()
    require_file(LIGHTHOUSE)
    url = served_example.url + PAGES[name]
    found: list[tuple[int, list[str]]] = []
    for _ in range(RUNS):
        report: dict[str, Any] = run_lighthouse(url, ("performance",))
        score = round(report["categories"]["performance"]["score"] * 100)
        found.append((score, failing_audits(report)))  # what to fix, should it fail
        if found[-1][0] >= PERFORMANCE:
            break
    # The page went out compressed, as Pages sends it.
    page = "/" + PAGES[name]
    raw = (example_site_dir / PAGES[name] / "index.html").stat().st_size
    assert 0 < served_example.sent_bytes[page] < raw / 2
    assert max(score for score, _ in found) >= PERFORMANCE, found
