"""Front-matter YAML is plain data: explicit tags, anchors and aliases are refused at once.

Explicitly tagged scalars (`!!int 0x1z`, `!!timestamp 2026-99-99`) used to crash `validate`
with a traceback, and a tagged collection (`!!pairs`, `!!omap`, `!!set`) let an alias bomb
past the alias check: 95 s and 12 GB. Every such document is now one error with its line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.content.validate import check_site

from ..conftest import NOW, SiteFactory

REST = """\
updates:
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: Looking.
"""


def only_error(site: SiteFactory, front: str) -> str:
    site.incident("2026-11-22-api.md", f"---\ntitle: API errors\n{front}{REST}---\n")
    report = check_site(site.config_file, NOW).report
    errors = [p.as_text() for p in report.problems if p.severity == "error"]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize(
    "value",
    [
        "!!int 0x1z",
        "!!float abc",
        "!!timestamp 2026-99-99",
        "!!bool maybe",
        "!!null x",
        '!!binary "%%%"',
        "!!python/object/apply:os.system [echo]",
        "!!python/name:os.system",
        "!custom value",
        "! minor",
        "!<tag:yaml.org,2002:int> 0x1z",
        "!<!bar> baz",
        "!!str minor",
    ],
)
def test_explicitly_tagged_scalar_is_an_error_at_its_line(site: SiteFactory, value: str) -> None:
    error = only_error(site, f"impact: {value}\n")
    assert error.startswith("incidents/2026-11-22-api.md:3: error: YAML tags such as ")
    assert "are not allowed in front-matter" in error


@pytest.mark.parametrize(
    "value",
    [
        "!!pairs [a: 1]",
        "!!omap [a: 1]",
        "!!set {a}",
        "!!seq [a]",
        "!!map {a: 1}",
        "!<tag:yaml.org,2002:seq> [a]",
        "!<tag:yaml.org,2002:map> {a: b}",
    ],
)
def test_explicitly_tagged_collection_is_an_error_at_its_line(
    site: SiteFactory, value: str
) -> None:
    error = only_error(site, f"components: {value}\n")
    assert error.startswith("incidents/2026-11-22-api.md:3: error: YAML tags such as ")


def test_tag_shorthand_declared_by_a_tag_directive_is_refused(site: SiteFactory) -> None:
    site.incident(
        "2026-11-22-api.md",
        "---\n%TAG !y! tag:yaml.org,2002:\n---\ntitle: x\ncomponents: !y!seq [a]\n" + REST,
    )
    # A directive ends the front-matter at its first '---' for the reader, or is refused by
    # the parser: either way, one error and no traceback.
    report = check_site(site.config_file, NOW).report
    assert report.errors >= 1


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("impact: &a minor\n", 3),
        ("components: &c {api: major_outage}\n", 3),
        ("x: &c {api: major_outage}\ncomponents: *c\n", 3),
        ("impact: minor\nkind: &k incident\n", 4),
    ],
)
def test_anchor_or_alias_is_refused_even_when_harmless(
    site: SiteFactory, front: str, line: int
) -> None:
    error = only_error(site, front)
    assert error == (
        f"incidents/2026-11-22-api.md:{line}: error: YAML anchors and aliases (&name, *name) "
        "are not allowed in front-matter"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0x_", "'0x_' cannot be read as a number"),
        ("0b_", "'0b_' cannot be read as a number"),
        ("1" * 5000, "cannot be read as a number"),
    ],
)
def test_untagged_number_python_cannot_read_is_an_error(
    site: SiteFactory, value: str, message: str
) -> None:
    error = only_error(site, f"impact: {value}\n")
    assert error.startswith("incidents/2026-11-22-api.md:3: error: ")
    assert message in error
    assert len(error) < 200  # the 5000 digits are not echoed


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00+14:00",  # before year 1 in UTC: astimezone overflowed
        "9999-12-31T23:59:59-14:00",  # after year 9999 in UTC
        "1969-12-31T23:59:59+00:00",
    ],
)
def test_time_outside_what_outputs_can_represent_is_an_error(
    site: SiteFactory, moment: str
) -> None:
    error = only_error(site, f"impact: minor\nstarted_at: {moment}\n")
    assert error.startswith(f"incidents/2026-11-22-api.md:4: error: started_at: {moment}")
    assert "is out of range" in error


def test_nesting_thousands_of_levels_deep_is_an_error_not_a_crash(site: SiteFactory) -> None:
    error = only_error(site, "impact: " + "[" * 5000 + "]" * 5000 + "\n")
    assert error.startswith("incidents/2026-11-22-api.md:3: error: ")


def test_nesting_deeper_than_any_front_matter_needs_is_an_error(site: SiteFactory) -> None:
    nested = "".join(f"{'  ' * depth}k:\n" for depth in range(100)) + "  " * 100 + "k: v\n"
    error = only_error(
        site, "impact: minor\nx:\n" + "".join("  " + line + "\n" for line in nested.splitlines())
    )
    assert error.startswith("incidents/2026-11-22-api.md:")
    assert "front-matter nests deeper than 64 levels" in error


def test_tagged_values_in_mkdocs_yml_are_left_to_mkdocs(site: SiteFactory) -> None:
    text = site.config_file.read_text()
    site.config(
        text
        + textwrap.dedent("""\
            markdown_extensions:
              - pymdownx.emoji:
                  emoji_index: !!python/name:material.extensions.emoji.twemoji
            extra:
              analytics: !ENV [ANALYTICS, null]
            """)
    )
    assert check_site(site.config_file, NOW).report.errors == 0


def test_alias_in_mkdocs_yml_is_refused(site: SiteFactory) -> None:
    site.config(site.config_file.read_text() + "extra: &x {a: 1}\nextra_css: *x\n")
    errors = [p.as_text() for p in check_site(site.config_file, NOW).report.problems]
    assert errors == [
        "mkdocs.yml:19: error: YAML anchors and aliases (&name, *name) are not allowed in "
        "mkdocs.yml"
    ]


def test_cli_reports_a_tagged_scalar_without_a_traceback(site: SiteFactory) -> None:
    site.incident("2026-11-22-api.md", f"---\ntitle: x\nimpact: !!int 0x1z\n{REST}---\n")
    result = CliRunner().invoke(cli, ["validate", "-f", str(site.config_file)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


# --- alias bombs through tagged collections, measured in a separate process -------------------


def bomb(levels: int, tag: str) -> str:
    """`levels` nested anchors of ten aliases each inside a tagged collection."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    inner = "\n".join("  " + line for line in lines)
    if tag in ("!!pairs", "!!omap"):
        inner = "\n".join(f"  - {line.strip()}" for line in lines)
    return f"---\ntitle: boom\nupdates: {tag}\n{inner}\n---\n"


