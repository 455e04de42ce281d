"""How long readers may wait between public updates of an incident: the seam to the policy.

The site's cadence policy (`cadence:` in the config, intervals by impact) decides when it
exists; without one, every impact gets `DEFAULT_INTERVAL`. An update that promised the
next one (`next_update_at`) sets the deadline itself, as the policy's owner defines it.
This module only reads those settings, so whichever shape the policy takes, the report
asks one question: by when was the next update due after this one?
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from statusgen.content.incident import Impact, Update
from statusgen.content.settings import StatusgenConfig

DEFAULT_INTERVAL = timedelta(minutes=30)


def update_interval(options: StatusgenConfig, impact: Impact) -> timedelta | None:
    """The policy's longest silence for an incident of `impact` (None: no expectation)."""
    policy: Any = getattr(options, "cadence", None)
    if policy is None:
        return DEFAULT_INTERVAL
    value: Any = (
        policy.get(impact.value, DEFAULT_INTERVAL)
        if isinstance(policy, dict)
        else getattr(policy, impact.value, DEFAULT_INTERVAL)
    )
    if value is None or isinstance(value, timedelta):
        return value
    return DEFAULT_INTERVAL


def promised_next(update: Update) -> datetime | None:
    """The next update this one promised readers, when the content model carries promises."""
    promised: Any = getattr(update, "next_update_at", None)
    return promised if isinstance(promised, datetime) else None


def next_update_due(update: Update, interval: timedelta | None) -> datetime | None:
    """When the update after `update` was due: its promise, else the policy's interval."""
    promised = promised_next(update)
    if promised is not None:
        return promised
    return None if interval is None else update.at + interval


def policy_minutes(options: StatusgenConfig) -> dict[str, float | None]:
    """The interval of every impact in minutes, as the report documents what it measured."""
    result: dict[str, float | None] = {}
    for impact in reversed(list(Impact)):
        interval = update_interval(options, impact)
        result[impact.value] = None if interval is None else interval.total_seconds() / 60
    return result
