"""Planning an import: every file it writes, checked in a scratch copy of the site.

The plan says, for mkdocs.yml and each incident, maintenance and postmortem file, whether it
is created, updated, unchanged, or kept as it is (it differs from what the source says, and
only `--update` replaces it); what could not be carried over; and what `statusgen validate`
says about the site as the import would leave it. Nothing is written here: `commit` does
that, and only for a plan without errors.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from statusgen.authoring.text_edits import new_file
from statusgen.content.incident import Kind
from statusgen.content.names import slug_from_title, slugify
from statusgen.content.settings import SiteConfig
from statusgen.content.site import Content
from statusgen.errors import ImportRefused
from statusgen.status.timeline import component_statuses

from ..problems import Report, Severity
from .components import ComponentPlan, plan_components
from .existing import ExistingSite, read_existing
from .incidents import BuiltIncident, NotImportable, build_incident
from .mkdocs_config import ConfigEditError, with_components
from .planned import Action, ImportOptions, PlannedFile, PlannedItem, planned_file
from .postmortem_plan import drafts_for_refused, mark_not_required, plan_postmortems
from .scratch import ScratchSite
from .source import Finding, SourceData

HINT_LIMIT = 100
"""Longest source id kept as a file name; longer ones get a name from the title."""

__all__ = ["ImportOptions", "ImportPlan", "ImportRefused", "PlannedFile", "plan_import"]


@dataclass
class ImportPlan:
    source: SourceData
    config: SiteConfig
    files: list[PlannedFile]
    components: ComponentPlan
    findings: list[Finding]
    notes: list[str]
    report: Report
    other_problems: int = 0
    """Warnings in files the import does not write (statusgen validate lists them)."""
    config_diff: str = ""
    """The change to mkdocs.yml, as a unified diff."""

    @property
    def ok(self) -> bool:
        return self.report.errors == 0

    @property
    def writes(self) -> list[PlannedFile]:
        return [f for f in self.files if f.action in ("create", "update")]


def _refuse_folders_outside(config: SiteConfig) -> None:
    for folder, setting in (
        (config.incidents_dir, "incidents_dir"),
        (config.postmortems_dir, "postmortems_dir"),
    ):
        if not folder.resolve().is_relative_to(config.root):
            raise ImportRefused(
                f"{setting} is outside the folder of {config.config_file.name}: statusgen "
                "import writes only inside the site's folder"
            )


def plan_import(source: SourceData, config: SiteConfig, options: ImportOptions) -> ImportPlan:
    _refuse_folders_outside(config)
    findings = list(source.findings)
    notes = list(source.notes)
    components = plan_components(
        config.components,
        source.components,
        source.system,
        keep_keys=source.keep_component_keys,
        update=options.update,
    )
    findings.extend(components.findings)
    config_file = _config_file(config, components, notes)
    existing = read_existing(config, source.system)
    findings.extend(existing.findings)
    names = {**source.component_names, **{c.key: c.name for c in source.components}}
    if config.options.allow_html and source.bodies_are_markdown:
        notes.append(
            "this site lets incident text carry raw HTML (allow_html): the imported text is "
            "Markdown from the source, and any HTML in it reaches the page as it is"
        )
    if source.page_name and source.page_name != config.name:
        notes.append(
            f"the page is called '{source.page_name}' there; here site_name is '{config.name}' "
            f"(set it in {config.config_file.name} if it should change)"
        )
    items = _items(source, config, components, names, existing, findings)
    files = [config_file] if config_file.action != "unchanged" else []
    with ScratchSite(config, config_file.data.decode("utf-8")) as scratch:
        plan_postmortems(items, config, source, existing, options)
        not_required = mark_not_required(items, existing, source)
        if not_required:
            notes.append(
                f"{not_required} major or critical incidents had no postmortem at the source: "
                "their files say 'postmortem: not-required' (with the reason); remove it from "
                "any you will still write one for"
            )
        for item in items:
            files.append(_incident_file(item, config, options))
            if item.postmortem is not None:
                files.append(item.postmortem)
        for planned in files:
            if planned.action in ("create", "update"):
                scratch.write(scratch.rel(planned.path), planned.data)
        result = scratch.check(options.now)
        if drafts_for_refused(items, files, result.report.problems, source, options, scratch):
            result = scratch.check(options.now)
        if result.content is not None:
            findings.extend(_status_differences(source, components, result.content, options.now))
    written = {f.rel for f in files if f.action in ("create", "update")}
    relevant = [
        p for p in result.report.problems if p.path in written or p.severity is Severity.ERROR
    ]
    report = Report(tuple(relevant), result.report.files_checked)
    for item in items:
        target = config.display_path(item.path)
        findings.extend(Finding(item.built.source.label, m, target) for m in item.built.findings)
    return ImportPlan(
        source=source,
        config=config,
        files=files,
        components=components,
        findings=findings,
        notes=notes,
        report=report,
        other_problems=len(result.report.problems) - len(relevant),
        config_diff=_diff(config_file),
    )


def _diff(planned: PlannedFile) -> str:
    if planned.action == "unchanged" or planned.original is None:
        return ""
    before = planned.original.decode("utf-8").splitlines(keepends=True)
    after = planned.data.decode("utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{planned.rel}", f"b/{planned.rel}"))


def _config_file(config: SiteConfig, components: ComponentPlan, notes: list[str]) -> PlannedFile:
    original = config.config_file.read_bytes()
    rel = config.config_file.name
    if not components.touched:
        return PlannedFile(config.config_file, rel, "config", "unchanged", original, original)
    try:
        edited = with_components(original.decode("utf-8"), components.entries)
    except (ConfigEditError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"{rel}: {exc}") from None
    if not edited.exact_layout:
        notes.append(
            f"{rel}: the YAML library cannot write this file's layout back exactly; parts of it "
            "are re-indented (run with --dry-run to see the change)"
        )
    data = edited.text.encode("utf-8")
    action: Action = "unchanged" if data == original else "update"
    return PlannedFile(config.config_file, rel, "config", action, data, original)


def _items(
    source: SourceData,
    config: SiteConfig,
    components: ComponentPlan,
    names: dict[str, str],
    existing: ExistingSite,
    findings: list[Finding],
) -> list[PlannedItem]:
    built: list[tuple[BuiltIncident, Path | None]] = []
    for incident in source.incidents:
        earlier = existing.by_origin.get(incident.origin.id)
        try:
            item = build_incident(
                incident, components.ids, names, earlier.times() if earlier else ()
            )
        except NotImportable as exc:
            findings.append(Finding(incident.label, f"not imported: {exc}"))
            continue
        built.append((item, earlier.path if earlier else None))
    built.sort(key=lambda pair: (pair[0].began, pair[0].source.origin.id))
    taken = set(existing.incident_stems)
    items = []
    for item, path in built:
        if path is None:
            stem = _new_stem(item, taken)
            path = config.incidents_dir / f"{stem}.md"
        else:
            stem = path.stem
        taken.add(stem)
        items.append(PlannedItem(item, stem, path))
    return items


def _new_stem(item: BuiltIncident, taken: set[str]) -> str:
    hint = item.source.file_id
    if hint and hint not in taken and len(hint) <= HINT_LIMIT:
        return hint
    day = item.began.astimezone(UTC).date().isoformat()
    noun = "maintenance" if item.kind is Kind.MAINTENANCE else "incident"
    fallback = slugify(f"{noun}-{item.source.origin.id}")[:60].strip("-")
    base = f"{day}-{slug_from_title(item.title, fallback)}"
    stem, number = base, 2
    while stem in taken:
        stem, number = f"{base}-{number}", number + 1
    if stem != base:
        item.findings.append(f"another incident is called {base}: named {stem}")
    return stem


def _incident_file(item: PlannedItem, config: SiteConfig, options: ImportOptions) -> PlannedFile:
    built = item.built
    body = f"\n{built.body}\n" if built.body else ""
    data = new_file(built.front, body).encode("utf-8")
    what = "maintenance" if built.kind is Kind.MAINTENANCE else "incident"
    planned = planned_file(item.path, config.display_path(item.path), what, data, options.update)
    if planned.action == "kept":
        built.findings.append(
            "differs from what the source says now (changed there, or edited here): kept as "
            "it is; --update replaces it"
        )
    return planned


def _status_differences(
    source: SourceData, components: ComponentPlan, content: Content, now: datetime
) -> list[Finding]:
    """Components the source page shows out of service that the new page will not."""
    statuses = component_statuses(content.config.component_ids, content.incidents, now)
    found = []
    for component in source.components:
        target = components.ids.get(component.key)
        if component.status is None or target is None or target not in statuses:
            continue
        if statuses[target] is not component.status:
            found.append(
                Finding(
                    f"component '{component.name}'",
                    f"is {component.status.value} on the source page, but no open incident or "
                    f"maintenance says so: the new page shows it {statuses[target].value}",
                )
            )
    return found
