"""The Deploy workflow's cadence and notify jobs, run here step by step as GitHub runs them.

The `run:` scripts come from the scaffold's deploy.yml and run under `bash -e` with the real
statusgen. The GitHub CLI is a stand-in on PATH (`gh` below) that keeps issues in a JSON
file and records every call; receivers on 127.0.0.1 take the notifications.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from statusgen.cli import cli

from .conftest import CONFIG, REPO, SiteFactory
from .receivers import http_receiver
from .test_workflows import SCAFFOLD, load, steps

BIN = Path(sys.executable).parent
INCIDENT_ID = "2026-11-22-api-errors"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def incident(latest: datetime, *newer: tuple[datetime, str, str], title: str = "") -> str:
    """The incident, its latest update `latest`; `newer` updates (at, status, body) above it.

    The steps read the system clock as GitHub's runners do, so every time is relative to it.
    """
    above = "".join(
        f"  - at: {stamp(at)}\n    status: {status}\n    body: {body}\n"
        for at, status, body in newer
    )
    return (
        f"---\ntitle: {title or 'Elevated API errors'}\nimpact: major\n"
        "components:\n  api: partial_outage\n"
        f"updates:\n{above}"
        f"  - at: {stamp(latest)}\n    status: identified\n"
        "    body: A bad deploy is being rolled back.\n"
        f"  - at: {stamp(latest - timedelta(minutes=40))}\n    status: investigating\n"
        "    body: Some requests fail.\n---\n"
    )


def ago(minutes: int) -> datetime:
    """`minutes` before now, to the second: the step runs well within the same minute."""
    return datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=minutes)


# Stands in for the GitHub CLI: issues live in $FAKE_GH_STATE; every call is recorded there,
# with the text of any --body-file. FAKE_GH_FAIL="issue create" makes that call fail.
FAKE_GH = """\
import json, os, sys
from pathlib import Path

state_file = Path(os.environ["FAKE_GH_STATE"])
state = json.loads(state_file.read_text()) if state_file.exists() else {
    "issues": [], "labels": [], "calls": []}
args = sys.argv[1:]
call = {"args": args, "repo": os.environ.get("GH_REPO")}
if "--body-file" in args:
    call["body"] = Path(args[args.index("--body-file") + 1]).read_text()
state["calls"].append(call)

def done(code=0, out=""):
    state_file.write_text(json.dumps(state, indent=2))
    sys.stdout.write(out)
    sys.exit(code)

if not os.environ.get("GH_TOKEN"):
    sys.stderr.write("gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN "
                     "environment variable.\\n")
    done(4)
if os.environ.get("FAKE_GH_FAIL") == " ".join(args[:2]):
    sys.stderr.write("HTTP 403: Resource not accessible by integration\\n")
    done(1)

def option(name):
    return args[args.index(name) + 1]

command = args[:2]
if command == ["issue", "list"]:
    label, wanted = option("--label"), option("--json").split(",")
    found = [{k: i[k] for k in wanted} for i in state["issues"]
             if i["state"] == "open" and label in i["labels"]]
    done(0, json.dumps(found))
elif command == ["label", "create"]:
    if args[2] not in state["labels"]:
        state["labels"].append(args[2])
    done()
elif command == ["issue", "create"]:
    if option("--label") not in state["labels"]:
        sys.stderr.write("could not add label: not found\\n")
        done(1)
    number = len(state["issues"]) + 1
    state["issues"].append({"number": number, "title": option("--title"), "body": call["body"],
                            "labels": [option("--label")], "state": "open", "comments": []})
    done(0, f"https://github.com/octo-org/status/issues/{number}\\n")
elif command == ["issue", "edit"]:
    issue = state["issues"][int(args[2]) - 1]
    issue["title"], issue["body"] = option("--title"), call["body"]
    done()
elif command == ["issue", "close"]:
    issue = state["issues"][int(args[2]) - 1]
    issue["state"] = "closed"
    issue["comments"].append(option("--comment"))
    done()
