"""A build that replaces a site links the pages whose bytes did not change, and only those.

A linked page is the previous site's file under a second name, so after the swap it is the
same inode; a changed page is a new file. The previous site must stay exactly as it was when
the build fails after linking, and a file in it that is not what the previous build wrote (an
edit by hand, a symbolic link) must never be taken into the new site.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from statusgen.adapters.mkdocs.render import MkdocsRenderer
from statusgen.build.pipeline import build
from statusgen.build.renderer import RenderJob
from statusgen.build.unchanged_files import UnchangedFiles, link_previous, read_previous
from statusgen.errors import RenderError

from .conftest import GOOD_INCIDENT, NOW, SiteFactory
from .test_build_cache import incident_text, tree

SETTLED = "incidents/2025-01-01-settled/index.html"
ACTIVE = "incidents/2026-11-22-active/index.html"


def built_once(site: SiteFactory, tmp_path: Path) -> Path:
    """A settled and an active incident, built into `out`: the site the next build replaces."""
    two_incidents(site)
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    return out


def two_incidents(site: SiteFactory) -> None:
    site.incident(
        "2025-01-01-settled.md", incident_text("Settled", "Old.", resolved=True, hours_ago=9000)
    )
    site.incident(
        "2026-11-22-active.md", incident_text("Active", "Looking.", resolved=False, hours_ago=2)
    )


def test_unchanged_pages_keep_their_file_and_changed_ones_get_a_new_one(
    site: SiteFactory, tmp_path: Path
) -> None:
    out = built_once(site, tmp_path)
    settled, active = (os.stat(out / p).st_ino for p in (SETTLED, ACTIVE))
    later = NOW + timedelta(minutes=20)  # the active incident's page says how long ago
    assert build(site.config_file, later, site_dir=out).built
    assert os.stat(out / SETTLED).st_ino == settled
    assert os.stat(out / ACTIVE).st_ino != active
    cold = tmp_path / "cold"
    (site.root / ".statusgen-cache").rename(tmp_path / "cache-aside")
    assert build(site.config_file, later, site_dir=cold).built
    assert tree(out) == tree(cold)


class FailsOnceRendered:
    """mkdocs renders the whole site, then the render fails: the linked pages are there."""

    def __init__(self) -> None:
        self.shared = 0

    def render(self, job: RenderJob) -> None:
        MkdocsRenderer().render(job)
        self.shared = sum(1 for p in job.site_dir.rglob("*.html") if os.stat(p).st_nlink > 1)
        raise RenderError("failed after rendering")


def test_a_failed_build_after_linking_leaves_the_previous_site_as_it_was(
    site: SiteFactory, tmp_path: Path
) -> None:
    out = built_once(site, tmp_path)
    before = tree(out)
    links_before = {p: os.stat(out / p).st_nlink for p in before}
    failing = FailsOnceRendered()
    with pytest.raises(RenderError, match="failed after rendering"):
        build(site.config_file, NOW, site_dir=out, renderer=failing)
    assert failing.shared > 0
    assert tree(out) == before
    assert {p: os.stat(out / p).st_nlink for p in before} == links_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site-repo"]


def test_a_page_edited_in_the_built_site_is_written_anew(site: SiteFactory, tmp_path: Path) -> None:
    out = built_once(site, tmp_path)
    page = out / SETTLED
    expected = page.read_bytes()
    edited = expected.replace(b"Old.", b"Eld.")  # the same length: only the bytes differ
    assert edited != expected
    page.write_bytes(edited)
    assert build(site.config_file, NOW, site_dir=out).built
    assert page.read_bytes() == expected


def test_a_symbolic_link_in_the_built_site_is_not_followed(
    site: SiteFactory, tmp_path: Path
) -> None:
    out = built_once(site, tmp_path)
    page = out / SETTLED
    expected = page.read_bytes()
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_bytes(expected)  # the very bytes the page would have
    page.unlink()
    page.symlink_to(elsewhere)
    assert build(site.config_file, NOW, site_dir=out).built
    assert not page.is_symlink() and page.read_bytes() == expected
    assert os.stat(elsewhere).st_nlink == 1 and elsewhere.read_bytes() == expected


def test_only_the_same_bytes_at_the_same_place_inside_the_new_site_are_linked(
    tmp_path: Path,
) -> None:
    # The previous site one level deeper, so that a path outside the new site, taken as
    # relative to it, names an existing file with the same bytes beside the previous site.
    previous, staging = tmp_path / "old" / "previous", tmp_path / "staging"
    (previous / "a").mkdir(parents=True)
    (previous / "a" / "index.html").write_bytes(b"same")
    (tmp_path / "old" / "outside").mkdir()
    (tmp_path / "old" / "outside" / "index.html").write_bytes(b"same")
    staging.mkdir()
    unchanged = UnchangedFiles(previous, staging)
    assert not unchanged.link_if_same(str(staging / "a" / "index.html"), b"samE")
    assert not unchanged.link_if_same(str(staging / "a" / "index.html"), b"same and more")
    assert not unchanged.link_if_same(str(staging / "b" / "index.html"), b"same")
    assert not unchanged.link_if_same(str(tmp_path / "outside" / "index.html"), b"same")
    assert not (staging / "a").exists() and not (staging / "b").exists()
    assert not (tmp_path / "outside").exists()
    assert unchanged.link_if_same(str(staging / "a" / "index.html"), b"same")
    assert (
        os.stat(staging / "a" / "index.html").st_ino
        == os.stat(previous / "a" / "index.html").st_ino
    )
    # A folder whose name begins with ".." is inside the site all the same.
    (previous / "..a").mkdir()
    (previous / "..a" / "index.html").write_bytes(b"same")
    assert unchanged.link_if_same(str(staging / "..a" / "index.html"), b"same")


def test_a_build_into_a_new_folder_links_nothing(site: SiteFactory, tmp_path: Path) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    assert build(site.config_file, NOW, site_dir=tmp_path / "one").built
    assert build(site.config_file, NOW, site_dir=tmp_path / "two").built
    one, two = (tmp_path / "one"), (tmp_path / "two")
    shared = [p for p in tree(one) if os.stat(one / p).st_ino == os.stat(two / p).st_ino]
    assert shared == []


def test_a_file_replaced_after_it_was_read_is_not_linked(tmp_path: Path) -> None:
    old, new = tmp_path / "old" / "page.html", tmp_path / "new" / "page.html"
    old.parent.mkdir()
    old.write_bytes(b"checked")
    found = read_previous(str(old))
    assert found is not None and found.data == b"checked"
    old.rename(old.with_name("kept.html"))  # kept, so its inode is not reused at once
    old.write_bytes(b"checked")  # the same bytes, another file
    assert not link_previous(str(old), str(new), found.identity)
    assert not new.exists()
    assert link_previous(str(old), str(new), read_previous(str(old)).identity)  # type: ignore[union-attr]
    assert os.stat(new).st_ino == os.stat(old).st_ino
