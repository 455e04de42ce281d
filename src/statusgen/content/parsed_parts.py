"""What parsed of a front-matter that does not validate as a whole, field by field.

One mistake must not hide the others: a file with a naive time and a mistyped status still
gets its unknown component and its update order checked in the same run. The semantic
checks read this view, in which a value that failed is None and its field is listed in
`failed`, so they skip what pydantic already reported instead of adding to it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from .incident import ComponentStatus, Impact, IncidentFrontMatter, Kind, Update, UpdateStatus


@dataclass(frozen=True)
class ParsedUpdate:
    at: datetime | None
    status: UpdateStatus | None
    body: str | None
    components: dict[str, ComponentStatus] | None
    next_update_at: datetime | None = None


@dataclass(frozen=True)
class ParsedFrontMatter:
    """The fields the semantic checks read; None where a value is absent or did not parse."""

    kind: Kind | None
    impact: Impact | None
    components: dict[str, ComponentStatus]
    started_at: datetime | None
    scheduled_for: datetime | None
    scheduled_until: datetime | None
    updates: list[ParsedUpdate]
    postmortem: Literal["not-required"] | None
    postmortem_reason: str | None
    failed: frozenset[str] = frozenset()
    """Top-level fields whose value did not parse (their errors are reported already)."""

    @classmethod
    def of(cls, front: IncidentFrontMatter) -> ParsedFrontMatter:
        """A front-matter that validated: every field parsed."""
        return cls(
            kind=front.kind,
            impact=front.impact,
            components=dict(front.components),
            started_at=front.started_at,
            scheduled_for=front.scheduled_for,
            scheduled_until=front.scheduled_until,
            updates=[
                ParsedUpdate(u.at, u.status, u.body, u.components, u.next_update_at)
                for u in front.updates
            ],
            postmortem=front.postmortem,
            postmortem_reason=front.postmortem_reason,
        )

    @classmethod
    def parts_of(cls, data: dict[str, Any]) -> ParsedFrontMatter:
        """Every field of `data` that parses on its own; the rest is None and `failed`."""
        values: dict[str, Any] = {}
        # A mistyped key ('impcat') is reported as unknown with the field it means: that
        # field is not also missing.
        failed = {_meant(key) for key in data if key not in IncidentFrontMatter.model_fields}
        for name in _FIELDS:
            if name not in data:
                values[name] = _default(IncidentFrontMatter, name)
                continue
            parsed = _field(IncidentFrontMatter, name, data[name])
            if parsed is _FAILED:
                failed.add(name)
            values[name] = None if parsed is _FAILED else parsed
        components = _components(data.get("components"))
        raw_updates = data.get("updates")
        updates = [_update(item) for item in raw_updates] if isinstance(raw_updates, list) else []
        if not isinstance(raw_updates, list):
            failed.add("updates")  # pydantic reports it missing, or not a list
        return cls(
            **values,
            components=components if components is not None else {},
            updates=updates,
            failed=frozenset(failed),
        )


_FIELDS = (
    "kind",
    "impact",
    "started_at",
    "scheduled_for",
    "scheduled_until",
    "postmortem",
    "postmortem_reason",
)
_FAILED = object()


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def _meant(key: Any) -> str:
    """The field a mistyped key most likely means (as the unknown-field message suggests)."""
    close = difflib.get_close_matches(str(key), list(IncidentFrontMatter.model_fields), 1, 0.6)
    return close[0] if close else ""


def _default(model: type[BaseModel], name: str) -> Any:
    return model.model_fields[name].get_default(call_default_factory=True)


def _field(model: type[BaseModel], name: str, value: Any) -> Any:
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError:
        return _FAILED


def _components(value: Any) -> dict[str, ComponentStatus] | None:
    """The entries of a `components` mapping that parse; None if it is not a mapping."""
    if not isinstance(value, dict):
        return None
    statuses = {}
    for component, status in value.items():
        parsed = _field(Update, "components", {component: status})
        if parsed is not _FAILED and parsed:
            statuses.update(parsed)
    return statuses


def _update(value: Any) -> ParsedUpdate:
    if not isinstance(value, dict):
        return ParsedUpdate(None, None, None, None)
    parts = {
        name: None if (parsed := _field(Update, name, value[name])) is _FAILED else parsed
        for name in ("at", "status", "body", "next_update_at")
        if name in value
    }
    return ParsedUpdate(
        at=parts.get("at"),
        status=parts.get("status"),
        body=parts.get("body"),
        components=_components(value.get("components")),
        next_update_at=parts.get("next_update_at"),
    )