sys.stderr.write(f"unknown command {args}\\n")
done(1)
"""


class FakeGitHub:
    def __init__(self, root: Path) -> None:
        self.bin = root / "fake-bin"
        self.bin.mkdir()
        self.state = root / "gh-state.json"
        gh = self.bin / "gh"
        gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", "utf-8")
        gh.chmod(0o755)

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.state.read_text("utf-8"))
        return data

    def calls(self) -> list[list[str]]:
        return [call["args"][:2] for call in self.data["calls"]]

    def clear_calls(self) -> None:
        data = self.data
        data["calls"] = []
        self.state.write_text(json.dumps(data), "utf-8")


def step_named(job: str, name: str) -> dict[str, Any]:
    deploy = load(SCAFFOLD / "deploy.yml")
    return next(step for step in steps(deploy, job) if step["name"] == name)


def run_step(
    step: dict[str, Any], cwd: Path, env: dict[str, str], path: list[Path] | None = None
) -> subprocess.CompletedProcess[str]:
    """A step's run: script as a runner runs it: bash -e, with the given env (its own
    `${{ }}` values filled in by the caller, as GitHub would)."""
    search = [*(path or []), BIN, *os.environ["PATH"].split(os.pathsep)]
    full = {
        "PATH": os.pathsep.join(map(str, search)),
        "HOME": os.environ.get("HOME", str(cwd)),
        **env,
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def github(tmp_path: Path) -> FakeGitHub:
    return FakeGitHub(tmp_path)


def post(site: SiteFactory, text: str) -> None:
    site.incident(f"{INCIDENT_ID}.md", text)


def cadence_run(
    site: SiteFactory, github: FakeGitHub, **extra: str
) -> subprocess.CompletedProcess[str]:
    step = step_named("cadence", "Open, update or close the overdue-update issues")
    # What GitHub puts in for the step's ${{ github.token }} and ${{ github.repository }}.
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}", "GH_REPO": "${{ github.repository }}"}
    env = {
        "GH_TOKEN": "ghs_fake",
        "GH_REPO": "octo-org/status",
        "FAKE_GH_STATE": str(github.state),
        **extra,
    }
    return run_step(step, site.root, env, [github.bin])


# --- the cadence job ---------------------------------------------------------------------


def test_an_overdue_incident_gets_one_issue_kept_current_then_closed_when_updated(
    site: SiteFactory, github: FakeGitHub
) -> None:
    post(site, incident(ago(25)))  # a major incident is due news 30 min after its last
    quiet = cadence_run(site, github)
    assert quiet.returncode == 0, quiet.stderr
    assert github.calls() == [["issue", "list"]]

    post(site, incident(ago(47)))
    late = cadence_run(site, github)
    assert late.returncode == 0, late.stderr
    assert github.calls() == [
        ["issue", "list"],
        ["issue", "list"],
        ["label", "create"],
        ["issue", "create"],
    ]
    (issue,) = github.data["issues"]
    assert issue["title"] == "No public update for 47 min: Elevated API errors"
    assert issue["labels"] == ["overdue-update"]
    assert issue["body"].startswith(f"<!-- statusgen-overdue: {INCIDENT_ID} -->\n")
    assert ", 17 min ago (the cadence for major incidents is 30 min)" in issue["body"]
    assert "- Major impact · Identified" in issue["body"]
    assert f"statusgen update {INCIDENT_ID}" in issue["body"]
    assert "Issue opened: No public update for 47 min: Elevated API errors" in late.stdout

    github.clear_calls()
    post(site, incident(ago(62)))  # still nothing new, a quarter of an hour later
    again = cadence_run(site, github)
    assert again.returncode == 0, again.stderr
    assert github.calls() == [["issue", "list"], ["issue", "edit"]]
    title = github.data["issues"][0]["title"]
    assert title == "No public update for 1 h 2 min: Elevated API errors"

    github.clear_calls()
    same = cadence_run(site, github)
    assert github.calls() == [["issue", "list"]]  # nothing changed: nothing edited
    assert "Issue #1 unchanged" in same.stdout

    github.clear_calls()
    post(site, incident(ago(62), (ago(5), "monitoring", "The rollback is done.")))
    updated = cadence_run(site, github)
    assert updated.returncode == 0, updated.stderr
    assert github.calls() == [["issue", "list"], ["issue", "close"]]
    closed = github.data["issues"][0]
    assert closed["state"] == "closed"
    (comment,) = closed["comments"]
    assert comment.startswith("Closing: updated ") and "the next update is due by" in comment


def test_resolving_the_incident_closes_its_issue(site: SiteFactory, github: FakeGitHub) -> None:
    post(site, incident(ago(47)))
    assert cadence_run(site, github).returncode == 0
    post(site, incident(ago(47), (ago(1), "resolved", "Fixed.")))
    assert cadence_run(site, github).returncode == 0
    (issue,) = github.data["issues"]
    assert issue["state"] == "closed"
    (comment,) = issue["comments"]
    assert comment.startswith("Closing: resolved, last update ")


def test_incident_text_cannot_reach_a_shell_or_ping_anyone(
    site: SiteFactory, github: FakeGitHub
) -> None:
    title = "$(touch pwned) `touch pwned2` @everyone #1 <img src=x>"
    post(site, incident(ago(47), title=json.dumps(title)))
    result = cadence_run(site, github)
    assert result.returncode == 0, result.stderr
    assert not (site.root / "pwned").exists() and not (site.root / "pwned2").exists()
    (issue,) = github.data["issues"]
    assert issue["title"] == f"No public update for 47 min: {title}"
    heading = issue["body"].splitlines()[1]  # the line that names the incident
    assert re.search(r"(?<!\\)[@#`<]", heading) is None, heading
    assert "<img" not in issue["body"]
    assert r"\@everyone \#1 &lt;img src=x&gt;" in issue["body"]


def test_a_failing_gh_fails_the_job_and_says_why(site: SiteFactory, github: FakeGitHub) -> None:
    post(site, incident(ago(47)))
    result = cadence_run(site, github, FAKE_GH_FAIL="issue create")
    assert result.returncode == 1  # an error, as in action-issues: not a usage error (2)
    assert "error: GitHub issues not in step: gh issue create failed (exit 1): HTTP 403" in (
        result.stderr
    )
    without_token = cadence_run(site, github, GH_TOKEN="")
    assert without_token.returncode == 1
    assert "set the GH_TOKEN environment variable" in without_token.stderr


def test_two_issues_for_one_incident_are_folded_into_the_oldest(
    site: SiteFactory, github: FakeGitHub
) -> None:
    post(site, incident(ago(47)))
    assert cadence_run(site, github).returncode == 0
    data = github.data
    data["issues"].append({**data["issues"][0], "number": 2})  # as if a run had raced another
    github.state.write_text(json.dumps(data), "utf-8")
    assert cadence_run(site, github).returncode == 0
    first, second = github.data["issues"]
    assert (first["state"], second["state"]) == ("open", "closed")
    assert second["comments"] == ["Closing as a duplicate of #1."]


# --- the notify jobs -------------------------------------------------------------------


TARGETS = """\
      notify:
        - name: ops-chat
          url_env: STATUSGEN_NOTIFY_OPS_CHAT
