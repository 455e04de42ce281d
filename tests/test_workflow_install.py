"""How every workflow job gets statusgen: a virtual environment from the Actions cache, or,
when there is none that works, a fresh install with uv that is then saved.

The steps run as GitHub runs them (scripts/pages_dry_run.py: bash, GITHUB_OUTPUT and
GITHUB_PATH, `if:`, a folder standing in for the Actions cache), with a stand-in uv that
makes an environment whose statusgen prints a version and logs each call.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .test_workflows import (
    OWN,
    PAGES_WORKFLOWS,
    SCAFFOLD,
    dry_run_module,
    load,
    steps,
)

FIRST, LAST = "Name the statusgen environment", "Save the statusgen environment"
INSTALL_STEPS = [
    "Set up Python",
    FIRST,
    "Restore the statusgen environment",
    "Check the restored statusgen",
    "Set up uv",
    "Install statusgen",
    LAST,
]
FAKE_UV = """\
#!/bin/bash
# Logs its call; `uv venv ... DIR` makes DIR/bin, `uv pip install --python DIR/bin/python`
# puts a statusgen there that prints a version.
echo "uv $*" >> "$UV_LOG"
if [[ $1 == venv ]]; then mkdir -p "${@: -1}/bin"; exit 0; fi
bin=$(dirname "$4")
printf '#!/bin/sh\\necho "statusgen, version 9.9.9"\\n' > "$bin/statusgen"
chmod +x "$bin/statusgen"
"""


def installing_jobs() -> list[tuple[Path, str]]:
    return [
        (path, name)
        for path in PAGES_WORKFLOWS
        for name, job in load(path)["jobs"].items()
        if any(step["name"] == "Install statusgen" for step in job["steps"])
    ]


def install_steps(path: Path, job: str) -> list[dict[str, Any]]:
    names = [step["name"] for step in steps(load(path), job)]
    return steps(load(path), job)[names.index(FIRST) : names.index(LAST) + 1]


class Job:
    """A checkout of a status repository and the Actions cache, kept between runs."""

    def __init__(self, root: Path, files: dict[str, str]) -> None:
        self.root, self.cache, self.workspace = root, root / "cache", root / "workspace"
        self.workspace.mkdir(parents=True)
        for name, text in files.items():
            (self.workspace / name).parent.mkdir(parents=True, exist_ok=True)
            (self.workspace / name).write_text(text, "utf-8")
        self.git("init", "-q")
        self.git("add", ".")
        self.uv = root / "uv-bin"
        self.uv.mkdir()
        (self.uv / "uv").write_text(FAKE_UV, "utf-8")
        (self.uv / "uv").chmod(0o755)
        (self.uv / "python").symlink_to(sys.executable)
        self.runs = 0

    def git(self, *arguments: str) -> None:
        subprocess.run(["git", *arguments], cwd=self.workspace, check=True)

    def run(
        self, path: Path = SCAFFOLD / "deploy.yml", job: str = "build", **variables: str
    ) -> tuple[list[str], Any]:
        """The job's install steps on a new runner; what uv was asked, and the runner."""
        dry_run = dry_run_module()
        self.runs += 1
        temp = self.root / f"runner-{self.runs}"
        temp.mkdir()
        log = temp / "uv.log"
        runner = dry_run.Runner(self.workspace, temp, "", variables, cache=self.cache)
        runner.workflow_env = dict(load(path)["env"])
        runner.path_prefix.append(self.uv)  # setup-python's interpreter and setup-uv's uv
        runner.action_env["UV_LOG"] = str(log)
        for step in install_steps(path, job):
            if str(step.get("uses", "")).startswith("astral-sh/setup-uv@"):
                step = {**step, "run": 'echo "setup-uv" >> "$UV_LOG"'}
                del step["uses"]
            dry_run.run_step(runner, step, 1, sys.executable)
        calls = log.read_text("utf-8").splitlines() if log.exists() else []
        return calls, runner

    def statusgen_version(self, runner: Any) -> str:
        """What the job's later steps get when they run `statusgen --version`."""
        env = runner.environment({})
        done = subprocess.run(
            ["statusgen", "--version"], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()


@pytest.fixture
def status_repo(tmp_path: Path) -> Job:
    return Job(tmp_path, {"requirements.txt": "statusgen==1.2.3\n"})


def test_every_job_restores_checks_installs_and_saves_in_that_order() -> None:
    jobs = installing_jobs()
    assert {(path.parent.name, job) for path, job in jobs} >= {
        ("workflows", "build"),
        ("workflows", "site"),
        ("workflows", "cadence"),
    }
    for path, job in jobs:
        names = [step["name"] for step in steps(load(path), job)]
        start = names.index("Set up Python")
        assert names[start : start + len(INSTALL_STEPS)] == INSTALL_STEPS, (path, job)
        # One block, the same text in every job of every workflow.
        assert install_steps(path, job) == install_steps(SCAFFOLD / "deploy.yml", "build")


def test_the_cache_actions_are_pinned_like_the_others_and_match_only_the_exact_key() -> None:
    restore, _, _, _, save = install_steps(SCAFFOLD / "deploy.yml", "build")[1:]
    ledger = [
        s for s in steps(load(SCAFFOLD / "deploy.yml"), "notify") if "cache" in s.get("uses", "")
    ]
    assert restore["uses"].split("/restore@")[1] == ledger[0]["uses"].split("/restore@")[1]
    assert save["uses"].split("/save@")[1] == ledger[1]["uses"].split("/save@")[1]
    assert restore["with"] == save["with"]
    assert set(restore["with"]) == {"path", "key"}  # no restore-keys: a partial venv is wrong


def test_a_first_run_installs_with_uv_and_saves_the_environment(status_repo: Job) -> None:
    calls, runner = status_repo.run()
    venv = runner.outputs["venv"]["path"]
    assert calls == [
        "setup-uv",
        f"uv venv --seed --relocatable --python {status_repo.uv / 'python'} {venv}",
        f"uv pip install --python {venv}/bin/python -r requirements.txt",
    ]
    [saved] = status_repo.cache.iterdir()
    assert saved.name == runner.outputs["venv"]["key"] + ".tar"
    assert status_repo.statusgen_version(runner) == "statusgen, version 9.9.9"


def test_a_later_run_restores_the_environment_without_uv(status_repo: Job) -> None:
    status_repo.run()
    [saved] = status_repo.cache.iterdir()
    before = saved.stat().st_mtime_ns
    calls, runner = status_repo.run()
    assert calls == []  # neither uv set up nor anything installed
    assert runner.outputs["restore"]["cache-hit"] == "true"
    assert [path.stat().st_mtime_ns for path in status_repo.cache.iterdir()] == [before]
    assert status_repo.statusgen_version(runner) == "statusgen, version 9.9.9"


def test_a_restored_environment_that_cannot_start_statusgen_is_installed_afresh(
    status_repo: Job,
) -> None:
    _, first = status_repo.run()
    broken = Path(first.outputs["venv"]["path"]) / "bin" / "statusgen"
    broken.write_text("#!/bin/sh\nexit 127\n", "utf-8")  # as if its Python were gone
    [saved] = status_repo.cache.iterdir()
    subprocess.run(["tar", "-cf", str(saved), "-C", str(broken.parent.parent), "."], check=True)
    calls, runner = status_repo.run()
    assert [call.split()[:2] for call in calls] == [["setup-uv"], ["uv", "venv"], ["uv", "pip"]]
    assert status_repo.statusgen_version(runner) == "statusgen, version 9.9.9"


def key(job: Job, path: Path = SCAFFOLD / "deploy.yml", **variables: str) -> str:
    _, runner = job.run(path, **variables)
    return str(runner.outputs["venv"]["key"])


def test_the_key_names_the_runner_the_python_and_changes_with_what_is_installed(
    status_repo: Job,
) -> None:
    first = key(status_repo)
    version = ".".join(map(str, sys.version_info[:3]))
    assert first.startswith(f"statusgen-venv-Linux-X64-python{version}-")
    assert key(status_repo) == first
    (status_repo.workspace / "requirements.txt").write_text("statusgen==1.2.4\n", "utf-8")
    status_repo.git("add", ".")  # as a new commit's checkout
    upgraded = key(status_repo)
    assert upgraded != first
    assert key(status_repo, STATUSGEN_INSTALL="statusgen==1.2.4") not in (first, upgraded)
    assert len({first, upgraded}) == 2 and "," not in first and len(first) < 512


def test_statusgens_own_key_changes_with_its_sources(tmp_path: Path) -> None:
    own = Job(tmp_path, {"pyproject.toml": "[project]\n", "src/statusgen/cli.py": "A = 1\n"})
    first = key(own, path=OWN / "deploy.yml")
    (own.workspace / "src" / "statusgen" / "cli.py").write_text("A = 2\n", "utf-8")
    own.git("add", ".")
    assert key(own, path=OWN / "deploy.yml") != first


def test_the_environment_is_a_new_one_each_month(
    status_repo: Job, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in date: dependencies the pins leave open get their fixes within a month.
    first = key(status_repo)
    fake = tmp_path / "date-bin"
    fake.mkdir()
    (fake / "date").write_text("#!/bin/sh\necho 2099-01\n", "utf-8")
    (fake / "date").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    assert key(status_repo) != first


def test_no_step_puts_an_expression_into_a_script() -> None:
    # Values reach the scripts through env: only, so no content can become shell code.
    scripts = [
        step["run"] for step in install_steps(SCAFFOLD / "deploy.yml", "build") if "run" in step
    ]
    assert len(scripts) == 3
    assert not [script for script in scripts if "${{" in script]
