"""The home page's weight as a browser downloads it, gzip-compressed as GitHub Pages sends it:
at most 60 kB on a first visit at 5,000 incidents, with the overall status and the active
incidents inside the first 14 kB of compressed HTML (one round trip of a new connection).

`benchmarks/first_visit.py` prints the same figures, per file, for other sizes.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import Any

import pytest

from statusgen.build.pipeline import build

from .conftest import NOW, REPO
from .static_server import serve

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import write_site

FIRST_VISIT_LIMIT = 60_000
FIRST_ROUND_TRIP = 14_000


def _compressed_prefix(html: str, end: int) -> int:
    return len(gzip.compress(html[:end].encode("utf-8"), 6, mtime=0))


@pytest.mark.slow
@pytest.mark.browser
def test_home_first_visit_fits_the_budget_at_5000_incidents(chromium: Any, tmp_path: Path) -> None:
    write_site(tmp_path, 5000, active=2)
    site = tmp_path / "site"
    assert build(tmp_path / "mkdocs.yml", NOW, site_dir=site).built
    with serve(site) as served:
        context = chromium.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
        page = context.new_page()
        page.goto(served.url, wait_until="networkidle")
        context.close()
        sent = dict(served.sent_bytes)
    assert "/" in sent and any(path.endswith(".css") for path in sent)
    assert sum(sent.values()) <= FIRST_VISIT_LIMIT, sent

    html = (site / "index.html").read_text("utf-8")
    active = html.index('aria-labelledby="sg-active"')
    titles = [f"Synthetic active incident number {n}" for n in range(2)]
    assert all(html.index(title) > active for title in titles)
    end = html.index("</section>", active)
    assert _compressed_prefix(html, end) <= FIRST_ROUND_TRIP
