"""The README's pre-commit snippet, run by real pre-commit against a clone of this repository
tagged as a release is: a clean commit passes, a broken incident is stopped at its line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from statusgen import __version__
from statusgen.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text("utf-8")
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def readme_snippet() -> dict[str, object]:
    section = README[README.index("## pre-commit") :]
    [block] = re.findall(r"```yaml\n(.*?)```", section[: section.index("\n## ", 3)], re.DOTALL)
    config = yaml.safe_load(block)
    assert isinstance(config, dict)
    return config


def test_the_readme_snippet_uses_the_tag_a_release_gets() -> None:
    [repo] = readme_snippet()["repos"]  # type: ignore[misc]
    assert repo["rev"] == f"v{__version__}"  # what scripts/check_version.py --tag demands
    assert [hook["id"] for hook in repo["hooks"]] == ["statusgen-validate"]


def test_the_new_sites_readme_shows_the_same_hook_at_its_own_release(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "s"), "--now", "2026-11-22T12:00:00Z"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "s" / "README.md").read_text("utf-8")
    [block] = re.findall(r"```yaml\n(repos:.*?)```", text, re.DOTALL)
    [repo] = yaml.safe_load(block)["repos"]
    assert (repo["rev"], repo["hooks"]) == (f"v{__version__}", [{"id": "statusgen-validate"}])


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(GIT_AUTHOR_NAME="Ada", GIT_AUTHOR_EMAIL="ada@example.invalid")
    env.update(GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="ada@example.invalid")
    env.update(PRE_COMMIT_HOME=str(root.parent / "pre-commit-home"))
    # The hook script finds pre-commit through PATH, as in a developer's environment.
    env["PATH"] = os.pathsep.join([str(PRE_COMMIT.parent), env.get("PATH", "")])
    return subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=check, timeout=900
    )


@pytest.mark.slow
def test_pre_commit_passes_a_clean_commit_and_blocks_a_broken_incident(tmp_path: Path) -> None:
    # This repository as a hook repository, with the tag its next release will have.
    hooks = tmp_path / "statusgen"
    subprocess.run(["git", "clone", "-q", "--no-local", str(REPO), str(hooks)], check=True)
    git(hooks, "tag", "-f", f"v{__version__}")
    site = tmp_path / "acme-status"
    result = CliRunner().invoke(cli, ["init", str(site)])
    assert result.exit_code == 0, result.output
    config = readme_snippet()
    config["repos"][0]["repo"] = str(hooks)  # type: ignore[index]
    (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    git(site, "init", "-q", "-b", "main")
    installed = subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=site, capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stderr

    git(site, "add", "-A")
    clean = git(site, "commit", "-m", "Status page", check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    # git prints the hooks' output on stderr.
    assert re.search(r"statusgen validate\.+Passed", clean.stderr), clean.stderr

    broken = site / "incidents" / "2026-11-30-broken.md"
    example = next((site / "incidents").glob("*-example-slow-dashboard.md"))
    text = example.read_text("utf-8")
    broken.write_text(text.replace("impact: minor", "impact: severe", 1), "utf-8")
    assert broken.read_text("utf-8") != text
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("impact:"))
    git(site, "add", "-A")
    blocked = git(site, "commit", "-m", "Broken incident", check=False)
    assert blocked.returncode == 1
    assert re.search(r"statusgen validate\.+Failed", blocked.stderr), blocked.stderr
    assert f"incidents/2026-11-30-broken.md:{line}: error: impact:" in blocked.stderr
    log = git(site, "log", "--format=%s").stdout.splitlines()
    assert log == ["Status page"]
