"""`statusgen serve`: the live preview re-renders when an incident file changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

from .conftest import SiteFactory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and needle in page:
            return True
        time.sleep(0.3)
    return False


def test_editing_an_incident_re_renders_the_preview(
    example_site: SiteFactory, tmp_path: Path
) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    statusgen = Path(sys.executable).parent / "statusgen"
    with log.open("w") as log_file:
        _run_preview(example_site, statusgen, port, log_file, log)


def _run_preview(
    example_site: SiteFactory, statusgen: Path, port: int, log_file: IO[str], log: Path
) -> None:
    process = subprocess.Popen(
        [
            *(str(statusgen), "serve", "-f", str(example_site.config_file)),
            *("-a", f"127.0.0.1:{port}", "--now", "2026-11-22T12:00:00Z"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log_file,
        env={"PATH": str(statusgen.parent)},
    )
    try:
        url = f"http://127.0.0.1:{port}/incidents/2026-11-22-slow-cdn-asia-pacific/"
        assert _wait_for(url, "Slow asset loading for visitors in Asia-Pacific", 60), (
            log.read_text()
        )
        incident = example_site.root / "incidents" / "2026-11-22-slow-cdn-asia-pacific.md"
        incident.write_text(
            incident.read_text().replace(
                "title: Slow asset loading for visitors in Asia-Pacific",
                "title: Slow asset loading in Asia-Pacific, edited live",
            )
        )
        assert _wait_for(url, "Slow asset loading in Asia-Pacific, edited live", 60), (
            log.read_text()
        )
        assert "livereload" in (_fetch(url) or "")
    finally:
        process.terminate()
        process.wait(timeout=10)
