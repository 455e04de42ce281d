"""Learning from incidents: response times, downtime, update cadence and error budgets.

`reliability_report(content, now, since=, until=, component=)` computes every figure from
the content, as pure functions of (content, period, now); the other modules present it: the
`/reliability/` page with its charts, `reliability.json` and CSV tables, and the text and
Markdown of `statusgen report`.
"""

from __future__ import annotations

from .report import PeriodFigures, ReliabilityReport, reliability_report, site_report

__all__ = ["PeriodFigures", "ReliabilityReport", "reliability_report", "site_report"]
