"""An import's postmortems: the source's, arranged or drafted, and the ones it never had.

A postmortem the source published is arranged into statusgen's brief sections, or written
as a draft that says why it cannot be published as it is; one that statusgen's checks then
refuse in the scratch site becomes such a draft too. A serious incident without one says
`postmortem: not-required`, so that validate does not ask for a postmortem for every
incident of the page's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from statusgen.content.incident import Kind
from statusgen.content.postmortem.rules import postmortem_rules
from statusgen.content.settings import SiteConfig

from ..problems import Problem, Severity
from . import postmortem as pm
from .existing import ExistingSite
from .planned import SOURCE_NAMES, ImportOptions, PlannedFile, PlannedItem, planned_file
from .scratch import ScratchSite
from .source import SourceData


def plan_postmortems(
    items: Sequence[PlannedItem],
    config: SiteConfig,
    source: SourceData,
    existing: ExistingSite,
    options: ImportOptions,
) -> None:
    where = SOURCE_NAMES[source.system]
    for item in items:
        written = item.built.source.postmortem
        if written is None:
            continue
        path = existing.postmortem_paths.get(item.stem) or (
            config.postmortems_dir / f"{item.stem}.md"
        )
        others = [p for p in existing.named_by_postmortems.get(item.stem, []) if p != path]
        if others:
            item.built.findings.append(
                f"already has a postmortem ({others[0].name}): the source's postmortem was not "
                "imported"
            )
            continue
        arranged = pm.arrange(written.body)
        reasons = pm.needs_draft(written, arranged, item.built.resolved_at)
        if reasons:
            text = pm.draft_text(
                item.stem, options.postmortem_owner, written, arranged, where, reasons
            )
            item.built.findings.append("postmortem imported as a draft: " + "; ".join(reasons))
        else:
            text = pm.published_text(item.stem, options.postmortem_owner, written, arranged)
        item.postmortem_parts = (arranged, where)
        item.postmortem = planned_file(
            path, config.display_path(path), "postmortem", text.encode("utf-8"), options.update
        )
        if item.postmortem.action == "kept":
            item.built.findings.append(
                f"its postmortem differs from {path.name} here: kept as it is; --update replaces it"
            )


def mark_not_required(
    items: Sequence[PlannedItem], existing: ExistingSite, source: SourceData
) -> int:
    """Serious incidents the source never wrote a postmortem for say so, so validate does
    not ask for one for every incident of the page's history."""
    due = postmortem_rules().postmortem_due.impacts
    count = 0
    for item in items:
        built = item.built
        if (
            built.kind is not Kind.INCIDENT
            or built.impact not in due
            or built.resolved_at is None
            or item.postmortem is not None
            or existing.named_by_postmortems.get(item.stem)
        ):
            continue
        front: dict[str, Any] = {}
        for key, value in built.front.items():
            if key == "origin":
                front["postmortem"] = "not-required"
                front["postmortem_reason"] = (
                    f"Imported from {SOURCE_NAMES[source.system]}, where it had no postmortem."
                )
            front[key] = value
        built.front = front
        count += 1
    return count


def drafts_for_refused(
    items: Sequence[PlannedItem],
    files: list[PlannedFile],
    problems: Sequence[Problem],
    source: SourceData,
    options: ImportOptions,
    scratch: ScratchSite,
) -> bool:
    """A published postmortem statusgen refuses becomes a draft that says why."""
    changed = False
    for item in items:
        planned = item.postmortem
        if (
            planned is None
            or planned.action not in ("create", "update")
            or item.postmortem_parts is None
        ):
            continue
        errors = [
            p.message for p in problems if p.path == planned.rel and p.severity is Severity.ERROR
        ]
        if not errors or b"status: published" not in planned.data:
            continue
        arranged, where = item.postmortem_parts
        written = item.built.source.postmortem
        assert written is not None
        text = pm.draft_text(item.stem, options.postmortem_owner, written, arranged, where, errors)
        item.built.findings.append("postmortem imported as a draft: " + "; ".join(errors))
        replacement = planned_file(
            planned.path, planned.rel, "postmortem", text.encode("utf-8"), options.update
        )
        files[files.index(planned)] = replacement
        item.postmortem = replacement
        if replacement.action in ("create", "update"):
            scratch.write(scratch.rel(replacement.path), replacement.data)
        changed = True
    return changed
