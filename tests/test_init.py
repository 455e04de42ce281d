"""`statusgen init`: a new site that validates and builds as it stands, and never overwrites."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from statusgen import __version__
from statusgen.authoring import scaffold
from statusgen.cli import cli
from statusgen.content.validate import check_site

from .conftest import NOW, REPO

EXPECTED_FILES = [
    ".gitignore",
    "README.md",
    "incidents/2026-11-22-example-slow-dashboard.md",
    "mkdocs.yml",
    "postmortems/README.md",
    "requirements.txt",
    "site_src/about.md",
]


def shipped_workflows() -> list[str]:
    folder = files("statusgen.authoring") / "scaffold" / "workflows"
    if not folder.is_dir():
        return []
    return sorted(
        f".github/workflows/{e.name}" for e in folder.iterdir() if e.name.endswith(".yml")
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def init(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["init", *args, "--now", "2026-11-22T12:00:00Z"])
    return result.exit_code, result.output


def test_init_writes_a_site_that_validates_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "status"
    code, output = init(
        runner, str(target), "--name", "Acme: Status", "--url", "https://s.acme.example"
    )
    assert code == 0, output
    assert sorted(tree(target)) == sorted(EXPECTED_FILES + shipped_workflows())
    config = yaml.safe_load((target / "mkdocs.yml").read_text("utf-8"))
    assert (config["site_name"], config["site_url"]) == ("Acme: Status", "https://s.acme.example")
    result = check_site(target / "mkdocs.yml", NOW)
    assert result.report.problems == ()
    assert result.content is not None
    [example] = result.content.incidents
    assert (example.first_posted_at.isoformat(), example.last_posted_at.isoformat()) == (
        "2026-11-22T09:00:00+00:00",
        "2026-11-22T11:00:00+00:00",
    )
    assert output.splitlines()[0] == (
        f"Created a status site in {target} (statusgen {__version__}, pinned in requirements.txt):"
    )
    assert f"Try it: cd {target} && statusgen validate && statusgen status" in output.splitlines()
    # The custom address is named as where the page ends up once it is the custom domain.
    assert output.splitlines()[-1] == (
        "     (or at https://s.acme.example once it is set as the custom domain there)."
    )


def test_init_output_builds(runner: CliRunner, tmp_path: Path) -> None:
    from statusgen.build.pipeline import build

    target = tmp_path / "status"
    assert init(runner, str(target))[0] == 0
    result = build(target / "mkdocs.yml", NOW, strict=True)
    assert result.built, result.report.format("text")
    assert result.site_dir is not None
    page = (result.site_dir / "incidents/2026-11-22-example-slow-dashboard/index.html").read_text(
        "utf-8"
    )
    assert "Example: slow dashboard loading" in page


def test_init_site_has_the_example_sites_navigation(runner: CliRunner, tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from statusgen.build.pipeline import build

    target = tmp_path / "status"
    assert init(runner, str(target))[0] == 0
    new_site = build(target / "mkdocs.yml", NOW, site_dir=tmp_path / "new").site_dir
    example = build(REPO / "mkdocs.yml", NOW, site_dir=tmp_path / "example").site_dir
    assert new_site is not None and example is not None

    def sections(site: Path) -> list[str]:
        page = BeautifulSoup((site / "history/index.html").read_text("utf-8"), "lxml")
        return [a.get_text(strip=True) for a in page.select("header nav.sg-nav a")]

    assert sections(new_site) == sections(example)
    assert sections(new_site) == [
        "Status", "History", "Components", "Postmortems", "Reliability", "About",
    ]  # fmt: skip


def test_init_refuses_to_overwrite_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "status"
    (target / "site_src").mkdir(parents=True)
    (target / "site_src/about.md").write_text("ours\n", "utf-8")
    (target / "README.md").write_text("ours\n", "utf-8")
    before = tree(target)
    code, output = init(runner, str(target))
    assert code == 1
    assert output == (
        "refused: these files exist already; nothing written:\n  README.md\n  site_src/about.md\n"
    )
    assert tree(target) == before


def test_init_copies_whatever_workflows_ship(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "scaffold"
    shutil.copytree(Path(str(files("statusgen.authoring") / "scaffold")), source)
    (source / "workflows").mkdir(exist_ok=True)
    (source / "workflows/deploy.yml").write_text("name: Deploy ${{ github.ref }}\n", "utf-8")
    (source / "workflows/notes.txt").write_text("not a workflow\n", "utf-8")
    monkeypatch.setattr(scaffold, "_source", lambda: source)
    target = tmp_path / "status"
    assert init(runner, str(target))[0] == 0
    assert (target / ".github/workflows/deploy.yml").read_text("utf-8") == (
        "name: Deploy ${{ github.ref }}\n"
    )
    assert not (target / ".github/workflows/notes.txt").exists()


def test_init_into_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = init(runner)
    assert code == 0
    assert (tmp_path / "mkdocs.yml").is_file()
    assert "Try it: statusgen validate && statusgen status" in output.splitlines()
    assert '       git init -b main && git add -A && git commit -m "Status page"' in output
    assert output.splitlines()[-1] == "  3. The page appears at https://OWNER.github.io/REPO/."


def test_init_pins_exactly_the_running_version(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "status"
    assert init(runner, str(target))[0] == 0
    requirements = (target / "requirements.txt").read_text("utf-8").splitlines()
    assert [line for line in requirements if not line.startswith("#")] == [
        f"statusgen=={__version__}"
    ]
    readme = (target / "README.md").read_text("utf-8")
    assert f"statusgen=={__version__}" in readme
    assert "STATUSGEN_INSTALL" in readme
    assert "package-ecosystem: pip" in readme  # how Dependabot proposes the next release
    for workflow in (".github/workflows/deploy.yml", ".github/workflows/check.yml"):
        text = (target / workflow).read_text("utf-8")
        assert "-r requirements.txt" in text, workflow
        assert "statusgen==" not in text, workflow  # one pin, in one file


def test_a_bad_url_is_refused_with_validates_message(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "status"
    code, output = init(runner, str(target), "--url", "status.acme.example")
    assert code == 1
    assert output.splitlines() == [
        "mkdocs.yml:5: error: site_url: must be an absolute http(s) URL such as "
        "https://status.example.com/ (got 'status.acme.example')",
        "refused: the new site would not be valid; nothing written",
    ]
    assert not target.exists()
