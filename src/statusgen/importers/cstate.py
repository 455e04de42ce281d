"""Reading a cState site: the systems of its config.yml and the posts in content/issues/.

cState (a Hugo theme) keeps each incident as Markdown: front-matter with `title`, `date`,
`resolved`, `resolvedWhen`, `severity` (`down`, `disrupted`, `notice`), `affected` system
names and `informational`, and a body whose paragraphs `*Stage* - text {{< track "time" >}}`
are its updates, newest first, often with a `---` rule and a post-mortem. Dates have no time
zone: they are read in the zone the import is given (`--timezone`), else the site's
`timeZone`, else UTC, and the report says which.

How cState's words map to statusgen's (the README has the table):

- severity `down` → impact major, components major_outage; `disrupted` → minor and
  partial_outage; `notice` → minor and degraded_performance.
- An informational post → an incident of impact none, resolved when posted, naming its
  systems without changing their status; with an end (`resolvedWhen` after `date`) and
  informational or "maintenance" in its title → a maintenance with that window.
- Stage words → update statuses, ignoring case ("Investigating", "Monitoring", "Resolved"…;
  "Update" keeps the status of the update before it); other words → the nearest status,
  and a line in the report.
- A post-mortem part stays in the incident's text: statusgen postmortems have required
  sections that a few free paragraphs do not fill (`statusgen new postmortem` starts one).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from statusgen.content.files import scan_content_files
from statusgen.content.incident import ComponentStatus, Impact, Kind, Origin, UpdateStatus
from statusgen.content.load import read_document
from statusgen.content.yaml_front_matter import parse_yaml
from statusgen.errors import ImportRefused, YamlShapeError

from ..problems import Problem
from . import times
from .cstate_posts import RawUpdate, prose_findings, split_body, timed_updates
from .cstate_systems import read_systems, system_key
from .plain_text import markdown_body
from .source import Finding, SourceComponent, SourceData, SourceIncident, SourceUpdate
from .times import BadZone, parse_time, shown_time, zone_from

CONFIG_NAMES = ("config.yml", "config.yaml", "hugo.yml", "hugo.yaml", "config.toml", "hugo.toml")
SEVERITY = {
    "down": (Impact.MAJOR, ComponentStatus.MAJOR_OUTAGE),
    "disrupted": (Impact.MINOR, ComponentStatus.PARTIAL_OUTAGE),
    "notice": (Impact.MINOR, ComponentStatus.DEGRADED_PERFORMANCE),
}
DEFAULT_SEVERITY = "disrupted"


class CstateError(ImportRefused):
    """The folder is not a cState site statusgen can read: nothing is imported."""


def read_cstate(directory: Path, *, zone_name: str | None = None, now: datetime) -> SourceData:
    config_path = next((directory / n for n in CONFIG_NAMES if (directory / n).is_file()), None)
    if config_path is None:
        raise CstateError(f"{directory}: no config.yml (or hugo.toml…): not a cState site")
    config = _read_config(config_path)
    zone, why = _zone(config, zone_name)
    reader = _Reader(directory, config, zone, now)
    components = reader.systems()
    incidents = list(reader.issues())
    notes = [
        f"{config_path.name}: {len(components)} systems",
        f"content/issues: {reader.files} posts, {len(incidents)} imported",
        f"cState's dates without a time zone are read as {times.zone_name(zone)} ({why})",
        *reader.notes,
    ]
    return SourceData(
        system="cstate",
        where=f"the cState site in {directory}",
        components=components,
        incidents=incidents,
        notes=notes,
        findings=reader.findings,
        page_name=config.get("title") if isinstance(config.get("title"), str) else None,
        component_names={c.key: c.name for c in components},
    )


def _read_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CstateError(f"{path}: cannot read it ({exc})") from None
    try:
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        else:
            data, _ = parse_yaml(text.removeprefix("\ufeff"), tolerate_tags=True)
    except (YamlShapeError, tomllib.TOMLDecodeError) as exc:
        message = exc.message if isinstance(exc, YamlShapeError) else str(exc)
        raise CstateError(f"{path}: {message}") from None
    if not isinstance(data, dict):
        raise CstateError(f"{path}: not a mapping of settings")
    return data


def _zone(config: dict[str, Any], given: str | None) -> tuple[tzinfo, str]:
    if given:
        return zone_from(given), "--timezone"
    setting = config.get("timeZone") or config.get("timezone")
    if isinstance(setting, str) and setting.strip():
        try:
            return zone_from(setting), f"the site's timeZone setting, {setting}"
        except BadZone:
            pass
    return UTC, "the default; give --timezone if the site's dates are local times"


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


class _Reader:
    def __init__(self, directory: Path, config: dict[str, Any], zone: tzinfo, now: datetime):
        self.directory = directory
        self.config = config
        params = config.get("params")
        self.params: dict[str, Any] = params if isinstance(params, dict) else {}
        self.zone = zone
        self.now = now
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.files = 0
        self.system_names: list[str] = []
        base = config.get("baseURL") or config.get("baseurl") or ""
        self.base_url = base.rstrip("/") + "/" if isinstance(base, str) and "://" in base else None

    # --- systems ----------------------------------------------------------------------

    def systems(self) -> list[SourceComponent]:
        components = read_systems(self.params, self.findings)
        self.system_names = [c.key for c in components]
        return components

    def issues(self) -> Iterator[SourceIncident]:
        content_dir = self.config.get("contentDir") or "content"
        folder = self.directory / str(content_dir) / "issues"
        if not folder.is_dir():
            self.notes.append(
                f"{folder.relative_to(self.directory)}: missing, so there are no posts to import"
            )
            return
        # The content scan lists regular files only, and refuses links out of the site.
        scan = scan_content_files(folder, self.directory)
        for problem in scan.problems:
            self.findings.append(Finding(problem.path, f"{problem.message}: not imported"))
        for path in scan.files:
            if path.suffix != ".md" or path.name.startswith("_"):
                continue
            self.files += 1
            incident = self._issue(path, path.relative_to(folder).with_suffix("").as_posix())
            if incident is not None:
                yield incident

    def _document(self, path: Path, rel: str) -> tuple[dict[str, Any], str] | None:
        text = (
            path.read_bytes()
            .decode("utf-8", "replace")
            .removeprefix("\ufeff")
            .replace("\r\n", "\n")
        )
        if text.startswith("+++"):
            head, separator, body = text[3:].partition("\n+++")
            try:
                return tomllib.loads(head), body.partition("\n")[2] if separator else ""
            except tomllib.TOMLDecodeError as exc:
                self.findings.append(
                    Finding(rel, f"its TOML front-matter cannot be read ({exc}): not imported")
                )
                return None
        document = read_document(path, rel)
        if isinstance(document, Problem):
            self.findings.append(Finding(rel, f"cannot be read ({document.message}): not imported"))
            return None
        return document.data, document.body

    def _time(self, value: Any, incident: SourceIncident, what: str) -> datetime | None:
        if value is None or value == "":
            return None
        parsed = parse_time(value, self.zone)
        if parsed is None:
            incident.findings.append(f"{what} '{value}' is not a time: left out")
            return None
        return parsed[0]

    def _issue(self, path: Path, key: str) -> SourceIncident | None:
        rel = f"content/issues/{key}.md"
        read = self._document(path, rel)
        if read is None:
            return None
        data, body = read
        title = str(data.get("title") or "").strip()
        label = f'cState post "{title}" ({rel})'
        if data.get("draft") is True:
            self.findings.append(
                Finding(label, "a draft, not published on the cState site: not imported")
            )
            return None
        informational = data.get("informational") is True
        incident = SourceIncident(
            origin=Origin(system="cstate", id=key, url=self._url(key, data)),
            title=title,
            kind=Kind.INCIDENT,
            impact=None,
            updates=[],
            label=label,
        )
        date = self._time(data.get("date"), incident, "date")
        if date is None:
            self.findings.append(Finding(label, "has no date: not imported"))
            return None
        ended = self._time(data.get("resolvedWhen"), incident, "resolvedWhen")
        window = ended is not None and ended > date
        if ended is not None and ended < date:
            incident.findings.append(
                f"resolvedWhen ({shown_time(ended)}) is before its date ({shown_time(date)})"
            )
        maintenance = window and (informational or "maintenance" in title.lower())
        incident.kind = Kind.MAINTENANCE if maintenance else Kind.INCIDENT
        if data.get("pin") is True:
            incident.findings.append("pinned in cState: statusgen has no pinned posts")
        keys = self._affected(data.get("affected"), incident)
        status = self._severity(data, incident, informational, maintenance)
        incident.named_components = keys
        parts = split_body(body)
        updates = [u for part in parts if part.updates for u in part.updates]
        prose = [part.text for part in parts if not part.updates and part.text]
        incident.findings.extend(prose_findings(prose, updates))
        self._updates(incident, updates, prose, date, ended, status, keys, informational)
        if incident.kind is Kind.MAINTENANCE:
            assert ended is not None
            incident.scheduled_for, incident.scheduled_until = date, ended
            incident.resolved = None
        elif informational:
            incident.resolved = True
            incident.resolved_at = incident.updates[0].at if incident.updates else date
        else:
            incident.resolved = data.get("resolved") is True
            incident.resolved_at = ended if ended is not None and ended >= date else None
            incident.started_at = date
        return incident

    def _url(self, key: str, data: dict[str, Any]) -> str | None:
        if self.base_url is None:
            return None
        url, slug = data.get("url"), data.get("slug")
        if isinstance(url, str):
            return self.base_url + url.lstrip("/")
        return f"{self.base_url}issues/{slug if isinstance(slug, str) else key.rsplit('/', 1)[-1]}/"

    def _affected(self, value: Any, incident: SourceIncident) -> list[str]:
        keys = []
        for name in _texts(value):
            key = system_key(self.system_names, name)
            if key is None:
                incident.findings.append(f"affected system '{name}' is not in config.yml: left out")
            else:
                keys.append(key)
        return list(dict.fromkeys(keys))

    def _severity(
        self, data: dict[str, Any], incident: SourceIncident, informational: bool, maintenance: bool
    ) -> ComponentStatus | None:
        """The component status the post gives its systems (None: it names them only)."""
        if informational or maintenance:
            incident.impact = Impact.NONE if informational and not maintenance else None
            if maintenance and data.get("severity"):
                incident.findings.append(
                    f"severity '{data['severity']}' of a maintenance: its systems are under "
                    "maintenance during the window"
                )
            return None
        severity = str(data.get("severity") or "").strip().lower()
        if severity not in SEVERITY:
            incident.findings.append(
                f"severity '{data.get('severity') or ''}' is not down, disrupted or notice: read "
                f"as {DEFAULT_SEVERITY}"
            )
            severity = DEFAULT_SEVERITY
        incident.impact, status = SEVERITY[severity]
        return status

    def _updates(
        self,
        incident: SourceIncident,
        raw: Sequence[RawUpdate],
        prose: Sequence[str],
        date: datetime,
        ended: datetime | None,
        status: ComponentStatus | None,
        keys: Sequence[str],
        informational: bool,
    ) -> None:
        kind = incident.kind
        if raw:
            incident.body = "\n\n---\n\n".join(prose)
            updates = timed_updates(incident, raw, date, ended, self.zone)
        else:
            # A post without update paragraphs: its text is what readers were told.
            at, guessed = date, False
            if kind is Kind.MAINTENANCE and date > self.now:
                at, guessed = self.now.replace(second=0, microsecond=0), True
                incident.findings.append(
                    f"announced for {shown_time(date)}, with no time of its own: dated "
                    "when first imported"
                )
            first = {Kind.MAINTENANCE: UpdateStatus.SCHEDULED}.get(kind)
            first = first or (
                UpdateStatus.RESOLVED if informational else UpdateStatus.INVESTIGATING
            )
            text = "\n\n---\n\n".join(prose) or incident.title
            updates = [
                SourceUpdate(at, first, first.value, markdown_body(text), guessed_time=guessed)
            ]
        if status is not None and keys:
            oldest = min(updates, key=lambda u: u.at)
            oldest.components = dict.fromkeys(keys, status)
        incident.updates = updates
