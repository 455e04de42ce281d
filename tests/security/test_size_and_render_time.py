"""Content files have a size limit, and anything under it renders in time linear in its size.

A 4 MB body took 53 s to build and 50 MB never finished, while `validate` accepted both;
50 KB of `[a ` alone took 75 s to render. Files over `max_file_kib` (1 MiB by default) are a
validation error naming the setting, and pathological Markdown renders in seconds.
"""

from __future__ import annotations

import markdown
import pytest
from click.testing import CliRunner

from statusgen.build.pipeline import build
from statusgen.cli import cli
from statusgen.content.validate import check_site
from statusgen.render.linear_markdown import extra_extensions
from statusgen.render.markdown import _render, render_markdown

from ..conftest import NOW, SiteFactory

CLOCK = {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
HEAD = """\
---
title: Big
impact: minor
components:
  api: partial_outage
updates:
  - at: 2026-11-22T10:00:00Z
    status: investigating
    body: Looking.
---
"""
PROSE = "We are investigating *elevated* error rates; see [the runbook](/r) for `api`.\n\n"


def sized(kib: int) -> str:
    body = PROSE * (kib * 1024 // len(PROSE) + 1)
    return HEAD + body[: kib * 1024 - len(HEAD.encode())]


def errors(site: SiteFactory) -> list[str]:
    report = check_site(site.config_file, NOW).report
    return [p.as_text() for p in report.problems if p.severity == "error"]


def test_file_over_the_limit_is_an_error_naming_the_setting(site: SiteFactory) -> None:
    site.incident("2026-11-22-big.md", sized(1025))
    assert errors(site) == [
        "incidents/2026-11-22-big.md:1: error: the file is 1,025 KiB; content files are "
        "limited to 1,024 KiB so that the site builds in seconds: shorten or split it, or "
        "raise the limit with 'max_file_kib' under statusgen in mkdocs.yml"
    ]


def test_file_at_the_limit_validates(site: SiteFactory) -> None:
    site.incident("2026-11-22-big.md", sized(1024))
    assert errors(site) == []


def test_limit_is_raised_in_the_config(site: SiteFactory) -> None:
    site.config(site.config_file.read_text() + "      max_file_kib: 2048\n")
    site.incident("2026-11-22-big.md", sized(1500))
    assert errors(site) == []
    site.config(site.config_file.read_text().replace("max_file_kib: 2048", "max_file_kib: 16"))
    assert len(errors(site)) == 1


def test_limit_applies_to_postmortems(site: SiteFactory) -> None:
    site.postmortem("2026-11-22-big.md", "---\nincident: x\n---\n" + "x" * (1025 * 1024))
    assert any("limited to 1,024 KiB" in line for line in errors(site))


def test_update_that_would_push_a_file_over_the_limit_is_refused(site: SiteFactory) -> None:
    path = site.incident("2026-11-22-big.md", sized(1023))
    before = path.read_bytes()
    result = CliRunner().invoke(
        cli,
        ["update", "big", "-m", "x" * 4096, "-f", str(site.config_file)],
        env=CLOCK,
    )
    assert result.exit_code == 1
    assert "max_file_kib" in result.output
    assert path.read_bytes() == before


# --- pathological Markdown renders in seconds ------------------------------------------------

# Each took minutes (or hours) at this size before; linear-time rendering takes a second or two.
PATHOLOGICAL = {
    "unclosed brackets": "[a ",  # every '[' scanned to the end of the paragraph
    "unclosed link targets": "[a](b ",
    "unclosed image brackets": "![a ",
    "nested brackets": "[",
    "many references to one footnote": "x[^1] ",
    "abbreviation definitions": "*[A]: b\n",
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_markdown_renders_in_seconds(name: str) -> None:
    unit = PATHOLOGICAL[name]
    text = unit * (128 * 1024 // len(unit))
    if "footnote" in name:
        text += "\n\n[^1]: The note.\n"
    _render.cache_clear()
    html = render_markdown(text)
    assert html.startswith("<")


def test_text_left_after_the_budget_is_spent_is_kept_as_text() -> None:
    text = "[a " * 100_000 + "\n\nThe [last](/link) paragraph."
    html = render_markdown(text)
    assert html.count("[a ") == 100_000
    assert "The " in html and "paragraph." in html


STOCK = ["fenced_code", "footnotes", "attr_list", "def_list", "tables", "md_in_html", "sane_lists"]
DOCUMENTS = [
    'Plain *text*, **strong**, `code`, [a link](https://example.com "title") and ![img](/i.png).',
    '[ref][r] and [r] and ![pic][r] and [missing][nope].\n\n[r]: /target "T"\n',
    "Note[^1], again[^1], and another[^n].\n\n[^1]: First.\n[^n]: Second\n    continued.\n",
    "- a\n- b\n    - c\n\n1. one\n2. two\n\n> quote\n> > nested\n",
    "| a | b |\n|---|---|\n| 1 | [x](/y) |\n\nterm\n:   definition\n",
    "```python\nprint('[not a link')\n```\n\n~~~\nx\n~~~\n\nText {: .cls }\n",
    'Unclosed [bracket, (paren, *star and `tick; [a](b "t) end; [a [b] c](d).',
    "Line  \nbreak &amp; entity &#169; <http://auto.example> <a@b.example> \\*escaped\\*",
    "# Heading\n\nSetext\n---\n\n    indented code\n\n***\n\n_em_ __strong__",
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_linear_extensions_render_like_python_markdown_extra(document: str) -> None:
    stock = markdown.Markdown(extensions=STOCK, output_format="html").convert(document)
    ours = markdown.Markdown(
        extensions=[*extra_extensions(), "sane_lists"], output_format="html"
    ).convert(document)
    assert ours == stock


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_body_at_the_limit_builds(site: SiteFactory) -> None:
    site.incident("2026-11-22-big.md", sized(1024))
    result = build(site.config_file, NOW, site_dir=site.root / "out")
    assert result.built
    assert (
        site.root / "out" / "incidents" / "2026-11-22-big" / "index.html"
    ).stat().st_size > 1024 * 1024
