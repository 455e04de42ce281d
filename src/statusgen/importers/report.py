"""The import's report, as text for a terminal or a CI log.

Titles, names and messages come from the source page, so every line is cleaned of control
characters (escape sequences could rewrite the terminal) and of bidirectional overrides
(which can make text read differently from what it is); they are shown as `\\x1b`, `\\u202e`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..characters import printable
from .plan import ImportPlan


def terminal_safe(text: str) -> str:
    """One line of the report, printable (the one rule for everything statusgen prints)."""
    return printable(text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def report_lines(plan: ImportPlan, *, dry_run: bool, written: bool) -> Iterator[str]:
    yield f"Importing from {plan.source.where}"
    for note in plan.notes:
        yield f"  {note}"
    yield from _component_lines(plan)
    heading = "Would write (dry run, nothing written):" if dry_run else "Files:"
    if not dry_run and not written:
        heading = "Would have written (nothing written):"
    yield heading
    unchanged = 0
    for planned in plan.files:
        if planned.action == "unchanged":
            unchanged += 1
            continue
        verb = planned.action if planned.action != "kept" else "keep"
        yield f"  {verb:<6}  {planned.rel}  ({planned.what})"
    if unchanged:
        yield f"  {_plural(unchanged, 'file')} already as the source says"
    yield from _finding_lines(plan)
    yield from _problem_lines(plan)


def _component_lines(plan: ImportPlan) -> Iterator[str]:
    components = plan.components
    parts = []
    if components.added:
        parts.append(f"{len(components.added)} added ({', '.join(components.added)})")
    if components.changed:
        parts.append(f"{len(components.changed)} updated ({', '.join(components.changed)})")
    if components.linked:
        parts.append(
            f"{len(components.linked)} already here, now linked to the source "
            f"({', '.join(components.linked)})"
        )
    same = len(components.ids) - len(components.added) - len(components.changed)
    same -= len(components.linked)
    if same:
        parts.append(f"{same} already there")
    if components.kept:
        parts.append(
            f"{len(components.kept)} not on the source page, kept ({', '.join(components.kept)})"
        )
    yield f"Components: {'; '.join(parts) or 'none on the source page'}"


def _finding_lines(plan: ImportPlan) -> Iterator[str]:
    if not plan.findings:
        yield "Everything was carried over as it was."
        return
    yield f"Not carried over as it was ({_plural(len(plan.findings), 'item')}):"
    by_subject: dict[tuple[str, str | None], list[str]] = {}
    for finding in plan.findings:
        by_subject.setdefault((finding.subject, finding.target), []).append(finding.message)
    for (subject, target), messages in by_subject.items():
        yield f"  {subject}" + (f" → {target}" if target else "") + ":"
        for message in messages:
            yield f"    - {message}"


def _problem_lines(plan: ImportPlan) -> Iterator[str]:
    report = plan.report
    for problem in report.problems:
        yield problem.as_text()
    summary = f"Validation of the site as imported: {report.summary()}"
    if plan.other_problems:
        summary += (
            f" (and {_plural(plan.other_problems, 'warning')} in files the import does not "
            "write: statusgen validate lists them)"
        )
    yield summary


def format_report(plan: ImportPlan, *, dry_run: bool, written: bool) -> str:
    return "\n".join(
        terminal_safe(line) for line in report_lines(plan, dry_run=dry_run, written=written)
    )
