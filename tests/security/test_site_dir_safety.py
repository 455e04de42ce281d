"""A build never replaces a folder it did not create: not the repository, not its content,
not a Git repository, not the home folder, not `/`, not a file, not someone's other files.

Every refused case goes through the library and the command line, and in each the whole
temporary tree (repository, its parent, the fake home) must be byte for byte as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.build.site_dir import MARKER
from statusgen.cli import cli
from statusgen.content.validate import check_site
from statusgen.errors import SiteDirRefused
from statusgen.problems import Severity

from ..conftest import NOW, REPO, SiteFactory
from .fsstate import snapshot, status_repository

NOW_ARG = ["--now", "2026-11-22T12:00:00Z"]


@pytest.fixture
def repo(site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SiteFactory:
    """The status repository, as the current folder, with a fake home folder beside it."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.tex").write_text("years of work\n", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(site.root)
    return status_repository(site)


def run_build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", *NOW_ARG, *args])
    return result.exit_code, result.stderr


# What `--site-dir` was given, relative to the repository, and what the refusal must say.
GIVEN = {
    ".": "is the folder of mkdocs.yml",
    "..": "contains the folder of mkdocs.yml",
    "incidents": "is incidents_dir",
    "postmortems": "is postmortems_dir",
    "site_src": "is docs_dir",
    ".git": "Git folder (.git) or inside one",
    ".git/site": "Git folder (.git) or inside one",
    "incidents/site": "is inside incidents_dir",
    "site_src/site": "is inside docs_dir",
    "README.md": "is a file, not a folder",
    "../home": "is your home folder",
    "untracked-folder": "is not empty and was not written by statusgen build",
}


def _prepare(given: str, root: Path) -> None:
    if given == "untracked-folder":
        (root / given).mkdir()
        (root / given / "index.html").write_text("a hand-made page\n", "utf-8")


@pytest.mark.parametrize("given", sorted(GIVEN))
def test_library_refuses_a_site_dir_it_must_not_replace(
    repo: SiteFactory, given: str, tmp_path: Path
) -> None:
    _prepare(given, repo.root)
    before = snapshot(tmp_path)
    with pytest.raises(SiteDirRefused, match=re.escape(GIVEN[given])):
        build(repo.config_file, NOW, site_dir=Path(given))
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("given", sorted(GIVEN))
def test_cli_refuses_a_site_dir_it_must_not_replace(
    repo: SiteFactory, given: str, tmp_path: Path
) -> None:
    _prepare(given, repo.root)
    before = snapshot(tmp_path)
    status, stderr = run_build("--site-dir", given)
    assert status == 2, stderr
    assert "error: refusing to build into" in stderr and GIVEN[given] in stderr
    assert "Traceback" not in stderr
    assert snapshot(tmp_path) == before


def test_the_file_system_root_is_refused(repo: SiteFactory) -> None:
    before = sorted(os.listdir("/"))
    with pytest.raises(SiteDirRefused, match="is the root of the file system"):
        build(repo.config_file, NOW, site_dir=Path("/"))
    status, stderr = run_build("--site-dir", "/")
    assert status == 2 and "is the root of the file system" in stderr
    assert sorted(os.listdir("/")) == before


def test_a_folder_that_contains_the_home_folder_is_refused(
    repo: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The repository lives elsewhere, so only the home folder is at stake.
    home = tmp_path / "users" / "ada"
    home.mkdir(parents=True)
    (home / "notes").write_text("mine\n", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(tmp_path)
    status, stderr = run_build("--site-dir", str(tmp_path / "users"))
    assert status == 2 and "contains your home folder" in stderr
    with pytest.raises(SiteDirRefused, match="contains your home folder"):
        build(repo.config_file, NOW, site_dir=tmp_path / "users")
    assert snapshot(tmp_path) == before


def _built_site_holding_a_repository(repo: SiteFactory, tmp_path: Path) -> Path:
    out = tmp_path / "public"
    assert build(repo.config_file, NOW, site_dir=out).built
    # People clone their gh-pages branch into the built site to push it by hand.
    subprocess.run(["git", "init", "-q", str(out / "mirror")], check=True)
    return out


def test_a_built_site_that_now_holds_a_git_repository_is_refused(
    repo: SiteFactory, tmp_path: Path
) -> None:
    out = _built_site_holding_a_repository(repo, tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(SiteDirRefused, match=r"holds a Git repository \(mirror/\.git\)"):
        build(repo.config_file, NOW, site_dir=out)
    status, stderr = run_build("--site-dir", str(out))
    assert status == 2 and "holds a Git repository" in stderr
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    status, stderr = run_build("--site-dir", str(out))
    assert status == 2 and "holds a Git repository (.git)" in stderr
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("public/.git")} == before


# mkdocs.yml's site_dir: a pull request can set it, so a reviewer's `make site` runs it.
CONFIGURED = {
    ".": "is the folder of mkdocs.yml",
    "..": "contains the folder of mkdocs.yml",
    "incidents": "is incidents_dir",
    "postmortems": "is postmortems_dir",
    "site_src": "is docs_dir",
    ".git": "Git folder (.git) or inside one",
    "README.md": "is a file, not a folder",
    "../elsewhere": "is outside the folder of mkdocs.yml",
    "ABSOLUTE_PARENT": "contains the folder of mkdocs.yml",
    "ABSOLUTE_REPO": "is the folder of mkdocs.yml",
}


def _configure_site_dir(repo: SiteFactory, setting: str) -> str:
    value = {"ABSOLUTE_PARENT": str(repo.root.parent), "ABSOLUTE_REPO": str(repo.root)}
    spelled = value.get(setting, setting)
    text = repo.config_file.read_text("utf-8")
    repo.config_file.write_text(text.replace("docs_dir:", f"site_dir: '{spelled}'\ndocs_dir:"))
    return spelled


@pytest.mark.parametrize("setting", sorted(CONFIGURED))
def test_a_site_dir_set_in_mkdocs_yml_is_refused_with_its_line(
    repo: SiteFactory, setting: str, tmp_path: Path
) -> None:
    spelled = _configure_site_dir(repo, setting)
    before = snapshot(tmp_path)
    with pytest.raises(SiteDirRefused, match=re.escape(CONFIGURED[setting])):
        build(repo.config_file, NOW)
    status, stderr = run_build()
    assert status == 2, stderr
    assert f"error: mkdocs.yml:3: site_dir: refusing to build into '{spelled}'" in stderr
    assert CONFIGURED[setting] in stderr
    assert snapshot(tmp_path) == before
    # `statusgen validate` already says so, so the pull request's checks fail.
    report = check_site(repo.config_file, NOW).report
    assert [(p.line, p.field) for p in report.problems if p.severity == Severity.ERROR] == [
        (3, "site_dir")
    ]


def test_site_dir_outside_the_repository_builds_when_the_config_allows_it(
    repo: SiteFactory, tmp_path: Path
) -> None:
    _configure_site_dir(repo, "../elsewhere")
    text = repo.config_file.read_text("utf-8")
    repo.config_file.write_text(
        text.replace("- statusgen:\n", "- statusgen:\n      allow_dirs_outside_repo: true\n")
    )
    result = build(repo.config_file, NOW)
    assert result.site_dir == tmp_path / "elsewhere"
    assert (tmp_path / "elsewhere" / "index.html").is_file()


def test_a_site_dir_given_on_the_command_line_may_be_outside_the_repository(
    repo: SiteFactory, tmp_path: Path
) -> None:
    status, stderr = run_build("--site-dir", str(tmp_path / "preview"))
    assert status == 0, stderr
    assert (tmp_path / "preview" / "index.html").is_file()


# --- the marker ---------------------------------------------------------------------------


def test_every_built_site_carries_the_marker_and_the_next_build_replaces_it_whole(
    repo: SiteFactory, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build(repo.config_file, NOW, site_dir=out).built
    marker = (out / MARKER).read_bytes()
    assert marker.startswith(b"statusgen-site\n") and b"statusgen build" in marker
    (out / "stray.html").write_text("left by hand\n", "utf-8")
    assert build(repo.config_file, NOW, site_dir=out).built
    assert (out / MARKER).read_bytes() == marker
    assert not (out / "stray.html").exists()
    assert (out / "index.html").is_file()


def test_an_empty_folder_is_accepted(repo: SiteFactory, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    status, stderr = run_build("--site-dir", str(out))
    assert status == 0, stderr
    assert (out / "index.html").is_file() and (out / MARKER).is_file()


@pytest.mark.parametrize("fake", ["link", "wrong words", "folder"])
def test_a_marker_that_is_not_ours_does_not_count(
    repo: SiteFactory, tmp_path: Path, fake: str
) -> None:
    real = tmp_path / "real"
    assert build(repo.config_file, NOW, site_dir=real).built
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("someone else's page\n", "utf-8")
    if fake == "link":
        (out / MARKER).symlink_to(real / MARKER)
    elif fake == "folder":
        (out / MARKER).mkdir()
    else:
        (out / MARKER).write_text("statusgen was here\n", "utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(SiteDirRefused, match="was not written by statusgen build"):
        build(repo.config_file, NOW, site_dir=out)
    assert snapshot(tmp_path) == before


def test_plain_mkdocs_build_writes_the_marker_too(repo: SiteFactory, tmp_path: Path) -> None:
    out = tmp_path / "by-mkdocs"
    assert mkdocs(repo, "--site-dir", str(out)).returncode == 0
    assert (out / MARKER).read_bytes() == (_statusgen_site(repo, tmp_path) / MARKER).read_bytes()


def _statusgen_site(repo: SiteFactory, tmp_path: Path) -> Path:
    out = tmp_path / "by-statusgen"
    assert build(repo.config_file, NOW, site_dir=out).built
    return out


def mkdocs(repo: SiteFactory, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(repo.config_file), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))},
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize("given", ["incidents", "untracked-folder"])
def test_plain_mkdocs_build_refuses_the_same_folders(
    repo: SiteFactory, tmp_path: Path, given: str
) -> None:
    # mkdocs empties its site_dir before building: that would delete every incident.
    _prepare(given, repo.root)
    before = snapshot(tmp_path)
    result = mkdocs(repo, "--site-dir", str(repo.root / given))
    assert result.returncode != 0
    assert GIVEN[given] in result.stderr
    assert snapshot(tmp_path) == before


def test_the_pages_artifact_check_accepts_the_marker(repo: SiteFactory, tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("dry", REPO / "scripts" / "pages_dry_run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    site = _statusgen_site(repo, tmp_path)
    assert (site / MARKER).is_file()
    assert module.artifact_problems(site) == []
    assert module.BUILD_MARKER == MARKER
