"""Every page type of the payload site in Chromium: no dialog opens, no element carries an
event handler or a script URL, no request leaves 127.0.0.1, the CSP reports no violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .browser import RECORD_VIOLATIONS, chromium, require_chromium, serve
from .dom_checks import LIVE_DOM_CHECK

pytestmark = pytest.mark.browser


def _kind(source: Path) -> str:
    data = yaml.safe_load(source.read_text("utf-8").split("---\n")[1])
    return str(data.get("kind", "incident"))


def page_types(site: Path) -> dict[str, str]:
    """One site-relative URL per page type (keys as in PAGE_TYPES)."""
    sources = sorted((site.parent / "incidents").glob("*.md"))
    incident = next(s.stem for s in sources if _kind(s) == "incident")
    maintenance = next(s.stem for s in sources if _kind(s) == "maintenance")
    postmortem = sorted((site.parent / "postmortems").glob("*.md"))[0].stem
    return {
        "home": "",
        "incident": f"incidents/{incident}/",
        "maintenance": f"incidents/{maintenance}/",
        "postmortem": f"postmortems/{postmortem}/",
        "history": "history/",
        "history page 2": "history/2/" if (site / "history" / "2").is_dir() else "history/",
        "components index": "components/",
        "component": "components/c0/",
        "postmortems index": "postmortems/",
        "reliability": "reliability/",
        "about": "about/",
        "404": "incidents/no-such-incident/",
    }


@pytest.fixture(scope="module")
def served(payload_site_html: Path) -> Iterator[tuple[str, Path]]:
    require_chromium()
    with serve(payload_site_html) as base:
        yield base, payload_site_html


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


PAGE_TYPES = [
    "home",
    "incident",
    "maintenance",
    "postmortem",
    "history",
    "history page 2",
    "components index",
    "component",
    "postmortems index",
    "reliability",
    "about",
    "404",
]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_payload_page_runs_nothing(served: tuple[str, Path], browser: Any, page_type: str) -> None:
    base, site = served
    url = base + page_types(site)[page_type]
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    requests: list[str] = []
    dialogs: list[str] = []
    popups: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("popup", lambda popup: popups.append(popup.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    # Hover and focus whatever content offers, as a reader moving through the page would.
    for element in page.locator("article a, article [tabindex], article input").all()[:80]:
        element.focus()
    page.mouse.move(300, 300)
    page.wait_for_timeout(200)

    assert page.evaluate(LIVE_DOM_CHECK) == []
    assert page.evaluate("window.__violations") == []
    assert dialogs == [] and errors == []
    assert popups == []
    assert requests and [r for r in requests if not r.startswith(base)] == []
    context.close()
