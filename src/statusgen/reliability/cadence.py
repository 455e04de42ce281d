"""How long readers may wait between public updates of an incident, as the report measures it.

The site's cadence policy (`cadence:` in the config, intervals by impact) is the one the
overdue alarm uses; an update that promised the next one (`next_update_at`) sets the
deadline itself. The report asks one question of each update: by when was the next due?
"""

from __future__ import annotations

from datetime import datetime, timedelta

from statusgen.content.incident import Impact, Update
from statusgen.content.settings import StatusgenConfig


def update_interval(options: StatusgenConfig, impact: Impact) -> timedelta | None:
    """The policy's longest silence for an incident of `impact` (None: no expectation)."""
    interval: timedelta | None = getattr(options.cadence, impact.value)
    return interval


def next_update_due(update: Update, interval: timedelta | None) -> datetime | None:
    """When the update after `update` was due: its promise, else the policy's interval."""
    if update.next_update_at is not None:
        return update.next_update_at
    return None if interval is None else update.at + interval


def policy_minutes(options: StatusgenConfig) -> dict[str, float | None]:
    """The interval of every impact in minutes, as the report documents what it measured."""
    result: dict[str, float | None] = {}
    for impact in reversed(list(Impact)):
        interval = update_interval(options, impact)
        result[impact.value] = None if interval is None else interval.total_seconds() / 60
    return result
