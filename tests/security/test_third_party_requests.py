"""The page makes no third-party requests: what would fetch from another host is a validation
error at its file and line, unless `allowed_hosts` names the host; links stay free."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.cli import cli
from statusgen.content.validate import check_site
from statusgen.problems import Problem

from ..conftest import CONFIG, NOW, SiteFactory
from ..postmortem_samples import FULL, INCIDENT_ID, line_of, write

INCIDENT = """\
---
title: Images
impact: minor
postmortem: not-required
postmortem_reason: A test.
updates:
  - at: 2026-03-01T11:00:00Z
    status: resolved
    body: |
      See [the vendor's status](https://vendor.example/status) for details.

      ![graph](https://tracker.example/pixel.gif)
  - at: 2026-03-01T10:00:00Z
    status: investigating
    body: "![a](//cdn.example/a.png) and ![own](https://status.test.example/own.png)"
---
Our graph ![b][ref] and a [link](https://elsewhere.example/).

[ref]: HTTPS://Images.Example:8443/b.png
"""


def _errors(site: SiteFactory) -> list[Problem]:
    report = check_site(site.config_file, NOW).report
    return [p for p in report.problems if p.severity == "error"]


def _places(problems: list[Problem]) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message.split(" from ")[1].split(": ")[0]) for p in problems]


def test_images_from_other_hosts_are_errors_at_their_lines(site: SiteFactory) -> None:
    site.incident("2026-03-01-images.md", INCIDENT)
    assert _places(_errors(site)) == [
        ("incidents/2026-03-01-images.md", line_of(INCIDENT, "tracker.example"), "tracker.example"),
        ("incidents/2026-03-01-images.md", line_of(INCIDENT, "cdn.example"), "cdn.example"),
        ("incidents/2026-03-01-images.md", line_of(INCIDENT, "[ref]:"), "images.example:8443"),
    ]


def test_the_message_says_how_to_allow_the_host(site: SiteFactory) -> None:
    site.incident("2026-03-01-images.md", INCIDENT)
    first = _errors(site)[0]
    assert first.field == "updates[0].body"
    assert "'https://tracker.example/pixel.gif'" in first.message
    assert "add tracker.example to allowed_hosts" in first.message


def test_validate_exits_one_and_prints_file_and_line(site: SiteFactory) -> None:
    site.incident("2026-03-01-images.md", INCIDENT)
    result = CliRunner().invoke(
        cli,
        ["validate", "-f", str(site.config_file), "--now", "2026-11-22T12:00:00Z"],
        env={"GITHUB_ACTIONS": "false"},
    )
    assert result.exit_code == 1
    line = line_of(INCIDENT, "tracker.example")
    assert result.output.startswith(
        f"incidents/2026-03-01-images.md:{line}: error: updates[0].body:"
    )


def _allow(site: SiteFactory, *hosts: str) -> None:
    listed = "".join(f"        - {h!r}\n" for h in hosts)
    site.config(CONFIG + f"      allowed_hosts:\n{listed}")


def test_allowed_hosts_lift_the_error_and_the_build_keeps_the_images(
    site: SiteFactory, tmp_path: Path
) -> None:
    site.incident("2026-03-01-images.md", INCIDENT)
    _allow(site, "tracker.example", "cdn.example")
    assert _places(_errors(site)) == [
        ("incidents/2026-03-01-images.md", line_of(INCIDENT, "[ref]:"), "images.example:8443")
    ]
    _allow(site, "tracker.example", "*.example:8443", "cdn.example")
    assert _errors(site) == []
    result = build(site.config_file, NOW, site_dir=tmp_path / "out")
    assert result.built
    page = (tmp_path / "out" / "incidents" / "2026-03-01-images" / "index.html").read_text()
    sources = [img["src"] for img in BeautifulSoup(page, "html.parser").select("article img")]
    assert sources == [
        "https://tracker.example/pixel.gif",
        "//cdn.example/a.png",
        "https://status.test.example/own.png",
        "HTTPS://Images.Example:8443/b.png",
    ]
    policy = BeautifulSoup(page, "html.parser").find("meta", attrs={"http-equiv": True})
    assert "img-src 'self' data: https://tracker.example https://*.example:8443" in str(
        policy["content"]
    )


@pytest.mark.parametrize(
    "host", ["https://images.example", "images.example/path", "Images.Example", "*", "a b"]
)
def test_allowed_hosts_must_be_host_names(site: SiteFactory, host: str) -> None:
    _allow(site, host)
    (problem,) = _errors(site)
    assert problem.field.endswith("allowed_hosts[0]") and "is not a host name" in problem.message


def test_raw_html_fetches_count_only_where_raw_html_is_allowed(site: SiteFactory) -> None:
    text = INCIDENT.replace(
        "for details.", 'for details. <img src="https://raw.example/x.png"> <video>'
    )
    site.incident("2026-03-01-images.md", text)
    assert "raw.example" not in {host for _, _, host in _places(_errors(site))}
    site.config(CONFIG + "      allow_html: true\n")
    line = line_of(text, "raw.example")
    assert ("incidents/2026-03-01-images.md", line, "raw.example") in _places(_errors(site))


def test_postmortem_text_is_checked_too(site: SiteFactory) -> None:
    text = (
        FULL.replace("took most databases offline.", "took ![x](https://a.example/x.png) offline.")
        .replace(
            "text: The last standby is promoted.",
            "text: The last standby is promoted ![y](https://b.example/y.png).",
        )
        .replace("No data was lost.", "No data was lost.\n\n![z](https://c.example/z.png)")
    )
    write(site, text)
    lines = text.split("\n")
    expected = [
        (f"postmortems/{INCIDENT_ID}.md", n + 1, host)
        for host in ("a.example", "b.example", "c.example")
        for n, line in enumerate(lines)
        if host in line
    ]
    assert sorted(_places(_errors(site))) == sorted(expected)


def test_hand_written_pages_are_checked_with_their_lines(site: SiteFactory) -> None:
    (site.root / "site_src" / "about.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: About
            ---
            # About

            A [link](https://anywhere.example/) is fine.

            ![logo](https://logo.example/l.png)

            <picture><source srcset="https://set.example/a.webp 2x"><img src="local.png"></picture>
            """
        ),
        "utf-8",
    )
    assert _places(_errors(site)) == [
        ("site_src/about.md", 8, "logo.example"),
        ("site_src/about.md", 10, "set.example"),
    ]


@pytest.mark.parametrize(
    ("setting", "line", "field"),
    [
        ("theme:\n  name: material\n", 4, "theme.font"),
        ("theme: material\n", 4, "theme.font"),
        ("theme:\n  name: material\n  font:\n    text: Roboto\n", 6, "theme.font"),
        ("extra_css:\n  - https://cdn.example/x.css\n", 5, "extra_css[0]"),
        ("extra_javascript:\n  - path: //cdn.example/x.js\n", 5, "extra_javascript[0]"),
        (
            "theme:\n  name: material\n  font: false\n  logo: https://l.example/l.png\n",
            7,
            "theme.logo",
        ),
    ],
)
def test_config_that_loads_from_other_hosts_is_an_error(
    site: SiteFactory, setting: str, line: int, field: str
) -> None:
    config = CONFIG.replace("theme:\n  name: material\n  font: false\n", "")
    site.config(config.replace("docs_dir: site_src\n", f"docs_dir: site_src\n{setting}"))
    (problem,) = _errors(site)
    assert (problem.line, problem.field) == (line, field)
    assert "another host" in problem.message


def test_own_host_and_relative_files_are_fine_in_the_config(site: SiteFactory) -> None:
    site.config(
        CONFIG + "extra_css:\n  - stylesheets/brand.css\n  - https://status.test.example/x.css\n"
    )
    assert _errors(site) == []
