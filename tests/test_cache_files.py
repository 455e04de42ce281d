"""The cache files are written in pieces: whole and readable however many pages they hold,
and a write that fails part-way leaves the previous file as it was.

At 20,000 incidents the pages' cache is some 80 MB of JSON and the findings' some 40 MB;
`cache_folder.write_chunks` writes them a few hundred members at a time, so neither is ever
one bytes object in memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from statusgen import cache_folder
from statusgen.content import document_cache
from statusgen.content.document_cache import DocumentCache
from statusgen.content.validate import check_site
from statusgen.render import page_cache
from statusgen.render.fragment_store import FragmentStore
from statusgen.render.page_cache import PageCache
from statusgen.render.page_context import SitePage

from .conftest import GOOD_INCIDENT, NOW, SiteFactory

# More members than one piece holds, and not a multiple of it: pieces join at every seam.
MANY = 3 * 256 + 7


def test_many_pages_and_entries_come_back_as_they_were_saved(tmp_path: Path) -> None:
    pages = {
        f"key-{n:04}": SitePage(
            url=f"incidents/{n}/",
            title=f"Incident {n} \u2014 \u00e9t\u00e9 <b>",
            html=f'<p class="x">{n} &amp; "quoted" \u2028</p>',
            description=f"Resolved: {n}",
            feeds=(("application/atom+xml", "Atom", "feed.xml"),),
            robots="noindex" if n % 2 else "",
            meta={"kind": "incident", "live": None, "n": n},
        )
        for n in range(MANY)
    }
    entries = {f"entry-{n:04}": f"<li>{n} \U0001f525</li>" for n in range(MANY)}
    assert page_cache.save(PageCache(used=pages, entries=FragmentStore(used=entries)), tmp_path)
    loaded = page_cache.load(tmp_path)
    assert loaded.stored == pages
    assert loaded.entries.stored == entries


def test_many_files_findings_come_back_as_they_were_saved(
    site: SiteFactory, tmp_path: Path
) -> None:
    site.incident("2026-11-20-good.md", GOOD_INCIDENT)
    found = DocumentCache()
    check_site(site.config_file, NOW, documents=found)
    (only,) = found.used.values()
    assert only.incident is not None
    used = {
        f"file-{n:04}": dataclasses.replace(
            only, incident=only.incident.model_copy(update={"title": f"Incident {n}"})
        )
        for n in range(MANY)
    }
    assert document_cache.save(DocumentCache(used=used), tmp_path)
    assert document_cache.load(tmp_path).stored == used


def test_a_write_that_fails_part_way_leaves_the_previous_file(tmp_path: Path) -> None:
    assert cache_folder.write_chunks(tmp_path, "pages.json", [b'{"before": ', b"true}"])

    def failing() -> Iterator[bytes]:
        yield b'{"half": '
        raise ValueError("cannot encode this member")

    with pytest.raises(ValueError):
        cache_folder.write_chunks(tmp_path, "pages.json", failing())
    folder = tmp_path / cache_folder.FOLDER
    assert (folder / "pages.json").read_bytes() == b'{"before": true}'
    assert sorted(path.name for path in folder.iterdir()) == ["CACHEDIR.TAG", "pages.json"]
