"""The GitHub Actions workflows: well-formed, lint-clean, safe, in step with the README.

Five files: the scaffold's Deploy and Check (what `statusgen init` writes into a status
repository), this repository's copies of them, and this repository's Release (whose own
tests are in test_release.py). The tools run offline: check-jsonschema's
vendored GitHub workflow schema, actionlint (with shellcheck for the `run:` scripts) and
zizmor's offline audits.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from ruamel.yaml import YAML

from statusgen.render import page_cache

REPO = Path(__file__).resolve().parent.parent
SCAFFOLD = REPO / "src" / "statusgen" / "authoring" / "scaffold" / "workflows"
OWN = REPO / ".github" / "workflows"
PAGES_WORKFLOWS = [
    SCAFFOLD / "deploy.yml",
    SCAFFOLD / "check.yml",
    OWN / "deploy.yml",
    OWN / "check.yml",
    SCAFFOLD / "alert.yml",
    OWN / "alert.yml",
]
RELEASE = OWN / "release.yml"
WORKFLOWS = [*PAGES_WORKFLOWS, RELEASE]
README = REPO / "README.md"
BIN = Path(sys.executable).parent

# What the install step installs: a status repository's pinned requirements.txt unless the
# repository variable says otherwise; statusgen's own repository, the checkout itself.
SCAFFOLD_INSTALL = "${{ vars.STATUSGEN_INSTALL || '-r requirements.txt' }}"
OWN_INSTALL = "."
# The actions and scripts among the install steps (tests/test_workflow_install.py runs them).
INSTALL_ACTIONS = ["actions/cache/restore", "astral-sh/setup-uv", "actions/cache/save"]
INSTALL_SCRIPTS = [
    "Name the statusgen environment",
    "Check the restored statusgen",
    "Install statusgen",
]


def load(path: Path) -> dict[str, Any]:
    # YAML 1.2 as GitHub reads it: `on:` is a key, not the boolean true.
    data = YAML(typ="safe").load(path.read_text("utf-8"))
    assert isinstance(data, dict), path
    return data


def tool(name: str) -> str:
    """A linter installed by the `test` extra, next to this interpreter."""
    path = BIN / name
    assert path.exists(), f"{name} is missing: pip install -e '.[test]'"
    return str(path)


def run(*command: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def run_lines(workflow: dict[str, Any], job: str) -> list[str]:
    return [line for step in steps(workflow, job) for line in step.get("run", "").splitlines()]


def uses(workflow: dict[str, Any], job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow, job) if "uses" in step]


# --- well-formed, lint-clean, safe -------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_job_runs_on_ubuntu_with_a_timeout_and_named_steps(path: Path) -> None:
    workflow = load(path)
    assert set(workflow) >= {"name", "on", "permissions", "concurrency", "jobs"}
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", name
        assert 0 < job["timeout-minutes"] <= 30, name
        assert all("name" in step for step in job["steps"]), name


def test_workflows_match_githubs_workflow_schema() -> None:
    result = run(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        *map(str, WORKFLOWS),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_actionlint_and_shellcheck_find_nothing() -> None:
    result = run(tool("actionlint"), "-shellcheck", tool("shellcheck"), *map(str, WORKFLOWS))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    # The auditor persona reports everything, false positives included: nothing is excused.
    result = run(
        tool("zizmor"),
        "--offline",
        "--no-config",
        "--persona",
        "auditor",
        "--format",
        "json",
        *map(str, WORKFLOWS),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_the_linters_do_catch_a_broken_workflow(tmp_path: Path) -> None:
    # Proof that "nothing found" above means something: the same commands on a bad file.
    bad = tmp_path / "bad.yml"
    bad.write_text(
        textwrap.dedent("""\
            name: Bad
            on: pull_request
            permissions: {}
            jobs:
              greet:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.event.pull_request.title }}" $GREETING
            """),
        "utf-8",
    )
    actionlint = run(tool("actionlint"), "-shellcheck", tool("shellcheck"), str(bad))
    assert actionlint.returncode == 1
    assert "SC2086" in actionlint.stdout  # shellcheck ran: unquoted $GREETING
    assert "potentially untrusted" in actionlint.stdout
    zizmor = run(tool("zizmor"), "--offline", "--no-config", "--format", "json", str(bad))
    assert "template-injection" in {finding["ident"] for finding in json.loads(zizmor.stdout)}


def test_actions_are_pinned_by_full_commit_sha_with_their_version() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for line in path.read_text("utf-8").splitlines():
            if "uses:" not in line:
                continue
            match = re.fullmatch(
                r"\s+(?:- )?uses: ([\w-]+/[\w-]+)(?:/[\w-]+)?@([0-9a-f]{40}) # v\d+\.\d+\.\d+",
                line,
            )
            assert match, f"{path.name}: not pinned by commit SHA with '# vX.Y.Z': {line.strip()}"
            pins.setdefault(match[1], set()).add(line.split("@")[1])
    # One version of each action everywhere, so a bump cannot miss a file.
    assert {action: len(versions) for action, versions in pins.items()} == {
        "actions/checkout": 1,
        "actions/setup-python": 1,
        "actions/configure-pages": 1,
        "actions/upload-pages-artifact": 1,
        "actions/deploy-pages": 1,
        "actions/upload-artifact": 1,
        "actions/download-artifact": 1,
        "pypa/gh-action-pypi-publish": 1,
        "astral-sh/setup-uv": 1,
        "actions/cache": 1,  # cache/restore and cache/save: one release
    }


def test_no_workflow_runs_on_pull_request_target() -> None:
    # pull_request_target runs with write access on code from forks; Check never needs it.
    for path in WORKFLOWS:
        assert "pull_request_target" not in path.read_text("utf-8"), path


# --- what Deploy does --------------------------------------------------------------------


def test_deploy_runs_on_push_to_main_on_demand_and_every_15_minutes() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    assert deploy["on"] == {
        "push": {"branches": ["main"]},
        "workflow_dispatch": None,
        "schedule": [{"cron": "*/15 * * * *"}],
    }


def test_deploy_asks_for_the_pages_permissions_and_no_more() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    assert deploy["permissions"] == {}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_deploy_never_cancels_a_deployment_that_is_going_live() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_builds_validates_uploads_then_deploys_to_the_pages_environment() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    assert uses(deploy, "build") == [
        "actions/checkout",
        "actions/setup-python",
        *INSTALL_ACTIONS,
        "actions/configure-pages",
        "actions/cache/restore",
        "actions/cache/save",
        "actions/upload-pages-artifact",
    ]
    assert [step["name"] for step in steps(deploy, "build") if "run" in step] == [
        *INSTALL_SCRIPTS,
        "Validate incidents and postmortems",
        "Build the site",
    ]
    assert [line.split()[:2] for line in run_lines(deploy, "build")][-2:] == [
        ["statusgen", "validate"],
        ["statusgen", "build"],
    ]
    job = deploy["jobs"]["deploy"]
    assert job["needs"] == "build"
    assert job["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert [(step.get("id"), step["uses"].split("@")[0]) for step in job["steps"]] == [
        ("deployment", "actions/deploy-pages")
    ]


def test_deploy_keeps_the_build_cache_between_runs_keyed_on_release_and_config() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    names = [step.get("name") for step in steps(deploy, "build")]
    # The job restores and saves statusgen's own environment too: the build cache is the pair
    # that keeps the page cache's folder.
    restore, save = (
        step
        for step in steps(deploy, "build")
        if step.get("uses", "").split("@")[0] in ("actions/cache/restore", "actions/cache/save")
        and step["with"]["path"] == page_cache.FOLDER
    )
    # Restored before the build and saved after it, from the folder the build keeps it in.
    assert names.index(restore["name"]) < names.index("Build the site") < names.index(save["name"])
    assert restore["with"]["path"] == save["with"]["path"] == page_cache.FOLDER
    release_and_config = "hashFiles('requirements.txt', 'pyproject.toml', 'mkdocs.yml')"
    prefix = restore["with"]["restore-keys"]
    assert release_and_config in prefix
    assert restore["with"]["key"].startswith(prefix)
    assert save["with"]["key"].startswith(prefix)
    assert page_cache.PAGES_FILE in save["with"]["key"].removeprefix(prefix)


def test_deploy_uploads_the_folder_it_builds_into() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    build = shlex.split(run_lines(deploy, "build")[-1])
    upload = steps(deploy, "build")[-1]
    assert build[build.index("--site-dir") + 1] == upload["with"]["path"] == "site"


def test_every_statusgen_install_uses_a_pinned_uv_with_its_cache_kept_between_runs() -> None:
    for path in PAGES_WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            names = [step["name"] for step in job["steps"]]
            if "Install statusgen" not in names:
                continue
            [uv] = [s for s in job["steps"] if s.get("uses", "").startswith("astral-sh/setup-uv@")]
            assert re.fullmatch(r"\d+\.\d+\.\d+", uv["with"]["version"]), (path, name)
            assert uv["with"]["enable-cache"] is True, (path, name)
            # A new pinned release (a changed requirements.txt) starts a new cache.
            assert "requirements.txt" in uv["with"]["cache-dependency-glob"].split(), (path, name)
            python = next(s for s in job["steps"] if "actions/setup-python@" in s.get("uses", ""))
            assert "cache" not in python["with"], (path, name)  # pip installs nothing here


def test_uv_is_the_release_the_test_extra_pins() -> None:
    # The test extra pins the uv the workflows name, so a bump cannot miss either.
    import tomllib

    with (REPO / "pyproject.toml").open("rb") as handle:
        extra = tomllib.load(handle)["project"]["optional-dependencies"]["test"]
    [pin] = [requirement for requirement in extra if requirement.startswith("uv")]
    versions = {
        step["with"]["version"]
        for path in PAGES_WORKFLOWS
        for job in load(path)["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("astral-sh/setup-uv@")
    }
    assert [f"uv=={version}" for version in versions] == [pin]


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        ("", "https://octo-org.github.io/status/"),
        ("https://status.nimbus.example/", "https://status.nimbus.example/"),
    ],
    ids=["pages-address", "repository-variable"],
)
def test_site_url_is_the_pages_address_unless_the_repository_variable_is_set(
    tmp_path: Path, variable: str, expected: str
) -> None:
    # Runs the workflow's own build step, with a stand-in statusgen that prints its arguments.
    dry_run = dry_run_module()
    fake = tmp_path / "bin" / "statusgen"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/args"\n', "utf-8")
    fake.chmod(0o755)
    runner = dry_run.Runner(tmp_path, tmp_path, "", {"STATUSGEN_SITE_URL": variable})
    runner.path_prefix.append(fake.parent)
    runner.outputs["pages"] = {"base_url": "https://octo-org.github.io/status"}
    (build_step,) = (
        s for s in steps(load(SCAFFOLD / "deploy.yml"), "build") if s["name"] == "Build the site"
    )
    dry_run.run_script(runner, build_step)
    args = (tmp_path / "args").read_text("utf-8").splitlines()
    assert args == ["build", "--site-dir", "site", "--site-url", expected]


def test_cadence_job_may_only_read_content_and_write_issues() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    job = deploy["jobs"]["cadence"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert "needs" not in job  # the alarm does not wait for (or depend on) the deployment
    assert uses(deploy, "cadence") == [
        "actions/checkout",
        "actions/setup-python",
        *INSTALL_ACTIONS,
    ]
    assert steps(deploy, "cadence")[0]["with"]["fetch-depth"] == 0  # who posted last
    last = steps(deploy, "cadence")[-1]
    assert last["run"] == "statusgen overdue --github-issues"
    assert last["env"] == {"GH_TOKEN": "${{ github.token }}", "GH_REPO": "${{ github.repository }}"}


def test_notify_sends_only_after_the_deployment_with_no_token_and_secrets_only_in_env() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    plan, send = deploy["jobs"]["notify-plan"], deploy["jobs"]["notify"]
    assert plan["needs"] == "build"
    assert plan["permissions"] == {"contents": "read"}
    assert send["needs"] == ["deploy", "notify-plan"]
    assert send["if"] == "needs.notify-plan.outputs.messages != '0'"
    assert send["permissions"] == {}
    assert send["environment"] == "notifications"
    assert uses(deploy, "notify") == [
        "actions/download-artifact",
        "actions/setup-python",
        "actions/cache/restore",
        "actions/cache/save",
    ]
    text = (SCAFFOLD / "deploy.yml").read_text("utf-8")
    secret_lines = [line.strip() for line in text.splitlines() if "secrets." in line]
    sending = next(step for step in steps(deploy, "notify") if "env" in step)
    assert secret_lines == [f"{k}: {v}" for k, v in sending["env"].items()]
    assert sending["env"] == {
        "STATUSGEN_NOTIFY_OPS_CHAT": "${{ secrets.STATUSGEN_NOTIFY_OPS_CHAT }}"
    }
    # Nothing from an expression is pasted into a script: values reach run: through env.
    for name, job in deploy["jobs"].items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, step["name"])


def test_the_ledger_is_saved_even_when_a_delivery_failed() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    restore = [s for s in steps(deploy, "notify") if "cache/restore" in s.get("uses", "")]
    save = [s for s in steps(deploy, "notify") if "cache/save" in s.get("uses", "")]
    assert len(restore) == len(save) == 1
    assert save[0]["if"] == "${{ !cancelled() }}"
    assert save[0]["with"]["key"] == restore[0]["with"]["key"]
    assert restore[0]["with"]["key"].startswith(restore[0]["with"]["restore-keys"])
    assert steps(deploy, "notify")[-1] == save[0]  # the last thing the job does


# --- the action item issues job ----------------------------------------------------------

ACTION_JOB = "action-items"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def test_action_item_issues_are_opt_in_with_issues_write_and_read_only_content() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    job = deploy["jobs"][ACTION_JOB]
    assert job["if"] == "vars.STATUSGEN_ACTION_ISSUES == 'true'"
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert "needs" not in job  # its own job: a failed build never holds up follow-ups
    assert uses(deploy, ACTION_JOB) == [
        "actions/checkout",
        "actions/setup-python",
        *INSTALL_ACTIONS,
    ]
    checkout = steps(deploy, ACTION_JOB)[0]
    assert checkout["with"]["persist-credentials"] is False


def test_action_item_step_gets_the_token_by_env_and_runs_one_command() -> None:
    deploy = load(SCAFFOLD / "deploy.yml")
    # Installed the same way as the cadence job, then one command.
    assert run_lines(deploy, ACTION_JOB) == [
        *run_lines(deploy, "cadence")[:-1],
        "statusgen action-issues",
    ]
    step = steps(deploy, ACTION_JOB)[-1]
    assert step["env"] == {
        "GH_TOKEN": "${{ github.token }}",
        "GH_REPO": "${{ github.repository }}",
    }
    for job in deploy["jobs"].values():
        for each in job["steps"]:
            assert "${{" not in each.get("run", ""), each["name"]


def test_action_item_step_opens_issues_through_gh(tmp_path: Path, example_site: Any) -> None:
    """The job's own last step, run by bash with a stand-in gh that records its calls."""
    from . import fake_gh

    step = steps(load(SCAFFOLD / "deploy.yml"), ACTION_JOB)[-1]
    github = {"github.token": "job-token", "github.repository": "octo-org/status"}
    env = {
        key: EXPRESSION.sub(lambda match: github[match.group(1)], value)
        for key, value in step["env"].items()
    }
    fake_gh.install(tmp_path / "bin")
    script = tmp_path / "step.sh"
    script.write_text(step["run"], "utf-8")
    log, state = tmp_path / "log.jsonl", tmp_path / "state.json"
    result = subprocess.run(
        ["bash", "-e", str(script)],
        cwd=example_site.root,
        env={
            **os.environ,
            **env,
            "PATH": f"{tmp_path / 'bin'}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}",
            "SOURCE_DATE_EPOCH": "1798761600",  # 2027-01-01: the example has overdue items
            "FAKE_GH_LOG": str(log),
            "FAKE_GH_STATE": str(state),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls = fake_gh.calls(log)
    assert {(call["token"], call["repo"]) for call in calls} == {("job-token", "octo-org/status")}
    created = [call for call in calls if call["args"][:2] == ["issue", "create"]]
    assert len(created) == len(result.stdout.splitlines()) >= 1
    assert all(line.startswith("opened #") for line in result.stdout.splitlines())


# --- what Check does ---------------------------------------------------------------------


def test_check_runs_on_pull_requests_with_read_only_permissions() -> None:
    check = load(SCAFFOLD / "check.yml")
    assert check["on"] == {"pull_request": None}
    assert check["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in check["jobs"].values())


def test_check_installs_then_annotates_problems_then_builds_the_site() -> None:
    check = load(SCAFFOLD / "check.yml")
    assert [step["name"] for step in steps(check, "site") if "run" in step] == [
        *INSTALL_SCRIPTS,
        "Validate incidents and postmortems",
        "Build the site",
    ]
    assert run_lines(check, "site")[-2:] == [
        "statusgen validate --format github",
        "statusgen build --site-dir site",
    ]


# --- what gets installed -----------------------------------------------------------------


def install_step(path: Path, job: str) -> dict[str, Any]:
    [step] = [s for s in steps(load(path), job) if s["name"] == "Install statusgen"]
    return step


def install_arguments(tmp_path: Path, path: Path, job: str, variables: dict[str, str]) -> list[str]:
    """What the workflow's install step asks uv for, run as GitHub runs it, with a stand-in
    uv that records its arguments instead of installing anything."""
    dry_run = dry_run_module()
    fake = tmp_path / "bin" / "uv"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/args"\n', "utf-8")
    fake.chmod(0o755)
    (fake.parent / "python").symlink_to(sys.executable)
    runner = dry_run.Runner(tmp_path, tmp_path, "", variables)
    runner.path_prefix.append(fake.parent)
    runner.workflow_env = dict(load(path)["env"])
    runner.outputs["venv"] = {"path": str(tmp_path / "venv")}
    dry_run.run_script(runner, install_step(path, job))
    return (tmp_path / "args").read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        ("", ["-r", "requirements.txt"]),
        (
            "https://github.com/octo-org/statusgen/releases/download/v1.2.3/"
            "statusgen-1.2.3-py3-none-any.whl",
            [
                "https://github.com/octo-org/statusgen/releases/download/v1.2.3/"
                "statusgen-1.2.3-py3-none-any.whl"
            ],
        ),
        (
            "git+https://github.com/octo-org/statusgen@v1.2.3",
            ["git+https://github.com/octo-org/statusgen@v1.2.3"],
        ),
        (
            "--index-url https://pypi.octo.example/simple/  statusgen==1.2.3",
            ["--index-url", "https://pypi.octo.example/simple/", "statusgen==1.2.3"],
        ),
        ("dist/statusgen-*.whl", ["dist/statusgen-*.whl"]),  # words, never file names
    ],
    ids=["pinned-requirements", "release-wheel", "git-tag", "private-index", "no-globbing"],
)
@pytest.mark.parametrize("workflow", ["deploy.yml", "check.yml"])
def test_install_step_takes_the_pinned_release_unless_the_variable_names_another_source(
    tmp_path: Path, workflow: str, variable: str, expected: list[str]
) -> None:
    job = {"deploy.yml": "build", "check.yml": "site"}[workflow]
    variables = {"STATUSGEN_INSTALL": variable}
    args = install_arguments(tmp_path, SCAFFOLD / workflow, job, variables)
    # Into the job's virtual environment, made from the interpreter setup-python put first.
    assert args == ["pip", "install", "--python", str(tmp_path / "venv/bin/python"), *expected]


def test_statusgens_own_workflows_install_the_checkout(tmp_path: Path) -> None:
    variables = {"STATUSGEN_INSTALL": "statusgen==1.2.3"}  # ignored: the checkout is built
    assert install_arguments(tmp_path, OWN / "deploy.yml", "build", variables)[-1] == "."


# --- the scaffold and this repository's copies -------------------------------------------


def without_env(text: str) -> str:
    """A workflow's text without its top-level `env:` block (which says what to install)."""
    return re.sub(r"^env:\n(?:  .*\n|#.*\n)*\n", "", text, count=1, flags=re.MULTILINE)


def test_scaffold_installs_what_the_variable_or_requirements_txt_says() -> None:
    for name in ("deploy.yml", "check.yml", "alert.yml"):
        assert load(SCAFFOLD / name)["env"] == {"STATUSGEN_INSTALL": SCAFFOLD_INSTALL}, name
        assert load(OWN / name)["env"] == {"STATUSGEN_INSTALL": OWN_INSTALL}, name


def test_own_deploy_is_the_scaffold_installing_statusgen_from_the_checkout() -> None:
    scaffold = (SCAFFOLD / "deploy.yml").read_text("utf-8")
    own = (OWN / "deploy.yml").read_text("utf-8")
    assert without_env(own) == without_env(scaffold) != scaffold


def test_own_alert_is_the_scaffold_installing_statusgen_from_the_checkout() -> None:
    scaffold = (SCAFFOLD / "alert.yml").read_text("utf-8")
    own = (OWN / "alert.yml").read_text("utf-8")
    assert without_env(own) == without_env(scaffold) != scaffold


def test_own_check_is_the_scaffold_plus_the_test_suite() -> None:
    scaffold = (SCAFFOLD / "check.yml").read_text("utf-8")
    own = (OWN / "check.yml").read_text("utf-8")
    assert without_env(own).startswith(without_env(scaffold))
    jobs = load(OWN / "check.yml")["jobs"]
    assert set(jobs) - set(load(SCAFFOLD / "check.yml")["jobs"]) == {"test"}
    assert run_lines(load(OWN / "check.yml"), "test") == ["make test"]


def test_init_writes_the_workflows_this_repository_runs(tmp_path: Path) -> None:
    """`statusgen init` writes the scaffold's files; this repo's differ only as tested above."""
    from click.testing import CliRunner

    from statusgen.cli import cli

    target = tmp_path / "new-status-page"
    result = CliRunner().invoke(cli, ["init", str(target), "--now", "2026-11-22T12:00:00Z"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (target / ".github" / "workflows").iterdir())
    assert written == ["alert.yml", "check.yml", "deploy.yml"]
    for name in written:
        mine = (target / ".github" / "workflows" / name).read_text("utf-8")
        assert mine == (SCAFFOLD / name).read_text("utf-8")
        own = (OWN / name).read_text("utf-8")
        assert without_env(own).startswith(without_env(mine))


# --- README ------------------------------------------------------------------------------


def commands(script: str, env: dict[str, str]) -> list[list[str]]:
    """Command lines as token lists: known variables expanded, other values blanked."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        line = line.strip().removeprefix("$ ")
        for name, value in env.items():
            line = line.replace(f'"${name}"', value).replace(f"${name}", value)
        tokens = shlex.split(line, comments=True)
        tokens = ["VALUE" if "$" in token or "://" in token else token for token in tokens]
        if tokens[:3] == ["uv", "pip", "install"] and tokens[3:4] == ["--python"]:
            del tokens[3:5]  # the runner's interpreter; locally, the active environment
        if tokens[:1] == ["statusgen"] or tokens[:3] == ["uv", "pip", "install"]:
            found.append(tokens)
    return found


def readme_commands() -> list[list[str]]:
    blocks = re.findall(r"```console\n(.*?)```", README.read_text("utf-8"), re.DOTALL)
    return [command for block in blocks for command in commands(block, {})]


@pytest.mark.parametrize("name", ["deploy.yml", "check.yml"])
def test_readme_shows_the_commands_the_workflows_run(name: str) -> None:
    workflow = load(SCAFFOLD / name)
    documented = readme_commands()
    default_install = {"{install[@]}": "-r requirements.txt"}  # with STATUSGEN_INSTALL unset
    for job in workflow["jobs"]:
        for command in commands("\n".join(run_lines(workflow, job)), default_install):
            assert command in documented, f"README.md does not show: {shlex.join(command)}"


def test_readme_explains_what_the_workflows_rely_on() -> None:
    readme = README.read_text("utf-8")
    section = readme[readme.index("## Publishing on GitHub Pages") :]
    assert "make test" in readme.split("---")[0]  # what this repository's Check runs
    for needed in (
        "Settings → Pages",
        "Source: **GitHub Actions**",
        "CNAME",
        "site_url",
        "STATUSGEN_SITE_URL",
        "every 15 minutes",  # the cron below
        "late",
        "60 days",
    ):
        assert needed in section, needed
    assert load(SCAFFOLD / "deploy.yml")["on"]["schedule"] == [{"cron": "*/15 * * * *"}]


# --- the local dry run -------------------------------------------------------------------


def dry_run_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "pages_dry_run", REPO / "scripts" / "pages_dry_run.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def git_repo(root: Path, workflow: str, files: dict[str, str] | None = None) -> Path:
    """A one-commit repository holding a deploy workflow, as the dry run's clone source."""
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "deploy.yml").write_text(textwrap.dedent(workflow), "utf-8")
    for name, text in (files or {}).items():
        (root / name).write_text(text, "utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    return root


TINY_DEPLOY = """\
    name: Deploy
    on: push
    env:
      GREETING: hello
    jobs:
      build:
        steps:
          - name: Check out
            uses: actions/checkout@0000000000000000000000000000000000000000 # v0.0.0
          - id: pages
            uses: actions/configure-pages@0000000000000000000000000000000000000000 # v0.0.0
          - name: Build
            env:
              BASE_URL: ${{ steps.pages.outputs.base_url }}
              CUSTOM: ${{ vars.STATUSGEN_SITE_URL }}
            run: |
              mkdir site
              echo "$GREETING from ${CUSTOM:-$BASE_URL/}" > site/index.html
          - uses: actions/upload-pages-artifact@0000000000000000000000000000000000000000 # v0.0.0
            with:
              path: site
    """


def test_dry_run_runs_the_build_steps_in_order_and_keeps_the_artifact(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "repo", TINY_DEPLOY)
    out = tmp_path / "out"
    status = dry_run_module().main(
        ["--repo", str(repo), "--out", str(out), "--base-url", "https://octo-org.github.io/status"]
    )
    assert status == 0
    expected = "hello from https://octo-org.github.io/status/\n"
    assert (out / "site" / "index.html").read_text("utf-8") == expected
    with tarfile.open(out / "artifact.tar") as archive:
        assert "./index.html" in archive.getnames()


def test_dry_run_refuses_an_action_it_has_no_stand_in_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workflow = TINY_DEPLOY.replace("actions/configure-pages", "someone/configure-pages")
    repo = git_repo(tmp_path / "repo", workflow)
    status = dry_run_module().main(["--repo", str(repo), "--out", str(tmp_path / "out")])
    assert status == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pages-dry-run: error: no stand-in for 'someone/configure-pages': add one to the dry run"
    )


def test_dry_run_refuses_an_expression_it_cannot_evaluate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workflow = TINY_DEPLOY.replace("vars.STATUSGEN_SITE_URL", "secrets.TOKEN")
    repo = git_repo(tmp_path / "repo", workflow)
    status = dry_run_module().main(["--repo", str(repo), "--out", str(tmp_path / "out")])
    assert status == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pages-dry-run: error: cannot evaluate '${{ secrets.TOKEN }}' here: "
        "teach scripts/pages_dry_run.py what it means on GitHub"
    )


