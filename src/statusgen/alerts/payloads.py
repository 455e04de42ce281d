"""Webhook payloads of monitoring systems, read strictly into one plain `Alert` shape.

Each source has its own pydantic model of what its documentation says it sends; fields
statusgen does not use are allowed (every release adds some), but the fields it uses must
have their documented types: a number where a label should be, or a missing `status`, is
refused with the path of the offending field. The payload is untrusted input: its size is
checked before it is parsed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from statusgen.characters import printable
from statusgen.errors import StatusgenError

DEFAULT_MAX_PAYLOAD_KIB = 1024
"""A payload may be this large by default (config `alert_max_payload_kib`, `--max-payload-kib`)."""


class Source(StrEnum):
    ALERTMANAGER = "alertmanager"
    GRAFANA = "grafana"
    UPTIME_KUMA = "uptime-kuma"
    GENERIC = "generic"


class BadPayload(StatusgenError):
    """A payload that is too large, not JSON, or not of the shape its source sends."""

    exit_code = 1


@dataclass(frozen=True)
class Alert:
    """One alert as every source says it: firing or resolved, with its labels."""

    status: Literal["firing", "resolved"]
    labels: dict[str, str]
    annotations: dict[str, str]
    starts_at: datetime | None
    ends_at: datetime | None
    fingerprint: str
    group_key: str | None
    """The sender's own grouping (Alertmanager's and Grafana's `groupKey`), if it has one."""
    source: Source


class _Vendor(BaseModel):
    """Strict types for what is used; unknown fields allowed (senders add fields)."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class _Generic(BaseModel):
    """statusgen's own shape: nothing unknown is allowed."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


Labels = dict[str, str]


class _PromAlert(_Vendor):
    status: Literal["firing", "resolved"]
    labels: Labels
    annotations: Labels = Field(default_factory=dict)
    # Named as in the generic shape, so that one function reads both (`_from_list`).
    starts_at: str | None = Field(default=None, alias="startsAt")
    ends_at: str | None = Field(default=None, alias="endsAt")
    fingerprint: str | None = None


class AlertmanagerPayload(_Vendor):
    """Alertmanager's webhook, version 4."""

    version: Literal["4"]
    groupKey: str
    status: Literal["firing", "resolved"]
    receiver: str = ""
    alerts: list[_PromAlert]
    truncatedAlerts: int = 0


class GrafanaPayload(_Vendor):
    """Grafana alerting's webhook contact point (unified alerting)."""

    version: Literal["1"] = "1"
    orgId: int
    groupKey: str = ""
    status: Literal["firing", "resolved"]
    receiver: str = ""
    alerts: list[_PromAlert]
    truncatedAlerts: int = 0


class _KumaHeartbeat(_Vendor):
    monitorID: int | None = None
    status: int = Field(description="0 down, 1 up, 2 pending, 3 maintenance")
    time: str | None = None
    msg: str = ""


class _KumaTag(_Vendor):
    name: str
    value: str | None = None


class _KumaMonitor(_Vendor):
    id: int
    name: str
    url: str | None = None
    type: str | None = None
    tags: list[_KumaTag] = Field(default_factory=list)


class UptimeKumaPayload(_Vendor):
    """Uptime Kuma's webhook notification (JSON body): heartbeat, monitor and a message."""

    heartbeat: _KumaHeartbeat | None
    monitor: _KumaMonitor | None
    msg: str


class _GenericAlert(_Generic):
    status: Literal["firing", "resolved"]
    labels: Labels = Field(min_length=1)
    annotations: Labels = Field(default_factory=dict)
    starts_at: str | None = None
    ends_at: str | None = None
    fingerprint: str | None = None


class GenericPayload(_Generic):
    """The small shape for any other sender: `{"alerts": [...], "group_key": "..."}`."""

    group_key: str | None = None
    alerts: list[_GenericAlert]


_ZERO_TIME = re.compile(r"^0001-01-01T00:00:00")
_FRACTION = re.compile(r"(\.\d{6})\d+")


