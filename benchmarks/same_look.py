"""Check: do this checkout's pages look exactly like a reference revision's?

    python benchmarks/same_look.py [--baseline REV]

Builds the example site (this repository's incidents/ and postmortems/) with both revisions
at the same moment, opens the same pages in Debian's chromium at a phone's and a desktop's
width, in light and dark schemes, and compares the screenshots byte for byte (chromium
encodes the same pixels to the same PNG). Prints one line per page and view; the screenshots
of a page that differs are kept for a look. For changes meant to leave the look alone
(markup written differently, faster paths), not a timed benchmark.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revisions import REPO, Revision, build, reference

PAGES = [
    "",
    "history/",
    "history/2/",  # "← Newer" and "Older →"
    "components/",
    "components/api/",
    "incidents/2026-11-22-slow-cdn-asia-pacific/",
    "incidents/2026-12-05-database-storage-upgrade/",  # a maintenance
    "postmortems/",
    "postmortems/2026-09-16-database-failover-outage/",
    "reliability/",
    "subscribe/",
]
VIEWS = {  # name: (width, height, colour scheme)
    "phone": (360, 800, "light"),
    "desktop": (1280, 900, "light"),
    "desktop-dark": (1280, 900, "dark"),
}
EXAMPLE = ("mkdocs.yml", "incidents", "postmortems", "site_src")


def example_copy(root: Path) -> Path:
    root.mkdir()
    for name in EXAMPLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def screenshots(site: Path, out: Path) -> dict[tuple[str, str], Path]:
    from playwright.sync_api import sync_playwright
    from tests.static_server import serve

    shots: dict[tuple[str, str], Path] = {}
    out.mkdir()
    with serve(site) as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for view, (width, height, scheme) in VIEWS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=scheme,  # type: ignore[arg-type]
                timezone_id="UTC",
                locale="en-US",
            )
            page = context.new_page()
            for path in PAGES:
                page.goto(served.url + path, wait_until="networkidle")
                shot = out / f"{view}-{path.strip('/').replace('/', '-') or 'home'}.png"
                page.screenshot(path=str(shot), full_page=True, animations="disabled")
                shots[(view, path)] = shot
            context.close()
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", default="main", help="the reference git revision")
    args = parser.parse_args()
    kept = Path(tempfile.mkdtemp(prefix="statusgen-same-look-"))
    differing = 0
    with reference(args.baseline) as old, tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shots = {}
        for revision in (old, Revision("this", REPO / "src")):
            name = revision.src.parent.name
            root = example_copy(work / f"example-{name}")
            build(revision, root, root / "site")
            shots[revision.name] = screenshots(root / "site", work / f"shots-{name}")
        print(f"reference {old.name} vs this checkout: the example site's pages")
        for key, before in shots[old.name].items():
            after = shots["this"][key]
            same = before.read_bytes() == after.read_bytes()
            view, path = key
            print(f"  {view:<13} /{path:<46} {'identical' if same else 'DIFFERENT'}")
            if not same:
                differing += 1
                shutil.copy2(before, kept / f"reference-{before.name}")
                shutil.copy2(after, kept / f"this-{after.name}")
    if differing:
        print(f"{differing} screenshots differ; both versions are in {kept}")
        sys.exit(1)
    shutil.rmtree(kept)
    print(f"all {len(shots['this'])} screenshots identical")


if __name__ == "__main__":
    main()
