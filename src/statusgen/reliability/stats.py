"""Summaries of a list of durations: how many, the median and the 90th percentile.

Percentiles interpolate linearly between the closest ranks (the "inclusive" method of
Python's `statistics.quantiles`, and numpy's default), so they always lie within the data.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def p90(values: Sequence[float]) -> float:
    """The 90th percentile of `values` (at least one)."""
    if len(values) == 1:
        return values[0]  # Python before 3.13 refuses quantiles of a single value
    return statistics.quantiles(values, n=10, method="inclusive")[8]


@dataclass(frozen=True)
class Durations:
    """Seconds measured on `count` incidents; `ongoing` of them count up to the build time."""

    count: int = 0
    median: float | None = None
    p90: float | None = None
    ongoing: int = 0

    @classmethod
    def of(cls, seconds: Sequence[float], ongoing: int = 0) -> Durations:
        if not seconds:
            return cls()
        return cls(len(seconds), statistics.median(seconds), p90(seconds), ongoing)
