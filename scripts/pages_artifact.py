"""What GitHub Pages makes of a site folder uploaded as its artifact: refused or left out.

Used by the dry run of the Deploy workflow (scripts/pages_dry_run.py).
"""

from __future__ import annotations

import stat
from pathlib import Path

PAGES_SIZE_LIMIT = 1024**3  # GitHub Pages refuses published sites over 1 GB
# statusgen's mark on the folders it builds (statusgen.site_dir.MARKER): it only guards local
# rebuilds, so upload-pages-artifact leaving it out, as it does hidden files, loses nothing.
BUILD_MARKER = ".statusgen-site"


def artifact_problems(folder: Path, *, include_hidden: bool = False) -> list[str]:
    """Why GitHub Pages would refuse this folder, or publish less than it holds."""
    if not folder.is_dir():
        return [f"{folder.name}/ does not exist: the build step wrote nothing there"]
    problems = []
    if not (folder / "index.html").is_file():
        problems.append(f"{folder.name}/index.html is missing: the page would have no home")
    size = 0
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            problems.append(f"{name}: a symbolic link (Pages artifacts hold plain files only)")
            continue
        hidden = any(part.startswith(".") for part in Path(name).parts)
        if not include_hidden and hidden and name != BUILD_MARKER:
            problems.append(
                f"{name}: hidden, so upload-pages-artifact would leave it out "
                "(set include-hidden-files: true if it must be published)"
            )
        mode = path.stat().st_mode
        needed = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0)
        if mode & needed != needed:
            problems.append(f"{name}: not readable by everyone (Pages fails with perms_error)")
        if path.is_file():
            size += path.stat().st_size
    if size > PAGES_SIZE_LIMIT:
        problems.append(f"the site is {size / 1024**3:.1f} GB; GitHub Pages allows 1 GB")
    return problems
