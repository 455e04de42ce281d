"""The dry run's Actions cache takes restore keys as GitHub does (the build cache's key
names the commit, so only a restore key finds the previous run's pages)."""

from __future__ import annotations

import os
from pathlib import Path

from scripts.pages_dry_run_steps import hash_files, restore_cache, save_cache


def _saved(cache: Path, tmp_path: Path, key: str, text: str, age: int) -> None:
    folder = tmp_path / f"saved-{key}"
    folder.mkdir()
    (folder / "pages.json").write_text(text, "utf-8")
    save_cache(cache, {"path": str(folder), "key": key})
    archive = cache / f"{key}.tar"
    os.utime(archive, ns=(age, age))


def test_a_restore_key_brings_back_the_newest_entry_it_begins(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _saved(cache, tmp_path, "build-Linux-abc-1111", "older", 1_000_000_000)
    _saved(cache, tmp_path, "build-Linux-abc-2222", "newer", 2_000_000_000)
    _saved(cache, tmp_path, "build-Linux-other-3333", "other config", 3_000_000_000)
    target = tmp_path / "restored"
    outputs = restore_cache(
        cache,
        {"path": str(target), "key": "build-Linux-abc-9999", "restore-keys": "build-Linux-abc-"},
    )
    assert outputs == {"cache-hit": "false", "cache-matched-key": "build-Linux-abc-2222"}
    assert (target / "pages.json").read_text("utf-8") == "newer"


def test_without_a_matching_entry_nothing_is_restored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _saved(cache, tmp_path, "build-Linux-other-1", "other config", 1_000_000_000)
    target = tmp_path / "restored"
    inputs = {"path": str(target), "key": "build-Linux-abc-2", "restore-keys": "build-Linux-abc-"}
    assert restore_cache(cache, inputs) == {"cache-hit": ""}
    assert not target.exists()


def test_hash_files_changes_with_any_named_file_and_is_empty_when_none_exists(
    tmp_path: Path,
) -> None:
    assert hash_files(tmp_path, "'mkdocs.yml', 'requirements.txt'") == ""
    (tmp_path / "mkdocs.yml").write_text("site_name: A\n", "utf-8")
    first = hash_files(tmp_path, "'mkdocs.yml', 'requirements.txt'")
    (tmp_path / "requirements.txt").write_text("statusgen==0.1.0\n", "utf-8")
    second = hash_files(tmp_path, "'mkdocs.yml', 'requirements.txt'")
    (tmp_path / "mkdocs.yml").write_text("site_name: B\n", "utf-8")
    third = hash_files(tmp_path, "'mkdocs.yml', 'requirements.txt'")
    assert len({first, second, third}) == 3
    assert all(len(value) == 64 for value in (first, second, third))
