"""Synthetic status sites of any size, for benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

COMPONENTS = ["api", "web", "auth", "db", "storage", "search", "webhooks", "email", "cdn"]
CONFIG = """\
site_name: Benchmark Status
site_url: https://status.bench.example/
docs_dir: site_src
theme:
  name: material
  font: false
plugins:
  - statusgen:
      components:
{components}
"""
INCIDENT = """\
---
title: Synthetic incident number {n}
impact: {impact}
postmortem: not-required
postmortem_reason: Synthetic benchmark content.
components:
  {c1}: major_outage
  {c2}: degraded_performance
updates:
  - at: {t3}
    status: resolved
    body: |
      The issue is resolved. Error rates are back to normal and we will publish a review.
  - at: {t2}
    status: monitoring
    body: |
      A fix has been deployed and we are monitoring the results.
    components:
      {c1}: partial_outage
  - at: {t1}
    status: investigating
    body: |
      We are investigating **elevated error rates** affecting some customers.
---

Longer text about synthetic incident {n}, with a [link](https://example.com/).
"""


ACTIVE = """\
---
title: Synthetic active incident number {n}
impact: major
components:
  {c1}: partial_outage
updates:
  - at: {t2}
    status: identified
    body: |
      We found the cause of the **elevated error rates** and are rolling out a fix.
  - at: {t1}
    status: investigating
    body: |
      We are investigating elevated error rates affecting some customers.
---
"""


def write_site(root: Path, count: int, *, seed: int = 7, active: int = 0) -> Path:
    """Write mkdocs.yml and `count` incidents spread over the two years before 2026-11-22,
    plus `active` unresolved incidents begun that morning."""
    rng = random.Random(seed)
    (root / "incidents").mkdir(parents=True, exist_ok=True)
    (root / "site_src").mkdir(exist_ok=True)
    lines = "\n".join(
        f"        - id: {c}\n          name: {c.title()}\n          group: Group {i % 3}"
        for i, c in enumerate(COMPONENTS)
    )
    (root / "mkdocs.yml").write_text(CONFIG.format(components=lines), "utf-8")
    end = datetime(2026, 11, 22, tzinfo=UTC)
    for n in range(count):
        start = end - timedelta(minutes=rng.randrange(60, 2 * 365 * 24 * 60))
        c1, c2 = rng.sample(COMPONENTS, 2)
        t1 = start
        t2 = t1 + timedelta(minutes=rng.randrange(10, 120))
        t3 = t2 + timedelta(minutes=rng.randrange(10, 240))
        name = f"{t1:%Y-%m-%d}-synthetic-{n:05d}.md"
        (root / "incidents" / name).write_text(
            INCIDENT.format(
                n=n,
                impact=rng.choice(["none", "minor", "major", "critical"]),
                c1=c1,
                c2=c2,
                t1=t1.isoformat(),
                t2=t2.isoformat(),
                t3=t3.isoformat(),
            ),
            "utf-8",
        )
    for n in range(active):
        t1 = end + timedelta(hours=8, minutes=10 * n)
        (root / "incidents" / f"{t1:%Y-%m-%d}-active-{n:02d}.md").write_text(
            ACTIVE.format(
                n=n,
                c1=COMPONENTS[n % len(COMPONENTS)],
                t1=t1.isoformat(),
                t2=(t1 + timedelta(minutes=25)).isoformat(),
            ),
            "utf-8",
        )
    return root