MEASURE = """
import json, resource, sys, time
from datetime import UTC, datetime
from pathlib import Path
from statusgen.content.validate import check_site
def peak_kib():
    # VmHWM is this process image's own peak: ru_maxrss would carry over the peak of the
    # forking parent (a long pytest run) across exec, and measure pytest instead of us.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
report = check_site(Path(sys.argv[1]), datetime(2026, 11, 22, 12, tzinfo=UTC)).report
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "peak_kib": peak_kib(),
    "lines": [p.as_text() for p in report.problems],
}))
"""


@pytest.mark.timeout(30)
@pytest.mark.parametrize("tag", ["!!pairs", "!!omap", "!!set", "!!seq", "!!map", ""])
def test_alias_bomb_in_a_tagged_collection_is_refused_in_under_a_second_with_bounded_memory(
    site: SiteFactory, tag: str
) -> None:
    # 30 levels of 10 aliases: expanded, 10**30 strings.
    site.incident("2026-03-01-bomb.md", bomb(30, tag))
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(site.config_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=25,
    )
    measured = json.loads(done.stdout)
    assert measured["seconds"] < 1.0, measured
    assert measured["peak_kib"] < 200 * 1024, measured  # the interpreter and statusgen: ~60 MiB
    assert len(measured["lines"]) == 1
    assert measured["lines"][0].startswith("incidents/2026-03-01-bomb.md:")
    assert "not allowed in front-matter" in measured["lines"][0]


def test_bomb_helper_builds_what_it_claims(tmp_path: Path) -> None:
    # The bomb must really be one: with aliases allowed, PyYAML would share 30 levels.
    import yaml

    text = bomb(3, "").split("---\n")[1]
    data = yaml.safe_load(text)
    assert len(data["updates"]["a2"]) == 10 and len(data["updates"]["a2"][0]) == 10
