#!/usr/bin/env python3
"""Run the Deploy workflow's build job here, without GitHub: the uploadable site folder.

Reads `.github/workflows/deploy.yml` (or --workflow, such as check.yml with --job site) from a
fresh clone of the repository and executes the `build` job's (or --job's) steps in order.
`run:` steps run as a GitHub runner runs them (`bash -e`, with the workflow's, job's and
step's `env:`); each GitHub-only action is stood in for:

    actions/checkout               a fresh `git clone` (committed work only, like a push)
    actions/setup-python           a new virtual environment, first on PATH
    astral-sh/setup-uv             the same uv release from PyPI, into that environment, with
                                   an empty cache of its own (as on a cache miss)
    actions/configure-pages        outputs computed from --base-url
    actions/upload-pages-artifact  Pages' artifact rules checked, the same tar archive written
    actions/cache/restore, save    a folder of tar archives, one per key (--cache; empty
                                   unless given, as on a cache miss)

Expressions are evaluated as GitHub would for `steps.ID.outputs.NAME`, `vars.NAME` (empty
when not given with --var) and `vars.NAME || 'default'`; `run:` steps' outputs and PATH
additions reach later steps, and `if:` may compare a step's output with a literal. Anything
else in the job (another action or condition, an expression it cannot evaluate) stops the dry
run with an error instead of being skipped, so the dry run cannot silently drift from the
workflow.

Usage:
    python scripts/pages_dry_run.py --out /tmp/pages [--base-url https://you.github.io/status]
                                    [--var STATUSGEN_SITE_URL=https://status.example.com/]
                                    [--var STATUSGEN_INSTALL=dist/statusgen-X.Y.Z-py3-none-any.whl]
                                    [--workflow .github/workflows/check.yml --job site]
                                    [--cache DIR]

Exit status 0 when the job's steps all passed. A job that uploads a Pages artifact leaves
it in OUT/site, archived as OUT/artifact.tar; any other job leaves its workspace in
OUT/workspace.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.pages_artifact import BUILD_MARKER as BUILD_MARKER  # noqa: E402
from scripts.pages_artifact import artifact_problems  # noqa: E402
from scripts.pages_dry_run_steps import (  # noqa: E402
    HASH_FILES,
    StepError,
    condition_holds,
    hash_files,
    read_outputs,
    read_path_additions,
    restore_cache,
    save_cache,
)

WORKFLOW = Path(".github/workflows/deploy.yml")
JOB = "build"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
VARIABLE_OR_DEFAULT = re.compile(r"vars\.(\w+)\s*\|\|\s*'([^']*)'")


class DryRunError(Exception):
    """The workflow cannot be run here, or a step failed; the message says which and why."""


@dataclass
class Runner:
    """What a GitHub runner holds between steps: the workspace, PATH and step outputs."""

    workspace: Path
    temp: Path
    base_url: str
    variables: Mapping[str, str]
    workflow_env: dict[str, str] = field(default_factory=dict)
    job_env: dict[str, str] = field(default_factory=dict)
    action_env: dict[str, str] = field(default_factory=dict)  # what actions export (GITHUB_ENV)
    path_prefix: list[Path] = field(default_factory=list)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    uploaded: Path | None = None
    cache: Path | None = None  # the Actions cache's folder; None: a new empty one in temp
    uv_cache: Path | None = None  # uv's cache, as setup-uv restores it; None: a new empty one
    context: dict[str, str] = field(default_factory=lambda: {"runner.os": "Linux"})

    def evaluate(self, text: str) -> str:
        """Replace every `${{ expression }}` the build job uses; refuse any other."""
        return EXPRESSION.sub(lambda match: self._value(match.group(1)), text)

    def _value(self, expression: str) -> str:
        fallback = VARIABLE_OR_DEFAULT.fullmatch(expression)
        if fallback:  # an unset or empty variable is falsy, so the literal wins
            return self.variables.get(fallback[1], "") or fallback[2]
        parts = expression.split(".")
        if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
            try:
                return self.outputs[parts[1]][parts[3]]
            except KeyError:
                raise DryRunError(f"no earlier step set '{expression}'") from None
        if len(parts) == 2 and parts[0] == "vars":
            return self.variables.get(parts[1], "")  # unset repository variables are empty
        files = HASH_FILES.fullmatch(expression)
        if files:
            return hash_files(self.workspace, files[1])
        if expression in self.context:
            return self.context[expression]
        raise DryRunError(
            f"cannot evaluate '${{{{ {expression} }}}}' here: "
            "teach scripts/pages_dry_run.py what it means on GitHub"
        )

    def environment(self, step_env: Mapping[str, str]) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
        env.update(CI="true", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(self.workspace))
        env.update(RUNNER_TEMP=str(self.temp), RUNNER_OS="Linux", RUNNER_ARCH="X64")
        env.update(GITHUB_OUTPUT=str(self.temp / "output"), GITHUB_PATH=str(self.temp / "path"))
        env["PATH"] = os.pathsep.join([*map(str, self.path_prefix), env.get("PATH", "")])
        env.update(self.action_env)
        for layer in (self.workflow_env, self.job_env, step_env):
            env.update({key: self.evaluate(str(value)) for key, value in layer.items()})
        return env


def load_workflow(path: Path) -> dict[str, Any]:
    # YAML 1.2, as GitHub reads it: `on:` stays a key instead of becoming `true`.
    data = YAML(typ="safe").load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise DryRunError(f"{path}: not a workflow (expected a mapping at the top)")
    return data


def action_name(uses: str) -> str:
    return uses.split("@", 1)[0]


def run_script(runner: Runner, step: Mapping[str, Any]) -> None:
    # GitHub's defaults on Linux: `bash -e {0}` without `shell:`, stricter with `shell: bash`.
    shells = {None: ["bash", "-e"], "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"]}
    shell = step.get("shell")
    if shell not in shells:
        raise DryRunError(f"shell '{shell}' is not supported by the dry run")
    if "working-directory" in step:
        raise DryRunError("working-directory is not supported by the dry run")
    script = runner.temp / "step.sh"
    script.write_text(runner.evaluate(str(step["run"])), "utf-8")
    env = runner.environment(step.get("env") or {})
    for name in ("GITHUB_OUTPUT", "GITHUB_PATH"):
        Path(env[name]).write_text("", "utf-8")
    completed = subprocess.run([*shells[shell], str(script)], cwd=runner.workspace, env=env)
    if completed.returncode != 0:
        raise DryRunError(f"step '{describe(step)}' exited with status {completed.returncode}")
    try:
        outputs = read_outputs(Path(env["GITHUB_OUTPUT"]))
    except StepError as exc:
        raise DryRunError(f"step '{describe(step)}': {exc}") from None
    if "id" in step:
        runner.outputs[str(step["id"])] = outputs
    runner.path_prefix[:0] = read_path_additions(Path(env["GITHUB_PATH"]))


def setup_python(runner: Runner, step: Mapping[str, Any], python: str) -> None:
    venv = runner.temp / "python"
    created = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True)
    if created.returncode != 0:
        raise DryRunError(f"{python} -m venv failed: {created.stderr.strip()}")
    runner.path_prefix.insert(0, venv / "bin")
    wanted = (step.get("with") or {}).get("python-version")
    version = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    note(f"Python {version} stands in for the workflow's {wanted or 'default'}")


def setup_uv(runner: Runner, step: Mapping[str, Any]) -> None:
    version = str((step.get("with") or {}).get("version", ""))
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise DryRunError(f"setup-uv must pin uv's version as X.Y.Z (got '{version}')")
    python = runner.temp / "python" / "bin" / "python"
    if not python.exists():
        raise DryRunError("astral-sh/setup-uv must come after actions/setup-python")
    started = time.monotonic()
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"uv=={version}"],
        capture_output=True,
        text=True,
    )
    if installed.returncode != 0:
        raise DryRunError(f"pip install uv=={version} failed: {installed.stderr.strip()}")
    runner.action_env["UV_CACHE_DIR"] = str(runner.uv_cache or runner.temp / "uv-cache")
    note(f"uv {version} from PyPI in {time.monotonic() - started:.1f}s")


def configure_pages(runner: Runner, step: Mapping[str, Any]) -> None:
    # configure-pages reports the address without a trailing slash.
    base_url = runner.base_url.rstrip("/")
    parts = urlsplit(base_url)
    outputs = {
        "base_url": base_url,
        "origin": f"{parts.scheme}://{parts.netloc}",
        "host": parts.netloc,
        "base_path": parts.path.rstrip("/"),
    }
    if "id" in step:
        runner.outputs[str(step["id"])] = outputs


def upload_pages_artifact(runner: Runner, step: Mapping[str, Any]) -> None:
    inputs = step.get("with") or {}
    folder = runner.workspace / runner.evaluate(str(inputs.get("path", "_site/")))
    include_hidden = str(inputs.get("include-hidden-files", "false")).lower() == "true"
    problems = artifact_problems(folder, include_hidden=include_hidden)
    if problems:
        raise DryRunError("the site folder cannot be uploaded:\n  " + "\n  ".join(problems))
    runner.uploaded = folder


def describe(step: Mapping[str, Any]) -> str:
    return str(step.get("name") or step.get("uses") or step.get("run", "")).splitlines()[0]


def note(message: str) -> None:
    sys.stderr.write(f"pages-dry-run: {message}\n")


def dry_run(
    repo: Path,
    out: Path,
    base_url: str,
    variables: Mapping[str, str],
    python: str,
    workflow: Path = WORKFLOW,
    job: str = JOB,
    cache: Path | None = None,
) -> Path:
    """Clone `repo`, run one job of one workflow, return the uploaded Pages folder (or,
    for a job that uploads none, the job's workspace)."""
    if out.exists() and any(out.iterdir()):
        raise DryRunError(f"{out} is not empty: give a new folder so the run starts fresh")
    out.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix="pages-dry-run-"))
    try:
        runner = Runner(temp / "workspace", temp, base_url, variables, cache=cache)
        steps = build_steps(runner, repo, workflow, job)
        for index, step in enumerate(steps):
            note(f"step {index + 1}/{len(steps)}: {describe(step)}")
            started = time.monotonic()
            run_step(runner, step, index, python)
            note(f"step {index + 1}/{len(steps)} took {time.monotonic() - started:.1f}s")
        if runner.uploaded is None:
            if workflow == WORKFLOW and job == JOB:
                raise DryRunError(f"the {JOB} job never uploads a Pages artifact")
            kept = out / "workspace"
            shutil.copytree(runner.workspace, kept, symlinks=True)
            return kept
        site = out / "site"
        shutil.copytree(runner.uploaded, site)
        with tarfile.open(out / "artifact.tar", "w") as archive:
            archive.add(site, arcname=".")
        return site
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def actions_cache(runner: Runner, step: Mapping[str, Any], action: str) -> None:
    inputs = {name: runner.evaluate(str(value)) for name, value in (step.get("with") or {}).items()}
    cache = runner.cache or runner.temp / "actions-cache"
    if action == "actions/cache/restore":
        outputs = restore_cache(cache, inputs)
        if "id" in step:
            runner.outputs[str(step["id"])] = outputs
    else:
        save_cache(cache, inputs)


