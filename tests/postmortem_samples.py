"""A small incident and postmortems about it, valid as written; tests change one thing each."""

from __future__ import annotations

from .conftest import SiteFactory

INCIDENT_ID = "2026-03-01-db-outage"
INCIDENT = """\
---
title: Databases unavailable
impact: critical
components:
  db: major_outage
  api: partial_outage
started_at: 2026-03-01T09:50:00Z
updates:
  - at: 2026-03-01T12:00:00Z
    status: resolved
    body: Resolved.
  - at: 2026-03-01T11:00:00Z
    status: monitoring
    body: A fix is in place.
    components:
      db: operational
      api: operational
  - at: 2026-03-01T10:00:00Z
    status: investigating
    body: Databases are not accepting connections.
---
"""

MINOR_ID = "2026-03-05-slow-web"
MINOR_INCIDENT = """\
---
title: Slow dashboard
impact: minor
components:
  web: degraded_performance
updates:
  - at: 2026-03-05T10:30:00Z
    status: resolved
    body: Resolved.
  - at: 2026-03-05T10:00:00Z
    status: investigating
    body: The dashboard is slow.
---
"""

FULL = """\
---
incident: 2026-03-01-db-outage
status: published
owner: Database team
published: 2026-03-03T10:00:00Z
summary: A failover took most databases offline. We restored them by hand.
timeline:
  - at: 2026-03-01T09:50:00Z
    kind: impact-start
    text: The failover starts and clusters stop accepting connections.
  - at: 2026-03-01T09:53:00Z
    kind: detected
    text: The connection alert pages the database on-call engineer.
  - at: 2026-03-01T10:40:00Z
    kind: mitigated
    text: The last standby is promoted.
  - at: 2026-03-01T11:00:00Z
    kind: impact-end
    text: Read replicas are rebuilt.
action_items:
  - action: Limit fencing to 5% of clusters per minute.
    type: prevent
    owner: Database team
    priority: P1
    ticket: DB-1
---

## Summary

Most database clusters were unavailable for an hour.

## Impact

1,200 clusters (80%) rejected connections.

## Trigger

A routine switchover.

## Root causes

The control plane acted on stale health data.

## Detection

An alert on connection errors.

## Resolution

Standbys were promoted by hand.

## What went wrong

Nothing limited how many clusters could be fenced at once.

## What went well

No data was lost.

## Where we got lucky

It happened on a weekday.
"""

BRIEF = """\
---
incident: 2026-03-05-slow-web
status: published
owner: Web team
published: 2026-03-06T10:00:00Z
summary: The dashboard was slow for half an hour.
---

## Summary

The dashboard was slow for 30 minutes.

## What happened

A cache node restarted.

## What we are doing about it

We are adding a second cache node.
"""

DRAFT = """\
---
incident: 2026-03-01-db-outage
status: draft
owner: Database team
summary: TODO
---

## Impact

TBD
"""


def write(site: SiteFactory, postmortem: str = FULL, name: str = INCIDENT_ID) -> None:
    """Both incidents, and one postmortem file named `name`."""
    site.incident(f"{INCIDENT_ID}.md", INCIDENT)
    site.incident(f"{MINOR_ID}.md", MINOR_INCIDENT)
    site.postmortem(f"{name}.md", postmortem)


def line_of(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first `needle` (after the first `after`) in a sample."""
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1