def test_artifact_check_names_what_pages_would_refuse_or_leave_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / ".well-known").mkdir(parents=True)
    (site / ".well-known" / "security.txt").write_text("Contact: x", "utf-8")
    (site / "feed.xml").write_text("<feed/>", "utf-8")
    (site / "feed.xml").chmod(0o600)
    (site / "latest").symlink_to(site / "feed.xml")
    assert dry_run_module().artifact_problems(site) == [
        "site/index.html is missing: the page would have no home",
        ".well-known: hidden, so upload-pages-artifact would leave it out "
        "(set include-hidden-files: true if it must be published)",
        ".well-known/security.txt: hidden, so upload-pages-artifact would leave it out "
        "(set include-hidden-files: true if it must be published)",
        "feed.xml: not readable by everyone (Pages fails with perms_error)",
        "latest: a symbolic link (Pages artifacts hold plain files only)",
    ]


@pytest.mark.slow
def test_dry_run_of_this_repository_produces_the_uploadable_site(tmp_path: Path) -> None:
    # The real thing: a fresh clone, a fresh virtual environment, `pip install .`, then
    # validate and build exactly as .github/workflows/deploy.yml says (about 30 s).
    out = tmp_path / "out"
    result = run(
        sys.executable,
        str(REPO / "scripts" / "pages_dry_run.py"),
        "--out",
        str(out),
        "--base-url",
        "https://octo-org.github.io/status",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "pages-dry-run: ready to upload:" in result.stderr
    site = out / "site"
    # The address came from configure-pages (--base-url here), not from mkdocs.yml.
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    canonical = home.find("link", rel="canonical")
    assert isinstance(canonical, Tag)
    assert canonical["href"] == "https://octo-org.github.io/status/"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text or ""
        for loc in ElementTree.parse(site / "sitemap.xml").iterfind(".//s:loc", namespace)
    ]
    assert locations
    assert all(loc.startswith("https://octo-org.github.io/status/") for loc in locations)
    status = json.loads((site / "api" / "v2" / "status.json").read_text("utf-8"))
    assert status["page"]["url"] == "https://octo-org.github.io/status/"
    with tarfile.open(out / "artifact.tar") as archive:
        names = set(archive.getnames())
    assert {"./index.html", "./history.atom", "./api/v2/summary.json"} <= names
    assert len(names) == len(list(site.rglob("*"))) + 1  # every file and folder, plus "."
