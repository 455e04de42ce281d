"""Where a build may write: never into a folder that statusgen did not create.

A build replaces its site folder as a whole, so pointing it at the wrong folder would delete
that folder. It writes only into a folder that is absent, empty, or carries the marker file
of an earlier build, and never into one that is (or holds) the site's own sources, a Git
repository, the user's home or the file-system root. `site_dir` in mkdocs.yml can come from
a pull request, so it must also stay inside the folder of mkdocs.yml unless the config says
otherwise.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from statusgen.content.settings import CONFIG_FILE, SiteConfig
from statusgen.errors import SiteDirRefused
from statusgen.problems import Problem, error

MARKER = ".statusgen-site"
MARKER_SIGNATURE = b"statusgen-site\n"
MARKER_TEXT = (
    MARKER_SIGNATURE.decode()
    + "This folder is written by `statusgen build`: each build replaces all of it, so keep\n"
    + "nothing else here. statusgen refuses to build into a non-empty folder without this file.\n"
)
_MARKER_MAX_BYTES = 4096
_ADVICE = "choose another folder with --site-dir or site_dir in mkdocs.yml (the default is site/)"


@dataclass(frozen=True)
class _Guarded:
    path: Path
    what: str
    content: bool
    """A folder the build reads: the site may not be put inside it either."""


def has_marker(folder: Path) -> bool:
    """Whether `folder` holds the marker of a statusgen build (a plain file, not a link)."""
    marker = folder / MARKER
    try:
        info = marker.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MARKER_MAX_BYTES:
            return False
        return marker.read_bytes().startswith(MARKER_SIGNATURE)
    except OSError:
        return False


def _guarded(config: SiteConfig) -> Iterator[_Guarded]:
    yield _Guarded(config.root, f"the folder of {CONFIG_FILE} (the site's repository)", False)
    yield _Guarded(config.docs_dir.resolve(), "docs_dir", content=True)
    yield _Guarded(config.incidents_dir.resolve(), "incidents_dir", content=True)
    yield _Guarded(config.postmortems_dir.resolve(), "postmortems_dir", content=True)
    with suppress(RuntimeError, KeyError):  # no HOME and no passwd entry: no home to guard
        yield _Guarded(Path.home().resolve(), "your home folder", content=False)


def _place_reason(target: Path, config: SiteConfig) -> str | None:
    """Why `target` (absolute, links resolved) is a place a site must never go."""
    if target == Path(target.anchor):
        return "is the root of the file system"
    if ".git" in target.parts:
        return "is a Git folder (.git) or inside one"
    for guarded in _guarded(config):
        if target == guarded.path:
            return f"is {guarded.what}"
        if guarded.path.is_relative_to(target):
            return f"contains {guarded.what} at {guarded.path}"
        # (A content folder that is the repository itself, `incidents_dir: .`, holds site/.)
        inside = guarded.content and guarded.path != config.root
        if inside and target.is_relative_to(guarded.path):
            return f"is inside {guarded.what} at {guarded.path}"
    return None


def _state_reason(target: Path) -> str | None:
    """Why the folder now at `target` may not be replaced: a file, a repository, foreign files."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return "has a file where a parent folder should be"
    if not stat.S_ISDIR(info.st_mode):
        return "is a file, not a folder"
    entries = os.listdir(target)
    if not entries:
        return None
    if ".git" in entries:
        return "holds a Git repository (.git)"
    if not has_marker(target):
        return (
            f"is not empty and was not written by statusgen build (it has no {MARKER} file); "
            "move its files away if it should hold the site"
        )
    nested = _nested_git(target)
    if nested is not None:
        return f"holds a Git repository ({nested.relative_to(target)})"
    return None


def _nested_git(folder: Path) -> Path | None:
    for directory, subdirectories, files in os.walk(folder):
        if ".git" in subdirectories or ".git" in files:
            return Path(directory) / ".git"
    return None


def _outside(target: Path, config: SiteConfig) -> bool:
    return not config.options.allow_dirs_outside_repo and not target.is_relative_to(config.root)


def _outside_reason(config: SiteConfig) -> str:
    return (
        f"is outside the folder of {CONFIG_FILE} ({config.root}); pass --site-dir to build "
        "elsewhere, or set allow_dirs_outside_repo: true under statusgen"
    )


def check_site_dir(target: Path, config: SiteConfig, *, configured: bool) -> Path:
    """The folder a build of `config` may write its site to, or raise `SiteDirRefused`.

    `configured`: `target` comes from mkdocs.yml's `site_dir` (which a pull request may set)
    rather than from the person running the build. Returns `target` with links resolved.
    """
    resolved = target.resolve()
    reason = _place_reason(resolved, config) or _state_reason(resolved)
    if reason is None and configured and _outside(resolved, config):
        reason = _outside_reason(config)
    if reason is None:
        return resolved
    where = f"{CONFIG_FILE}:{config.site_dir_line}: site_dir: " if configured else ""
    shown = f"'{config.site_dir_setting}' ({resolved})" if configured else str(resolved)
    raise SiteDirRefused(f"{where}refusing to build into {shown}: it {reason}; {_ADVICE}")


def site_dir_problems(config: SiteConfig) -> list[Problem]:
    """mkdocs.yml's `site_dir`, judged by where it points and whether that is a file.

    What a folder there holds is left to the build: it depends on the machine, not the config.
    """
    if config.site_dir_setting is None:
        return []
    target = config.site_dir.resolve()
    reason = _place_reason(target, config)
    if reason is None and target.exists() and not target.is_dir():
        reason = "is a file, not a folder"
    if reason is None and _outside(target, config):
        reason = _outside_reason(config)
    if reason is None:
        return []
    return [
        error(
            config.config_file.name,
            config.site_dir_line,
            "site_dir",
            f"'{config.site_dir_setting}' {reason}: a build replaces its site folder as a "
            f"whole; {_ADVICE}",
        )
    ]
