"""A small site whose reliability figures were worked out by hand (see each incident).

The default cadence is one update every 30 minutes; a partial outage counts 0.3 as downtime.

- A, major, api major outage, 2026-03-31 23:00 to 2026-04-01 00:40, across the end of Q1:
  first update after 10 min, monitoring after 80 min, resolved after 100 min; downtime 60 min
  in Q1 and 40 min in Q2; waits 70 min (late) and 20 min (kept).
- B, minor, web partial outage, no started_at: starts at its first update 2026-05-10 10:00;
  identified 10:20, monitoring 10:50 (web back to operational), resolved 11:30. Mitigated
  after 50 min, resolved after 90 min; downtime 50 min × 0.3 = 15 min; waits 20, 30 (kept,
  the limit itself) and 40 min (late).
- C, critical, db major outage and api degraded, 2026-05-20 08:00; first update 08:30,
  identified 09:00, resolved 10:00 without monitoring, so mitigated at resolution: 30, 120
  and 120 min; downtime 120 min on db, none on api (degraded does not count); waits 30 (kept)
  and 60 min (late).
- D, major, api partial outage since 2026-11-22 10:00, still open at NOW (12:00): first
  update 10:30, identified 11:00; ongoing for 120 min; downtime 120 × 0.3 = 36 min; waits
  30 min (kept) and, still open, 60 min (late).
- M, a maintenance of api on 2026-08-01 02:00–03:30: no incident figure counts it; with
  maintenance_in_slo its 90 minutes count against api's budget.
- cdn has an SLO and no incident at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .conftest import SiteFactory

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

CONFIG = """\
site_name: Reliability Test
site_url: https://status.reliability.example/
docs_dir: site_src
theme:
  name: material
  font: false
plugins:
  - statusgen:
      components:
        - id: api
          name: API
          slo: 99.9
        - id: web
          name: Website
          slo: 99.5
        - id: db
          name: Database
        - id: cdn
          name: CDN
          slo: 99
{cadence}{extra}"""

A = """\
---
title: API down across the quarter's end
impact: major
components:
  api: major_outage
started_at: 2026-03-31T23:00:00Z
postmortem: not-required
postmortem_reason: Test content.
updates:
  - at: 2026-04-01T00:40:00Z
    status: resolved
    body: Resolved.
  - at: 2026-04-01T00:20:00Z
    status: monitoring
    body: A fix is in place.
  - at: 2026-03-31T23:10:00Z
    status: investigating
    body: The API is down.
---
"""

B = """\
---
title: Slow website
impact: minor
components:
  web: partial_outage
updates:
  - at: 2026-05-10T11:30:00Z
    status: resolved
    body: Resolved.
  - at: 2026-05-10T10:50:00Z
    status: monitoring
    body: Back to normal.
    components:
      web: operational
  - at: 2026-05-10T10:20:00Z
    status: identified
    body: A cache node is down.
  - at: 2026-05-10T10:00:00Z
    status: investigating
    body: Some pages are slow.
---
"""

C = """\
---
title: Database outage
impact: critical
components:
  db: major_outage
  api: degraded_performance
started_at: 2026-05-20T08:00:00Z
postmortem: not-required
postmortem_reason: Test content.
updates:
  - at: 2026-05-20T10:00:00Z
    status: resolved
    body: Resolved.
  - at: 2026-05-20T09:00:00Z
    status: identified
    body: A disk is full.
  - at: 2026-05-20T08:30:00Z
    status: investigating
    body: The database is down.
---
"""

D = """\
---
title: API errors now
impact: major
components:
  api: partial_outage
started_at: 2026-11-22T10:00:00Z
postmortem: not-required
postmortem_reason: Test content.
updates:
  - at: 2026-11-22T11:00:00Z
    status: identified
    body: A bad deploy.
  - at: 2026-11-22T10:30:00Z
    status: investigating
    body: Some requests fail.
---
"""

M = """\
---
title: API maintenance
kind: maintenance
components:
  api: under_maintenance
scheduled_for: 2026-08-01T02:00:00Z
scheduled_until: 2026-08-01T04:00:00Z
updates:
  - at: 2026-08-01T03:30:00Z
    status: completed
    body: Done.
  - at: 2026-08-01T02:00:00Z
    status: in_progress
    body: Started.
  - at: 2026-07-25T09:00:00Z
    status: scheduled
    body: Planned.
---
"""

FILES = {
    "2026-03-31-api-down.md": A,
    "2026-05-10-slow-website.md": B,
    "2026-05-20-database-outage.md": C,
    "2026-11-22-api-errors.md": D,
    "2026-08-01-api-maintenance.md": M,
}


# A team that expects an update every 30 minutes whatever the impact (the figures below are
# worked out by hand for it); "" leaves the site's default policy.
EVERY_30_MINUTES = """\
      cadence:
        minor: 30m
        none: 30m
"""


def write(site: SiteFactory, extra: str = "", cadence: str = EVERY_30_MINUTES) -> SiteFactory:
    """The config (with `extra` lines under statusgen) and every incident above."""
    site.config(CONFIG.format(extra=extra, cadence=cadence))
    for name, text in FILES.items():
        site.incident(name, text)
    return site
