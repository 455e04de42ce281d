"""Reading an Atlassian Statuspage page: its public API (v2), saved JSON, or v1 exports.

The public API gives `components.json`, `incidents.json` (the 50 most recent incidents) and
`scheduled-maintenances.json` (the 50 most recent maintenances) at `<page>/api/v2/`. The
management API (v1, with a key) lists every incident, as a bare JSON array, with
`postmortem_body`; files saved from either are read from a folder: `components.json` (and
v1's `component-groups.json`), every `incidents*.json` and every
`scheduled-maintenances*.json`, so paged v1 exports can be saved side by side.

Update bodies are plain text on Statuspage (converted to Markdown that shows the same text);
statusgen's own `api/v2` holds Markdown, and is recognised by its incident links.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from statusgen.content.incident import ComponentStatus, Impact, Kind, Origin, UpdateStatus
from statusgen.content.names import INCIDENT_NAME

from .plain_text import markdown_body, plain_to_markdown
from .source import (
    Finding,
    SourceComponent,
    SourceData,
    SourceIncident,
    SourcePostmortem,
    SourceUpdate,
)
from .statuspage_components import ComponentTree
from .statuspage_documents import (
    COMPONENTS,
    MAINTENANCES,
    Documents,
    SourceError,
    fetch_documents,
    items_of,
    read_folder,
    text,
)
from .times import parse_time, shown_time

__all__ = ["BodyFormat", "SourceError", "read_statuspage"]

PUBLIC_LIMIT = 50
BodyFormat = Literal["auto", "text", "markdown"]
FINAL = ("resolved", "postmortem", "completed")


def read_statuspage(
    source: str, *, body_format: BodyFormat = "auto", timeout: float = 30
) -> SourceData:
    """The page at the address `source`, or the JSON files in the folder `source`."""
    folder = Path(source)
    if "://" not in source and folder.is_dir():
        documents = read_folder(folder)
    elif "://" in source:
        documents = fetch_documents(source, timeout)
    else:
        raise SourceError(f"{source}: no such folder, and not an http(s) address")
    return _Reader(documents, body_format).read()


class _Reader:
    def __init__(self, documents: Documents, body_format: BodyFormat) -> None:
        self.documents = documents
        self.body_format = body_format
        self.findings: list[Finding] = []
        self.notes: list[str] = []
        self.page: dict[str, Any] = {}
        self.names: dict[str, str] = {}

    def read(self) -> SourceData:
        for _, document in [*self.documents.components, *self.documents.incidents]:
            if isinstance(document, dict) and isinstance(document.get("page"), dict):
                self.page = document["page"]
                break
        raw_incidents = list(self._raw_incidents())
        statusgen = self._is_statusgen(raw_incidents)
        markdown = self.body_format == "markdown" or (self.body_format == "auto" and statusgen)
        components = self._components(raw_incidents)
        if markdown:
            self.notes.append(
                "update bodies read as Markdown"
                + (" (the page is a statusgen site)" if self.body_format == "auto" else "")
            )
        else:
            self.notes.append(
                "update bodies read as plain text, written as Markdown that shows the same text"
            )
        incidents: list[SourceIncident] = []
        seen: dict[str, int] = {}
        for kind, raw in raw_incidents:
            incident = self._incident(raw, kind, markdown)
            if incident is None:
                continue
            key = incident.origin.id
            if key in seen:
                # The same incident in two files (two pages of an export): keep the fuller one.
                if len(incident.updates) >= len(incidents[seen[key]].updates):
                    incidents[seen[key]] = incident
                continue
            seen[key] = len(incidents)
            incidents.append(incident)
        v1 = any(isinstance(document, list) for _, document in self.documents.incidents)
        for missing in self.documents.missing:
            if v1 and missing == MAINTENANCES:
                continue  # the management API lists maintenances with the incidents
            self.notes.append(f"{missing}: missing, so nothing was imported from it")
        return SourceData(
            system="statuspage",
            where=self.documents.where,
            components=components,
            incidents=incidents,
            notes=self.notes,
            findings=self.findings,
            keep_component_keys=statusgen,
            page_name=text(self.page.get("name")) or None,
            component_names=self.names,
            bodies_are_markdown=markdown,
        )

    def _raw_incidents(self) -> Iterator[tuple[Kind | None, dict[str, Any]]]:
        for files, key, kind in (
            (self.documents.incidents, "incidents", None),
            (self.documents.maintenances, "scheduled_maintenances", Kind.MAINTENANCE),
        ):
            for name, document in files:
                items, public = items_of(name, document, key)
                label = "incidents" if kind is None else "maintenances"
                self.notes.append(f"{name}: {len(items)} {label}")
                if public and len(items) >= PUBLIC_LIMIT:
                    self.notes.append(
                        f"{name} holds {len(items)} {label}, the most the public API returns: "
                        f"older {label} are not in it. To import every one, save the "
                        "management API's (v1) list of incidents (GET /v1/pages/PAGE_ID/"
                        "incidents, which includes postmortem_body) and import that folder"
                    )
                for item in items:
                    if isinstance(item, dict):
                        yield kind, item
                    else:
                        self.findings.append(
                            Finding(
                                name, f"an entry that is not an object was skipped: {item!r:.60}"
                            )
                        )

    def _page_url(self) -> str | None:
        url = text(self.page.get("url")) or self.documents.base_url
        return url.rstrip("/") + "/" if url else None

    def _is_statusgen(self, raw: list[tuple[Kind | None, dict[str, Any]]]) -> bool:
        """statusgen's own JSON links each incident to `<page>/incidents/<id>/`."""
        url = self._page_url()
        if not raw or url is None:
            return False
        return all(item.get("shortlink") == f"{url}incidents/{item.get('id')}/" for _, item in raw)

    # --- components -------------------------------------------------------------------

    def _components(
        self, raw_incidents: list[tuple[Kind | None, dict[str, Any]]]
    ) -> list[SourceComponent]:
        items: list[dict[str, Any]] = []
        for name, document in self.documents.components:
            listed, _ = items_of(name, document, "components")
            items.extend(item for item in listed if isinstance(item, dict) and item.get("id"))
        for name, document in self.documents.groups:
            listed, _ = items_of(name, document, "component_groups")
            items.extend(
                {**g, "group": True} for g in listed if isinstance(g, dict) and g.get("id")
            )
        for item in items:
            self.names[str(item["id"])] = text(item.get("name")) or str(item["id"])
        for _, incident in raw_incidents:
            self._learn_names(incident)
        if not self.documents.components:
            return self._components_from_incidents(raw_incidents)
        return list(ComponentTree(items, self.findings).components())

    def _learn_names(self, incident: dict[str, Any]) -> None:
        for component in incident.get("components") or []:
            if isinstance(component, dict) and component.get("id"):
                self.names.setdefault(str(component["id"]), text(component.get("name")))
        for update in incident.get("incident_updates") or []:
            for entry in (
                (update.get("affected_components") or []) if isinstance(update, dict) else []
            ):
                if isinstance(entry, dict) and entry.get("code"):
                    self.names.setdefault(str(entry["code"]), text(entry.get("name")))

    def _components_from_incidents(
        self, raw_incidents: list[tuple[Kind | None, dict[str, Any]]]
    ) -> list[SourceComponent]:
        found: dict[str, SourceComponent] = {}
        for _, incident in raw_incidents:
            for component in incident.get("components") or []:
                if (
                    isinstance(component, dict)
                    and component.get("id")
                    and not component.get("group")
                ):
                    key = str(component["id"])
                    found.setdefault(key, SourceComponent(key, self.names.get(key) or key))
        for key, name in self.names.items():
            found.setdefault(key, SourceComponent(key, name or key))
        if found:
            self.notes.append(
                f"{COMPONENTS} is missing: {len(found)} components taken from the incidents that "
                "name them (their groups, descriptions and order on the page are not known)"
            )
        return list(found.values())

    # --- incidents --------------------------------------------------------------------

    def _incident(
        self, raw: dict[str, Any], kind_hint: Kind | None, markdown: bool
    ) -> SourceIncident | None:
        source_id = str(raw.get("id") or "").strip()
        title = text(raw.get("name")).strip()
        if not source_id:
            self.findings.append(Finding(f"incident '{title}'", "has no id: not imported"))
            return None
        impact_text = text(raw.get("impact"))
        is_maintenance = (
            kind_hint is Kind.MAINTENANCE
            or raw.get("scheduled_for") is not None
            or impact_text == "maintenance"
        )
        kind = Kind.MAINTENANCE if is_maintenance else Kind.INCIDENT
        noun = "maintenance" if is_maintenance else "incident"
        page_url = self._page_url()
        incident = SourceIncident(
            origin=Origin(
                system="statuspage",
                id=source_id,
                url=f"{page_url}incidents/{source_id}" if page_url else None,
                shortlink=text(raw.get("shortlink")) or None,
            ),
            title=title,
            kind=kind,
            impact=None,
            updates=[],
            label=f'Statuspage {noun} "{title}" ({source_id})',
            file_id=source_id if INCIDENT_NAME.fullmatch(source_id) else None,
        )
        if impact_text in {i.value for i in Impact}:
            incident.impact = Impact(impact_text)
        elif impact_text and not is_maintenance:
            incident.findings.append(f"impact '{impact_text}' is not one statusgen knows")
        incident.started_at = self._time(raw.get("started_at"), incident, "started_at")
        incident.scheduled_for = self._time(raw.get("scheduled_for"), incident, "scheduled_for")
        incident.scheduled_until = self._time(
            raw.get("scheduled_until"), incident, "scheduled_until"
        )
        incident.resolved_at = self._time(raw.get("resolved_at"), incident, "resolved_at")
        status = text(raw.get("status"))
        incident.resolved = True if status in FINAL else None
        incident.named_components = [
            str(c["id"])
            for c in raw.get("components") or []
            if isinstance(c, dict) and c.get("id") and not c.get("group")
        ]
        postmortem_update: SourcePostmortem | None = None
        updates = raw.get("incident_updates")
        if updates is not None and not isinstance(updates, list):
            incident.findings.append("incident_updates is not a list: no updates imported")
            updates = []
        for raw_update in updates or []:
            if not isinstance(raw_update, dict):
                incident.findings.append(
                    f"an update that is not an object was skipped: {raw_update!r:.60}"
                )
                continue
            if raw_update.get("status") == "postmortem":
                at = self._time(
                    raw_update.get("display_at") or raw_update.get("created_at"),
                    incident,
                    "postmortem update",
                )
                postmortem_update = SourcePostmortem(
                    markdown_body(text(raw_update.get("body"))), at, "its postmortem update"
                )
                continue
            update = self._update(raw_update, incident, markdown)
            if update is not None:
                incident.updates.append(update)
        incident.postmortem = self._postmortem(raw, incident) or postmortem_update
        if status == "postmortem" and incident.postmortem is None:
            incident.findings.append(
                "has a postmortem on Statuspage that the public API does not include: import "
                "a management API (v1) export to bring it over"
            )
        return incident

    def _time(self, value: Any, incident: SourceIncident, what: str) -> datetime | None:
        if value is None or value == "":
            return None
        parsed = parse_time(value)
        if parsed is None:
            incident.findings.append(f"{what} '{value}' is not a time: left out")
            return None
        moment, naive = parsed
        if naive:
            incident.findings.append(f"{what} '{value}' has no time zone: read as UTC")
        return moment

    def _update(
        self, raw: dict[str, Any], incident: SourceIncident, markdown: bool
    ) -> SourceUpdate | None:
        body_raw = text(raw.get("body"))
        flat = " ".join(body_raw.split())
        shown = flat if len(flat) <= 60 else flat[:59].rstrip() + "…"
        display = raw.get("display_at")
        at = self._time(display, incident, "display_at") if display else None
        if at is None:
            at = self._time(raw.get("created_at"), incident, "created_at")
            if at is not None and not display:
                incident.findings.append(
                    f"update of {shown_time(at)} has no display_at: dated by created_at"
                )
        if at is None:
            incident.findings.append(f"an update without a time was not imported: '{shown}'")
            return None
        status_text = text(raw.get("status"))
        try:
            status: UpdateStatus | None = UpdateStatus(status_text)
        except ValueError:
            status = None
        body = markdown_body(body_raw) if markdown else plain_to_markdown(body_raw)
        update = SourceUpdate(at=at, status=status, status_text=status_text, body=body)
        affected = raw.get("affected_components")
        for entry in affected if isinstance(affected, list) else []:
            self._affected(entry, update, incident)
        return update

    def _affected(self, entry: Any, update: SourceUpdate, incident: SourceIncident) -> None:
        when = f"update of {shown_time(update.at)}"
        if not isinstance(entry, dict):
            incident.findings.append(
                f"{when}: an affected component that is not an object: {entry!r:.60}"
            )
            return
        name = text(entry.get("name"))
        code = text(entry.get("code")) or self._code_of(name)
        if not code:
            incident.findings.append(f"{when}: '{name}' names no component (no code): left out")
            return
        try:
            update.components[code] = ComponentStatus(text(entry.get("new_status")))
        except ValueError:
            incident.findings.append(
                f"{when}: component '{name or code}' has status {entry.get('new_status')!r}, "
                "which is not a component status: left out"
            )

    def _code_of(self, name: str) -> str:
        matches = [k for k, n in self.names.items() if n and n.casefold() == name.casefold()]
        return matches[0] if len(matches) == 1 else ""

    def _postmortem(self, raw: dict[str, Any], incident: SourceIncident) -> SourcePostmortem | None:
        body = text(raw.get("postmortem_body"))
        if not body.strip() or raw.get("postmortem_ignored") is True:
            return None
        published = self._time(
            raw.get("postmortem_published_at"), incident, "postmortem_published_at"
        )
        return SourcePostmortem(markdown_body(body), published, "postmortem_body")
