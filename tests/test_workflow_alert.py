"""The Alert workflow's scripts, run here step by step as GitHub runs them.

The `run:` scripts come from the scaffold's alert.yml and run under `bash -e` with the real
statusgen, jq and git. The repository's origin is a local bare repository; the GitHub CLI is
a stand-in on PATH that keeps pull requests in a JSON file and records every call.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import CONFIG, SiteFactory
from .test_alerts import FIXTURES, RULES
from .test_workflows import SCAFFOLD, load, steps

BIN = Path(sys.executable).parent

FAKE_GH = """\
import json, os, sys
from pathlib import Path

state_file = Path(os.environ["FAKE_GH_STATE"])
state = json.loads(state_file.read_text()) if state_file.exists() else {"prs": [], "calls": []}
args = sys.argv[1:]
call = {"args": args}
if "--body-file" in args:
    call["body"] = Path(args[args.index("--body-file") + 1]).read_text()
state["calls"].append(call)

def done(code=0, out=""):
    state_file.write_text(json.dumps(state, indent=2))
    sys.stdout.write(out)
    sys.exit(code)

if not os.environ.get("GH_TOKEN"):
    sys.stderr.write("gh: set the GH_TOKEN environment variable.\\n")
    done(4)

def option(name):
    return args[args.index(name) + 1]

command = args[:2]
if command == ["auth", "setup-git"]:
    done()
if command == ["pr", "list"]:
    found = [p for p in state["prs"] if p["head"] == option("--head") and p["state"] == "open"]
    done(0, f"{found[0]['number']}\\n" if found else "")
if command == ["pr", "create"]:
    number = len(state["prs"]) + 1
    state["prs"].append({"number": number, "head": option("--head"), "base": option("--base"),
                         "title": option("--title"), "body": call["body"], "state": "open"})
    done(0, f"https://github.com/octo-org/status/pull/{number}\\n")
if command == ["pr", "edit"]:
    pr = state["prs"][int(args[2]) - 1]
    pr["body"] = call["body"]
    done()
