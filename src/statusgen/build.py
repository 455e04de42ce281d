"""`statusgen build`: validate everything, render into a fresh folder, then swap it in.

Read and validate first, write after: on any problem the report comes back and no file is
touched. The site is rendered into a temporary folder beside the target and swapped in only
when rendering succeeded, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .problems import Report
from .validate import check_site


class BuildFailed(Exception):
    """Rendering failed after validation passed; the previous site is untouched."""


@dataclass(frozen=True)
class BuildResult:
    report: Report
    site_dir: Path | None = None

    @property
    def built(self) -> bool:
        return self.site_dir is not None


def build(
    config_file: Path,
    now: datetime,
    *,
    site_dir: Path | None = None,
    site_url: str | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build the site as it stands at `now`; returns the report and where the site went."""
    result = check_site(config_file, now, site_url=site_url)
    if result.content is None or result.report.failed(strict=strict):
        return BuildResult(result.report)
    target = (site_dir or result.content.config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        from .mkdocs_adapter import RenderError, render_site

        try:
            render_site(config_file, result.content, now, staging, site_url, strict=strict)
        except RenderError as exc:
            raise BuildFailed(str(exc)) from exc
        _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(result.report, target)


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames, so readers never see half a site."""
    if not target.exists():
        staging.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.previous-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
