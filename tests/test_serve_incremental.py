"""`statusgen serve`'s updates: after an edit, the preview's folder holds exactly what a full
build at the same moment writes, whether it re-rendered a few pages or built in full."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.adapters.mkdocs.preview import PreviewSite

from .conftest import GOOD_INCIDENT, NOW, SiteFactory
from .sitecheck import soup
from .test_drafts import DRAFT, DRAFT_ID
from .test_serve import _fetch, _free_port, _wait_for

URL = "http://127.0.0.1:8000/"
EDITED = "incidents/2026-03-01-api-errors.md"
SECOND = GOOD_INCIDENT.replace("API errors", "Website slowness").replace("api:", "web:")


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def full_build(site: SiteFactory, folder: Path, *, drafts: bool) -> dict[str, bytes]:
    fresh = PreviewSite(site.config_file, folder, site_url=URL, now=NOW, drafts=drafts)
    assert fresh.build()
    return files_of(folder)


@contextmanager
def preview_of_small_site(drafts: bool) -> Iterator[tuple[SiteFactory, PreviewSite, Path]]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site = SiteFactory(root / "repo")
        site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
        site.incident("2026-03-01-web-slow.md", SECOND)
        site.incident(f"{DRAFT_ID}.md", DRAFT)
        (root / "preview").mkdir()
        preview = PreviewSite(
            site.config_file, root / "preview", site_url=URL, now=NOW, drafts=drafts
        )
        assert preview.build()
        yield site, preview, root


def add_update(site: SiteFactory, n: int) -> None:
    path = site.root / EDITED
    entry = f"  - at: 2026-03-01T10:{50 - n:02d}:00Z\n    status: identified\n    body: Step {n}.\n"
    text = path.read_text("utf-8")
    first = "  - at: 2026-03-01T10:00:00Z\n"  # between the resolution and the first update
    path.write_text(text.replace(first, entry + first, 1), "utf-8")


def retitle(site: SiteFactory, n: int) -> None:
    path = site.root / EDITED
    text = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(f"title: API errors, take {n}\n" if t.startswith("title:") else t for t in text)
    )


def add_incident(site: SiteFactory, n: int) -> None:
    site.incident(f"2026-03-01-new-{n}.md", SECOND.replace("Website", f"New {n}"))


def delete_incident(site: SiteFactory, n: int) -> None:
    (site.root / "incidents" / "2026-03-01-web-slow.md").unlink(missing_ok=True)


def break_and_fix(site: SiteFactory, n: int) -> None:
    """Checked in `apply`: the broken file must leave the served folder as it was."""


EDITS = {
    "add an update": add_update,
    "change a title": retitle,
    "add an incident": add_incident,
    "delete an incident": delete_incident,
    "break a file, then fix it": break_and_fix,
}


def apply(site: SiteFactory, preview: PreviewSite, edit: str, n: int) -> None:
    if edit == "break a file, then fix it":
        path = site.root / EDITED
        good = path.read_text("utf-8")
        before = files_of(preview.site_dir)
        path.write_text(good.replace("major_outage", "sort_of_down"), "utf-8")
        assert not preview.update()
        assert preview.last == "invalid"
        assert files_of(preview.site_dir) == before  # the last good site, still served
        path.write_text(good.replace("Fixed.", f"Fixed, {n}."), "utf-8")
    else:
        EDITS[edit](site, n)
    assert preview.update()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3),
    drafts=st.booleans(),
)
def test_after_any_edits_the_preview_is_a_full_build(edits: list[str], drafts: bool) -> None:
    with preview_of_small_site(drafts) as (site, preview, root):
        for n, edit in enumerate(edits):
            apply(site, preview, edit, n)
        (root / "fresh").mkdir()
        assert files_of(preview.site_dir) == full_build(site, root / "fresh", drafts=drafts)


def test_an_edit_to_an_incident_re_renders_pages_only() -> None:
    with preview_of_small_site(drafts=False) as (site, preview, root):
        before = files_of(preview.site_dir)
        retitle(site, 7)
        assert preview.update()
        assert preview.last == "pages"
        after = files_of(preview.site_dir)
        page = "incidents/2026-03-01-api-errors/index.html"
        assert before[page] != after[page]
        assert soup(preview.site_dir, "incidents/2026-03-01-api-errors/").h1 is not None
        assert "API errors, take 7" in after[page].decode()
        # What lists the incident (feeds, JSON, history) follows the edit too.
        listing = {name for name, data in after.items() if b"API errors, take 7" in data}
        assert len(listing - {page}) >= 2, listing
        # The other incident's page is the file the full build wrote.
        other = "incidents/2026-03-01-web-slow/index.html"
        assert after[other] == before[other]
        (root / "fresh").mkdir()
        assert after == full_build(site, root / "fresh", drafts=False)


def test_a_draft_is_previewed_and_its_edits_shown() -> None:
    with preview_of_small_site(drafts=True) as (site, preview, root):
        page = f"incidents/{DRAFT_ID}/index.html"
        path = site.root / "incidents" / f"{DRAFT_ID}.md"
        path.write_text(DRAFT.replace("SECRET-DRAFT-TITLE", "EDITED-DRAFT-TITLE"), "utf-8")
        assert preview.update()
        assert preview.last == "pages"
        assert "EDITED-DRAFT-TITLE" in (preview.site_dir / page).read_text("utf-8")
        (root / "fresh").mkdir()
        assert files_of(preview.site_dir) == full_build(site, root / "fresh", drafts=True)


def test_a_change_to_mkdocs_yml_builds_in_full() -> None:
    with preview_of_small_site(drafts=False) as (site, preview, root):
        site.config_file.write_text(
            site.config_file.read_text("utf-8").replace("Test Status", "Renamed Status"), "utf-8"
        )
        assert preview.update()
        assert preview.last == "full"
        assert "Renamed Status" in (preview.site_dir / "index.html").read_text("utf-8")
        (root / "fresh").mkdir()
        assert files_of(preview.site_dir) == full_build(site, root / "fresh", drafts=False)


def test_the_served_preview_shows_edits_and_keeps_the_last_good_site(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "statusgen", "serve", "-f", str(example_site.config_file)]
    command += ["-a", f"127.0.0.1:{port}", "--now", "2026-11-22T12:00:00Z", "--drafts"]
    with log.open("w") as log_file:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log_file)
    try:
        base = f"http://127.0.0.1:{port}/"
        draft = f"{base}postmortems/2026-11-10-webhook-delivery-delays/"
        assert _wait_for(draft, "Draft: not published.", 90), log.read_text()
        incident = example_site.root / "incidents" / "2026-11-22-slow-cdn-asia-pacific.md"
        page = f"{base}incidents/{incident.stem}/"
        good = incident.read_text("utf-8")
        incident.write_text(good.replace("title: Slow asset", "title: Edited slow asset", 1))
        assert _wait_for(page, "Edited slow asset", 30), log.read_text()
        assert "livereload" in (_fetch(page) or "")
        # Reading the files is no change: with nothing saved, nothing is rebuilt.
        time.sleep(1.5)
        updates = log.read_text().count("Detected file changes")
        time.sleep(2)
        assert log.read_text().count("Detected file changes") == updates, log.read_text()
        incident.write_text(good.replace("title: Slow asset", "titel: Broken slow asset", 1))
        assert _wait_for_text(log, "still serving the last good site", 30)
        assert "Edited slow asset" in (_fetch(page) or ""), "the last good site stays served"
        assert f"incidents/{incident.name}" in log.read_text()  # the problem, in the terminal
        incident.write_text(good.replace("title: Slow asset", "title: Fixed slow asset", 1))
        assert _wait_for(page, "Fixed slow asset", 30), log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_text(log: Path, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in log.read_text():
            return True
        time.sleep(0.2)
    return False
