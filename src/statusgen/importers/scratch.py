"""A copy of the site in a temporary folder, where an import is written and validated first.

Only what validation reads is copied: the config file and the content files of the incident
and postmortem folders (as the content scan lists them: links are copied as the files they
point to, anything that is not a regular file is left out). The import's files are written
over the copy, and `statusgen validate`'s own check runs on it: nothing reaches the real
site unless that check finds no error.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from types import TracebackType

from statusgen.content.files import scan_content_files
from statusgen.content.settings import SiteConfig
from statusgen.content.site import CheckResult
from statusgen.content.validate import check_site


class ScratchSite:
    def __init__(self, config: SiteConfig, config_text: str) -> None:
        self.config = config
        self.root = Path(tempfile.mkdtemp(prefix="statusgen-import-"))
        self.config_file = self.root / config.config_file.name
        self.config_file.write_bytes(config_text.encode("utf-8"))
        for folder in (config.incidents_dir, config.postmortems_dir):
            for path in scan_content_files(folder, config.root).files:
                self.write(self.rel(path), path.read_bytes())

    def rel(self, path: Path) -> str:
        """`path` of the real site, relative to its folder (where mkdocs.yml is)."""
        return path.parent.resolve().relative_to(self.config.root).joinpath(path.name).as_posix()

    def write(self, rel: str, data: bytes) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def check(self, now: datetime) -> CheckResult:
        return check_site(self.config_file, now)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ScratchSite:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
