#!/usr/bin/env python3
"""Check a built sdist and wheel before they are published.

    python scripts/check_dist.py dist/

`dist/` must hold exactly one `statusgen-*.whl` and one `statusgen-*.tar.gz` of the same
version. The wheel must hold every file of the package's source folder, byte for byte (the
templates, theme, rules and scaffold are package data, so a missing glob in pyproject.toml
shows here and nowhere else), nothing else but its metadata, the runtime dependencies and
entry points pyproject.toml declares, and the version statusgen reports. The sdist, unpacked
and built again, must give a wheel with the same files and the same bytes.

Exit status 0 when everything holds; otherwise every problem is printed, one a line.
"""

from __future__ import annotations

import argparse
import email.parser
import fnmatch
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "statusgen"

# What a working install cannot do without, by pattern: a second line of defence should the
# source walk below ever look in the wrong place. `*` also matches `/`, so a module moving
# into a subpackage keeps matching.
REQUIRED = {
    "page templates": f"{PACKAGE}/*templates/home.html",
    "theme override": f"{PACKAGE}/*theme/main.html",
    "theme stylesheet": f"{PACKAGE}/*theme/*.css",
    "theme script": f"{PACKAGE}/*theme/*.js",
    "blameless-language rules": f"{PACKAGE}/*rules/blameless.yml",
    "postmortem rules": f"{PACKAGE}/*rules/postmortem.yml",
    "scaffold Deploy workflow": f"{PACKAGE}/*scaffold/workflows/deploy.yml",
    "scaffold Check workflow": f"{PACKAGE}/*scaffold/workflows/check.yml",
    "scaffold mkdocs.yml": f"{PACKAGE}/*scaffold/site/mkdocs.yml.jinja",
    "compiled German catalog": f"{PACKAGE}/*i18n/locale/de/LC_MESSAGES/statusgen.mo",
    "compiled Arabic catalog": f"{PACKAGE}/*i18n/locale/ar/LC_MESSAGES/statusgen.mo",
    "scaffold pinned requirements": f"{PACKAGE}/*scaffold/site/requirements.txt.jinja",
    "type marker": f"{PACKAGE}/py.typed",
}


