"""Releases: one version everywhere, a Release workflow that publishes only what it checked,
and the checks it runs (scripts/check_version.py, scripts/check_dist.py) doing their job."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from statusgen import __version__
from statusgen.cli import cli

from .test_workflows import RELEASE, dry_run_module, load, run_lines, steps

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


# --- one version -------------------------------------------------------------------------


def test_statusgen_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"statusgen, version {__version__}\n")


def test_the_version_is_written_once_and_the_build_reads_it() -> None:
    with (REPO / "pyproject.toml").open("rb") as handle:
        pyproject = tomllib.load(handle)
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    attr = pyproject["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "statusgen.__version__"


def test_the_changelog_describes_the_current_version() -> None:
    checker = script("check_version")
    assert checker.problems(REPO, None) == []
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def changelog_copy(tmp_path: Path, changelog: str, version: str = __version__) -> Path:
    (tmp_path / "src" / "statusgen").mkdir(parents=True)
    (tmp_path / "src" / "statusgen" / "__init__.py").write_text(
        f'"""statusgen."""\n\n__version__ = "{version}"\n', "utf-8"
    )
    (tmp_path / "CHANGELOG.md").write_text(changelog, "utf-8")
    return tmp_path


RELEASED = """\
# Changelog

## [Unreleased]

- Something new, not yet released.

## [1.2.3] - 2026-12-01

### Fixed

- A real fix.

## [1.2.2] - 2026-11-01

