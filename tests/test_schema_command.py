"""`statusgen schema`: JSON Schemas that accept the real content and reject typos."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from statusgen.cli import cli
from statusgen.clock import Clock
from statusgen.content.load import read_document
from statusgen.content.validate import check_site
from statusgen.content.yaml_front_matter import parse_yaml
from statusgen.problems import Problem

from .conftest import NOW, REPO, SiteFactory


def schema(runner: CliRunner, name: str) -> Any:
    result = runner.invoke(cli, ["schema", name])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    Draft202012Validator.check_schema(document)
    return document


def errors(schema_document: Any, data: Any) -> list[str]:
    validator = Draft202012Validator(schema_document, format_checker=FormatChecker())
    return sorted(e.message for e in validator.iter_errors(data))


def example_front_matter() -> list[Any]:
    found = []
    for path in sorted((REPO / "incidents").glob("*.md")):
        document = read_document(path, path.name)
        assert not isinstance(document, Problem)
        found.append(document.data)
    return found


def test_incident_schema_accepts_every_example_and_rejects_typos(runner: CliRunner) -> None:
    incident = schema(runner, "incident")
    assert incident["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    examples = example_front_matter()
    assert len(examples) >= 10
    assert [errors(incident, data) for data in examples] == [[]] * len(examples)
    typo = {**examples[0], "severty": "high", "impact": "severe"}
    assert errors(incident, typo) == [
        "'severe' is not valid under any of the given schemas",  # impact may be left out
        "Additional properties are not allowed ('severty' was unexpected)",
    ]


def test_the_default_schema_is_the_incidents(runner: CliRunner) -> None:
    assert (
        runner.invoke(cli, ["schema"]).output == runner.invoke(cli, ["schema", "incident"]).output
    )


def config_data(path: Path) -> Any:
    return parse_yaml(path.read_text("utf-8"), tolerate_tags=True)[0]


def test_config_schema_fits_mkdocs_yml(runner: CliRunner) -> None:
    config = schema(runner, "config")
    repo_config = config_data(REPO / "mkdocs.yml")
    assert errors(config, repo_config) == []
    options = repo_config["plugins"][0]["statusgen"]
    options["components"][0]["colour"] = "blue"
    del repo_config["site_url"]
    assert errors(config, repo_config) == [
        "'site_url' is a required property",
        "Additional properties are not allowed ('colour' was unexpected)",
    ]


def test_postmortem_schema_comes_from_the_postmortem_model(runner: CliRunner) -> None:
    postmortem = schema(runner, "postmortem")
    assert {"incident", "status", "owner", "timeline"} <= set(postmortem["properties"])


def front_matter_of(path: Path) -> Any:
    """What an editor sees of a file: its front-matter, times as text (YAML 1.2)."""
    if path.suffix != ".md":
        return config_data(path)
    document = read_document(path, path.name)
    assert not isinstance(document, Problem), document
    return document.data


def posted(runner: CliRunner, tmp_path: Path) -> dict[str, list[Path]]:
    """Every kind of file statusgen's commands write, in a new site: by schema name."""
    root = tmp_path / "new-site"

    def run(*args: str) -> None:
        result = runner.invoke(cli, list(args), obj=Clock(NOW), catch_exceptions=False)
        assert result.exit_code == 0, result.output

    run("init", str(root))
    config = ["-f", str(root / "mkdocs.yml")]
    run("new", "incident", "Databases down", "--impact", "critical", "-c", "api=major_outage",
        "--started-at", "2026-11-22T10:40:00+01:00", "--at", "2026-11-22T10:00:00Z",
        "-m", "We are looking.", *config)  # fmt: skip
    run("update", "databases-down", "--status", "identified", "-c", "api=degraded_performance",
        "--at", "2026-11-22T10:30:00Z", "-m", "Found it.\n\nRolling back.", *config)  # fmt: skip
    run("resolve", "databases-down", "--at", "2026-11-22T11:00:00Z", "-m", "Fixed.", *config)
    run("new", "maintenance", "Upgrade", "--start", "2026-12-05T02:00:00+02:00",
        "--end", "2026-12-05T04:00:00Z", "-c", "api=under_maintenance", "-m", "Pause.",
        *config)  # fmt: skip
    run("new", "postmortem", "databases-down", "--owner", "database-team", *config)
    incidents = sorted((root / "incidents").glob("*.md"))
    postmortems = sorted((root / "postmortems").glob("2*.md"))
    assert (len(incidents), len(postmortems)) == (3, 1)  # with the example incident
    return {
        "incident": incidents,
        "postmortem": postmortems,
        "config": [root / "mkdocs.yml"],
    }


def test_every_schema_accepts_every_example_and_every_file_statusgen_writes(
    runner: CliRunner, tmp_path: Path, site: SiteFactory
) -> None:
    files = posted(runner, tmp_path)
    files["incident"] += sorted((REPO / "incidents").glob("*.md"))
    files["postmortem"] += sorted((REPO / "postmortems").glob("2*.md"))
    files["config"] += [REPO / "mkdocs.yml", site.config_file]
    for name, paths in files.items():
        # With formats checked, as check-jsonschema does by default.
        validator = Draft202012Validator(schema(runner, name), format_checker=FormatChecker())
        found = {
            path.name: sorted(e.message for e in validator.iter_errors(front_matter_of(path)))
            for path in paths
        }
        assert found == {path: [] for path in found}, name


def test_the_postmortem_schema_takes_one_incident_or_a_list(runner: CliRunner) -> None:
    postmortem = schema(runner, "postmortem")
    base = front_matter_of(sorted((REPO / "postmortems").glob("2*.md"))[0])
    assert errors(postmortem, {**base, "incident": "2026-03-01-api-errors"}) == []
    assert errors(postmortem, {**base, "incident": ["2026-03-01-a", "2026-03-01-b"]}) == []
    assert errors(postmortem, {**base, "incident": []}) == [
        "[] is not valid under any of the given schemas"
    ]


@pytest.mark.parametrize(
    ("written", "valid"),
    [
        ("2026-03-01T10:00:00Z", True),
        ("2026-03-01 12:00:00+02:00", True),
        ("2026-03-01T10:00Z", True),
        ("2026-03-01T10:00:00.5-05:00", True),
        ("2026-03-01T10:00:00", False),  # naive
        ("2026-03-01", False),
        ("next tuesday", False),
    ],
)
def test_times_are_checked_as_the_validator_reads_them(
    runner: CliRunner, site: SiteFactory, written: str, valid: bool
) -> None:
    incident = schema(runner, "incident")
    data = {
        "title": "API errors",
        "impact": "minor",
        "updates": [{"at": written, "status": "investigating", "body": "Looking."}],
    }
    assert (errors(incident, data) == []) is valid
    site.incident(
        "2026-03-01-api-errors.md",
        f"---\ntitle: API errors\nimpact: minor\npostmortem: not-required\n"
        f"postmortem_reason: test\nupdates:\n  - at: {written}\n    status: investigating\n"
        "    body: Looking.\n---\n",
    )
    assert (check_site(site.config_file, NOW).report.errors == 0) is valid
