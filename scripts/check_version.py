#!/usr/bin/env python3
"""Check that the version, the changelog and (for a release) the tag agree.

    python scripts/check_version.py                    # any commit: version vs CHANGELOG.md
    python scripts/check_version.py --tag v1.2.3       # a release: the tag too, and a date
    python scripts/check_version.py --tag v1.2.3 --notes   # print that release's notes

The version is written once, as `__version__` in src/statusgen/__init__.py. CHANGELOG.md
(Keep a Changelog) may start with `## [Unreleased]`; its first numbered section must be that
version. A release tag is `v` + the version, and its section must carry the release date,
`## [1.2.3] - 2026-12-01`, so a tag cannot publish a version the changelog does not describe.

Exit status 0 when they agree; otherwise each problem is printed as `file:line: problem`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INIT = Path("src/statusgen/__init__.py")
CHANGELOG = Path("CHANGELOG.md")
VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
HEADING = re.compile(r"## \[(?P<name>[^\]]+)\](?: - (?P<date>.+))?")


@dataclass(frozen=True)
class Section:
    name: str
    date: str | None
    line: int
    body: str


def read_version(root: Path) -> tuple[str, int]:
    lines = (root / INIT).read_text("utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith("__version__ = "):
            return line.split("=", 1)[1].strip().strip("\"'"), number
    raise SystemExit(f"{INIT}: sets no __version__")


def sections(text: str) -> list[Section]:
    found: list[Section] = []
    lines = text.splitlines()
    starts = [(n, HEADING.fullmatch(s)) for n, s in enumerate(lines) if s.startswith("## ")]
    for index, (start, match) in enumerate(starts):
        if match is None:
            continue
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        body = "\n".join(line for line in lines[start + 1 : end] if not line.startswith("["))
        found.append(Section(match["name"], match["date"], start + 1, body.strip() + "\n"))
    return found


def problems(root: Path, tag: str | None) -> list[str]:
    version, version_line = read_version(root)
    found = []
    if not VERSION.fullmatch(version):
        found.append(f"{INIT}:{version_line}: version '{version}' is not MAJOR.MINOR.PATCH")
    changelog = sections((root / CHANGELOG).read_text("utf-8"))
    numbered = [section for section in changelog if section.name != "Unreleased"]
    if not numbered:
        return [*found, f"{CHANGELOG}:1: no section for a version (## [{version}] - YYYY-MM-DD)"]
    newest = numbered[0]
    if newest.name != version:
        found.append(
            f"{CHANGELOG}:{newest.line}: the newest version is {newest.name}, "
            f"but {INIT} says {version}"
        )
    if tag is not None:
        if tag != f"v{version}":
            found.append(f"{INIT}:{version_line}: the tag {tag} is not v{version}")
        if not _is_date(newest.date):
            found.append(
                f"{CHANGELOG}:{newest.line}: a release needs its date: "
                f"## [{newest.name}] - YYYY-MM-DD (got {newest.date or 'none'})"
            )
    return found


def _is_date(text: str | None) -> bool:
    try:
        return text is not None and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def notes(root: Path) -> str:
    version, _ = read_version(root)
    for section in sections((root / CHANGELOG).read_text("utf-8")):
        if section.name == version:
            return section.body
    raise SystemExit(f"{CHANGELOG}: no section for {version}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tag", help="the release tag being published, such as v1.2.3")
    parser.add_argument("--notes", action="store_true", help="print the release's notes")
    parser.add_argument("--root", type=Path, default=REPO, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    found = problems(args.root, args.tag)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        return 1
    if args.notes:
        sys.stdout.write(notes(args.root))
    else:
        version, _ = read_version(args.root)
        also = f", and so does the tag {args.tag}" if args.tag else ""
        print(f"version {version}: {CHANGELOG} agrees{also}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
