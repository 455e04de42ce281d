"""Benchmark: this checkout against a reference git revision, side by side in one run.

    python benchmarks/speed.py [--baseline REV] [--incidents 1000 5000] [--large] [--runs 3]
                               [--no-browser] [--no-serve]

The reference revision is checked out into a temporary `git worktree` and imported from there
(`PYTHONPATH=<worktree>/src`, the same virtual environment), so both builds run on the same
machine in the same minutes, interleaved run by run. Printed, as medians, for each revision
and as a ratio (reference / this checkout):

- full build of N incidents (`statusgen build`, fresh process, empty cache);
- one posted update on the largest site: a new update appended to one incident, then a
  rebuild with the previous build's cache in place (as the Deploy workflow keeps it);
- `statusgen serve` at the smallest size: seconds from saving an incident file to the
  preview serving the changed page;
- bytes of an incident page, the site's size and file count;
- a first visit to the home page in Debian's chromium behind a local gzip server, counting
  every response, including what the page's scripts fetch.

`--large` adds 20,000 incidents.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(REPO))

from revisions import Revision, build, line, reference  # noqa: E402
from serve import save_to_shown  # noqa: E402
from synthetic import write_site  # noqa: E402


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".statusgen-cache", ignore_errors=True)


def post_update(root: Path, run: int) -> None:
    """Add one update to an active incident, as `statusgen update` would during an outage."""
    newest = min((root / "incidents").glob("*-active-*.md"))
    text = newest.read_text("utf-8")
    marker = "updates:\n"
    entry = (
        f"  - at: 2026-11-22T11:{10 + run:02d}:00+00:00\n    status: monitoring\n"
        f"    body: |\n      Benchmark follow-up number {run}.\n"
    )
    newest.write_text(text.replace(marker, marker + entry, 1), "utf-8")


def site_figures(site: Path) -> tuple[int, int, float]:
    """Files, total bytes, and the median bytes of an incident page."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p.stat().st_size for p in (site / "incidents").glob("*/index.html")]
    return len(files), sum(p.stat().st_size for p in files), statistics.median(pages)


def first_visit(site: Path) -> tuple[float, int, list[str]]:
    """kB gzip sent for a first visit to the home page, the request count, sitemap fetches."""
    from playwright.sync_api import sync_playwright
    from tests.static_server import serve

    with serve(site) as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 360, "height": 800}, is_mobile=True)
        page.goto(served.url, wait_until="networkidle")
        page.wait_for_timeout(500)
        browser.close()
        sent = dict(served.sent_bytes)
    growing = [path for path in sent if "sitemap" in path or path.endswith(".json")]
    return sum(sent.values()) / 1000, len(sent), growing


def median_builds(revisions: list[Revision], root: Path, runs: int) -> dict[str, tuple[float, int]]:
    times: dict[str, list[float]] = {r.name: [] for r in revisions}
    peaks: dict[str, int] = {r.name: 0 for r in revisions}
    for _run in range(runs):
        for revision in revisions:  # interleaved: both see the same machine load
            site = root / f"site-{revision.src.parent.name}"
            clear_cache(root)
            shutil.rmtree(site, ignore_errors=True)
            elapsed, peak = build(revision, root, site)
            times[revision.name].append(elapsed)
            peaks[revision.name] = max(peaks[revision.name], peak)
    clear_cache(root)
    return {name: (statistics.median(t), peaks[name]) for name, t in times.items()}


def one_update(revisions: list[Revision], root: Path, runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {r.name: [] for r in revisions}
    for revision in revisions:
        site = root / f"site-update-{revision.src.parent.name}"
        clear_cache(root)
        build(revision, root, site)  # the previous deploy, which leaves its cache
        for run in range(runs):
            post_update(root, run)
            times[revision.name].append(build(revision, root, site)[0])
        subprocess.run(["git", "-C", str(root), "checkout", "--quiet", "incidents"], check=True)
    clear_cache(root)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", default="main", help="the reference git revision")
    parser.add_argument("--incidents", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--large", action="store_true", help="add 20,000 incidents")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    args = parser.parse_args()
    sizes = sorted({*args.incidents, *([20000] if args.large else [])})
    current = Revision("this", REPO / "src")
    with reference(args.baseline) as old:
        ref = f"{old.name[:10]:>10}"
        revisions = [old, current]
        print(f"reference {old.name} vs this checkout; medians of {args.runs} runs")
        for count in sizes:
            with tempfile.TemporaryDirectory(prefix="statusgen-speed-") as folder:
                root = Path(folder)
                write_site(root, count, active=2)
                subprocess.run(["git", "init", "--quiet", str(root)], check=True)
                subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
                subprocess.run(
                    ["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@b",
                     "commit", "--quiet", "-m", "synthetic"],
                    check=True,
                )  # fmt: skip
                print(f"{count} incidents:")
                built = median_builds(revisions, root, args.runs)
                (o, o_peak), (n, n_peak) = built[old.name], built[current.name]
                line("full build", o, n, "s", ref)
                line("peak memory", o_peak, n_peak, "MiB", ref)
                sites = {r.name: root / f"site-{r.src.parent.name}" for r in revisions}
                figures = {name: site_figures(site) for name, site in sites.items()}
                (of, ob, op), (nf, nb, np) = figures[old.name], figures[current.name]
                line("site size", ob / 1e6, nb / 1e6, "MB", ref)
                line("site files", of, nf, "", ref)
                line("incident page", op / 1000, np / 1000, "kB", ref)
                if not args.no_browser:
                    visits = {name: first_visit(site) for name, site in sites.items()}
                    (ov, oreq, ogrow), (nv, nreq, ngrow) = visits[old.name], visits[current.name]
                    line("first visit (gzip, all requests)", ov, nv, "kB", ref)
                    print(f"  {'':<34} requests: reference {oreq}, this {nreq}; "
                          f"history-sized fetches: reference {ogrow or 'none'}, "
                          f"this {ngrow or 'none'}")  # fmt: skip
                if count == max(sizes):
                    updates = one_update(revisions, root, args.runs)
                    line("one update, cache kept", updates[old.name], updates[current.name],
                         "s", ref)  # fmt: skip
                if count == min(sizes) and not args.no_serve:
                    reloads = {r.name: statistics.median(save_to_shown(r, root, args.runs))
                               for r in revisions}  # fmt: skip
                    line("serve: save to page shown", reloads[old.name], reloads[current.name],
                         "s", ref)  # fmt: skip


if __name__ == "__main__":
    main()
