"""Pages filled into a shell rendered once per kind are the pages a full render writes."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from statusgen.adapters.mkdocs.page_shell import PageShells
from statusgen.build.pipeline import build

from .conftest import CONFIG, NOW, SiteFactory


def incident(title: str, body: str, day: int) -> str:
    return (
        f"---\ntitle: {json.dumps(title)}\nimpact: minor\ncomponents:\n  api: partial_outage\n"
        "postmortem: not-required\npostmortem_reason: A test.\nupdates:\n"
        f"  - at: 2026-03-{day:02d}T11:00:00Z\n    status: resolved\n    body: Fixed.\n"
        f"  - at: 2026-03-{day:02d}T10:00:00Z\n    status: investigating\n"
        f"    body: Looking.\n---\n{body}\n"
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_pages_through_the_shell_equal_full_renders(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Titles that the templates test (the site's own name, markup to escape), a body with
    # its own heading (Material then prints none), and plain ones that share a shell.
    titles = ["Test Status", "<b>Bold</b> & 'quotes'", "Plain one", "Plain two", "Plain three"]
    for day, title in enumerate(titles, start=1):
        body = "# Own heading\n\nText." if day == 2 else f"Body {day}."
        site.incident(f"2026-03-{day:02d}-item.md", incident(title, body, day))
    (site.root / "site_src" / "about.md").write_text("# About\n\nHand-written.\n", "utf-8")
    build(site.config_file, NOW, site_dir=tmp_path / "shells")

    def full_render(self: PageShells, template: Any, context: Any, page: Any) -> str:
        return str(template.render(context))

    monkeypatch.setattr(PageShells, "render", full_render)
    build(site.config_file, NOW, site_dir=tmp_path / "full")
    assert tree(tmp_path / "shells") == tree(tmp_path / "full")


def test_a_site_with_its_own_templates_gets_each_pages_own_values(
    site: SiteFactory, tmp_path: Path
) -> None:
    overrides = site.root / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block htmltitle %}<title>{{ page.title | upper }}</title>{% endblock %}\n",
        "utf-8",
    )
    site.config(CONFIG.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    for day in (1, 2, 3):
        site.incident(f"2026-03-{day:02d}-item.md", incident(f"Item number {day}", "", day))
    build(site.config_file, NOW, site_dir=tmp_path / "out")
    titles = [
        BeautifulSoup(
            (tmp_path / "out" / "incidents" / f"2026-03-{day:02d}-item" / "index.html").read_text(
                "utf-8"
            ),
            "html.parser",
        ).title
        for day in (1, 2, 3)
    ]
    assert [t.string if t else None for t in titles] == [
        "ITEM NUMBER 1",
        "ITEM NUMBER 2",
        "ITEM NUMBER 3",
    ]


def test_a_template_that_does_more_than_print_a_text_renders_its_pages_in_full() -> None:
    # The shell is rendered with markers in place of the texts: `| length` counts the
    # marker, not the title. The first page's full render, compared, shows it.
    template = jinja2.Environment(autoescape=True).from_string(
        "<title>{{ page.title }}</title><p>{{ page.title | length }}</p>{{ page.content }}"
    )
    config = SimpleNamespace(theme=SimpleNamespace(custom_dir=None), site_name="Site")
    shells = PageShells(config)  # type: ignore[arg-type]
    outputs, expected = [], []
    for title in ("Alpha", "Beta two", "Gamma three four"):
        page = SimpleNamespace(
            title=Markup(title),
            meta={},
            canonical_url=None,
            content=f"<p>{title.lower()}</p>",
            toc=[],
            url="incidents/x/",
            is_homepage=False,
            edit_url=None,
        )
        context = {"page": page, "base_url": "../..", "nav": SimpleNamespace(items=[])}
        expected.append(template.render(context))
        outputs.append(shells.render(template, context, page))  # type: ignore[arg-type]
    assert outputs == expected
    assert "<p>16</p>" in outputs[2]
