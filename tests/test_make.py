"""`make site` on a fresh clone: statusgen's runtime dependencies only, then a built site."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_make_site_installs_the_runtime_dependencies_only(tmp_path: Path) -> None:
    clone = tmp_path / "statusgen"
    subprocess.run(["git", "clone", "-q", "--no-local", str(REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "MAKEFLAGS")}
    done = subprocess.run(
        ["make", "site"], cwd=clone, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (clone / "site" / "index.html").is_file()
    bin_dir = clone / ".venv" / "bin"
    assert (bin_dir / "statusgen").exists()
    assert (bin_dir / ".installed-runtime").exists()
    # None of the test extra: no test runner, linters, browser driver or packaging tools.
    for tool in ("pytest", "ruff", "mypy", "playwright", "zizmor", "twine", "pre-commit"):
        assert not (bin_dir / tool).exists(), tool
    listed = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    assert "ruamel" not in listed  # read by the dry run and tests only
