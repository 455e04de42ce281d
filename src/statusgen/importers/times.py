"""Times as the sources write them, and as imported files store them.

Statuspage writes ISO 8601 with an offset and milliseconds (`2019-02-20T13:40:58.572-06:00`);
cState writes naive local times (`2018-04-13 15:54:00`) that mean whatever zone the site's
author had in mind, so those take the zone the import is given. Imported files store UTC,
with milliseconds only when the source had them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from statusgen.errors import StatusgenError

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


class BadZone(StatusgenError, ValueError):
    """A --timezone that names no zone."""

    exit_code = 2
    headline = "error: --timezone: {message}"


def zone_from(name: str) -> tzinfo:
    """A zone from an IANA name (`Europe/Vilnius`), `UTC`, or a fixed offset (`+02:00`)."""
    text = name.strip()
    if text.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return UTC
    offset = _OFFSET.match(text)
    if offset:
        sign = -1 if offset[1] == "-" else 1
        delta = timedelta(hours=int(offset[2]), minutes=int(offset[3] or 0))
        if delta > timedelta(hours=14):
            raise BadZone(f"'{name}' is not a UTC offset (at most ±14:00)")
        return timezone(sign * delta)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadZone(
            f"unknown time zone '{name}': use a name such as Europe/Vilnius or an offset "
            "such as +02:00"
        ) from None


def parse_time(value: object, zone: tzinfo = UTC) -> tuple[datetime, bool] | None:
    """`value` as an aware time, and whether it had no zone of its own (so `zone` was used).

    Accepts ISO 8601 text with or without a zone, with `T` or a space, a date alone, and
    datetime objects (as YAML loaders return them). None when it is not a time.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone), True
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if text.endswith(("z", "Z")):
            text = text[:-1] + "+00:00"
        text = re.sub(r"\s+(?=[+-]\d{2}:?\d{2}$)", "", text)  # `10:00 +02:00`
        text = re.sub(r"\s*(?:UTC|GMT)$", "+00:00", text, flags=re.IGNORECASE)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone), True
    return moment, False


def stored_time(moment: datetime) -> str:
    """`2026-03-01T10:00:00Z`, or `2026-03-01T10:00:00.572Z` when there are milliseconds."""
    utc = moment.astimezone(UTC)
    if utc.microsecond // 1000:
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def shown_time(moment: datetime) -> str:
    """How reports show a time: UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def zone_name(zone: tzinfo) -> str:
    if zone is UTC:
        return "UTC"
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) else str(zone)
