"""The ledger: which message went to which target, written as soon as each one is delivered.

A JSON file, rewritten whole through a temporary file and a rename after every delivery, so
it is never half-written: a run killed at any moment leaves the ledger as it was after its
last recorded delivery. Entries older than the horizon (plus a day) are dropped, since such
events are never sent again.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from statusgen.render.format import json_time

from .plan import Delivery
from .sites import Json, parse_time

LEDGER_NAME = ".statusgen-notified.json"
LEDGER_VERSION = 1


class LedgerUnreadable(Exception):
    pass


@dataclass
class Ledger:
    path: Path
    entries: dict[tuple[str, str], Json] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        """The ledger at `path`; an empty one when there is no file yet."""
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise LedgerUnreadable(f"{path}: {exc}") from None
        try:
            data = json.loads(text)
            if data.get("statusgen_notify_ledger") != LEDGER_VERSION:
                raise ValueError(f"not a ledger of version {LEDGER_VERSION}")
            entries = {}
            for entry in data["sent"]:
                parse_time(entry["at"])
                entries[(str(entry["target"]), str(entry["key"]))] = dict(entry)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise LedgerUnreadable(
                f"{path}: not a statusgen notify ledger ({exc}); move it away to start a new "
                "one (events within the horizon may then be sent again)"
            ) from None
        return cls(path, entries)

    def has(self, target: str, key: str) -> bool:
        return (target, key) in self.entries

    def record(self, delivery: Delivery, sent_at: datetime) -> None:
        """Remember `delivery` and save the ledger at once."""
        self.entries[(delivery.target, delivery.key)] = {
            "target": delivery.target,
            "key": delivery.key,
            "at": json_time(delivery.at),
            "sent_at": json_time(sent_at),
        }
        self.save()

    def prune(self, cutoff: datetime) -> None:
        """Forget deliveries of events older than `cutoff` (they will never be sent again)."""
        self.entries = {k: v for k, v in self.entries.items() if parse_time(v["at"]) >= cutoff}

    def save(self) -> None:
        entries = sorted(self.entries.values(), key=lambda e: (e["at"], e["key"], e["target"]))
        text = json.dumps({"statusgen_notify_ledger": LEDGER_VERSION, "sent": entries}, indent=2)
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".statusgen-ledger-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
