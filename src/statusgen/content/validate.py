"""Validation: read every content file, check every rule, and return the model or the problems.

Reads everything before judging anything, so one run reports every mistake at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from statusgen.build.site_dir import site_dir_problems
from statusgen.content.postmortem.loading import load_postmortems
from statusgen.content.postmortem.model import Postmortem
from statusgen.parallel import render_all
from statusgen.problems import Problem, Report, error, quoted, warning
from statusgen.status.action_items import overdue_problems

from . import document_cache
from .config_file import load_config
from .document_cache import DocumentCache, file_key, site_fingerprint
from .file_findings import FileFindings, Finding
from .files import scan_content_files
from .incident import (
    Incident,
)
from .incident_checks import check_incident
from .load import parse_document, read_document
from .names import MARKDOWN_SUFFIXES, check_file_name
from .settings import SiteConfig
from .shared_fields import SharedFieldsSets
from .site import CheckResult, Content
from .third_party import INCIDENT_MARKDOWN, document_problems, page_problems


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    incident_files: set[str] = field(default_factory=set)
    """Ids of every incident file, valid or not, so postmortems can tell "no such incident"."""


def check_site(
    config_file: Path,
    now: datetime,
    *,
    site_url: str | None = None,
    documents: DocumentCache | None = None,
    workers: int = 1,
) -> CheckResult:
    """Validate mkdocs.yml and every content file. `content` is set only when there is no error.

    Incident files unchanged since the last build are not parsed again: their findings come
    from `documents`, by default the cache the last build kept (read, never written here).
    The others are checked by up to `workers` processes (`statusgen.parallel`).
    """
    collector = _Collector(files=1)
    loaded = load_config(config_file, site_url=site_url)
    if isinstance(loaded, list):
        return CheckResult(Report.of(loaded, 1))
    config = loaded
    if documents is None:
        kept = document_cache.load(config_file.parent)
        documents = kept if kept.stored else None  # nothing kept: no file to look up
    collector.problems.extend(site_dir_problems(config))
    incidents = list(_load_incidents(config, now, collector, documents, workers))
    postmortems = load_postmortems(config, incidents, now, collector.incident_files)
    collector.files += postmortems.files
    collector.problems.extend(postmortems.problems)
    collector.problems.extend(overdue_problems(postmortems.postmortems, now))
    collector.problems.extend(_postmortems_of_drafts(postmortems.postmortems, incidents))
    if config.docs_dir is not None:
        pages, page_fetches = page_problems(config.docs_dir, config.root, config.fetch_hosts)
        collector.files += pages
        collector.problems.extend(page_fetches)
    content = Content(
        config=config,
        incidents=tuple(i for i in incidents if not i.draft),
        postmortems=tuple(postmortems.postmortems),
        drafts=tuple(i for i in incidents if i.draft),
    )
    report = Report.of(collector.problems, collector.files)
    return CheckResult(report, content if report.errors == 0 else None)


def _postmortems_of_drafts(
    postmortems: list[Postmortem], incidents: list[Incident]
) -> Iterator[Problem]:
    """A published postmortem would link readers to an incident page that is not built."""
    drafts = {incident.id for incident in incidents if incident.draft}
    for postmortem in postmortems:
        unpublished = [i for i in postmortem.incident_ids if i in drafts]
        if postmortem.is_published and unpublished:
            yield error(
                postmortem.source,
                1,
                "incidents",
                f"published, but its incident {quoted(unpublished[0])} is still a draft: "
                f"publish it first (statusgen publish {unpublished[0]})",
            )


@dataclass(frozen=True)
class _IncidentFile:
    path: Path
    rel: str
    incident_id: str
    name_ok: bool


def _load_incidents(
    config: SiteConfig,
    now: datetime,
    collector: _Collector,
    documents: DocumentCache | None,
    workers: int,
) -> Iterator[Incident]:
    files = list(_incident_files(config, collector))
    shared = SharedFieldsSets()
    for file, found in zip(files, _findings(files, config, documents, workers), strict=True):
        collector.problems.extend(found.problems_at(now))
        if found.incident is not None and file.name_ok:
            yield shared.incident(found.incident)


def _incident_files(config: SiteConfig, collector: _Collector) -> Iterator[_IncidentFile]:
    """The incident files to check, in order; what their names alone tell is reported here."""
    seen: dict[str, str] = {}
    scan = scan_content_files(config.incidents_dir, config.root, shown=config.display_path)
    collector.problems.extend(scan.problems)
    for path in scan.files:
        rel = config.display_path(path)
        collector.files += 1
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            collector.problems.append(
                warning(
                    rel,
                    1,
                    "",
                    "not a Markdown file: statusgen reads only .md files in "
                    f"{config.options.incidents_dir}/; move or rename it",
                )
            )
            continue
        incident_id = path.stem
        collector.incident_files.add(incident_id)
        name_ok = check_file_name(incident_id, rel, collector.problems)
        if name_ok and incident_id in seen:
            collector.problems.append(
                error(
                    rel, 1, "", f"duplicate incident id '{incident_id}' (also {seen[incident_id]})"
                )
            )
            continue
        seen.setdefault(incident_id, rel)
        yield _IncidentFile(path, rel, incident_id, name_ok)


def _findings(
    files: list[_IncidentFile],
    config: SiteConfig,
    documents: DocumentCache | None,
    workers: int,
) -> list[FileFindings]:
    """Each file's findings: kept from the last build if its bytes are the same, the others
    checked now, by up to `workers` processes."""
    raws = [_raw(file.path, config) for file in files]
    site = "" if documents is None else site_fingerprint(config)
    keys = [  # None: checked now and not kept (no cache, or a file too large to read)
        file_key(site, file.rel, file.incident_id, raw)
        if documents is not None and raw is not None
        else None
        for file, raw in zip(files, raws, strict=True)
    ]
    kept = [documents.kept(key) if documents is not None and key else None for key in keys]
    missing = [n for n, found in enumerate(kept) if found is None]

    def check(n: int) -> FileFindings:
        file = files[n]
        return _check_incident_file(raws[n], file.path, file.rel, file.incident_id, config)

    checked = dict(zip(missing, render_all(check, missing, workers), strict=True))
    findings = [found or checked[n] for n, found in enumerate(kept)]
    if documents is not None:
        documents.used.update(
            (key, found) for key, found in zip(keys, findings, strict=True) if key is not None
        )
    return findings


def _raw(path: Path, config: SiteConfig) -> bytes | None:
    """The file's bytes; None for a file over the size limit (not held in memory: its check
    reports the size)."""
    if path.stat().st_size > config.options.max_file_kib * 1024:
        return None
    return path.read_bytes()


def _check_incident_file(
    raw: bytes | None, path: Path, rel: str, incident_id: str, config: SiteConfig
) -> FileFindings:
    """One file's findings; `raw` None for a file too large to read (it says how large)."""
    max_kib = config.options.max_file_kib
    if raw is None:
        document = read_document(path, rel, max_kib=max_kib)
    else:
        document = parse_document(raw, path, rel, max_kib=max_kib)
    if isinstance(document, Problem):
        return FileFindings((Finding(document),))
    fetches = document_problems(
        document, INCIDENT_MARKDOWN, config.fetch_hosts, config.options.allow_html
    )
    checked = check_incident(document, incident_id, config)
    return FileFindings((*map(Finding, fetches), *checked.findings), checked.incident)
