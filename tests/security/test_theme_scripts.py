"""Material's inline scripts as files: made from the installed theme, referenced by statusgen's
partials, and a theme release whose scripts changed fails the build instead of breaking pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from statusgen.adapters.mkdocs import theme_scripts
from statusgen.adapters.mkdocs.plugin import THEME_DIR
from statusgen.build.pipeline import build
from statusgen.errors import BuildFailed

from ..conftest import NOW, SiteFactory


def test_every_inline_script_of_material_becomes_a_file() -> None:
    files = theme_scripts.theme_script_files()
    assert len(files) == sum(theme_scripts.PARTIALS.values())
    for path, data in files.items():
        text = data.decode()
        assert "{{" not in text and "{%" not in text and "<script" not in text, path
        assert len(text.splitlines()) == 2, path  # our header, then Material's code


def test_the_scope_value_is_read_from_the_script_element() -> None:
    base = theme_scripts.theme_script_files()[theme_scripts.FOLDER + "base-1.js"].decode()
    assert 'new URL(document.currentScript.getAttribute("data-md-scope"),location)' in base
    assert "__md_get" in base and "__md_set" in base


def test_statusgen_partials_load_exactly_the_generated_files() -> None:
    partials = THEME_DIR / "partials" / "javascripts"
    referenced = {
        match
        for partial in partials.glob("*.html")
        for match in re.findall(r"'(assets/statusgen/theme/[\w-]+\.js)'", partial.read_text())
    }
    assert referenced == set(theme_scripts.theme_script_files())
    assert {p.stem for p in partials.glob("*.html")} == set(theme_scripts.PARTIALS)
    for partial in partials.glob("*.html"):
        assert "<script>" not in partial.read_text(), partial


def test_a_changed_theme_script_fails_the_build_clearly(
    site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "material-partials"
    real = theme_scripts._partials_dir()
    fake.mkdir()
    for name in theme_scripts.PARTIALS:
        (fake / f"{name}.html").write_text((real / f"{name}.html").read_text("utf-8"), "utf-8")
    (fake / "palette.html").write_text('<script>var x="{{ config.extra.new }}"</script>', "utf-8")
    monkeypatch.setattr(theme_scripts, "_partials_dir", lambda: fake)
    theme_scripts.theme_script_files.cache_clear()
    try:
        with pytest.raises(BuildFailed, match=r"palette\.html has a template value"):
            build(site.config_file, NOW, site_dir=tmp_path / "out")
    finally:
        theme_scripts.theme_script_files.cache_clear()
    assert not (tmp_path / "out").exists()
