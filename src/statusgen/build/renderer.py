"""The interface between the build and whatever turns validated content into a site.

`statusgen build` validates, then hands a `RenderJob` to a `Renderer`; the mkdocs adapter
is the one statusgen ships (`statusgen.adapters.mkdocs.render.MkdocsRenderer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from statusgen.content.site import Content
from statusgen.render.page_cache import PageCache

if TYPE_CHECKING:  # the feeds' and calendar's libraries load only for a build
    from statusgen.render.outputs_ahead import SiteOutputs


@dataclass(frozen=True)
class RenderJob:
    """What a renderer gets: validated content, the moment it describes and where to write."""

    config_file: Path
    content: Content
    now: datetime
    site_dir: Path
    site_url: str | None = None
    strict: bool = False
    # Pages of the previous build to reuse; the render records those it used in it.
    cache: PageCache | None = None
    # The site this render replaces, only read: files with the same bytes are linked to it.
    previous_site: Path | None = None
    # An older site of statusgen's, the render's to take apart: its folders may become the
    # new site's (`reused_folders`), and whatever it leaves there is removed afterwards.
    spare_site: Path | None = None
    # The reliability report and non-page files of `content` at `now`, perhaps being worked
    # out in another process while the pages render; None: the renderer works them out.
    outputs: SiteOutputs | None = None


class Renderer(Protocol):
    """Turns validated content into a complete site in `job.site_dir`, or raises `BuildFailed`."""

    def render(self, job: RenderJob) -> None: ...
