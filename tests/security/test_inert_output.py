"""What statusgen prints from content reaches a terminal or a CI log as inert text.

A title's `ESC]0;…BEL` retitled the terminal, `ESC[2J` cleared it, OSC-8 sequences made
hidden hyperlinks, and `validate --format github` let a component key with a newline and
`::stop-commands::` inject workflow commands. Every line printed now carries content with
its control characters escaped, and annotations are escaped as GitHub's runner requires.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.content.config_file import load_config
from statusgen.content.incident import ComponentStatus, Impact, Incident, Kind, Update, UpdateStatus
from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.problems import Problem, Severity
from statusgen.render.terminal import render

from ..conftest import NOW, SiteFactory

CLOCK = {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
# Sequences a terminal obeys: window title, clear screen, a hidden hyperlink, a bell, a
# carriage return that overwrites the line, a C1 CSI, a right-to-left override.
PAYLOAD = (
    "\x1b]0;pwned\x07 \x1b[2J \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ "
    "fake\rOK \x9b31m \u202edesrever"
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))


def invoke(site: SiteFactory, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "-f", str(site.config_file)], env=CLOCK)
    return result.exit_code, result.output


INCIDENT = """\
---
title: {title}
impact: major
components:
  {component}: major_outage
updates:
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: {body}
---
"""


def yaml_quoted(text: str) -> str:
    import json

    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def test_status_shows_a_title_full_of_escape_sequences_escaped(site: SiteFactory) -> None:
    # Validation refuses such text; the renderer must not rely on that, so the content is
    # built past validation and what reaches the terminal is checked.
    config = load_config(site.config_file)
    assert not isinstance(config, list)
    update = Update.model_construct(
        at=NOW.replace(hour=10), status=UpdateStatus.INVESTIGATING, body=f"Body {PAYLOAD}"
    )
    incident = Incident.model_construct(
        title=f"API {PAYLOAD}",
        kind=Kind.INCIDENT,
        impact=Impact.MAJOR,
        components={"api": ComponentStatus.MAJOR_OUTAGE},
        updates=[update],
        id="2026-11-22-api",
        source="incidents/2026-11-22-api.md",
    )
    for styled in (False, True):
        text = render(Content(config, (incident,)), NOW, styled=styled)
        assert "pwned" in text and "desrever" in text  # the words are shown, as text
        assert_inert(re.sub("\x1b\\[[0-9;]*m", "", text))  # only our own colours remain


def test_status_of_content_with_escape_sequences_prints_only_escaped_errors(
    site: SiteFactory,
) -> None:
    site.incident(
        "2026-11-22-api.md",
        INCIDENT.format(title=yaml_quoted(PAYLOAD), component="api", body=yaml_quoted(PAYLOAD)),
    )
    code, output = invoke(site, "status")
    assert code == 1
    assert "U+001B (ESC)" in output
    assert_inert(output)


@pytest.mark.parametrize("output_format", ["text", "github", "json"])
def test_validate_messages_quoting_content_are_inert(site: SiteFactory, output_format: str) -> None:
    site.incident(
        "2026-11-22-api.md",
        INCIDENT.format(
            title="x", component=yaml_quoted(f"api{PAYLOAD}"), body=yaml_quoted(PAYLOAD)
        ),
    )
    code, output = invoke(site, "validate", "--format", output_format)
    assert code == 1
    assert "unknown component" in output
    assert_inert(output)


def test_lint_output_quoting_a_postmortem_is_inert(site: SiteFactory, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(
        f"The outage was caused by human error {PAYLOAD}.\n<!-- statusgen: allow x{PAYLOAD} -->\n"
    )
    _, output = invoke(site, "lint", str(note))
    assert "human error" in output
    assert_inert(output)


def test_confirmation_quoting_the_configured_address_is_inert(site: SiteFactory) -> None:
    site.config(
        site.config_file.read_text().replace(
            "site_url: https://status.test.example/",
            'site_url: "https://status.test.example/\\e[2J"',
        )
    )
    code, output = invoke(site, "new", "incident", "API errors", "--impact", "minor", "-m", "m")
    assert code == 1  # the config is refused ...
    assert "U+001B" in output
    assert_inert(output)  # ... and the refusal is inert


def test_click_errors_quoting_command_line_input_are_inert(site: SiteFactory) -> None:
    for args in (
        ("new", "incident", "T", "--impact", f"minor{PAYLOAD}", "-m", "m"),
        ("update", f"nothing{PAYLOAD}", "-m", "m"),
        ("new", "incident", "T", "--impact", "minor", "-c", f"api{PAYLOAD}", "-m", "m"),
        (f"--bogus{PAYLOAD}",),
    ):
        code, output = invoke(site, *args)
        assert code != 0
        assert "Error" in output
        assert_inert(output)


# --- GitHub workflow commands --------------------------------------------------------------


def test_component_key_with_a_newline_cannot_inject_a_workflow_command(site: SiteFactory) -> None:
    key = "api\n::stop-commands::pwned\n::error file=x,line=1::forged"
    site.incident(
        "2026-11-22-api.md",
        INCIDENT.format(title="x", component=yaml_quoted(key), body="y"),
    )
    code, output = invoke(site, "validate", "--format", "github")
    assert code == 1
    lines = output.splitlines()
    assert lines[-1].endswith("in 2 files")  # the summary
    for line in lines[:-1]:
        assert line.startswith(("::error ", "::warning ")), line
    assert not any(line.startswith("::stop-commands") for line in lines)
    assert len([line for line in lines if line.startswith("::error")]) == 1
    assert "forged" in output  # still reported, as data


def test_github_annotation_escapes_data_and_properties_as_the_runner_does() -> None:
    problem = Problem(
        path="incidents/a,b:c%.md",
        line=3,
        col=4,
        severity=Severity.ERROR,
        field="components.x,y:z",
        message="100% broken\r\nnext:line, more",
    )
    assert problem.as_github() == (
        "::error file=incidents/a%2Cb%3Ac%25.md,line=3,col=4,title=components.x%2Cy%3Az"
        "::components.x,y:z: 100%25 broken\\r%0Anext:line, more"
    )


def test_renderer_messages_from_mkdocs_are_inert(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from statusgen.adapters.mkdocs.render import showing_messages

    with showing_messages(logging.WARNING):
        logging.getLogger("mkdocs").warning("Doc file contains %s", PAYLOAD)
    assert_inert(capsys.readouterr().err)


def test_validation_report_of_the_whole_site_is_inert_line_by_line(site: SiteFactory) -> None:
    site.incident(
        "2026-11-22-api.md",
        INCIDENT.format(title=yaml_quoted(PAYLOAD), component="api", body="y").replace(
            "updates:", f"{yaml_quoted('x' + PAYLOAD)}: 1\nupdates:"
        ),
    )
    text = check_site(site.config_file, NOW).report.format("text")
    assert_inert(text)
    assert all(line.startswith("incidents/") for line in text.splitlines()[:-1])