- An older fix.
"""


def test_a_release_tag_must_be_the_version_and_its_changelog_section_dated(
    tmp_path: Path,
) -> None:
    checker = script("check_version")
    root = changelog_copy(tmp_path, RELEASED, "1.2.3")
    assert checker.problems(root, "v1.2.3") == []
    assert checker.problems(root, "v1.2.4") == [
        "src/statusgen/__init__.py:3: the tag v1.2.4 is not v1.2.3"
    ]
    assert checker.problems(root, "1.2.3") == [
        "src/statusgen/__init__.py:3: the tag 1.2.3 is not v1.2.3"
    ]
    undated = RELEASED.replace("## [1.2.3] - 2026-12-01", "## [1.2.3] - Unreleased")
    assert checker.problems(changelog_copy(tmp_path / "u", undated, "1.2.3"), "v1.2.3") == [
        "CHANGELOG.md:7: a release needs its date: ## [1.2.3] - YYYY-MM-DD (got Unreleased)"
    ]


def test_the_newest_changelog_section_must_be_the_version(tmp_path: Path) -> None:
    checker = script("check_version")
    root = changelog_copy(tmp_path, RELEASED, "1.3.0")
    assert checker.problems(root, None) == [
        "CHANGELOG.md:7: the newest version is 1.2.3, but src/statusgen/__init__.py says 1.3.0"
    ]
    bad = changelog_copy(tmp_path / "bad", RELEASED, "1.2")
    assert checker.problems(bad, None)[0] == (
        "src/statusgen/__init__.py:3: version '1.2' is not MAJOR.MINOR.PATCH"
    )


def test_release_notes_are_that_versions_changelog_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checker = script("check_version")
    root = changelog_copy(tmp_path, RELEASED, "1.2.3")
    assert checker.main(["--root", str(root), "--tag", "v1.2.3", "--notes"]) == 0
    assert capsys.readouterr().out == "### Fixed\n\n- A real fix.\n"


def test_todays_changelog_refuses_a_release_until_it_is_dated() -> None:
    # The first tag is pushed by a maintainer after dating the 0.1.0 section (RELEASING.md).
    text = (REPO / "CHANGELOG.md").read_text("utf-8")
    checker = script("check_version")
    problems = checker.problems(REPO, f"v{__version__}")
    if f"## [{__version__}] - Unreleased" in text:
        assert [p.split(": ", 1)[1] for p in problems] == [
            f"a release needs its date: ## [{__version__}] - YYYY-MM-DD (got Unreleased)"
        ]
    else:
        assert problems == []


# --- the Release workflow ----------------------------------------------------------------


def release() -> dict[str, Any]:
    return load(RELEASE)


def test_release_runs_only_for_version_tags() -> None:
    assert release()["on"] == {"push": {"tags": ["v*"]}}


def test_release_jobs_run_in_order_build_try_publish_attach() -> None:
    jobs = release()["jobs"]
    assert list(jobs) == ["build", "try", "publish", "github-release"]
    assert jobs["try"]["needs"] == "build"
    assert jobs["publish"]["needs"] == ["build", "try"]
    assert jobs["github-release"]["needs"] == "publish"


def test_only_the_publish_job_may_ask_for_an_oidc_token_and_only_in_the_pypi_environment() -> None:
    workflow = release()
    assert workflow["permissions"] == {}
    permissions = {name: job["permissions"] for name, job in workflow["jobs"].items()}
    assert permissions == {
        "build": {"contents": "read"},
        "try": {},
        "publish": {"id-token": "write"},
        "github-release": {"contents": "write"},
    }
    publish = workflow["jobs"]["publish"]
    assert publish["environment"]["name"] == "pypi"
    [upload] = [s for s in publish["steps"] if "pypi-publish" in s.get("uses", "")]
    assert "with" not in upload  # trusted publishing: no password, no API token
    assert "secrets." not in RELEASE.read_text("utf-8")


def test_release_restores_no_cache_into_what_it_publishes() -> None:
    for job in release()["jobs"].values():
        for step in job["steps"]:
            assert "cache" not in (step.get("with") or {}), step["name"]
            assert not step.get("uses", "").startswith("actions/cache"), step["name"]


def test_release_builds_once_and_every_later_job_uses_those_files() -> None:
    workflow = release()
    builds = [
        (name, line)
        for name in workflow["jobs"]
        for line in run_lines(workflow, name)
        if "-m build" in line
    ]
    assert builds == [("build", "python -m build --sdist --wheel --outdir dist")]
    upload = steps(workflow, "build")[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == "dist"
    for name in ("try", "publish", "github-release"):
        downloads = [s for s in steps(workflow, name) if "download-artifact" in s.get("uses", "")]
        assert [d["with"] for d in downloads] == [{"name": "dist", "path": "dist/"}], name


def test_the_tag_is_checked_before_anything_is_built() -> None:
    names = [step["name"] for step in steps(release(), "build")]
    assert names.index("Refuse a tag that is not the package's version") < names.index(
        "Build the sdist and the wheel"
    )
    assert 'python scripts/check_version.py --tag "$GITHUB_REF_NAME"' in run_lines(
        release(), "build"
    )


def test_the_release_gets_the_changelogs_notes_and_the_checked_files() -> None:
    lines = "\n".join(run_lines(release(), "github-release"))
    assert 'check_version.py --tag "$GITHUB_REF_NAME" --notes' in lines
    assert 'gh release create "$GITHUB_REF_NAME" dist/* --verify-tag' in lines


# --- the release jobs, run here ----------------------------------------------------------


def run_job_steps(
    workspace: Path, job: str, skip: tuple[str, ...] = (), ref_name: str = f"v{__version__}"
) -> None:
    """The job's `run:` steps as a runner runs them, with this interpreter as the job's
    Python (its test extra holds build and twine, so the tool install step is skipped)."""
    dry_run = dry_run_module()
    temp = workspace.parent / f"{job}-temp"
    temp.mkdir()
    runner = dry_run.Runner(workspace, temp, "", {})
    runner.path_prefix.append(BIN)
    for step in steps(release(), job):
        if "run" in step and step["name"] not in skip:
            step = {**step, "env": {**(step.get("env") or {}), "GITHUB_REF_NAME": ref_name}}
            dry_run.run_script(runner, step)


def fresh_clone(target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(REPO), str(target)], check=True)
    return target


@pytest.mark.slow
def test_release_build_and_try_jobs_pass_on_this_commit(tmp_path: Path) -> None:
    # The Release workflow's own steps on a fresh clone: build, twine check, the wheel and
    # sdist checks, then a fresh venv with the wheel running init, validate and build.
    # The tag check is left out: it needs a dated changelog, tested above.
    clone = fresh_clone(tmp_path / "build" / "workspace")
    run_job_steps(
        clone,
        "build",
        skip=("Refuse a tag that is not the package's version", "Install the build tools"),
    )
    wheel = clone / "dist" / f"statusgen-{__version__}-py3-none-any.whl"
    assert wheel.is_file()
    trial = tmp_path / "try" / "workspace"
    shutil.copytree(clone / "dist", trial / "dist")
    run_job_steps(trial, "try")
    site = tmp_path / "try" / "try-temp" / "new-site" / "site"
    assert (site / "index.html").is_file()
    assert (site / "assets" / "statusgen" / "statusgen.css").is_file()  # the theme shipped


# --- scripts/check_dist.py ---------------------------------------------------------------


def build_dist(source: Path, out: Path) -> Path:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


def project_copy(target: Path) -> Path:
    """What the build reads, copied, so a test can break it."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, target / name)
    shutil.copytree(
        REPO / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    return target


@pytest.mark.slow
def test_check_dist_accepts_this_commits_distributions_and_summarises_the_wheel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = build_dist(project_copy(tmp_path / "project"), tmp_path / "dist")
    checker = script("check_dist")
    assert checker.main([str(dist)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"check-dist: statusgen-{__version__}-py3-none-any.whl and its sdist")
    folders = {line.split()[0] for line in out.splitlines()[1:]}
    assert {
        "statusgen/render/templates",
        "statusgen/adapters/mkdocs/theme",
        "statusgen/rules",
    } <= folders
    assert "statusgen/authoring/scaffold/workflows" in folders


@pytest.mark.slow
def test_check_dist_names_package_data_the_wheel_lacks(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8").replace('"statusgen.adapters.mkdocs" = ["theme/**/*"]\n', ""),
        "utf-8",
    )
    dist = build_dist(project, tmp_path / "dist")
    checker = script("check_dist")
    problems = checker.check(dist, root=project)
    wheel = f"statusgen-{__version__}-py3-none-any.whl"
    missing = sorted(
        p
        for p in problems
        if p.startswith(f"{wheel}: statusgen/adapters/mkdocs/theme/") and "missing" in p
    )
    theme = project / "src" / "statusgen" / "adapters" / "mkdocs" / "theme"
    names = sorted(p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file())
    assert {"main.html", "assets/statusgen/statusgen.css"} <= set(names)
    assert missing == [
        f"{wheel}: statusgen/adapters/mkdocs/theme/{name}: missing (add it to package-data)"
        for name in names
    ]
    assert f"{wheel}: no theme override (statusgen/*theme/main.html)" in problems


@pytest.mark.slow
def test_check_dist_catches_an_sdist_that_builds_a_different_wheel(tmp_path: Path) -> None:
    dist = build_dist(project_copy(tmp_path / "project"), tmp_path / "dist")
    [sdist] = dist.glob("*.tar.gz")
    dropped = f"statusgen-{__version__}/src/statusgen/render/templates/history.html"
    with tarfile.open(sdist) as archive:
        members = [(m, archive.extractfile(m)) for m in archive.getmembers()]
        kept = [(m, f.read() if f else None) for m, f in members if m.name != dropped]
    assert len(kept) == len(members) - 1
    import io

    with tarfile.open(sdist, "w:gz") as archive:
        for member, data in kept:
            archive.addfile(member, io.BytesIO(data) if data is not None else None)
    checker = script("check_dist")
    problems = checker.check(dist, root=tmp_path / "project")
    assert problems == [
        f"{sdist.name}: the wheel built from it lacks statusgen/render/templates/history.html"
    ]


def test_check_dist_wants_exactly_one_wheel_and_one_sdist(tmp_path: Path) -> None:
    checker = script("check_dist")
    (tmp_path / f"statusgen-{__version__}.tar.gz").write_bytes(b"")
    assert checker.check(tmp_path) == [
        f"{tmp_path}: want one wheel and one sdist, found ['statusgen-{__version__}.tar.gz']"
    ]


# --- running the built wheel without installing it ---------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [found] = out.glob("statusgen-*.whl")
    return found


def isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(
        HOME=str(home),
        PIPX_HOME=str(home / "pipx"),
        PIPX_BIN_DIR=str(home / "bin"),
        UV_CACHE_DIR=str(home / "uv-cache"),
        UV_TOOL_DIR=str(home / "uv-tools"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


@pytest.mark.slow
@pytest.mark.parametrize(
    "runner",
    [["pipx", "run", "--spec", "{wheel}"], ["uvx", "--from", "{wheel}"]],
    ids=["pipx-run", "uvx"],
)
def test_pipx_run_and_uvx_run_statusgen_from_the_wheel(
    tmp_path: Path, wheel: Path, runner: list[str]
) -> None:
    command = [str(BIN / runner[0]), *(part.format(wheel=wheel) for part in runner[1:])]
    done = subprocess.run(
        [*command, "statusgen", "--version"],
        capture_output=True,
        text=True,
        env=isolated_env(tmp_path),
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == f"statusgen, version {__version__}"
    helped = subprocess.run(
        [*command, "statusgen", "--help"],
        capture_output=True,
        text=True,
        env=isolated_env(tmp_path),
        timeout=600,
    )
    assert helped.returncode == 0, helped.stderr[-2000:]
    assert "statusgen init" in helped.stdout or "  init " in helped.stdout
