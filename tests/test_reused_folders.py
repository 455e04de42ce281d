"""A build takes over the folders of the site before last instead of making them anew.

The site a build replaces is kept beside as a spare. The next build moves the spare's
folders into its new site, keeps the files that are the very files it links at those
places, and unlinks everything else without writing into it: the spare shares most files
with the live site, so a file written in place would change what readers see. The result
must be the site a cold build writes, folders included.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from statusgen.build.pipeline import build
from statusgen.build.reused_folders import folders_of, reuse_folders
from statusgen.build.site_dir import MARKER

from .conftest import NOW, SiteFactory
from .security.fsstate import snapshot
from .test_unchanged_files import ACTIVE, SETTLED, two_incidents

SETTLED_FOLDER = os.path.dirname(SETTLED)


def spares(folder: Path) -> list[Path]:
    return sorted(folder.glob(".out.spare-*"))


def built_twice(site: SiteFactory, tmp_path: Path) -> Path:
    """Two builds into `out`: the second keeps the first's site as a spare."""
    two_incidents(site)
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    assert spares(tmp_path) == []  # a build into a new folder replaces nothing
    assert build(site.config_file, NOW + timedelta(minutes=10), site_dir=out).built
    return out


def cold_build(site: SiteFactory, tmp_path: Path, moment: datetime) -> dict[str, str]:
    """What a build into a new folder without any cache writes, folders included."""
    cold = tmp_path / "cold"
    shutil.move(site.root / ".statusgen-cache", tmp_path / "cache-aside")
    assert build(site.config_file, moment, site_dir=cold).built
    return snapshot(cold)


def test_a_build_takes_over_the_spare_folders_and_writes_the_cold_build_site(
    site: SiteFactory, tmp_path: Path
) -> None:
    out = built_twice(site, tmp_path)
    [spare] = spares(tmp_path)
    spare_folder = os.stat(spare / SETTLED_FOLDER).st_ino
    settled, active = (os.stat(out / page).st_ino for page in (SETTLED, ACTIVE))
    live = snapshot(out)
    later = NOW + timedelta(minutes=20)
    assert build(site.config_file, later, site_dir=out).built
    assert os.stat(out / SETTLED_FOLDER).st_ino == spare_folder  # taken over, not made
    assert os.stat(out / SETTLED).st_ino == settled  # the same file since the first build
    assert os.stat(out / ACTIVE).st_ino != active
    [kept] = spares(tmp_path)  # the spare taken apart, the replaced site kept whole
    assert kept != spare and not spare.exists()
    assert snapshot(kept) == live  # nothing was written through a file the sites share
    assert snapshot(out) == cold_build(site, tmp_path, later)


def test_a_removed_incident_leaves_no_folder_behind(site: SiteFactory, tmp_path: Path) -> None:
    out = built_twice(site, tmp_path)
    (site.root / "incidents" / "2025-01-01-settled.md").unlink()
    later = NOW + timedelta(minutes=20)
    assert build(site.config_file, later, site_dir=out).built
    assert not (out / SETTLED_FOLDER).exists()
    assert snapshot(out) == cold_build(site, tmp_path, later)


