"""Statuspage's components as statusgen components: groups flattened into `group` names.

Statuspage nests components in groups (an item with `group: true` lists its children, or a
child names its `group_id`), ordered by `position`. statusgen has one level: each component
names its group. What does not carry over (a group's description, "only show if degraded",
a start date) is a finding in the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statusgen.content.incident import ComponentStatus

from .source import Finding, SourceComponent
from .statuspage_documents import text


class ComponentTree:
    """Statuspage's components in page order: groups (`group: true`) hold their children."""

    def __init__(self, items: list[dict[str, Any]], findings: list[Finding]) -> None:
        self.findings = findings
        self.groups = {str(i["id"]): i for i in items if i.get("group") is True}
        self.members: dict[str, list[dict[str, Any]]] = {g: [] for g in self.groups}
        self.top: list[dict[str, Any]] = []
        seen: set[str] = set()
        for item in items:
            key = str(item["id"])
            if key in seen:
                continue
            seen.add(key)
            if key in self.groups:
                self.top.append(item)
                continue
            group_id = item.get("group_id")
            parent = next(
                (g for g, group in self.groups.items() if key in (group.get("components") or [])),
                str(group_id) if group_id else None,
            )
            if parent is not None and parent in self.groups:
                self.members[parent].append(item)
            else:
                if parent is not None:
                    findings.append(
                        Finding(
                            f"component '{item.get('name')}'",
                            f"its group ({parent}) is not on the page: imported without a group",
                        )
                    )
                self.top.append(item)

    @staticmethod
    def _position(item: dict[str, Any]) -> float:
        value = item.get("position")
        return float(value) if isinstance(value, int | float) else float("inf")

    def components(self) -> Iterator[SourceComponent]:
        names: dict[str, int] = {}
        for item in sorted(self.top, key=self._position):
            key = str(item["id"])
            if key not in self.groups:
                yield self._component(item, None)
                continue
            name = text(item.get("name")).strip() or key
            names[name] = names.get(name, 0) + 1
            subject = f"group '{name}'"
            if names[name] == 2:
                self.findings.append(
                    Finding(subject, "two groups have this name: statusgen shows them as one group")
                )
            if text(item.get("description")).strip():
                self.findings.append(
                    Finding(subject, "its description was not imported: statusgen groups have none")
                )
            children = sorted(self.members[key], key=self._position)
            if not children:
                self.findings.append(
                    Finding(
                        subject,
                        "has no components: statusgen shows a group only through its components",
                    )
                )
            for child in children:
                yield self._component(child, name)

    def _component(self, item: dict[str, Any], group: str | None) -> SourceComponent:
        key = str(item["id"])
        name = text(item.get("name")).strip() or key
        subject = f"component '{name}'"
        if item.get("only_show_if_degraded") is True:
            self.findings.append(
                Finding(
                    subject, "shown only while degraded on Statuspage: statusgen always shows it"
                )
            )
        if item.get("start_date"):
            self.findings.append(
                Finding(
                    subject,
                    f"start date {item['start_date']} not kept: statusgen counts availability "
                    "from the incidents over its last days",
                )
            )
        try:
            status: ComponentStatus | None = ComponentStatus(text(item.get("status")))
        except ValueError:
            status = None
        description = text(item.get("description")).strip() or None
        return SourceComponent(
            key=key,
            name=name,
            description=" ".join(description.split()) if description else None,
            group=group,
            uptime=item.get("showcase") is not False,
            status=status,
        )
