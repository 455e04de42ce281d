"""Which statusgen component each source component becomes, and what changes in mkdocs.yml.

A component imported before carries its source id (`origin`), so it is found again even when
it was renamed at the source or here. Otherwise a component whose id is the slug of the
source's name is taken to be the same one (the ids `statusgen init` writes are such slugs),
and anything else is new: it gets the slug of its name, or of its group and name, or a
number, whichever is free. Existing settings change only with `--update`; components that
are not on the source page stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from statusgen.content.incident import Origin
from statusgen.content.names import slug_from_title
from statusgen.content.settings import ID_PATTERN, ComponentConfig

from .source import Finding, SourceComponent, System

_ID = re.compile(ID_PATTERN)
FIELDS = ("name", "description", "group", "uptime")


@dataclass
class ComponentPlan:
    ids: dict[str, str] = field(default_factory=dict)
    """Source key → statusgen component id."""
    entries: list[dict[str, Any]] = field(default_factory=list)
    """The statusgen entry of every component, in the order mkdocs.yml will list them."""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    """Existing components whose settings the source's replace (only with --update)."""
    linked: list[str] = field(default_factory=list)
    """Existing components that now record which source component they are."""
    kept: list[str] = field(default_factory=list)
    """Existing components that are not on the source page."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.linked)


def _entry(component: ComponentConfig) -> dict[str, Any]:
    return component.model_dump(exclude_defaults=True, mode="json")


def _wanted(source: SourceComponent, system: System, entry: dict[str, Any]) -> dict[str, Any]:
    wanted: dict[str, Any] = {"id": entry["id"], "name": source.name}
    if source.description:
        wanted["description"] = source.description
    if source.group:
        wanted["group"] = source.group
    if not source.uptime:
        wanted["uptime"] = False
    wanted["origin"] = {"system": system, "id": source.key}
    return wanted


def _differences(entry: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    defaults = {"uptime": True}
    return [
        name
        for name in FIELDS
        if entry.get(name, defaults.get(name)) != wanted.get(name, defaults.get(name))
    ]


def _candidates(source: SourceComponent, keep_key: bool) -> list[str]:
    base = source.key if keep_key and _ID.match(source.key) else slug_from_title(source.name, "")
    base = base or "component"
    found = [base]
    if source.group:
        found.append(f"{slug_from_title(source.group, 'group')}-{base}")
    return found


def plan_components(
    existing: Sequence[ComponentConfig],
    sources: Sequence[SourceComponent],
    system: System,
    *,
    keep_keys: bool,
    update: bool,
) -> ComponentPlan:
    plan = ComponentPlan(entries=[_entry(c) for c in existing])
    by_id = {entry["id"]: entry for entry in plan.entries}
    by_origin = {
        (c.origin.system, c.origin.id): c.id for c in existing if isinstance(c.origin, Origin)
    }
    claimed: set[str] = set()
    for source in sources:
        subject = f"component '{source.name}'"
        known = by_origin.get((system, source.key))
        if known is None:
            known = _adoptable(source, by_id, claimed, keep_keys)
        if known is not None:
            claimed.add(known)
            plan.ids[source.key] = known
            _reconcile(plan, by_id[known], source, system, update, subject)
            continue
        new_id = _free_id(source, by_id, keep_keys)
        if new_id != _candidates(source, keep_keys)[0]:
            plan.findings.append(
                Finding(
                    subject,
                    f"id '{_candidates(source, keep_keys)[0]}' is taken by another component: "
                    f"imported as '{new_id}'",
                )
            )
        entry = _wanted(source, system, {"id": new_id})
        _insert(plan.entries, entry)
        by_id[new_id] = entry
        claimed.add(new_id)
        plan.ids[source.key] = new_id
        plan.added.append(new_id)
    plan.kept = [e["id"] for e in plan.entries if e["id"] not in claimed]
    return plan


def _adoptable(
    source: SourceComponent, by_id: dict[str, dict[str, Any]], claimed: set[str], keep_keys: bool
) -> str | None:
    """An existing component without an origin whose id is what this one would be called."""
    candidate = _candidates(source, keep_keys)[0]
    entry = by_id.get(candidate)
    if entry is None or candidate in claimed or entry.get("origin") is not None:
        return None
    return candidate


def _free_id(source: SourceComponent, by_id: dict[str, dict[str, Any]], keep_keys: bool) -> str:
    candidates = _candidates(source, keep_keys)
    for candidate in candidates:
        if candidate not in by_id:
            return candidate
    number = 2
    while f"{candidates[0]}-{number}" in by_id:
        number += 1
    return f"{candidates[0]}-{number}"


def _reconcile(
    plan: ComponentPlan,
    entry: dict[str, Any],
    source: SourceComponent,
    system: System,
    update: bool,
    subject: str,
) -> None:
    wanted = _wanted(source, system, entry)
    differences = _differences(entry, wanted)
    origin_missing = entry.get("origin") != wanted["origin"]
    if differences and not update:
        shown = ", ".join(
            f"{name} {wanted.get(name)!r} (here {entry.get(name)!r})" for name in differences
        )
        plan.findings.append(
            Finding(
                subject,
                f"'{entry['id']}' differs from the source in {shown}: kept as it is "
                "(--update takes the source's)",
            )
        )
    if (differences and update) or origin_missing:
        replacement = dict(wanted) if update else {**entry, "origin": wanted["origin"]}
        index = plan.entries.index(entry)
        entry.clear()
        entry.update(replacement)
        plan.entries[index] = entry
        (plan.changed if differences and update else plan.linked).append(entry["id"])


def _insert(entries: list[dict[str, Any]], entry: dict[str, Any]) -> None:
    """After the last component of the same group, so each group stays together; else last."""
    group = entry.get("group")
    if group is not None:
        for index in range(len(entries) - 1, -1, -1):
            if entries[index].get("group") == group:
                entries.insert(index + 1, entry)
                return
    entries.append(entry)
