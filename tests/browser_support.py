"""What the browser tests share: Debian's chromium, the third-party checkers, the page types.

The checkers are the Nu HTML checker (npm `vnu-jar`, run with Debian's Java), axe-core and
pa11y, installed by `npm ci` in tests/a11y/ (`.ci/run` does it). Outside CI a test that
needs a missing tool skips and says how to install it; in CI (CI=true) it fails instead, so
the checks always run there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"
TOOLS = REPO / "tests" / "a11y"
NODE_MODULES = TOOLS / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
PA11Y_SCRIPT = TOOLS / "pa11y-pages.mjs"
INSTALL_HINT = "cd tests/a11y && PUPPETEER_SKIP_DOWNLOAD=1 npm ci"

# One page of each type the site has, in the example site (the repository's own content).
PAGE_TYPES = {
    "home": "",
    "incident": "incidents/2026-11-22-slow-cdn-asia-pacific/",
    "maintenance": "incidents/2026-12-05-database-storage-upgrade/",
    "postmortem": "postmortems/2026-09-16-database-failover-outage/",
    "history": "history/",
    "components": "components/",
    "component": "components/db/",
    "postmortems": "postmortems/",
    "reliability": "reliability/",
    "subscribe": "subscribe/",
    "embed": "embed/",
    "about": "about/",
    "404": "no-such-page/",
}
# axe-core's rule tags for WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {message}")
    pytest.skip(message)


def require_chromium() -> None:
    if not (CHROMIUM.exists() and shutil.which("chromium")):
        _missing("Debian's chromium is not installed (apt-get install -y chromium)")


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's headless chromium, driven by playwright (never a downloaded browser)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        _missing("Java is not installed (apt-get install -y default-jre-headless)")
    assert java is not None
    return java


def require_file(path: Path) -> Path:
    if not path.is_file():
        _missing(f"{path.relative_to(REPO)} is missing: {INSTALL_HINT}")
    return path


def require_node() -> str:
    node = shutil.which("node")
    if node is None:
        _missing("Node.js is not installed (apt-get install -y nodejs npm)")
    assert node is not None
    return node


def vnu_messages(files: list[Path]) -> list[dict[str, Any]]:
    """The Nu HTML checker's errors for these files (each with its `url`, `line`, `message`)."""
    java = require_java()
    jar = require_file(VNU_JAR)
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout)
    messages: list[dict[str, Any]] = report["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one line per failing element."""
    source = require_file(AXE_JS).read_text("utf-8")
    # Evaluated through the devtools protocol, so the page's own CSP does not block it.
    page.evaluate(source)
    result = page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']}: {node['target']} {node.get('failureSummary', '')[:300]}"
            )
    return lines


def pa11y_issues(urls: list[str]) -> dict[str, list[dict[str, str]]]:
    """pa11y's WCAG2AA errors per "<scheme> <url>", for a light and a dark scheme."""
    node = require_node()
    require_file(NODE_MODULES / "pa11y" / "package.json")
    result = subprocess.run(
        [node, str(PA11Y_SCRIPT), "--chromium", str(CHROMIUM), *urls],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=TOOLS,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, list[dict[str, str]]] = json.loads(result.stdout)
    return found
