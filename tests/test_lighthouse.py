"""Lighthouse (mobile) gives the home page and an incident page full marks for accessibility,
best practices and SEO.

Performance is left to `scripts/lighthouse.py`, which prints all four scores: its simulated
timings move with the load on a shared machine, and a test must not.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from .browser_support import REPO, require_chromium, require_file
from .static_server import Served

sys.path.insert(0, str(REPO))
from scripts.lighthouse import LIGHTHOUSE, PAGES, run_lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CATEGORIES = ("accessibility", "best-practices", "seo")


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