sys.stderr.write(f"unknown command {args}\\n")
done(1)
"""


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull},
    )  # fmt: skip
    return result.stdout


class Repository:
    """A status repository cloned from a local origin, as actions/checkout leaves it."""

    def __init__(self, root: Path, site: SiteFactory) -> None:
        self.origin = root / "origin.git"
        git(root, "init", "--quiet", "--bare", "--initial-branch=main", str(self.origin))
        site.config(CONFIG + RULES)
        source = site.root
        git(source, "init", "--quiet", "--initial-branch=main")
        git(source, "-c", "user.name=t", "-c", "user.email=t@e", "add", ".")
        git(source, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "site")
        git(source, "push", "--quiet", str(self.origin), "main")
        self.bin = root / "fake-bin"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", "utf-8")
        gh.chmod(0o755)
        self.state = root / "gh-state.json"
        self.root = root
        self.runs = 0

    @property
    def prs(self) -> list[dict[str, Any]]:
        if not self.state.exists():
            return []
        data: list[dict[str, Any]] = json.loads(self.state.read_text("utf-8"))["prs"]
        return data

    def branch_file(self, branch: str, path: str) -> str:
        return git(self.origin, "show", f"{branch}:{path}")

    def branches(self) -> list[str]:
        out = git(self.origin, "for-each-ref", "--format=%(refname:short)", "refs/heads/")
        return sorted(out.split())

    def run(self, event: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        """One workflow run: a fresh checkout of main, then the workflow's two steps."""
        self.runs += 1
        work = self.root / f"run-{self.runs}"
        git(self.root, "clone", "--quiet", str(self.origin), str(work))
        temp = self.root / f"temp-{self.runs}"
        temp.mkdir()
        event_path = temp / "event.json"
        event_path.write_text(json.dumps(event), "utf-8")
        search = [self.bin, BIN, *os.environ["PATH"].split(os.pathsep)]
        env = {
            "PATH": os.pathsep.join(map(str, search)),
            "HOME": str(self.root),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_SYSTEM": os.devnull,
            "RUNNER_TEMP": str(temp),
            "GITHUB_EVENT_PATH": str(event_path),
            "FAKE_GH_STATE": str(self.state),
            # What GitHub puts in for the step's ${{ }} env values.
            "GH_TOKEN": "ghs_fake",
            "GH_REPO": "octo-org/status",
            "BASE": "main",
        }
        workflow = load(SCAFFOLD / "alert.yml")
        for step in steps(workflow, "draft"):
            if step["name"] not in (
                "Read the payload",
                "Write the drafts and open or update their pull requests",
            ):
                continue
            result = subprocess.run(
                ["bash", "-e", "-c", step["run"]],
                cwd=work, env=env, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            if result.returncode != 0:
                return result
        return result


def dispatch(name: str, **extra: str) -> dict[str, Any]:
    payload = json.loads((FIXTURES / name).read_text("utf-8"))
    return {"action": "alert", "client_payload": {"payload": payload, **extra}}


@pytest.fixture
def repository(tmp_path: Path, site: SiteFactory) -> Repository:
    if shutil.which("jq") is None:
        pytest.fail("jq is missing (GitHub's runners have it): apt-get install jq")
    return Repository(tmp_path, site)


def test_the_workflow_steps_are_the_ones_replayed_here() -> None:
    workflow = load(SCAFFOLD / "alert.yml")
    step = next(s for s in steps(workflow, "draft") if s["name"].startswith("Write the drafts"))
    assert step["env"] == {
        "GH_TOKEN": "${{ github.token }}",
        "GH_REPO": "${{ github.repository }}",
        "BASE": "${{ github.event.repository.default_branch }}",
    }
    assert workflow["jobs"]["draft"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
    }
    assert workflow["permissions"] == {}
    for item in steps(workflow, "draft"):
        assert "${{" not in item.get("run", ""), item["name"]


def test_a_firing_alert_opens_one_pull_request_with_the_draft_and_its_preview(
    repository: Repository,
) -> None:
    result = repository.run(dispatch("alertmanager-firing-grouped.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    [pr] = repository.prs
    assert pr["head"].startswith("statusgen/alert-") and pr["base"] == "main"
    assert pr["title"] == "Draft incident: Errors on api"
    assert "**Errors on api** (draft, not published)" in pr["body"]
    assert "- [ ] Publish: remove `draft: true`" in pr["body"]
    assert repository.branches() == ["main", pr["head"]]
    files = git(repository.origin, "ls-tree", "-r", "--name-only", pr["head"], "incidents/")
    [path] = files.split()
    text = repository.branch_file(pr["head"], path)
    assert "draft: true" in text and "alert_key: api-errors/" in text
    # main is untouched: nothing reaches readers before the merge.
    assert git(repository.origin, "ls-tree", "-r", "--name-only", "main", "incidents/") == ""


def test_later_payloads_update_the_same_branch_and_pull_request(repository: Repository) -> None:
    assert repository.run(dispatch("alertmanager-firing-grouped.json")).returncode == 0
    again = repository.run(dispatch("alertmanager-firing-grouped.json"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Nothing new for statusgen/alert-" in again.stdout
    resolved = repository.run(dispatch("alertmanager-resolved-grouped.json"))
    assert resolved.returncode == 0, resolved.stdout + resolved.stderr
    [pr] = repository.prs
    assert "a suggested *monitoring* update was added" in pr["body"]
    files = git(repository.origin, "ls-tree", "-r", "--name-only", pr["head"], "incidents/")
    text = repository.branch_file(pr["head"], files.split()[0])
    assert text.count("status: monitoring") == 1 and text.count("status: investigating") == 1
    log = git(repository.origin, "log", "--format=%s", pr["head"])
    assert log.splitlines() == ["Alert: Errors on api", "Alert: Errors on api", "site"]


def test_two_groups_get_two_branches(repository: Repository) -> None:
    result = repository.run(dispatch("grafana-firing-grouped.json", source="grafana"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(repository.prs) == 2
    assert len({pr["head"] for pr in repository.prs}) == 2


def test_a_resolved_alert_with_no_draft_writes_nothing(repository: Repository) -> None:
    result = repository.run(dispatch("alertmanager-resolved-single.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert repository.prs == [] and repository.branches() == ["main"]


def test_workflow_dispatch_takes_the_payload_as_text(repository: Repository) -> None:
    payload = (FIXTURES / "uptime-kuma-down.json").read_text("utf-8")
    result = repository.run({"inputs": {"payload": payload, "source": "detect"}})
    assert result.returncode == 0, result.stdout + result.stderr
    [pr] = repository.prs
    assert pr["title"] == "Draft incident: Public API"


def test_payload_text_never_reaches_a_shell(repository: Repository) -> None:
    data = json.loads((FIXTURES / "generic-firing.json").read_text("utf-8"))
    data["alerts"][0]["labels"]["alertname"] = '$(touch pwned) `touch pwned2` "; touch pwned3'
    rules = RULES.replace(
        'title: "Errors on {{ labels.service }}"', 'title: "{{ labels.alertname }}"'
    )
    (repository.root / "site-repo" / "mkdocs.yml").write_text(CONFIG + rules, "utf-8")
    source = repository.root / "site-repo"
    git(source, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qam", "rules")
    git(source, "push", "--quiet", str(repository.origin), "main")
    result = repository.run({"action": "alert", "client_payload": {"payload": data}})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(repository.root.rglob("pwned*"))
    [pr] = repository.prs
    assert pr["title"] == 'Draft incident: $(touch pwned) `touch pwned2` "; touch pwned3'


def test_a_bad_payload_fails_the_run_and_says_why(repository: Repository) -> None:
    result = repository.run({"action": "alert", "client_payload": {"payload": {"hello": 1}}})
    assert result.returncode == 1
    assert "cannot tell which monitoring system sent this payload" in result.stderr
    assert repository.prs == []
