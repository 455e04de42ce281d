"""All static outputs together: goldens of the example content, and one writer per path.

The goldens in tests/golden/ are the example content rendered at NOW. After an intended
change of the output, refresh them with `pytest tests/test_outputs.py --update-goldens`
and review the diff like code.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from statusgen import outputs
from statusgen.outputs import OutputConflict, static_outputs
from statusgen.validate import Content, check_site

from .conftest import GOOD_INCIDENT, NOW, SiteFactory

GOLDEN = Path(__file__).parent / "golden"
KEEP = {".gitattributes"}


def content_of(site: SiteFactory) -> Content:
    result = check_site(site.config_file, NOW)
    assert result.content is not None, result.report.format("text")
    return result.content


def stored_goldens() -> dict[str, bytes]:
    return {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes()
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file() and p.name not in KEEP
    }


def write_goldens(files: dict[str, bytes]) -> None:
    for stale in set(stored_goldens()) - set(files):
        (GOLDEN / stale).unlink()
    for path, data in files.items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # ICS needs its CRLF line ends byte for byte: keep Git from touching any golden.
    (GOLDEN / ".gitattributes").write_text("* -text\n")


def test_example_outputs_match_the_goldens(example_site: SiteFactory, update_goldens: bool) -> None:
    files = static_outputs(content_of(example_site), NOW)
    if update_goldens:
        write_goldens(files)
    stored = stored_goldens()
    assert sorted(stored) == sorted(files), "run `pytest --update-goldens` to add or drop files"
    for path, data in files.items():
        assert data == stored[path], (
            f"{path} differs from tests/golden/{path}; if intended, run "
            "`pytest tests/test_outputs.py --update-goldens` and review the diff"
        )


def test_every_renderer_contributes(site: SiteFactory) -> None:
    site.incident("2026-03-01-api-errors.md", GOOD_INCIDENT)
    paths = list(static_outputs(content_of(site), NOW))
    assert paths == sorted(paths)
    assert {"history.atom", "api/v2/summary.json", "maintenance.ics", "badge.svg"} <= set(paths)


def test_two_renderers_writing_one_path_are_refused(
    site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def first(content: Content, now: datetime) -> dict[str, bytes]:
        return {"badge.svg": b"<svg/>"}

    monkeypatch.setattr(outputs, "RENDERERS", (*outputs.RENDERERS, first))
    with pytest.raises(OutputConflict) as raised:
        static_outputs(content_of(site), NOW)
    assert str(raised.value) == "badge.svg is written by both badge_files and first"


@pytest.mark.parametrize("path", ["../outside.json", "/etc/passwd", "api/./x.json", ""])
def test_a_path_outside_the_site_is_refused(
    site: SiteFactory, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    def escaping(content: Content, now: datetime) -> dict[str, bytes]:
        return {path: b"x"}

    monkeypatch.setattr(outputs, "RENDERERS", (escaping,))
    with pytest.raises(OutputConflict) as raised:
        static_outputs(content_of(site), NOW)
    assert str(raised.value) == f"escaping names '{path}', which is not a path inside the site"
