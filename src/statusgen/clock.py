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
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


_DURATION = re.compile(
    r"(?:(?P<days>\d+)\s*(?:d|days?))?\s*"
    r"(?:(?P<hours>\d+)\s*(?:h|hrs?|hours?))?\s*"
    r"(?:(?P<minutes>\d+)\s*(?:m|mins?|minutes?))?",
    re.IGNORECASE,
)


def parse_duration(text: str | int) -> timedelta:
    """`30m`, `1h`, `1h30m`, `2 days`, or a whole number of minutes; never zero or negative."""
    if isinstance(text, bool):
        raise BadTime(f"not a duration: {text!r}")
    if isinstance(text, int):
        minutes = text
    else:
        stripped = text.strip()
        if stripped.isdigit():
            minutes = int(stripped)
        else:
            match = _DURATION.fullmatch(stripped)
            if match is None or not any(match.groupdict().values()):
                raise BadTime(
                    f"not a duration '{text}': write it as 30m, 1h, 1h30m or 2d "
                    "(a bare number counts minutes)"
                )
            parts = {unit: int(value or 0) for unit, value in match.groupdict().items()}
            minutes = parts["days"] * 1440 + parts["hours"] * 60 + parts["minutes"]
    if minutes <= 0:
        raise BadTime(f"a duration must be at least a minute (got {text!r})")
    return timedelta(minutes=minutes)


def format_duration(span: timedelta) -> str:
    """The form `parse_duration` reads: `30m`, `6h`, `1h30m`, `2d`."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    text = (f"{days}d" if days else "") + (f"{hours}h" if hours else "")
    return text + (f"{minutes}m" if minutes or not text else "")


def parse_time_or_duration(text: str) -> datetime | timedelta:
    """An absolute time (ISO 8601 with offset) or a duration from now (`30m`)."""
    try:
        return parse_duration(text)
    except BadTime:
        pass
    try:
        return parse_time(text)
    except BadTime:
        raise BadTime(
            f"'{text}' is neither a duration (30m, 1h30m) nor a time with an offset "
            "(2026-03-01T10:30:00Z)"
        ) from None
