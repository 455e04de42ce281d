"""One import from start to end: read the source, plan it against this site, write it.

This is the one call `statusgen import` makes. Every refusal is a `StatusgenError`: one
raised before anything is planned (the source cannot be read, mkdocs.yml is not valid), or
one the outcome carries after its report (the result would not validate, the site changed
while writing), so that the report of what was found is shown before the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from statusgen.content.config_file import load_config
from statusgen.errors import ImportRefused, StatusgenError

from .commit import CommitFailed, commit
from .cstate import read_cstate
from .plan import ImportOptions, ImportPlan, plan_import
from .report import format_report, terminal_safe
from .source import SourceData
from .statuspage import BodyFormat, read_statuspage


class Source(Protocol):
    def read(self, now: datetime) -> SourceData: ...


@dataclass(frozen=True)
class StatuspageSource:
    """A Statuspage page's address, or a folder of JSON saved from it."""

    address: str
    body_format: BodyFormat = "auto"
    timeout: float = 30.0

    def read(self, now: datetime) -> SourceData:
        return read_statuspage(self.address, body_format=self.body_format, timeout=self.timeout)


@dataclass(frozen=True)
class CstateSource:
    """A cState site's folder; `zone_name` is the zone of its dates without one."""

    directory: Path
    zone_name: str | None = None

    def read(self, now: datetime) -> SourceData:
        return read_cstate(self.directory, zone_name=self.zone_name, now=now)


@dataclass(frozen=True)
class ImportOutcome:
    plan: ImportPlan
    dry_run: bool
    written: bool
    refusal: StatusgenError | None = None
    """Why nothing was written, for a plan that went wrong after it was made."""

    def report(self) -> str:
        """What the import found and wrote (or would write), and mkdocs.yml's change on a
        dry run; every line printable."""
        text = format_report(self.plan, dry_run=self.dry_run, written=self.written) + "\n"
        if self.dry_run and self.plan.config_diff:
            text += "\n".join(terminal_safe(line) for line in self.plan.config_diff.split("\n"))
        return text


def import_site(
    source: Source, config_file: Path, options: ImportOptions, *, dry_run: bool
) -> ImportOutcome:
    """Import `source` into the site of `config_file`: nothing is written on a dry run or
    unless the whole import validates."""
    data = source.read(options.now)
    config = load_config(config_file)
    if isinstance(config, list):
        raise ImportRefused(
            "import needs a valid statusgen site: start one with statusgen init, or fix "
            "mkdocs.yml (statusgen validate)",
            config,
        )
    plan = plan_import(data, config, options)
    if not plan.ok:
        refusal = ImportRefused("the site would not validate after this import (errors above)")
        return ImportOutcome(plan, dry_run, written=False, refusal=refusal)
    if dry_run:
        return ImportOutcome(plan, dry_run, written=False)
    try:
        commit(plan)
    except CommitFailed as exc:
        return ImportOutcome(plan, dry_run, written=False, refusal=exc)
    return ImportOutcome(plan, dry_run, written=True)
