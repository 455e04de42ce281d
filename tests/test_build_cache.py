"""The build cache (.statusgen-cache/): a build with it writes the same bytes as one without.

Random sites get random edits (an update posted, a body or title edited, a component renamed
in mkdocs.yml, a new incident, the clock moved on); the build that finds the previous build's
cache is compared file by file with a cold build of the same content.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.build.pipeline import build
from statusgen.render.page_cache import FOLDER, PAGES_FILE

from .conftest import CONFIG, NOW, SiteFactory

WORDS = ["errors", "the **API**", "database", "`timeout`", "we are", "fixed", "<b>x</b>", "é"]
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


def incident_text(title: str, body: str, *, resolved: bool, hours_ago: int) -> str:
    start = NOW - timedelta(hours=hours_ago)
    updates = []
    if resolved:
        updates.append(
            f"  - at: {(start + timedelta(minutes=30)).isoformat()}\n"
            f"    status: resolved\n    body: {json.dumps(body + ' Resolved.')}\n"
        )
    updates.append(
        f"  - at: {start.isoformat()}\n    status: investigating\n    body: {json.dumps(body)}\n"
    )
    return (
        f"---\ntitle: {json.dumps(title)}\nimpact: minor\ncomponents:\n  api: partial_outage\n"
        "postmortem: not-required\npostmortem_reason: A test.\n"
        f"updates:\n{''.join(updates)}---\n"
    )


incidents = st.lists(
    st.tuples(texts, texts, st.booleans(), st.integers(min_value=1, max_value=2000)),
    min_size=1,
    max_size=5,
)
edits = st.sampled_from(["update", "body", "title", "config", "new", "clock"])


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def write_site(root: Path, items: list[tuple[str, str, bool, int]]) -> SiteFactory:
    site = SiteFactory(root)
    site.incident(
        "2025-01-01-settled.md", incident_text("Settled", "Old.", resolved=True, hours_ago=9000)
    )
    for n, (title, body, resolved, hours) in enumerate(items):
        text = incident_text(title, body, resolved=resolved, hours_ago=hours)
        site.incident(f"2026-01-0{n + 1}-item-{n}.md", text)
    return site


def apply_edit(site: SiteFactory, edit: str, text: str) -> timedelta:
    """Change the site as `edit` says; returns how far the clock moves."""
    path = site.root / "incidents" / "2026-01-01-item-0.md"
    source = path.read_text("utf-8")
    if edit == "update":
        entry = f"  - at: {NOW.isoformat()}\n    status: monitoring\n    body: {json.dumps(text)}\n"
        if "status: resolved" not in source:
            path.write_text(source.replace("updates:\n", "updates:\n" + entry, 1), "utf-8")
    elif edit == "body":
        path.write_text(source.replace("body: ", f"body: {json.dumps(text)} #", 1), "utf-8")
    elif edit == "title":
        path.write_text(source.replace("title: ", f"title: {json.dumps(text)} #", 1), "utf-8")
    elif edit == "config":
        site.config(CONFIG.replace("name: API", f"name: {json.dumps(text)}"))
    elif edit == "new":
        site.incident("2026-02-01-new.md", incident_text(text, text, resolved=False, hours_ago=2))
    return timedelta(hours=7) if edit == "clock" else timedelta(0)


@settings(max_examples=8, deadline=None)
@given(items=incidents, edit=edits, text=texts)
def test_a_build_with_the_cache_equals_a_cold_build(
    items: list[tuple[str, str, bool, int]], edit: str, text: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        site = write_site(work / "repo", items)
        build(site.config_file, NOW, site_dir=work / "warm")
        kept = json.loads((site.root / FOLDER / PAGES_FILE).read_text("utf-8"))["pages"]
        later = NOW + apply_edit(site, edit, text)
        # Into the same folder: the pages that did not change are linked from the site replaced.
        warm = build(site.config_file, later, site_dir=work / "warm")
        assert warm.built, warm.report.format("text")
        cold_root = work / "cold-repo"
        shutil.copytree(site.root, cold_root, ignore=shutil.ignore_patterns(FOLDER))
        build(cold_root / "mkdocs.yml", later, site_dir=work / "cold")
        assert tree(work / "warm") == tree(work / "cold")
        used = json.loads((site.root / FOLDER / PAGES_FILE).read_text("utf-8"))["pages"]
        # The settled incident's page is the same before and after every edit but the config's.
        assert edit == "config" or set(kept) & set(used)


def build_with_a_planted_cache(
    site: SiteFactory, out: Path, hours_ago: int, plant: Callable[[dict[str, Any]], None]
) -> Path:
    """Build a settled incident's site, change the kept cache with `plant`, build again."""
    site.incident(
        "2025-01-01-settled.md",
        incident_text("Settled", "Old.", resolved=True, hours_ago=hours_ago),
    )
    build(site.config_file, NOW, site_dir=out / "first")
    cache_file = site.root / FOLDER / PAGES_FILE
    data = json.loads(cache_file.read_text("utf-8"))
    plant(data)
    cache_file.write_text(json.dumps(data), "utf-8")
    build(site.config_file, NOW, site_dir=out / "second")
    return out / "second"


def test_a_kept_page_is_taken_from_the_cache(site: SiteFactory, tmp_path: Path) -> None:
    def plant(data: dict[str, Any]) -> None:
        (page,) = data["pages"].values()
        page["html"] = page["html"].replace("Old.", "Planted in the cache.")

    second = build_with_a_planted_cache(site, tmp_path, 9000, plant)
    html = (second / "incidents" / "2025-01-01-settled" / "index.html").read_text()
    assert "Planted in the cache." in html


@pytest.mark.parametrize("junk", ["{not json", '{"code": "other", "pages": {}}', "[]"])
def test_an_unreadable_or_foreign_cache_is_ignored(
    site: SiteFactory, tmp_path: Path, junk: str
) -> None:
    site.incident("2025-01-01-x.md", incident_text("X", "Old.", resolved=True, hours_ago=9000))
    build(site.config_file, NOW, site_dir=tmp_path / "cold")
    (site.root / FOLDER / PAGES_FILE).write_text(junk, "utf-8")
    assert build(site.config_file, NOW, site_dir=tmp_path / "after-junk").built
    assert tree(tmp_path / "after-junk") == tree(tmp_path / "cold")


def test_a_folder_statusgen_did_not_make_is_left_alone(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2025-01-01-x.md", incident_text("X", "Old.", resolved=True, hours_ago=9000))
    theirs = site.root / FOLDER
    theirs.mkdir()
    (theirs / PAGES_FILE).write_text("someone else's file", "utf-8")
    assert build(site.config_file, NOW, site_dir=tmp_path / "out").built
    assert sorted(p.name for p in theirs.iterdir()) == [PAGES_FILE]
    assert (theirs / PAGES_FILE).read_text("utf-8") == "someone else's file"


def test_a_kept_list_entry_is_taken_from_the_cache(site: SiteFactory, tmp_path: Path) -> None:
    def plant(data: dict[str, Any]) -> None:
        assert data["entries"], "the history's and the component's entries are kept"
        data["entries"] = {
            key: html.replace(">Settled<", ">Planted in the cache<")
            for key, html in data["entries"].items()
        }

    second = build_with_a_planted_cache(site, tmp_path, 200, plant)
    history = (second / "history" / "index.html").read_text("utf-8")
    assert ">Planted in the cache<" in history
    assert ">Settled<" not in history