"""


def pages_artifact(site_dir: Path, runner_temp: Path) -> None:
    """What upload-pages-artifact uploads and download-artifact gives back: artifact.tar."""
    deployed = runner_temp / "deployed"
    deployed.mkdir(parents=True)
    with tarfile.open(deployed / "artifact.tar", "w") as archive:
        archive.add(site_dir, arcname=".")


def test_the_notify_jobs_send_each_event_once_across_runs(
    site: SiteFactory, tmp_path: Path
) -> None:
    site.config(CONFIG + TARGETS)
    first_post = ago(40)
    post(site, incident(ago(10)))  # posted 40 and 10 minutes ago
    plan_step = step_named("notify-plan", "Write the messages to send")
    send_step = step_named("notify", "Send the messages")
    cache = tmp_path / "actions-cache"  # what actions/cache restores and saves

    def deploy_run(number: int, now: datetime, receiver_base: str) -> tuple[str, str]:
        temp = tmp_path / f"run-{number}"
        built = tmp_path / f"site-{number}"
        build = CliRunner().invoke(
            cli,
            ["build", "-f", str(site.config_file), "--now", stamp(now), "--site-dir", str(built)],
        )
        assert build.exit_code == 0, build.output
        pages_artifact(built, temp)
        (temp / "notify").mkdir()
        if cache.exists():
            subprocess.run(["cp", "-r", str(cache), str(temp / "ledger")], check=True)
        outputs = temp / "github-output"
        env = {
            "RUNNER_TEMP": str(temp),
            "GITHUB_OUTPUT": str(outputs),
        }
        planned = run_step(plan_step, site.root, env)
        assert planned.returncode == 0, planned.stdout + planned.stderr
        messages = outputs.read_text("utf-8").strip()
        if messages == "messages=0":
            return messages, ""
        secrets = {"STATUSGEN_NOTIFY_OPS_CHAT": f"json://{receiver_base}/ops"}
        assert set(send_step["env"]) == set(secrets)
        sent = run_step(send_step, tmp_path, {**env, **secrets})  # not in the checkout
        assert sent.returncode == 0, sent.stdout + sent.stderr
        subprocess.run(["rm", "-rf", str(cache)], check=True)
        subprocess.run(["cp", "-r", str(temp / "ledger"), str(cache)], check=True)
        return messages, sent.stdout

    with http_receiver() as receiver:
        # The page as built 35 minutes ago (the first post only), then as built now, twice.
        first = deploy_run(1, first_post + timedelta(minutes=5), receiver.base)
        assert first[0] == "messages=1"
        second = deploy_run(2, ago(0), receiver.base)
        assert second[0] == "messages=1"  # the new update only
        third = deploy_run(3, ago(0), receiver.base)
        assert third == ("messages=0", "")  # the notify job does not even start
    assert [body["title"] for body in receiver.bodies("/ops")] == [
        "New incident: Elevated API errors",
        "Update: Elevated API errors",
    ]


def test_the_scaffold_config_names_the_secret_the_workflow_passes() -> None:
    template = (SCAFFOLD.parent / "site" / "mkdocs.yml.jinja").read_text("utf-8")
    send_step = step_named("notify", "Send the messages")
    (name,) = send_step["env"]
    assert f"url_env: {name}" in template


def test_readme_explains_keeping_customers_informed() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme[readme.index("## Keeping customers informed") :]
    section = section[: section.index("\n## ", 1)]
    for needed in (
        "--next-update 30m",
        "next_update_at",
        "statusgen overdue",
        "--github-issues",
        "issues: write",
        "### Slack or Discord in five minutes",
        "https://hooks.slack.com/services/",
        "https://discord.com/api/webhooks/",
        "Settings → Environments",
        "`notifications`",
        "STATUSGEN_NOTIFY_OPS_CHAT",
        "payload: statuspage",
        "permissions: {}",
        "horizon",
        "at most twice",
    ):
        assert needed in section, needed
    deploy = load(SCAFFOLD / "deploy.yml")
    assert deploy["jobs"]["notify"]["environment"] == "notifications"
    assert "STATUSGEN_NOTIFY_OPS_CHAT" in step_named("notify", "Send the messages")["env"]