def test_a_spare_edited_by_hand_never_reaches_outside_itself(
    site: SiteFactory, tmp_path: Path
) -> None:
    out = built_twice(site, tmp_path)
    [spare] = spares(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("not the site's\n", "utf-8")
    (outside / "hard.html").write_text("a second name of this is in the spare\n", "utf-8")
    before = snapshot(outside)
    # The settled page's folder becomes a link to a folder outside; a page's file becomes
    # a link to a file outside; a hard link of an outside file sits where a page goes.
    shutil.rmtree(spare / SETTLED_FOLDER)
    (spare / SETTLED_FOLDER).symlink_to(outside, target_is_directory=True)
    (spare / ACTIVE).unlink()
    (spare / ACTIVE).symlink_to(outside / "index.html")
    os.link(outside / "hard.html", spare / "index.html.tmp")
    (spare / "index.html").unlink()
    os.link(outside / "hard.html", spare / "index.html")
    os.mkfifo(spare / "incidents" / "a-fifo")
    later = NOW + timedelta(minutes=20)
    assert build(site.config_file, later, site_dir=out).built
    assert snapshot(outside) == before
    assert os.stat(outside / "hard.html").st_nlink == 1  # both names in the spare are gone
    assert snapshot(out) == cold_build(site, tmp_path, later)


def test_a_spare_another_build_holds_is_left_to_it(site: SiteFactory, tmp_path: Path) -> None:
    out = built_twice(site, tmp_path)
    [spare] = spares(tmp_path)
    held = snapshot(spare)
    handle = os.open(spare, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        later = NOW + timedelta(minutes=20)
        assert build(site.config_file, later, site_dir=out).built
        assert snapshot(spare) == held
    finally:
        os.close(handle)
    assert len(spares(tmp_path)) == 2  # the held one, and the site this build replaced
    assert snapshot(out) == cold_build(site, tmp_path, later)


def test_only_the_newest_spare_is_taken_and_older_ones_are_removed(
    site: SiteFactory, tmp_path: Path
) -> None:
    out = built_twice(site, tmp_path)
    [newest] = spares(tmp_path)
    older = tmp_path / ".out.spare-0lder000"
    shutil.copytree(newest, older)
    marker_time = os.stat(newest / MARKER).st_mtime_ns
    os.utime(older / MARKER, ns=(marker_time - 10**9, marker_time - 10**9))
    newest_folder = os.stat(newest / SETTLED_FOLDER).st_ino
    assert build(site.config_file, NOW + timedelta(minutes=20), site_dir=out).built
    assert not older.exists() and not newest.exists()
    assert os.stat(out / SETTLED_FOLDER).st_ino == newest_folder
    assert len(spares(tmp_path)) == 1


# --- the taking over itself, on folders made by hand ----------------------------------------


def identity(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def test_only_the_named_files_with_their_identities_stay(tmp_path: Path) -> None:
    spare, staging, live = tmp_path / "spare", tmp_path / "staging", tmp_path / "live"
    for folder in (spare / "a" / "b", spare / "gone" / "deeper", staging, live):
        folder.mkdir(parents=True)
    (spare / MARKER).write_text("the spare's marker\n", "utf-8")
    (staging / MARKER).write_text("the new site's marker\n", "utf-8")
    (live / "page.html").write_text("a page both sites have\n", "utf-8")
    os.link(live / "page.html", spare / "a" / "b" / "page.html")
    os.link(live / "page.html", spare / "a" / "same-file-elsewhere.html")
    (spare / "a" / "b" / "copy.html").write_text("a page both sites have\n", "utf-8")
    (spare / "gone" / "deeper" / "old.html").write_text("an incident since removed\n", "utf-8")
    keep = {
        "a/b/page.html": identity(live / "page.html"),
        "a/b/copy.html": identity(live / "page.html"),  # same bytes, another file: not kept
    }
    kept = reuse_folders(spare, staging, keep, folders_of(["a/b/page.html", "a/new/x.html"]))
    assert kept == {"a/b/page.html"}
    assert snapshot(staging) == {
        MARKER: snapshot(staging)[MARKER],
        "a": snapshot(staging)["a"],
        "a/b": snapshot(staging)["a/b"],
        "a/b/page.html": snapshot(live)["page.html"],
    }
    assert (staging / MARKER).read_text("utf-8") == "the new site's marker\n"
    assert os.stat(live / "page.html").st_nlink == 2  # the live file and its kept name
    assert sorted(p.name for p in spare.iterdir()) == [MARKER]


def test_a_spare_that_is_gone_gives_nothing(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    assert reuse_folders(tmp_path / "taken", staging, {}, set()) == set()
    assert list(staging.iterdir()) == []


def test_folders_of_lists_every_folder_up_to_the_top() -> None:
    assert folders_of(["index.html", "a/b/c.html", "a/d.html"]) == {"a", "a/b"}


def test_a_killed_build_of_a_site_named_like_a_spare_is_not_taken_for_one(
    site: SiteFactory, tmp_path: Path
) -> None:
    two_incidents(site)
    out = tmp_path / "a.spare-site"  # its leftovers' names hold ".spare-" too
    assert build(site.config_file, NOW, site_dir=out).built
    killed = tmp_path / ".a.spare-site.building-k1lled00"
    killed.mkdir()
    (killed / MARKER).write_text("statusgen-site\n", "utf-8")
    (killed / "half-written.html").write_text("<html", "utf-8")
    later = NOW + timedelta(minutes=20)
    assert build(site.config_file, later, site_dir=out).built
    assert not killed.exists()  # removed as a leftover, not kept or taken as a spare
    [spare] = sorted(tmp_path.glob(".a.spare-site.spare-*"))
    assert sorted(p.name for p in tmp_path.iterdir() if p != spare) == ["a.spare-site", "site-repo"]
