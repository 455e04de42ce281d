"""What the checks of one content file found, in a form that does not depend on the clock.

A few warnings do depend on it ("dated in the future: mistyped year?"): they carry the
moment up to which they hold, so one result serves every later build, and the validation
cache can keep it between builds instead of parsing the file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from statusgen.problems import Problem, Severity

from .incident import Incident


@dataclass(frozen=True)
class Finding:
    """A problem of a file, and, for a date that looks too far ahead, until when it holds."""

    problem: Problem
    until: datetime | None = None
    """The problem is reported only while `now` is before this; None: whatever the time."""

    def holds_at(self, now: datetime) -> bool:
        return self.until is None or now < self.until


def dated_warning(problem: Problem, until: datetime) -> Finding:
    """A warning that holds while `now` is before `until`. Only warnings may depend on the
    clock: whether a file is valid, and so its incident, must not."""
    assert problem.severity is Severity.WARNING
    return Finding(problem, until)


@dataclass(frozen=True)
class FileFindings:
    """Every finding of one incident file, in report order, and its incident if it has no error."""

    findings: tuple[Finding, ...]
    incident: Incident | None = None

    def problems_at(self, now: datetime) -> list[Problem]:
        return [finding.problem for finding in self.findings if finding.holds_at(now)]
