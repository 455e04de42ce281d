"""All static outputs together: goldens of the example content, and one writer per path.

The goldens in tests/golden/ are the example content rendered at NOW. After an intended
change of the output, refresh them with `make goldens` and review the diff like code.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from statusgen.content.site import Content
from statusgen.content.validate import check_site
from statusgen.errors import OutputConflict
from statusgen.render import outputs
from statusgen.render.outputs import static_outputs

from . import goldens
from .conftest import GOOD_INCIDENT, NOW, SiteFactory


def content_of(site: SiteFactory) -> Content:
    result = check_site(site.config_file, NOW)
    assert result.content is not None, result.report.format("text")
    return result.content


def test_example_outputs_match_the_goldens(example_site: SiteFactory) -> None:
    files = goldens.render(example_site.config_file)
    stored = goldens.stored()
    differences = [
        goldens.diff(path, stored.get(path), files.get(path))
        for path in sorted(set(stored) | set(files))
        if stored.get(path) != files.get(path)
    ]
    if differences:
        pytest.fail(
            f"{len(differences)} output(s) differ from tests/golden/; if intended, run "
            f"`{goldens.REFRESH}` and review the diff:\n" + "\n".join(differences),
            pytrace=False,
        )


def test_a_golden_mismatch_is_shown_as_a_unified_diff() -> None:
    shown = goldens.diff("badge.json", b'{\n  "message": "up"\n}\n', b'{\n  "message": "down"\n}\n')
    assert shown.splitlines() == [
        "--- tests/golden/badge.json",
        "+++ output/badge.json",
        "@@ -1,3 +1,3 @@",
        " {",
        '-  "message": "up"',
        '+  "message": "down"',
        " }",
    ]
    assert goldens.diff("new.json", None, b"{}\n").splitlines()[:2] == [
        "--- /dev/null",
        "+++ output/new.json",
    ]


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
