"""The build `statusgen serve` runs: what it logs on each rebuild, and how drafts are marked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from statusgen.adapters.mkdocs.plugin import Preview
from statusgen.adapters.mkdocs.render import previewing

from .conftest import NOW, SiteFactory
from .sitecheck import soup

DRAFT = "postmortems/2026-11-10-webhook-delivery-delays/"
PUBLISHED = "postmortems/2026-09-16-database-failover-outage/"


def preview(
    site: SiteFactory, out: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> list[str]:
    """Build as `statusgen serve --drafts` does (plain mkdocs, the plugin validating the
    content itself); return what mkdocs logged at INFO and above."""
    with previewing(Preview(NOW, drafts=True)), caplog.at_level(logging.INFO, logger="mkdocs"):
        build(load_config(str(site.config_file), site_dir=str(out)))
    return [record.getMessage() for record in caplog.records]


def robots(site_dir: Path, url: str) -> list[str]:
    return [m["content"] for m in soup(site_dir, url).select('head meta[name="robots"]')]


def test_a_draft_preview_is_marked_noindex(
    example_site: SiteFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    out = tmp_path / "site"
    preview(example_site, out, monkeypatch, caplog)
    assert "Draft: not published." in soup(out, DRAFT).get_text()
    assert robots(out, DRAFT) == ["noindex"]
    assert robots(out, "postmortems/") == ["noindex"]  # it lists the draft
    assert robots(out, PUBLISHED) == []
    assert robots(out, "") == []


def test_rebuilds_log_no_false_anchor_or_nav_warnings(
    example_site: SiteFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    about = example_site.root / "site_src" / "about.md"
    assert "components.md#how-availability-is-computed" in about.read_text("utf-8")
    messages = preview(example_site, tmp_path / "site", monkeypatch, caplog)
    assert not [m for m in messages if "anchor" in m or '"nav"' in m], messages


def test_a_link_to_a_missing_anchor_of_a_generated_page_is_still_reported(
    example_site: SiteFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    about = example_site.root / "site_src" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nSee [nothing](components.md#no-such-heading).\n")
    messages = preview(example_site, tmp_path / "site", monkeypatch, caplog)
    assert [m for m in messages if "anchor" in m] == [
        "Doc file 'about.md' contains a link 'components.md#no-such-heading', but the doc "
        "'components.md' does not contain an anchor '#no-such-heading'."
    ]