def source_files(root: Path) -> dict[str, bytes]:
    """The package as it is in src/, by the path it has inside a wheel."""
    folder = root / "src" / PACKAGE
    return {
        f"{PACKAGE}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def project_table(root: Path) -> dict[str, object]:
    with (root / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert isinstance(project, dict)
    return project


def source_version(root: Path) -> str:
    """`__version__` as written in the package, read without importing it."""
    for line in (root / "src" / PACKAGE / "__init__.py").read_text("utf-8").splitlines():
        if line.startswith("__version__ = "):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit(f"src/{PACKAGE}/__init__.py sets no __version__")


def _entry_points(text: str) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(line[1:-1], {})
        elif "=" in line:
            name, _, value = line.partition("=")
            current[name.strip()] = value.strip()
    return groups


def wheel_problems(wheel: Path, root: Path = REPO) -> list[str]:
    version = source_version(root)
    dist_info = f"{PACKAGE}-{version}.dist-info"
    files = wheel_files(wheel)
    problems = [
        f"{wheel.name}: {name}: outside the package and its metadata"
        for name in files
        if not name.startswith((f"{PACKAGE}/", f"{dist_info}/"))
    ]
    shipped = {name: data for name, data in files.items() if name.startswith(f"{PACKAGE}/")}
    for name, data in source_files(root).items():
        if name not in shipped:
            problems.append(f"{wheel.name}: {name}: missing (add it to package-data)")
        elif shipped[name] != data:
            problems.append(f"{wheel.name}: {name}: differs from src/{name}")
    source = source_files(root)
    problems += [
        f"{wheel.name}: {name}: not in src/ (a stale build/ folder?)"
        for name in shipped
        if name not in source
    ]
    for what, pattern in REQUIRED.items():
        if not any(fnmatch.fnmatchcase(name, pattern) for name in shipped):
            problems.append(f"{wheel.name}: no {what} ({pattern})")
    problems += metadata_problems(wheel.name, files, dist_info, version, root)
    return problems


def metadata_problems(
    label: str, files: dict[str, bytes], dist_info: str, version: str, root: Path
) -> list[str]:
    metadata_bytes = files.get(f"{dist_info}/METADATA")
    if metadata_bytes is None:
        return [f"{label}: {dist_info}/METADATA: missing (is the version {version}?)"]
    metadata = email.parser.BytesParser().parsebytes(metadata_bytes)
    project = project_table(root)
    problems = []
    if metadata["Version"] != version:
        problems.append(f"{label}: version {metadata['Version']}, the package says {version}")
    runtime = sorted(r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r)
    declared = sorted(str(r) for r in project["dependencies"])  # type: ignore[attr-defined]
    if runtime != declared:
        problems.append(f"{label}: runtime requirements {runtime}, pyproject.toml says {declared}")
    points = _entry_points(files.get(f"{dist_info}/entry_points.txt", b"").decode("utf-8"))
    expected = {"console_scripts": project.get("scripts", {})}
    expected.update(project.get("entry-points", {}))  # type: ignore[arg-type]
    if points != expected:
        problems.append(f"{label}: entry points {points}, pyproject.toml says {expected}")
    return problems


def rebuilt_wheel(sdist: Path, out: Path) -> Path:
    """Unpack the sdist and build a wheel from it, as pip does for a source install."""
    with tarfile.open(sdist) as archive:
        archive.extractall(out / "unpacked", filter="data")
    [tree] = (out / "unpacked").iterdir()
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out / "wheel"), str(tree)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        raise RuntimeError(f"building a wheel from {sdist.name} failed:\n{built.stdout[-2000:]}")
    [wheel] = (out / "wheel").glob("*.whl")
    return wheel


def sdist_problems(sdist: Path, wheel: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="check-dist-") as scratch:
        try:
            again = rebuilt_wheel(sdist, Path(scratch))
        except RuntimeError as exc:
            return [f"{sdist.name}: {exc}"]
        if again.name != wheel.name:
            return [f"{sdist.name}: builds {again.name}, not {wheel.name}"]
        first, second = wheel_files(wheel), wheel_files(again)
    problems = []
    for name in sorted(set(first) | set(second)):
        if name.endswith(".dist-info/RECORD"):
            continue  # lists the other files' hashes, compared one by one here
        if name not in second:
            problems.append(f"{sdist.name}: the wheel built from it lacks {name}")
        elif name not in first:
            problems.append(f"{sdist.name}: the wheel built from it adds {name}")
        elif first[name] != second[name]:
            problems.append(f"{sdist.name}: the wheel built from it has a different {name}")
    return problems


def check(dist: Path, root: Path = REPO) -> list[str]:
    wheels = sorted(dist.glob(f"{PACKAGE}-*.whl"))
    sdists = sorted(dist.glob(f"{PACKAGE}-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        found = [p.name for p in [*wheels, *sdists]]
        return [f"{dist}: want one wheel and one sdist, found {found or 'none'}"]
    version = source_version(root)
    problems = []
    if sdists[0].name != f"{PACKAGE}-{version}.tar.gz":
        problems.append(f"{sdists[0].name}: the package's version is {version}")
    return problems + wheel_problems(wheels[0], root) + sdist_problems(sdists[0], wheels[0])


def summary(wheel: Path) -> str:
    """One line per folder of the wheel: how many files, how many bytes."""
    folders: dict[str, list[int]] = {}
    for name, data in wheel_files(wheel).items():
        folder = name.rsplit("/", 1)[0] if "/" in name else "."
        entry = folders.setdefault(folder, [0, 0])
        entry[0] += 1
        entry[1] += len(data)
    width = max(map(len, folders))
    return "\n".join(
        f"  {folder:<{width}}  {count:3} files {size:9,} bytes"
        for folder, (count, size) in sorted(folders.items())
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("dist", type=Path, help="folder holding the sdist and the wheel")
    args = parser.parse_args(argv)
    problems = check(args.dist)
    for problem in problems:
        print(f"check-dist: {problem}", file=sys.stderr)
    if problems:
        return 1
    [wheel] = args.dist.glob(f"{PACKAGE}-*.whl")
    print(f"check-dist: {wheel.name} and its sdist are complete and agree:")
    print(summary(wheel))
    return 0


if __name__ == "__main__":
    sys.exit(main())
