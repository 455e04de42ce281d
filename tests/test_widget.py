"""The embeddable widget and the /embed/ page, loaded the way another site would load them.

The status site runs on one local port (sending `Access-Control-Allow-Origin: *` as GitHub
Pages does) and a page of "another site" on a second port includes widget.js with one
script tag and one element, so every request the widget makes is cross-origin.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from statusgen.adapters.mkdocs.plugin import THEME_DIR

from .browser_support import ARTIFACTS
from .static_server import Served, serve

WIDGET = THEME_DIR / "widget.js"
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
<body><h1>Another site</h1>
<div id="status" data-statusgen-widget{theme}><a href="{site}">Our status page</a></div>
<script src="{site}widget.js" async></script>
</body></html>
"""


def test_widget_is_small() -> None:
    assert len(gzip.compress(WIDGET.read_bytes(), 9)) <= 3 * 1024


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory, served_example: Served) -> Iterator[str]:
    root = tmp_path_factory.mktemp("other-site")
    for name, theme in (("index.html", ""), ("dark.html", ' data-theme="dark"')):
        (root / name).write_text(HOST_PAGE.format(site=served_example.url, theme=theme), "utf-8")
    with serve(root, cors=False) as other:
        yield other.url


def _summary(site_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site_dir / "api/v2/summary.json").read_text("utf-8"))
    return data


def _shown(page: Any) -> dict[str, Any]:
    widget = page.locator("#status")
    widget.locator(".w").wait_for()
    return {
        "status": widget.get_attribute("data-status"),
        "text": widget.locator(".t").inner_text(),
        "incidents": [
            (a.inner_text(), a.get_attribute("href")) for a in widget.locator("li a").all()
        ],
        "background": widget.locator(".w").evaluate("e => getComputedStyle(e).backgroundColor"),
        "fallback_visible": page.get_by_text("Our status page").is_visible(),
    }


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_widget_on_another_origin_shows_status_and_active_incidents(
    chromium: Any, served_example: Served, example_site_dir: Path, other_site: str, scheme: str
) -> None:
    summary = _summary(example_site_dir)
    context = chromium.new_context(color_scheme=scheme, viewport={"width": 600, "height": 400})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(other_site)
    shown = _shown(page)
    page.screenshot(path=str(ARTIFACTS / f"widget-{scheme}.png"))
    context.close()

    assert shown["status"] == summary["status"]["indicator"] == "minor"
    assert shown["text"] == summary["status"]["description"]
    assert shown["incidents"] == [(i["name"], i["shortlink"]) for i in summary["incidents"]]
    assert shown["incidents"], "the example has an active incident"
    assert not shown["fallback_visible"]
    assert shown["background"] == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(13, 17, 23)")
    # The page is on one origin, the JSON on another: a cross-origin read that worked.
    assert served_example.url != other_site
    assert [u for u in fetched if u.endswith("summary.json")] == [
        served_example.url + "api/v2/summary.json"
    ]
    assert errors == []


@pytest.mark.browser
def test_widget_colours_can_be_fixed_by_the_embedding_site(chromium: Any, other_site: str) -> None:
    context = chromium.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(other_site + "dark.html")
    shown = _shown(page)
    context.close()
    assert shown["background"] == "rgb(13, 17, 23)"


@pytest.mark.browser
def test_without_cross_origin_permission_the_fallback_link_stays(
    chromium: Any, example_site_dir: Path, tmp_path: Path
) -> None:
    with serve(example_site_dir, cors=False) as site:
        (tmp_path / "index.html").write_text(HOST_PAGE.format(site=site.url, theme=""), "utf-8")
        with serve(tmp_path, cors=False) as other:
            context = chromium.new_context()
            page = context.new_page()
            page.goto(other.url)
            page.wait_for_load_state("networkidle")
            assert page.get_by_role("link", name="Our status page").is_visible()
            assert page.locator("#status .w").count() == 0
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_embed_page_shows_the_status_with_and_without_javascript(
    chromium: Any, served_example: Served, example_site_dir: Path, javascript: bool
) -> None:
    summary = _summary(example_site_dir)
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(served_example.url + "embed/")
    drawn = "[data-statusgen-widget] .w" if javascript else "[data-statusgen-widget]"
    page.locator(drawn).wait_for()
    text = page.locator(drawn).inner_text()
    links = [a.get_attribute("href") for a in page.locator(f"{drawn} li a").all()]
    context.close()
    assert summary["status"]["description"] in text
    assert links == [i["shortlink"] for i in summary["incidents"]]
