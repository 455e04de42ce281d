"""A plan: every message to send, in order, with nothing secret in it.

`statusgen notify --write-plan` writes one where the content can be read; `--send-plan`
sends it where the secrets are (the Deploy workflow keeps those apart: the job that holds
the secrets has no token and reads no repository files). A plan names each target's
environment variable, never its URL.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from statusgen.render.format import json_time

from .sites import Json, parse_time

PLAN_VERSION = 1


class PlanUnreadable(Exception):
    pass


@dataclass(frozen=True)
class Delivery:
    """One message for one target."""

    target: str
    url_env: str
    payload: str  # "message" (title and text through apprise) or "statuspage" (webhook JSON)
    key: str
    at: datetime
    title: str
    body: str
    webhook: Json | None = None

    def as_json(self) -> Json:
        data = asdict(self)
        data["at"] = json_time(self.at)
        return data

    @classmethod
    def of_json(cls, data: Any) -> Delivery:
        if not isinstance(data, dict):
            raise ValueError("a delivery must be an object")
        text: dict[str, str] = {}
        for name in ("target", "url_env", "payload", "key", "title", "body"):
            value = data.get(name)
            if not isinstance(value, str):
                raise ValueError(f"'{name}' is missing or not text")
            text[name] = value
        if text["payload"] not in ("message", "statuspage"):
            raise ValueError(f"unknown payload {text['payload']!r}")
        webhook = data.get("webhook")
        if webhook is not None and not isinstance(webhook, dict):
            raise ValueError("'webhook' must be an object")
        return cls(at=parse_time(data.get("at")), webhook=webhook, **text)


@dataclass(frozen=True)
class Plan:
    page_name: str
    page_url: str
    horizon: timedelta
    deliveries: tuple[Delivery, ...]
    too_old: int = 0
    """New events left out because they are older than the horizon."""
    already_sent: int = 0
    """Messages left out because the ledger records them as delivered."""

    def as_json(self) -> Json:
        return {
            "statusgen_notify_plan": PLAN_VERSION,
            "page": {"name": self.page_name, "url": self.page_url},
            "horizon_minutes": int(self.horizon.total_seconds() // 60),
            "too_old": self.too_old,
            "already_sent": self.already_sent,
            "deliveries": [d.as_json() for d in self.deliveries],
        }

    def write(self, path: Path) -> None:
        text = json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, "utf-8")

    @classmethod
    def read(cls, path: Path) -> Plan:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PlanUnreadable(f"{path}: cannot read the plan ({exc})") from None
        if not isinstance(data, dict) or data.get("statusgen_notify_plan") != PLAN_VERSION:
            raise PlanUnreadable(
                f"{path}: not a statusgen notify plan of version {PLAN_VERSION} "
                "(was it written by another version of statusgen?)"
            )
        try:
            page = data["page"]
            deliveries = tuple(Delivery.of_json(d) for d in data["deliveries"])
            return cls(
                page_name=str(page["name"]),
                page_url=str(page["url"]),
                horizon=timedelta(minutes=int(data["horizon_minutes"])),
                deliveries=deliveries,
                too_old=int(data.get("too_old", 0)),
                already_sent=int(data.get("already_sent", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PlanUnreadable(f"{path}: not a valid plan ({exc})") from None
