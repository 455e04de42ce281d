"""Characters feeds and pages cannot carry are refused where they are typed, never at build.

XML 1.0 cannot hold NUL, BEL, ESC and most other C0 controls, lone surrogates or U+FFFE/FFFF;
C1 controls steer terminals. Each is a validation error at its line, and the posting commands,
which validate what they write, refuse them the same way and write nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.content.validate import check_site

from ..conftest import NOW, SiteFactory

CLOCK = {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
UNPUBLISHABLE = {
    "NUL": "\x00",
    "BEL": "\x07",
    "ESC": "\x1b",
    "vertical tab": "\x0b",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
}
# The same characters as YAML escapes in double quotes.
ESCAPED = {"NUL": "\\0", "BEL": "\\a", "ESC": "\\e", "C1 CSI": "\\x9b", "U+FFFF": "\\uFFFF"}

INCIDENT = """\
---
title: {title}
impact: minor
components:
  api: partial_outage
updates:
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: {body}
---
{text}"""


def write(
    site: SiteFactory, title: str = "API errors", body: str = "Looking.", text: str = ""
) -> None:
    site.incident("2026-11-22-api.md", INCIDENT.format(title=title, body=body, text=text))


def lines(site: SiteFactory) -> list[str]:
    report = check_site(site.config_file, NOW).report
    return [p.as_text() for p in report.problems if p.severity == "error"]


@pytest.mark.parametrize("name", UNPUBLISHABLE)
def test_raw_control_character_in_body_is_an_error_at_its_line_and_column(
    site: SiteFactory, name: str
) -> None:
    write(site, text=f"First line.\nSecond {UNPUBLISHABLE[name]} line.\n")
    code = f"U+{ord(UNPUBLISHABLE[name]):04X}"
    assert [line for line in lines(site) if code in line] == [
        line for line in lines(site) if line.startswith("incidents/2026-11-22-api.md:12:8: error:")
    ]
    assert len(lines(site)) == 1


@pytest.mark.parametrize("name", UNPUBLISHABLE)
def test_raw_control_character_in_front_matter_is_an_error_and_other_problems_still_show(
    site: SiteFactory, name: str
) -> None:
    write(site, title=f"API{UNPUBLISHABLE[name]} errors", body='""')
    found = lines(site)
    assert found[0].startswith("incidents/2026-11-22-api.md:2:11: error: U+")
    # The YAML around it still parses: the empty update is reported in the same run.
    assert any("empty update" in line for line in found)


@pytest.mark.parametrize("name", ESCAPED)
def test_yaml_escape_of_a_control_character_is_an_error_at_the_field(
    site: SiteFactory, name: str
) -> None:
    write(site, body=f'"Looking {ESCAPED[name]} into it."')
    found = lines(site)
    assert len(found) == 1
    assert found[0].startswith(
        "incidents/2026-11-22-api.md:9: error: updates[0].body: the text holds "
        f"U+{ord(UNPUBLISHABLE[name]):04X} "
    )


def test_escaped_control_character_in_a_component_key_is_reported(site: SiteFactory) -> None:
    site.incident(
        "2026-11-22-api.md",
        INCIDENT.format(title="x", body="y", text="").replace(
            "  api: partial", '  "api\\e": partial'
        ),
    )
    found = lines(site)
    assert any(
        line.startswith(
            "incidents/2026-11-22-api.md:5: error: components.api\\x1b: the key holds U+001B"
        )
        for line in found
    ), found


@pytest.mark.parametrize(
    "title", ['"API\\nerrors"', '"API errors\\r"', '"API\\u2028errors"', "|\n  API errors"]
)
def test_line_break_in_a_title_is_an_error(site: SiteFactory, title: str) -> None:
    write(site, title=title)
    found = lines(site)
    assert len(found) == 1
    assert found[0].startswith("incidents/2026-11-22-api.md:2: error: title: must be a single line")


@pytest.mark.parametrize(
    ("setting", "line", "field"),
    [
        ('site_name: "Test\\nStatus"', 1, "site_name"),
        ('site_name: "Test\\aStatus"', 1, "site_name"),
    ],
)
def test_site_name_must_be_one_line_of_publishable_text(
    site: SiteFactory, setting: str, line: int, field: str
) -> None:
    site.config(site.config_file.read_text().replace("site_name: Test Status", setting))
    found = lines(site)
    assert len(found) == 1
    assert found[0].startswith(f"mkdocs.yml:{line}: error: {field}: ")


@pytest.mark.parametrize("field", ["name", "group"])
def test_component_names_and_groups_must_be_one_line(site: SiteFactory, field: str) -> None:
    text = site.config_file.read_text()
    old = "          name: API\n" if field == "name" else "          group: Core\n"
    site.config(text.replace(old, old.replace(": ", ': "').rstrip("\n") + '\\nX"\n', 1))
    found = lines(site)
    assert len(found) == 1
    assert "must be a single line" in found[0]
    assert found[0].startswith("mkdocs.yml:")


def test_raw_control_character_in_mkdocs_yml_is_an_error_with_line_and_column(
    site: SiteFactory,
) -> None:
    site.config_file.write_text(
        site.config_file.read_text().replace("name: Website", "name: Web\x1bsite"), "utf-8"
    )
    found = lines(site)
    assert found == ["mkdocs.yml:14:20: error: U+001B (ESC) is not allowed: feeds and pages "
                     "cannot carry it; remove it"]  # fmt: skip


# --- the posting commands refuse them the same way, and write nothing -------------------------


def invoke(site: SiteFactory, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "-f", str(site.config_file)], env=CLOCK, input=stdin)
    return result.exit_code, result.output


def files(site: SiteFactory) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(Path(site.root).rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["NUL", "BEL", "ESC", "C1 CSI", "U+FFFF"])
def test_new_incident_refuses_a_title_with_a_control_character(
    site: SiteFactory, name: str
) -> None:
    before = files(site)
    code, output = invoke(
        site, "new", "incident", f"API{UNPUBLISHABLE[name]}errors", "--impact", "minor", "-m", "m"
    )
    assert code == 1
    first = output.splitlines()[0]
    assert re.match(
        r"incidents/\d{4}-\d\d-\d\d-[a-z-]+\.md:2: error: title: the text holds U\+", first
    )
    assert "\x1b" not in output and "\x07" not in output and "\x00" not in output
    assert files(site) == before


@pytest.mark.parametrize("name", ["NUL", "ESC", "C1 CSI"])
def test_update_and_resolve_refuse_a_message_with_a_control_character(
    site: SiteFactory, name: str
) -> None:
    write(site)
    before = files(site)
    for command in ("update", "resolve"):
        code, output = invoke(site, command, "api", "-m", f"Fixed {UNPUBLISHABLE[name]} now.")
        assert code == 1, output
        assert "updates[0].body: the text holds U+" in output
        assert files(site) == before


def test_message_file_from_standard_input_with_escape_sequences_is_refused(
    site: SiteFactory,
) -> None:
    write(site)
    before = files(site)
    code, output = invoke(site, "update", "api", "--message-file", "-", stdin="Clear \x1b[2J\n")
    assert code == 1
    assert "U+001B (ESC)" in output and "\x1b" not in output
    assert files(site) == before


def test_editor_text_with_a_control_character_is_refused(
    site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(site)
    before = files(site)
    monkeypatch.setattr("statusgen.cli.posting._interactive", lambda: True)
    monkeypatch.setattr("click.edit", lambda text, **options: "Typed \x07 text")
    code, output = invoke(site, "update", "api")
    assert code == 1
    assert "U+0007 (BEL)" in output
    # The incident is untouched; what was typed is kept aside, as for any refused post.
    after = files(site)
    kept = [name for name in after if name not in before]
    assert {name: after[name] for name in before} == before
    assert [after[name] for name in kept] == [b"Typed \x07 text"]
    assert "\x07" not in output


def test_title_that_is_not_valid_unicode_is_refused_not_a_traceback(site: SiteFactory) -> None:
    # Python hands over command-line bytes that are not UTF-8 as lone surrogates.
    before = files(site)
    code, output = invoke(
        site, "new", "incident", "API \udcff errors", "--impact", "minor", "-m", "m"
    )
    assert code == 1
    assert "Traceback" not in output
    assert files(site) == before
