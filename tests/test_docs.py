"""Docs that cannot drift: every command has help with an example and is in the README;
the pre-commit hook and shell completion work as the README says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from statusgen.cli import cli

from .conftest import GOOD_INCIDENT, REPO, SiteFactory

README = (REPO / "README.md").read_text("utf-8")


def commands(
    group: click.Group = cli, prefix: str = "statusgen"
) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from commands(command, path)


ALL = dict(commands())


def test_there_are_commands_to_check() -> None:
    assert {"statusgen validate", "statusgen new incident", "statusgen init"} <= set(ALL)


@pytest.mark.parametrize("path", sorted(ALL))
def test_every_command_has_help_with_a_real_example(runner: CliRunner, path: str) -> None:
    result = runner.invoke(cli, [*path.split()[1:], "--help"], terminal_width=200)
    assert result.exit_code == 0
    lines = [line.strip() for line in result.output.splitlines()]
    assert "Example:" in lines, f"{path} --help shows no example"
    example = lines[lines.index("Example:") + 1]
    assert example.startswith(f"{path} ") or example == path, example
    assert ALL[path].short_help or (ALL[path].help or "").strip()


@pytest.mark.parametrize("path", sorted(ALL))
def test_every_command_is_in_the_readme(path: str) -> None:
    assert re.search(rf"`{re.escape(path)}\b|\$ {re.escape(path)}\b", README), (
        f"README.md does not show `{path}`"
    )


def test_every_command_the_readme_runs_exists() -> None:
    run = re.findall(r"^\$ (statusgen(?: [a-z][a-z-]*)+)", README, re.MULTILINE)
    assert run
    unknown = []
    for line in run:
        words = line.split()
        group: click.Command = cli
        for word in words[1:]:
            if not isinstance(group, click.Group) or word not in group.commands:
                break
            group = group.commands[word]
        if group is cli:
            unknown.append(line)
    assert unknown == []


def test_pre_commit_hook_runs_a_real_command() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [hook] = hooks
    assert hook["id"] == "statusgen-validate"
    assert hook["entry"] == "statusgen validate"
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    files = re.compile(hook["files"])
    matched = [
        p for p in ("mkdocs.yml", "incidents/2026-03-01-a.md", "postmortems/x.md", "src/a.py")
        if files.search(p)
    ]  # fmt: skip
    assert matched == ["mkdocs.yml", "incidents/2026-03-01-a.md", "postmortems/x.md"]
    assert "id: statusgen-validate" in README


def complete(runner: CliRunner, words: str, env: dict[str, str] | None = None) -> list[str]:
    result = runner.invoke(
        cli,
        env={
            "_STATUSGEN_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            **(env or {}),
        },
        prog_name="statusgen",
    )
    return [line.split(",", 1)[1] for line in result.output.splitlines()]


def test_shell_completion_script(runner: CliRunner) -> None:
    result = runner.invoke(cli, env={"_STATUSGEN_COMPLETE": "bash_source"}, prog_name="statusgen")
    assert "_statusgen_completion" in result.output
    assert "_STATUSGEN_COMPLETE=bash_source statusgen" in README


def test_completion_of_commands_statuses_ids_and_components(
    runner: CliRunner, site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    site.incident("2026-03-02-web-down.md", GOOD_INCIDENT.replace("2026-03-01", "2026-03-02"))
    monkeypatch.chdir(site.root)
    assert complete(runner, "statusgen res") == ["resolve"]
    assert complete(runner, "statusgen update 2026-03") == [
        "2026-03-02-web-down",
        "2026-03-01-api-errors",
    ]
    assert complete(runner, "statusgen update x --status mon") == ["monitoring"]
    assert complete(runner, "statusgen update x -c w") == ["web="]
    assert complete(runner, "statusgen update x -c web=deg") == ["web=degraded_performance"]
    other = f"statusgen update -f {site.config_file} x -c d"
    monkeypatch.chdir(site.root.parent)
    assert complete(runner, other) == ["db="]


def test_the_readme_status_example_is_real_output(runner: CliRunner) -> None:
    start = README.index("$ statusgen status\n") + len("$ statusgen status\n")
    shown = README[start : README.index("```", start)]
    result = runner.invoke(
        cli, ["status", "-f", str(REPO / "mkdocs.yml"), "--now", "2026-11-22T12:00:00Z"],
        env={"COLUMNS": "80"},
    )  # fmt: skip
    assert result.output == shown


def test_the_readme_init_example_is_real_output(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = (
        '$ statusgen init acme-status --name "Acme Status" --url https://status.acme.example/\n'
    )
    start = README.index(command) + len(command)
    shown = README[start : README.index("```", start)]
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        cli,
        ["init", "acme-status", "--name", "Acme Status", "--url", "https://status.acme.example/",
         "--now", "2026-11-22T12:00:00Z"],
    )  # fmt: skip
    assert result.output == shown
