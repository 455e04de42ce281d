"""The new site takes the old one's place without a moment where the folder is missing; a
killed build's leftovers are recovered or removed by the next build; the site is readable by a
web server running as another user; a folder that cannot be written gives a clear error."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.build.site_dir import MARKER
from statusgen.build.site_swap import create_staging, swap_in
from statusgen.cli import cli
from statusgen.errors import SiteDirUnwritable

from ..conftest import GOOD_INCIDENT, NOW, SiteFactory
from .fsstate import snapshot, status_repository

NOW_ARG = ["--now", "2026-11-22T12:00:00Z"]


@pytest.fixture
def repo(site: SiteFactory) -> SiteFactory:
    return status_repository(site)


def run_build(repo: SiteFactory, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", "-f", str(repo.config_file), *NOW_ARG, *args])
    return result.exit_code, result.stderr


# --- no moment without a site ---------------------------------------------------------------


def test_no_rename_during_a_rebuild_leaves_the_site_missing(
    repo: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    moments_without_site: list[str] = []

    def watched(original: Callable[..., None]) -> Callable[..., None]:
        def call(source: object, destination: object, *args: object, **kwargs: object) -> None:
            original(source, destination, *args, **kwargs)
            if not (out / "index.html").is_file():
                moments_without_site.append(f"after renaming {source} to {destination}")

        return call

    monkeypatch.setattr(os, "rename", watched(os.rename))
    monkeypatch.setattr(os, "replace", watched(os.replace))
    for day in (2, 3):
        repo.incident(f"2026-03-0{day}-more-errors.md", GOOD_INCIDENT)
        assert build(repo.config_file, NOW, site_dir=out).built
        assert (out / "incidents" / f"2026-03-0{day}-more-errors" / "index.html").is_file()
    assert moments_without_site == []


READER = textwrap.dedent(
    """\
    import os, sys
    page, stop = sys.argv[1], sys.argv[2]
    polls = misses = 0
    print("ready", flush=True)
    while not os.path.exists(stop):
        polls += 1
        if not os.path.exists(page):
            misses += 1
    print(polls, misses, flush=True)
    """
)


@contextmanager
def reader_polling(page: Path, tmp_path: Path) -> Iterator[list[int]]:
    """A separate process checking, as fast as it can, that `page` exists; yields its counts."""
    stop = tmp_path / "stop-reading"
    counts: list[int] = []
    process = subprocess.Popen(
        [sys.executable, "-c", READER, str(page), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline() == "ready\n"
        time.sleep(0.05)
        yield counts
    finally:
        stop.touch()
        output, _ = process.communicate(timeout=30)
    counts.extend(int(word) for word in output.split())


def _publish(target: Path, version: int) -> None:
    staging = create_staging(target)
    try:
        (staging.path / "index.html").write_text(f"version {version}\n", "utf-8")
        swap_in(staging, target)
    finally:
        staging.close()


def test_a_reader_never_finds_the_page_missing_across_many_swaps(tmp_path: Path) -> None:
    target = tmp_path / "site"
    _publish(target, 0)
    with reader_polling(target / "index.html", tmp_path) as counts:
        for version in range(1, 400):
            _publish(target, version)
    polls, misses = counts
    assert (target / "index.html").read_text("utf-8") == "version 399\n"
    assert polls > 1000, "the reader hardly ran: the test proves nothing"
    assert misses == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "stop-reading"]


def test_a_reader_never_finds_the_page_missing_during_builds(
    repo: SiteFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    with reader_polling(out / "index.html", tmp_path) as counts:
        for _ in range(3):
            assert build(repo.config_file, NOW, site_dir=out).built
    polls, misses = counts
    assert polls > 1000
    assert misses == 0


# --- what a killed build leaves behind ------------------------------------------------------


def _kill_between_the_renames(site: Path) -> Path:
    """What the two-rename swap leaves when killed halfway: no site, the old one aside."""
    previous = site.parent / ".site.previous-k1lled00"
    site.rename(previous)
    return previous


def _killed_while_rendering(site: Path) -> Path:
    staging = site.parent / ".site.building-k1lled01"
    staging.mkdir()
    (staging / MARKER).write_text("statusgen-site\n", "utf-8")
    (staging / "half-written.html").write_text("<html", "utf-8")
    return staging


def test_a_build_after_a_kill_puts_the_previous_site_back_even_if_content_is_bad(
    repo: SiteFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    before = snapshot(out)
    _kill_between_the_renames(out)
    _killed_while_rendering(out)
    repo.incident("2026-03-02-bad.md", GOOD_INCIDENT.replace("impact: major", "impact: severe"))
    status, _ = run_build(repo, "--site-dir", str(out))
    assert status == 1  # the bad content is refused ...
    assert snapshot(out) == before  # ... and readers have the last good site again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site-repo"]


def spares(folder: Path) -> list[Path]:
    """The replaced sites kept beside the site for the next build's folders."""
    return sorted(folder.glob(".site.spare-*"))


