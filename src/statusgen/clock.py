"""Which moment a command works with, and where the current time comes from.

Two questions, two answers:

- The moment a build describes (`build`, `validate`, `serve`): `--now`, else
  SOURCE_DATE_EPOCH, so that rebuilding the same commit gives byte-identical files, else
  the clock.
- The moment an engineer posts (`new`, `update`, `resolve`, `init`) and the moment `status`
  shows: `--at` or `--now`, else the clock. SOURCE_DATE_EPOCH says when a build's sources
  were last changed, not when someone is posting, so these never read it.

The clock is a value the CLI takes from its context: tests run commands at a fixed moment
with `Clock(moment)` instead of changing the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from .errors import BadTime


@dataclass(frozen=True)
class Clock:
    """The current time: the system's, or `fixed` (for tests and reproducible runs)."""

    fixed: datetime | None = None

    def now(self) -> datetime:
        if self.fixed is not None:
            return self.fixed.astimezone(UTC)
        return datetime.now(tz=UTC).replace(microsecond=0)


SYSTEM_CLOCK = Clock()


def parse_time(text: str) -> datetime:
    """An aware datetime from ISO 8601 text; naive text is refused, as in content files."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadTime(f"not a valid time '{text}': write it as 2026-03-01T10:00:00Z") from None
    if value.tzinfo is None:
        raise BadTime(f"naive time '{text}': add an offset such as 'Z' or '+02:00'")
    return value.astimezone(UTC)


def current_time(text: str | None = None, clock: Clock = SYSTEM_CLOCK) -> datetime:
    """`text` if given, else the clock: the moment of a post, or of `statusgen status`."""
    return parse_time(text) if text else clock.now()


def build_time(text: str | None = None, clock: Clock = SYSTEM_CLOCK) -> datetime:
    """The moment a build describes: `text`, else SOURCE_DATE_EPOCH, else the clock."""
    if text:
        return parse_time(text)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            raise BadTime(f"SOURCE_DATE_EPOCH must be whole seconds (got '{epoch}')") from None
    return clock.now()