def _time(text: str | None, where: str) -> datetime | None:
    """An RFC 3339 time; Go's zero time ("never ended") and empty text are None."""
    if not text or _ZERO_TIME.match(text):
        return None
    # Go writes nanoseconds; Python reads microseconds.
    cleaned = _FRACTION.sub(r"\1", text.strip()).replace(" ", "T", 1)
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise BadPayload(f"{where}: {printable(text[:60])!s} is not a time") from None
    # Uptime Kuma writes heartbeat times in UTC without an offset.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _from_list(
    alerts: Sequence[_PromAlert | _GenericAlert], group_key: str | None, source: Source
) -> list[Alert]:
    """The alerts of a payload that lists them (Alertmanager, Grafana, the generic shape)."""

    def where(index: int, alert: _PromAlert | _GenericAlert, field: str) -> str:
        # The field as the sender spells it: startsAt in Alertmanager's and Grafana's JSON.
        spelled = type(alert).model_fields[field].alias or field
        return f"alerts[{index}].{spelled}"

    return [
        Alert(
            status=a.status,
            labels=a.labels,
            annotations=a.annotations,
            starts_at=_time(a.starts_at, where(i, a, "starts_at")),
            ends_at=_time(a.ends_at, where(i, a, "ends_at")),
            fingerprint=a.fingerprint or json.dumps(a.labels, sort_keys=True),
            group_key=group_key,
            source=source,
        )
        for i, a in enumerate(alerts)
    ]


def _from_kuma(payload: UptimeKumaPayload) -> list[Alert]:
    beat, monitor = payload.heartbeat, payload.monitor
    # A test notification has neither; pending and maintenance beats are no outage news.
    if beat is None or monitor is None or beat.status not in (0, 1):
        return []
    labels = {"monitor": monitor.name, "monitor_id": str(monitor.id)}
    if monitor.type:
        labels["type"] = monitor.type
    if monitor.url:
        labels["url"] = monitor.url
    for tag in monitor.tags:
        labels.setdefault(tag.name, tag.value or "")
    moment = _time(beat.time, "heartbeat.time")
    down = beat.status == 0
    return [
        Alert(
            status="firing" if down else "resolved",
            labels=labels,
            annotations={"summary": beat.msg or payload.msg, "message": payload.msg},
            starts_at=moment if down else None,
            ends_at=None if down else moment,
            fingerprint=f"uptime-kuma:{monitor.id}",
            group_key=f"uptime-kuma:{monitor.id}",
            source=Source.UPTIME_KUMA,
        )
    ]


def detect(data: Any) -> Source:
    """Which sender wrote `data`, from the fields only it sends."""
    if not isinstance(data, dict):
        raise BadPayload("the payload must be a JSON object")
    if "heartbeat" in data and "monitor" in data and "msg" in data:
        return Source.UPTIME_KUMA
    if "orgId" in data:
        return Source.GRAFANA
    if data.get("version") == "4" and "groupKey" in data:
        return Source.ALERTMANAGER
    if "alerts" in data:
        return Source.GENERIC
    raise BadPayload(
        "cannot tell which monitoring system sent this payload (no 'alerts', 'orgId' or "
        "'heartbeat'): name it with --source"
    )


_MODELS: dict[Source, type[BaseModel]] = {
    Source.ALERTMANAGER: AlertmanagerPayload,
    Source.GRAFANA: GrafanaPayload,
    Source.UPTIME_KUMA: UptimeKumaPayload,
    Source.GENERIC: GenericPayload,
}


def _shape_errors(exc: ValidationError, source: Source) -> str:
    lines = []
    for item in exc.errors()[:10]:
        where = ".".join(str(part) for part in item["loc"]) or "(payload)"
        lines.append(f"  {printable(where[:120])}: {printable(str(item['msg'])[:200])}")
    more = exc.error_count() - len(lines)
    if more > 0:
        lines.append(f"  and {more:,} more")
    return f"not a {source.value} payload:\n" + "\n".join(lines)


def parse_payload(
    raw: bytes, source: Source | None = None, *, max_kib: int = DEFAULT_MAX_PAYLOAD_KIB
) -> tuple[Source, list[Alert]]:
    """Every alert in `raw`, and who sent it (detected unless `source` is given)."""
    if len(raw) > max_kib * 1024:
        raise BadPayload(
            f"the payload is larger than {max_kib:,} KiB, the limit of alert payloads: "
            "refused unread (raise 'alert_max_payload_kib' in mkdocs.yml, or --max-payload-kib)"
        )
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadPayload(f"the payload is not JSON: {printable(str(exc)[:200])}") from None
    chosen = source or detect(data)
    try:
        model = _MODELS[chosen].model_validate(data)
    except ValidationError as exc:
        raise BadPayload(_shape_errors(exc, chosen)) from None
    if isinstance(model, AlertmanagerPayload | GrafanaPayload):
        return chosen, _from_list(model.alerts, model.groupKey or None, chosen)
    if isinstance(model, UptimeKumaPayload):
        return chosen, _from_kuma(model)
    assert isinstance(model, GenericPayload)
    return chosen, _from_list(model.alerts, model.group_key, chosen)
