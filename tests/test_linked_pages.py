"""Incident pages the replaced site has byte for byte go past mkdocs: linked, not rendered.

Each test builds a site, changes something, builds again into the same folder and compares
the result with a cold build of the same content. What must hold: the unchanged pages are
not rendered (mkdocs never hands them to the plugin) yet the sites are identical, sitemap
included; links to them are still checked; an edited or symlinked file in the old site is
never taken over; and a change the theme's fingerprint misses is caught by the page each
kind renders as its check, and the build is made again with every page rendered.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from statusgen.adapters.mkdocs import linked_pages
from statusgen.adapters.mkdocs.plugin import StatusgenPlugin
from statusgen.adapters.mkdocs.render import MkdocsRenderer
from statusgen.build.pipeline import build
from statusgen.render.page_cache import FOLDER, PAGES_FILE
from statusgen.render.page_context import SitePage

from .conftest import CONFIG, NOW, SiteFactory
from .test_build_cache import incident_text, tree

SETTLED = [f"2025-0{n}-01-settled-{n}" for n in range(1, 7)]
ACTIVE = "2026-11-22-active"


def settled_site(site: SiteFactory) -> None:
    for n, name in enumerate(SETTLED):
        text = incident_text(f"Settled {n}", f"Old {n}.", resolved=True, hours_ago=9000 + n)
        site.incident(f"{name}.md", text)
    active = incident_text("Active", "Looking.", resolved=False, hours_ago=2)
    site.incident(f"{ACTIVE}.md", active)


def page_path(name: str) -> str:
    return f"incidents/{name}/index.html"


class RenderedPages:
    """The generated pages made anew, by source path: rendered by mkdocs or filled into
    their kind's shell, but not linked. Every page made goes through the plugin's last
    step before it is written."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.uris: list[str] = []
        finished = StatusgenPlugin._finished

        def recording(
            plugin: StatusgenPlugin, output: str, page: SitePage | None, path: str
        ) -> str:
            if page is not None:
                self.uris.append(page.src_uri)
            return finished(plugin, output, page, path)

        monkeypatch.setattr(StatusgenPlugin, "_finished", recording)

    def settled(self) -> list[str]:
        return [uri for uri in self.uris if uri.startswith("incidents/2025-")]


