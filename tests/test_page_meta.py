"""What mkdocs gets as a generated page's front-matter: a copy of plain JSON data, as YAML
would give it, that the theme may change without reaching the page or another page."""

from __future__ import annotations

import json

import pytest
from markupsafe import Markup

from statusgen.adapters.mkdocs.placeholders import page_meta
from statusgen.render.page_context import SitePage


def page(meta: dict[str, object]) -> SitePage:
    return SitePage(url="incidents/x/", title=Markup("<b>X</b> &amp; Y"), html="", meta=meta)


def test_the_metadata_is_what_a_json_round_trip_gives() -> None:
    meta = {"statusgen": {"kind": "incident", "live": "active", "n": 3, "r": 0.5, "on": True}}
    meta |= {"list": ("a", ["b", None]), "empty": {}}
    given = page(meta)
    copied = page_meta(given)
    expected = json.loads(
        json.dumps({"title": given.title, "description": "", "search": {"exclude": True}, **meta})
    )
    assert copied == expected
    assert type(copied["title"]) is str  # Markup's text, not Markup: the theme escapes it
    assert copied["list"] == ["a", ["b", None]]


def test_changing_the_copy_changes_neither_the_page_nor_the_next_copy() -> None:
    given = page({"statusgen": {"kind": "incident", "tags": ["a"]}})
    first = page_meta(given)
    first["statusgen"]["kind"] = "changed"
    first["statusgen"]["tags"].append("b")
    first["search"]["exclude"] = False
    assert given.meta == {"statusgen": {"kind": "incident", "tags": ["a"]}}
    assert page_meta(given) == {
        "title": "<b>X</b> &amp; Y",
        "description": "",
        "search": {"exclude": True},
        "statusgen": {"kind": "incident", "tags": ["a"]},
    }


@pytest.mark.parametrize("value", [object(), b"bytes", {1: "a number as a key"}])
def test_what_json_cannot_hold_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        page_meta(page({"statusgen": value}))