def test_a_build_removes_the_leftovers_of_killed_builds(repo: SiteFactory, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    replaced = snapshot(out)
    _killed_while_rendering(out)
    (tmp_path / ".site.building-empty000").mkdir()  # killed right after creating it
    aside = tmp_path / ".site.previous-old00000"
    shutil.copytree(out, aside)
    assert build(repo.config_file, NOW, site_dir=out).built
    [spare] = spares(tmp_path)  # the site this build replaced, and nothing else
    assert snapshot(spare) == replaced
    assert sorted(p.name for p in tmp_path.iterdir() if p != spare) == ["site", "site-repo"]


def test_folders_that_only_look_like_leftovers_are_kept(repo: SiteFactory, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    someone_elses = tmp_path / ".site.building-notours0"
    someone_elses.mkdir()
    (someone_elses / "work.txt").write_text("not a site\n", "utf-8")
    (tmp_path / ".site.previous-file0000").write_text("a file, not a folder\n", "utf-8")
    (tmp_path / ".site.previous-short").mkdir()
    (tmp_path / ".site.previous-link0000").symlink_to(out, target_is_directory=True)
    (tmp_path / ".other.building-abcdefgh").mkdir()  # another site's
    (tmp_path / ".other.spare-abcdefgh").mkdir()
    not_a_site = tmp_path / ".site.spare-notours1"
    not_a_site.mkdir()
    (not_a_site / "index.html").write_text("someone's page\n", "utf-8")
    kept = {name: v for name, v in snapshot(tmp_path).items() if not name.startswith("site")}
    assert build(repo.config_file, NOW, site_dir=out).built
    [replaced] = [spare for spare in spares(tmp_path) if spare != not_a_site]
    after = snapshot(tmp_path)
    ours = ("site", replaced.name)
    assert {name: v for name, v in after.items() if not name.startswith(ours)} == kept


def test_a_leftover_locked_by_a_running_build_is_kept(repo: SiteFactory, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    running = _killed_while_rendering(out)
    handle = os.open(running, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert build(repo.config_file, NOW, site_dir=out).built
        assert (running / "half-written.html").is_file()
    finally:
        os.close(handle)
    assert build(repo.config_file, NOW, site_dir=out).built
    assert not running.exists()


def test_init_ignores_what_a_killed_build_leaves(tmp_path: Path) -> None:
    root = tmp_path / "new-status"
    result = CliRunner().invoke(
        cli, ["init", str(root), "--name", "Acme Status", "--url", "https://status.acme.test/"]
    )
    assert result.exit_code == 0, result.output
    probe = root / ".site.building-abcd1234"
    probe.mkdir()
    (probe / "index.html").write_text("x", "utf-8")
    (root / ".site.previous-abcd1234").mkdir()
    (root / ".site.previous-abcd1234" / "index.html").write_text("x", "utf-8")
    (root / ".site.spare-abcd1234").mkdir()
    (root / ".site.spare-abcd1234" / "index.html").write_text("x", "utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    listed = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert listed.strip() and ".site." not in listed


# --- permissions ----------------------------------------------------------------------------


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def modes(folder: Path) -> set[tuple[str, int]]:
    found = {("folder", folder.stat().st_mode & 0o7777)}
    for path in folder.rglob("*"):
        kind = "folder" if path.is_dir() else "file"
        found.add((kind, path.stat().st_mode & 0o7777))
    return found


@pytest.mark.parametrize(
    ("mask", "folders", "files"),
    [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)],
    ids=["umask-022", "umask-027"],
)
def test_the_site_gets_the_permissions_the_umask_gives(
    repo: SiteFactory, tmp_path: Path, mask: int, folders: int, files: int
) -> None:
    out = tmp_path / "site"
    with umask(mask):
        assert build(repo.config_file, NOW, site_dir=out).built
        first = modes(out)
        assert build(repo.config_file, NOW, site_dir=out).built  # the swapped-in one too
        second = modes(out)
    assert first == second == {("folder", folders), ("file", files)}


# --- folders that cannot be written -------------------------------------------------------


@contextmanager
def unwritable(folder: Path) -> Iterator[str]:
    """Make `folder` refuse changes, even to root; yields how.

    A normal user gets `chmod a-w`. root ignores file modes, so for root the folder is made
    immutable (`chattr +i`), which even root cannot write into or rename.
    """
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield "chmod a-w"
        finally:
            folder.chmod(mode)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        message = f"cannot make a folder read-only as root here: {made.stderr!r}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield "chattr +i"
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def _assert_clear_refusal(status: int, stderr: str) -> None:
    assert status == 2, stderr
    assert "Traceback" not in stderr
    assert "the site was not changed" in stderr


def test_an_unwritable_parent_folder_gives_a_clear_error(repo: SiteFactory, tmp_path: Path) -> None:
    parent = tmp_path / "www"
    parent.mkdir()
    with unwritable(parent):
        with pytest.raises(SiteDirUnwritable, match=r"cannot create a folder beside"):
            build(repo.config_file, NOW, site_dir=parent / "site")
        status, stderr = run_build(repo, "--site-dir", str(parent / "site"))
    _assert_clear_refusal(status, stderr)
    assert list(parent.iterdir()) == []


def test_an_unwritable_site_folder_gives_a_clear_error_and_stays(
    repo: SiteFactory, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    before = snapshot(tmp_path)
    with unwritable(out):
        status, stderr = run_build(repo, "--site-dir", str(out))
    _assert_clear_refusal(status, stderr)
    assert "cannot replace" in stderr
    assert snapshot(tmp_path) == before


def test_a_file_where_a_parent_folder_should_be_gives_a_clear_error(
    repo: SiteFactory, tmp_path: Path
) -> None:
    # Fails for root too: no permission check, the path itself cannot exist.
    before = snapshot(tmp_path)
    status, stderr = run_build(repo, "--site-dir", str(repo.root / "README.md" / "site"))
    assert status == 2, stderr
    assert "has a file where a parent folder should be" in stderr and "Traceback" not in stderr
    assert snapshot(tmp_path) == before


READ_ONLY_MOUNT = """\
set -e
mount --bind "$1" "$1"
mount -o remount,bind,ro "$1"
shift
exec "$@"
"""


def in_read_only_mount(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run `command` where `folder` is mounted read-only (a private mount namespace: the
    test's own view only; works as root and, with user namespaces, as a normal user)."""
    unshare = ["unshare", "--mount", "--map-root-user"]
    return subprocess.run(
        [*unshare, "sh", "-c", READ_ONLY_MOUNT, "-", str(folder), *command],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_read_only_file_system_gives_a_clear_error(repo: SiteFactory, tmp_path: Path) -> None:
    """The parent folder is a read-only mount, in a private mount namespace of the test."""
    www = tmp_path / "www"
    www.mkdir()
    out = www / "site"
    assert build(repo.config_file, NOW, site_dir=out).built
    before = snapshot(tmp_path)
    statusgen = [sys.executable, "-m", "statusgen", "build", "-f", str(repo.config_file)]
    probe = in_read_only_mount(www, "touch", str(www / "probe"))
    if "Read-only file system" not in probe.stderr:
        message = f"no read-only mount possible here: {probe.stderr!r}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = in_read_only_mount(www, *statusgen, *NOW_ARG, "--site-dir", str(out))
    _assert_clear_refusal(result.returncode, result.stderr)
    assert "Read-only file system" in result.stderr
    assert snapshot(tmp_path) == before