def attempts_of(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each attempt at rendering the site, and whether pages could pass mkdocs in it."""
    attempts: list[bool] = []
    attempt = MkdocsRenderer._build

    def counting(renderer: MkdocsRenderer, job: Any, *, shortcuts: bool) -> None:
        attempts.append(shortcuts)
        attempt(renderer, job, shortcuts=shortcuts)

    monkeypatch.setattr(MkdocsRenderer, "_build", counting)
    return attempts


def cold_build(site: SiteFactory, tmp_path: Path, later: Any) -> Path:
    root = tmp_path / "cold-repo"
    shutil.copytree(site.root, root, ignore=shutil.ignore_patterns(FOLDER))
    assert build(root / "mkdocs.yml", later, site_dir=tmp_path / "cold").built
    return tmp_path / "cold"


def built_once(site: SiteFactory, tmp_path: Path) -> Path:
    """The settled incidents and an active one, built: the site the next build replaces."""
    settled_site(site)
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    return out


def test_unchanged_incident_pages_are_linked_not_rendered(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = built_once(site, tmp_path)
    inodes = {name: os.stat(out / page_path(name)).st_ino for name in SETTLED}
    rendered = RenderedPages(monkeypatch)
    later = NOW + timedelta(minutes=20)  # the active incident's page changes
    assert build(site.config_file, later, site_dir=out).built
    # One settled page is rendered as the check of its kind; the five others are not.
    assert len(rendered.settled()) == 1
    assert f"incidents/{ACTIVE}.md" in rendered.uris
    assert all(os.stat(out / page_path(name)).st_ino == inodes[name] for name in SETTLED)
    cold = cold_build(site, tmp_path, later)
    assert tree(out) == tree(cold)
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert all(f"/incidents/{name}/</loc>" in sitemap for name in SETTLED)


def test_a_change_the_fingerprint_misses_is_caught_and_every_page_rendered(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled_site(site)
    out = tmp_path / "out"
    monkeypatch.setattr(linked_pages, "shell_fingerprint", lambda config: "the same")
    assert build(site.config_file, NOW, site_dir=out).built
    # Only the theme's shell changes: the pages' own fingerprints stay as they were.
    site.config(CONFIG.replace("  font: false\n", "  font: false\n  palette:\n    primary: red\n"))
    attempts = attempts_of(monkeypatch)
    rendered = RenderedPages(monkeypatch)
    assert build(site.config_file, NOW, site_dir=out).built
    assert attempts == [True, False]
    assert len(rendered.settled()) == 1 + len(SETTLED)  # the check, then all of them
    assert tree(out) == tree(cold_build(site, tmp_path, NOW))
    assert 'data-md-color-primary="red"' in (out / page_path(SETTLED[-1])).read_text("utf-8")


def test_a_file_edited_in_the_built_site_is_rendered_anew(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = built_once(site, tmp_path)
    edited = out / page_path(SETTLED[-1])
    edited.write_text(edited.read_text("utf-8").replace("Settled", "Defaced"), "utf-8")
    symlinked = out / page_path(SETTLED[-2])
    aside = tmp_path / "aside.html"
    shutil.copyfile(symlinked, aside)
    symlinked.unlink()
    symlinked.symlink_to(aside)
    rendered = RenderedPages(monkeypatch)
    assert build(site.config_file, NOW, site_dir=out).built
    assert {f"incidents/{SETTLED[-1]}.md", f"incidents/{SETTLED[-2]}.md"} <= set(rendered.uris)
    assert len(rendered.settled()) == 3  # the check and the two
    assert not (out / page_path(SETTLED[-2])).is_symlink()
    assert tree(out) == tree(cold_build(site, tmp_path, NOW))


def test_links_to_a_linked_page_are_still_checked(
    site: SiteFactory,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settled_site(site)
    target = f"incidents/{SETTLED[-1]}.md"
    (site.root / "site_src").mkdir(exist_ok=True)
    (site.root / "site_src" / "about.md").write_text(
        f"# About\n\n[An old one]({target}#no-such-anchor)\n", "utf-8"
    )
    out = tmp_path / "out"
    assert build(site.config_file, NOW, site_dir=out).built
    caplog.clear()
    rendered = RenderedPages(monkeypatch)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        assert build(site.config_file, NOW, site_dir=out).built
    assert target not in rendered.uris  # linked
    warned = [r.getMessage() for r in caplog.records if "no-such-anchor" in r.getMessage()]
    assert warned and target in warned[0]


def test_a_build_into_a_new_folder_links_nothing(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled_site(site)
    assert build(site.config_file, NOW, site_dir=tmp_path / "first").built
    rendered = RenderedPages(monkeypatch)
    assert build(site.config_file, NOW, site_dir=tmp_path / "second").built
    assert len(rendered.settled()) == len(SETTLED)


def test_the_shell_fingerprint_is_the_same_in_every_process(site: SiteFactory) -> None:
    """Each `statusgen build` is a new process, with its own string hashing: a fingerprint
    that depended on it (a set's order) would never match, and no page would be linked."""
    settled_site(site)
    shells = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
        command = [sys.executable, "-m", "statusgen", "build", "-f", str(site.config_file)]
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=site.root)
        cached = json.loads((site.root / FOLDER / PAGES_FILE).read_text("utf-8"))
        shells.append(cached["shell"]["fingerprint"])
        assert len(cached["written"]) == len(SETTLED) + 1
    assert shells[0] == shells[1]


def test_a_file_replaced_by_a_link_while_the_site_is_built_is_not_taken_over(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linking goes by name: a file swapped for a symbolic link after it was checked must
    not reach the new site. The build is made again with every page rendered."""
    out = built_once(site, tmp_path)
    victim = out / page_path(SETTLED[-1])
    outside = tmp_path / "outside.html"
    outside.write_bytes(victim.read_bytes())
    copy = linked_pages.LinkedPage.copy_file

    def swapped_first(page: linked_pages.LinkedPage, dirty: bool = False) -> None:
        if page.old.path == str(victim) and not victim.is_symlink():
            victim.unlink()
            victim.symlink_to(outside)
        copy(page, dirty)

    monkeypatch.setattr(linked_pages.LinkedPage, "copy_file", swapped_first)
    rendered = RenderedPages(monkeypatch)
    assert build(site.config_file, NOW, site_dir=out).built
    # The first attempt stops as mkdocs copies files, before any page is made; the second
    # makes every page.
    assert sorted(rendered.settled()) == [f"incidents/{name}.md" for name in SETTLED]
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert tree(out) == tree(cold_build(site, tmp_path, NOW))
