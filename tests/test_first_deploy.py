"""A new user's first deploy, played end to end on this machine.

Build the wheel → install it into a fresh virtual environment → `statusgen init` → `git init`
and a first commit → the generated Deploy workflow's own build steps (scripts/pages_dry_run.py)
with STATUSGEN_INSTALL pointing at that wheel → the Pages artifact is ready and its links
hold. The same for the generated Check workflow, which must also stop a broken incident.
Only PyPI itself is left out: the workflows install the wheel instead of the pinned release.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from statusgen import __version__

from .sitecheck import internal_links

REPO = Path(__file__).resolve().parent.parent
DRY_RUN = REPO / "scripts" / "pages_dry_run.py"
PAGES_URL = "https://octo-org.github.io/acme-status"

pytestmark = pytest.mark.slow


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.invalid"}
    env.update(GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="ada@example.invalid")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def run(*command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


class NewUser:
    """Someone who installed statusgen from its wheel and ran `statusgen init acme-status`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        built = run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(root / "dist"), str(REPO))  # fmt: skip
        assert built.returncode == 0, built.stderr
        [self.wheel] = (root / "dist").glob("statusgen-*.whl")
        venv.create(root / "venv", with_pip=True)
        self.statusgen = root / "venv" / "bin" / "statusgen"
        installed = run(str(root / "venv" / "bin" / "python"), "-m", "pip", "install", "-q",
                        str(self.wheel))  # fmt: skip
        assert installed.returncode == 0, installed.stderr[-3000:]
        self.site = root / "acme-status"
        self.init = run(str(self.statusgen), "init", str(self.site), "--name", "Acme Status")
        assert self.init.returncode == 0, self.init.stdout + self.init.stderr
        git(self.site, "init", "-q", "-b", "main")
        git(self.site, "add", "-A")
        git(self.site, "commit", "-q", "-m", "Status page")

    def dry_run(self, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        return run(sys.executable, str(DRY_RUN), "--repo", str(self.site), "--out", str(out),
                   "--var", f"STATUSGEN_INSTALL={self.wheel}", *extra)  # fmt: skip


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> NewUser:
    return NewUser(tmp_path_factory.mktemp("first-deploy"))


def test_init_pins_the_release_that_wrote_it_and_says_what_is_next(user: NewUser) -> None:
    requirements = (user.site / "requirements.txt").read_text("utf-8").splitlines()
    assert [line for line in requirements if not line.startswith("#")] == [
        f"statusgen=={__version__}"
    ]
    numbered = [line[2] for line in user.init.stdout.splitlines() if line[:2] == "  "
                and line[2:4] in ("1.", "2.", "3.", "4.")]  # fmt: skip
    assert numbered == ["1", "2", "3"]
    assert "git push -u origin main" in user.init.stdout
    assert "Settings → Pages → Source: GitHub Actions" in user.init.stdout
    assert "https://OWNER.github.io/REPO/" in user.init.stdout


def test_the_generated_deploy_builds_an_uploadable_site_from_the_wheel(
    user: NewUser, tmp_path: Path
) -> None:
    out = tmp_path / "deploy"
    done = user.dry_run(out, "--base-url", PAGES_URL)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "pages-dry-run: ready to upload:" in done.stderr
    # uv installed the variable's wheel, not the pinned release (which PyPI has not got yet).
    assert f"+ statusgen=={__version__} (from {user.wheel.as_uri()})" in done.stderr
    site = out / "site"
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "lxml")
    canonical = home.find("link", rel="canonical")
    assert isinstance(canonical, Tag)
    assert canonical["href"] == f"{PAGES_URL}/"
    assert (site / "assets" / "statusgen" / "statusgen.css").is_file()
    status = json.loads((site / "api" / "v2" / "status.json").read_text("utf-8"))
    assert (status["page"]["name"], status["page"]["url"]) == ("Acme Status", f"{PAGES_URL}/")
    broken = [(p.name, href) for p, href, target in internal_links(site, f"{PAGES_URL}/")
              if not target.is_file()]  # fmt: skip
    assert broken == []
    assert len(list(site.rglob("*.html"))) > 5


def test_the_generated_check_validates_and_builds_the_pull_request(
    user: NewUser, tmp_path: Path
) -> None:
    out = tmp_path / "check"
    done = user.dry_run(out, "--workflow", ".github/workflows/check.yml", "--job", "site")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "pages-dry-run: job 'site' passed" in done.stderr
    assert (out / "workspace" / "site" / "index.html").is_file()


def test_the_generated_check_stops_a_broken_incident_at_its_line(
    user: NewUser, tmp_path: Path
) -> None:
    branch = tmp_path / "pull-request"
    git(tmp_path, "clone", "-q", str(user.site), str(branch))
    [example] = (branch / "incidents").glob("*.md")
    lines = example.read_text("utf-8").splitlines(keepends=True)
    [number] = [n for n, line in enumerate(lines, 1) if line.startswith("impact:")]
    lines[number - 1] = "impact: severe\n"
    example.write_text("".join(lines), "utf-8")
    git(branch, "commit", "-q", "-am", "A typo")
    done = run(sys.executable, str(DRY_RUN), "--repo", str(branch), "--out", str(tmp_path / "o"),
               "--var", f"STATUSGEN_INSTALL={user.wheel}",
               "--workflow", ".github/workflows/check.yml", "--job", "site")  # fmt: skip
    assert done.returncode == 1
    assert "step 'Validate incidents and postmortems' exited with status 1" in done.stderr
    annotation = f"::error file=incidents/{example.name},line={number},title=impact::"
    assert annotation in done.stdout
