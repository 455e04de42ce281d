"""Generated pages filled into their kind's shell by statusgen, never made mkdocs pages.

A cold build lets mkdocs render two pages of each kind (the shell and its check); the
rest are filled in afterwards. What must hold: the site is byte for byte what mkdocs
writes when it renders every page, sitemap included; a text or kind worked out wrongly
for a page is caught on the pages mkdocs renders, and so is a page the navigation sets
apart; either way the build starts again with every page rendered, and the site is the
same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from statusgen.adapters.mkdocs.filled_pages import FilledPages
from statusgen.adapters.mkdocs.plugin import StatusgenPlugin
from statusgen.build.pipeline import build
from statusgen.render.page_context import SitePage

from .conftest import CONFIG, NOW, SiteFactory
from .test_build_cache import tree
from .test_linked_pages import SETTLED, attempts_of, settled_site


class MkdocsPages:
    """The generated pages mkdocs itself renders (it hands each to the plugin's
    `on_page_content`), by source path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.uris: list[str] = []
        content = StatusgenPlugin.on_page_content

        def recording(plugin: StatusgenPlugin, html: str, **kwargs: Any) -> str | None:
            self.uris.append(kwargs["page"].file.src_uri)
            return content(plugin, html, **kwargs)

        monkeypatch.setattr(StatusgenPlugin, "on_page_content", recording)

    def settled(self) -> list[str]:
        return [uri for uri in self.uris if uri.startswith("incidents/2025-")]


def rendered_by_mkdocs(site: SiteFactory, out: Path) -> dict[str, bytes]:
    """The site as mkdocs writes it when it renders every page itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StatusgenPlugin, "_filled_pages", lambda plugin, config: None)
        assert build(site.config_file, NOW, site_dir=out).built
    return tree(out)


def test_pages_filled_past_mkdocs_are_the_pages_mkdocs_renders(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled_site(site)
    expected = rendered_by_mkdocs(site, tmp_path / "mkdocs")
    rendered = MkdocsPages(monkeypatch)
    attempts = attempts_of(monkeypatch)
    assert build(site.config_file, NOW, site_dir=tmp_path / "filled").built
    assert attempts == [True]
    # The settled incidents are one kind: mkdocs renders two, statusgen fills the others.
    assert len(rendered.settled()) == 2
    assert tree(tmp_path / "filled") == expected
    sitemap = (tmp_path / "filled" / "sitemap.xml").read_text("utf-8")
    assert all(f"/incidents/{name}/</loc>" in sitemap for name in SETTLED)


def test_a_text_worked_out_wrong_fills_nothing(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled_site(site)
    expected = rendered_by_mkdocs(site, tmp_path / "mkdocs")
    values = FilledPages._values

    def wrong_title(pages: FilledPages, page: SitePage, url: str) -> tuple[str, ...]:
        title, *rest = values(pages, page, url)
        return (title.upper(), *rest)

    monkeypatch.setattr(FilledPages, "_values", wrong_title)
    rendered = MkdocsPages(monkeypatch)
    attempts = attempts_of(monkeypatch)
    assert build(site.config_file, NOW, site_dir=tmp_path / "out").built
    assert attempts == [True, False]
    assert len(rendered.settled()) == 2 + len(SETTLED)  # the samples, then every page
    assert tree(tmp_path / "out") == expected


def test_a_page_the_navigation_sets_apart_is_rendered_by_mkdocs(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A navigation link at the address of one page makes the theme see that page as
    below it: its kind is not the others', though nothing of the page itself says so."""
    settled_site(site)
    target = f"incidents/{SETTLED[-1]}/"
    site.config(
        CONFIG
        + "validation:\n  nav:\n    not_found: info\n"
        + f"nav:\n  - Status: index.md\n  - The last one: {target}\n"
    )
    expected = rendered_by_mkdocs(site, tmp_path / "mkdocs")
    attempts = attempts_of(monkeypatch)
    assert build(site.config_file, NOW, site_dir=tmp_path / "out").built
    assert attempts == [True, False]
    assert tree(tmp_path / "out") == expected
