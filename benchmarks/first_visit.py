"""Benchmark: what a first visit to the home page downloads, at N synthetic incidents.

Builds a synthetic site (with two active incidents, so the first screen has something to
show), serves it gzip-compressed on 127.0.0.1 as GitHub Pages would, opens the home page in
Debian's chromium with an empty cache and adds up the bytes the server sent for every request
the page made. Also prints how far into the compressed HTML the overall status and the
active incidents end: the first 14 KB arrive in the first round trip of a new connection.

    python benchmarks/first_visit.py [--incidents 1000 5000]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(REPO))

from synthetic import write_site  # noqa: E402
from tests.static_server import serve  # noqa: E402

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FIRST_SCREEN_END = '<section class="sg-section" aria-labelledby="sg-active">'


def first_screen_bytes(html: str) -> int:
    """Compressed bytes up to the end of the active incidents (or of the banner)."""
    start = html.find(FIRST_SCREEN_END)
    if start < 0:
        end = html.index("</section>", html.index('class="sg-banner')) + len("</section>")
    else:
        end = html.index("</section>", start) + len("</section>")
    return len(gzip.compress(html[:end].encode("utf-8"), 6, mtime=0))


def visit(url: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 360, "height": 800}, is_mobile=True)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url, wait_until="networkidle")
        browser.close()
    return requested


def measure(count: int) -> None:
    from statusgen.build.pipeline import build

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, count, active=2)
        site = root / "site"
        result = build(root / "mkdocs.yml", NOW, site_dir=site)
        if not result.built:
            sys.exit(result.report.format("text"))
        with serve(site) as served:
            requested = visit(served.url)
            sent = dict(served.sent_bytes)
        foreign = [u for u in requested if not u.startswith(served.url)]
        html = (site / "index.html").read_text("utf-8")
        total = sum(sent.values())
        print(
            f"{count:>6} incidents: home first visit {total / 1000:.1f} kB over "
            f"{len(sent)} requests (HTML {sent['/'] / 1000:.1f} kB compressed, "
            f"{len(html.encode()) / 1000:.0f} kB raw); status and active incidents end "
            f"{first_screen_bytes(html) / 1000:.1f} kB into the compressed HTML"
            + (f"; FOREIGN REQUESTS {foreign}" if foreign else "")
        )
        for path, size in sorted(sent.items(), key=lambda item: -item[1]):
            print(f"{'':>8}{size / 1000:6.1f} kB  {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    for count in args.incidents:
        measure(count)


if __name__ == "__main__":
    main()
