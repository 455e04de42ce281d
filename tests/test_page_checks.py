"""Third-party checkers on the built example site: no HTML errors, no accessibility violations.

- The Nu HTML checker (vnu) on every page the build writes.
- axe-core (WCAG 2.1 A and AA rules) on one page of every type, light and dark, at a phone
  width and a desktop width, and no sideways scrolling of the page; a screenshot of each
  goes to test-artifacts/pages/.
- pa11y (WCAG2AA, HTML_CodeSniffer) on the same pages, light and dark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .browser_support import (
    ARTIFACTS,
    PAGE_TYPES,
    axe_violations,
    pa11y_issues,
    vnu_messages,
)
from .static_server import Served

pytestmark = pytest.mark.browser

WIDTHS = {"phone": (360, 800), "desktop": (1280, 900)}


def test_every_built_page_has_no_html_errors(example_site_dir: Path) -> None:
    pages = sorted(example_site_dir.rglob("*.html"))
    assert len(pages) > 30
    errors = vnu_messages(pages)
    report = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(example_site_dir)}:"
        f"{m.get('lastLine', '?')}: {m['message']}"
        for m in errors
    ]
    assert report == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_has_no_axe_violations(
    served_example: Served, chromium: Any, kind: str, scheme: str
) -> None:
    context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_example.url + PAGE_TYPES[kind], wait_until="load")
    found: dict[str, list[str]] = {}
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        found[name] = axe_violations(page)
        # Wide content (a table, a long address) scrolls inside its own box, never the page.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found[name].append(f"the page scrolls sideways by {overflow} px")
        page.screenshot(path=str(folder / f"{kind}-{width}-{scheme}.png"), full_page=True)
    context.close()
    assert found == {"phone": [], "desktop": []}


def test_page_types_have_no_pa11y_errors(served_example: Served) -> None:
    urls = [served_example.url + path for path in PAGE_TYPES.values()]
    issues = pa11y_issues(urls)
    assert len(issues) == 2 * len(urls)
    report = {
        key: [f"{i['code']} at {i['selector']}: {i['context'][:120]}" for i in found]
        for key, found in issues.items()
        if found
    }
    assert report == {}
