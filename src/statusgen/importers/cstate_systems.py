"""A cState site's systems and categories, as statusgen components and groups.

cState lists its systems under `params.systems` in config.yml, each with a name, an optional
description and category; `params.categories` orders the categories, and an `untitled` one
shows its systems without a heading. A system's key in statusgen is its name: posts name the
systems they affect by name.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from statusgen.render.markdown import plain_text

from .source import Finding, SourceComponent


def read_systems(params: dict[str, Any], findings: list[Finding]) -> list[SourceComponent]:
    """The components, in category order then as listed; what was left out goes to `findings`."""
    categories = [c for c in params.get("categories") or [] if isinstance(c, dict)]
    order = [str(c.get("name")) for c in categories if c.get("name")]
    untitled = {str(c.get("name")) for c in categories if c.get("untitled") is True}
    for category in categories:
        if str(category.get("description") or "").strip():
            findings.append(
                Finding(
                    f"category '{category.get('name')}'",
                    "its description was not imported: statusgen groups have none",
                )
            )
    systems: list[tuple[int, int, SourceComponent]] = []
    for index, raw in enumerate(params.get("systems") or []):
        component = _system(raw, order, untitled, findings)
        if component is None:
            continue
        named = _category_of(raw)
        rank = order.index(named) if named in order else len(order)
        systems.append((rank, index, component))
    return [component for _, _, component in sorted(systems, key=lambda s: (s[0], s[1]))]


def _category_of(raw: Any) -> str | None:
    return str(raw.get("category")) if isinstance(raw, dict) and raw.get("category") else None


def _system(
    raw: Any, order: list[str], untitled: set[str], findings: list[Finding]
) -> SourceComponent | None:
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
        findings.append(Finding("config.yml", f"a system without a name was skipped: {raw!r:.60}"))
        return None
    name = str(raw["name"]).strip()
    subject = f"system '{name}'"
    category = _category_of(raw)
    if category is not None and category not in order:
        findings.append(
            Finding(
                subject,
                f"its category '{category}' is not in categories: imported without a group",
            )
        )
        category = None
    for key in ("link", "partial"):
        if raw.get(key):
            findings.append(
                Finding(
                    subject,
                    f"its {key} ({raw[key]}) was not imported: statusgen components have none",
                )
            )
    description = str(raw.get("description") or "").strip()
    shown = plain_text(description) if description else None
    return SourceComponent(
        key=name,
        name=name,
        description=shown or None,
        group=None if category in untitled else category,
    )


def system_key(names: Collection[str], name: str) -> str | None:
    """The system a post's `affected` entry names: exactly, else the one equal ignoring case."""
    if name in names:
        return name
    folded = [k for k in names if k.casefold() == name.strip().casefold()]
    return folded[0] if len(folded) == 1 else None
