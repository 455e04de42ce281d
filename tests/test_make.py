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
    # Yet every module of the package imports: nothing it needs at run time is test-only.
    imported = subprocess.run(
        [str(bin_dir / "python"), "-c", IMPORT_EVERY_MODULE],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert int(imported.stdout) > 50  # the walk really found the package's modules


IMPORT_EVERY_MODULE = """
import importlib, pkgutil, statusgen
names = [m.name for m in pkgutil.walk_packages(statusgen.__path__, "statusgen.")]
for name in names:
    if not name.endswith("__main__"):
        importlib.import_module(name)
print(len(names))
"""
