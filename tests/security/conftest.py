"""Sites full of XSS payloads, built once per test session and shared by the security tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from statusgen.build.pipeline import build

from .payload_site import NOW, write_payload_site


def _build(root: Path, *, allow_html: bool) -> Path:
    config = write_payload_site(root, allow_html=allow_html)
    result = build(config, NOW, site_dir=root / "site")
    assert result.report.errors == 0, result.report.format("text")
    assert result.site_dir is not None
    return result.site_dir


@pytest.fixture(scope="session")
def payload_site_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built payload site with `allow_html: true`: raw HTML reaches the sanitiser."""
    return _build(tmp_path_factory.mktemp("payloads-html"), allow_html=True)


@pytest.fixture(scope="session")
def payload_site_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built payload site with the default `allow_html: false`."""
    return _build(tmp_path_factory.mktemp("payloads-text"), allow_html=False)


@pytest.fixture(scope="session", params=["allow_html", "escape_html"])
def payload_site(
    request: pytest.FixtureRequest, payload_site_html: Path, payload_site_text: Path
) -> Path:
    return payload_site_html if request.param == "allow_html" else payload_site_text