def run_step(runner: Runner, step: Mapping[str, Any], index: int, python: str) -> None:
    """One step as the runner would take it; a step whose `if:` does not hold is skipped."""
    try:
        if "if" in step and not condition_holds(str(step["if"]), runner.outputs):
            note(f"skipped: {describe(step)}")
            return
        if str(step.get("uses", "")).startswith(("actions/cache/restore@", "actions/cache/save@")):
            actions_cache(runner, step, action_name(str(step["uses"])))
            return
    except StepError as exc:
        raise DryRunError(f"step '{describe(step)}': {exc}") from None
    if "run" in step:
        run_script(runner, step)
        return
    action = action_name(str(step.get("uses", "")))
    if action == "actions/checkout":
        if index != 0:
            raise DryRunError("actions/checkout must be the first step")
    elif action == "actions/setup-python":
        setup_python(runner, step, python)
    elif action == "astral-sh/setup-uv":
        setup_uv(runner, step)
    elif action == "actions/configure-pages":
        configure_pages(runner, step)
    elif action == "actions/upload-pages-artifact":
        upload_pages_artifact(runner, step)
    else:
        raise DryRunError(f"no stand-in for '{action}': add one to the dry run")


def build_steps(
    runner: Runner, repo: Path, workflow_path: Path, job_name: str = JOB
) -> list[dict[str, Any]]:
    """Clone the repository (the checkout step's job) and read the job from the clone."""
    started = time.monotonic()
    clone = subprocess.run(
        ["git", "clone", "--quiet", "--no-local", str(repo), str(runner.workspace)],
        capture_output=True,
        text=True,
    )
    if clone.returncode != 0:
        raise DryRunError(f"git clone {repo} failed: {clone.stderr.strip()}")
    note(f"cloned {repo} in {time.monotonic() - started:.1f}s")
    head = subprocess.run(
        ["git", "-C", str(runner.workspace), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    runner.context["github.sha"] = head.stdout.strip()
    workflow = load_workflow(runner.workspace / workflow_path)
    jobs = workflow.get("jobs") or {}
    if job_name not in jobs:
        raise DryRunError(f"{workflow_path} has no '{job_name}' job")
    job = jobs[job_name]
    runner.workflow_env = dict(workflow.get("env") or {})
    runner.job_env = dict(job.get("env") or {})
    steps = list(job.get("steps") or [])
    if not steps or action_name(str(steps[0].get("uses", ""))) != "actions/checkout":
        raise DryRunError(f"the {job_name} job must start with actions/checkout")
    return steps


def parse_variables(pairs: Sequence[str]) -> dict[str, str]:
    variables = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise DryRunError(f"--var wants NAME=VALUE (got '{pair}')")
        variables[name] = value
    return variables


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repo", type=Path, default=REPO, help="repository to clone")
    parser.add_argument("--out", type=Path, required=True, help="new folder for the result")
    parser.add_argument(
        "--base-url",
        default="https://example.github.io/status",
        help="what configure-pages would report as base_url",
    )
    parser.add_argument(
        "--var", action="append", default=[], metavar="NAME=VALUE", help="repository variable"
    )
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter standing in for setup-python"
    )
    parser.add_argument("--workflow", type=Path, default=WORKFLOW, help="workflow file to run")
    parser.add_argument("--job", default=JOB, help="job of that workflow to run")
    parser.add_argument(
        "--cache", type=Path, help="folder standing in for the Actions cache (kept between runs)"
    )
    args = parser.parse_args(argv)
    try:
        variables = parse_variables(args.var)
        result = dry_run(
            args.repo,
            args.out,
            args.base_url,
            variables,
            args.python,
            args.workflow,
            args.job,
            args.cache,
        )
    except DryRunError as exc:
        note(f"error: {exc}")
        return 1
    if result.name == "workspace":
        note(f"job '{args.job}' passed; its workspace is in {result}")
        return 0
    files = [path for path in result.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files)
    note(f"ready to upload: {result} ({len(files)} files, {size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
