"""`statusgen schema`: JSON Schemas that accept the real content and reject typos."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from jsonschema import Draft202012Validator

from statusgen.cli import cli
from statusgen.load import parse_yaml, read_document
from statusgen.problems import Problem

from .conftest import REPO


def schema(runner: CliRunner, name: str) -> Any:
    result = runner.invoke(cli, ["schema", name])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    Draft202012Validator.check_schema(document)
    return document


def errors(schema_document: Any, data: Any) -> list[str]:
    validator = Draft202012Validator(schema_document)
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
