"""Benchmark: what a first visit to the home page downloads, at N synthetic incidents.

Builds a synthetic site (with two active incidents, so the first screen has something to
show), serves it gzip-compressed on 127.0.0.1 as GitHub Pages would, opens the home page in
Debian's chromium with an empty cache and adds up the bytes the server sent for every request
the page made. Also prints how far into the compressed HTML the overall status and the
active incidents end: the first 14 KB arrive in the first round trip of a new connection.

    python benchmarks/first_visit.py [--baseline REV] [--incidents 1000 5000]

Both this checkout and the reference revision (`--baseline`, default main, checked out into
a temporary worktree: benchmarks/revisions.py) build the same synthetic site in the same
run; each figure is printed for both, with the ratio (reference / this checkout).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(REPO))

from revisions import Revision, build, line, reference  # noqa: E402
from synthetic import write_site  # noqa: E402
from tests.static_server import serve  # noqa: E402

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


@dataclass(frozen=True)
class Visit:
    """What a first visit to one revision's home page downloaded."""

    sent: dict[str, int]  # bytes the server sent, by path
    html_raw: int
    first_screen: int
    foreign: list[str]

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def visit_site(site: Path) -> Visit:
    with serve(site) as served:
        requested = visit(served.url)
        sent = dict(served.sent_bytes)
    html = (site / "index.html").read_text("utf-8")
    return Visit(
        sent=sent,
        html_raw=len(html.encode()),
        first_screen=first_screen_bytes(html),
        foreign=[u for u in requested if not u.startswith(served.url)],
    )


def measure(revisions: list[Revision], count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, count, active=2)
        visits: dict[str, Visit] = {}
        for revision in revisions:
            site = root / f"site-{len(visits)}"
            build(revision, root, site)
            visits[revision.name] = visit_site(site)
    old, new = (visits[revision.name] for revision in revisions)
    ref = f"{revisions[0].name[:10]:>10}"
    print(f"{count} incidents:")
    line("home first visit (gzip, all)", old.total / 1000, new.total / 1000, "kB", ref)
    line("requests", len(old.sent), len(new.sent), "", ref)
    line("HTML (gzip)", old.sent["/"] / 1000, new.sent["/"] / 1000, "kB", ref)
    line("HTML (raw)", old.html_raw / 1000, new.html_raw / 1000, "kB", ref)
    line("status and active incidents end", old.first_screen / 1000, new.first_screen / 1000,
         "kB", ref)  # fmt: skip
    for name, seen in visits.items():
        if seen.foreign:
            print(f"  FOREIGN REQUESTS ({name}): {seen.foreign}")
        print(f"  {name}, per file:")
        for path, size in sorted(seen.sent.items(), key=lambda item: -item[1]):
            print(f"{'':>8}{size / 1000:6.1f} kB  {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default="main", help="the reference git revision")
    parser.add_argument("--incidents", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    with reference(args.baseline) as old:
        print(f"reference {old.name} vs this checkout")
        for count in args.incidents:
            measure([old, Revision("this", REPO / "src")], count)


if __name__ == "__main__":
    main()
