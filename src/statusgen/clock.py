"""Which moment a run describes: `--now`, else SOURCE_DATE_EPOCH, else the real clock."""

from __future__ import annotations

import os
from datetime import UTC, datetime


class BadTime(ValueError):
    pass


def parse_time(text: str) -> datetime:
    """An aware datetime from ISO 8601 text; naive text is refused, as in content files."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadTime(f"not a valid time '{text}': write it as 2026-03-01T10:00:00Z") from None
    if value.tzinfo is None:
        raise BadTime(f"naive time '{text}': add an offset such as 'Z' or '+02:00'")
    return value.astimezone(UTC)


def resolve_now(text: str | None = None) -> datetime:
    if text:
        return parse_time(text)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            raise BadTime(f"SOURCE_DATE_EPOCH must be whole seconds (got '{epoch}')") from None
    return datetime.now(tz=UTC).replace(microsecond=0)
