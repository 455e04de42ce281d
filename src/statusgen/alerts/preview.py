"""The pull request description of a draft: what readers would see, and what to check.

GitHub renders it as Markdown, so every text that came from an alert is escaped again here
(the message was escaped when it was rendered; the title is plain text).
"""

from __future__ import annotations

from statusgen.content.settings import SiteConfig

from .plan import Action, Step
from .rules import markdown_text

CHECKLIST = (
    "- [ ] Edit the title and the wording of the first update: readers see it as written.\n"
    "- [ ] Check the impact and the component statuses.\n"
    "- [ ] Publish: remove `draft: true` (or run `statusgen publish {incident}`), then merge.\n"
    "- [ ] Not an incident? Close this pull request; nothing is published."
)


def pull_request_body(config: SiteConfig, step: Step, path: str) -> str:
    """Markdown for the pull request of `step`'s incident."""
    incident = step.incident_id or ""
    components = ", ".join(
        f"{markdown_text(config.component(c).name)}: {s.replace('_', ' ')}"
        for c, s in step.components.items()
    )
    verb = {
        Action.CREATE: "A monitoring alert opened this draft incident.",
        Action.UPDATE: "More alerts fired for this incident; an update was added.",
        Action.MONITOR: "The alerts cleared; a suggested *monitoring* update was added.",
        Action.RESOLVE: "The alerts cleared; the rule resolves the incident automatically.",
        Action.NONE: "Nothing changed.",
    }[step.action]
    state = "draft, not published" if step.draft else "published incident"
    lines = [
        verb,
        "",
        f"**{markdown_text(step.title)}** ({state})",
        "",
        f"- Impact: {step.impact}",
        f"- Components: {components or 'unchanged'}",
        f"- File: `{path}`",
        f"- Alert rule: `{markdown_text(step.rule)}`, {step.alerts} alert(s)",
        "",
        f"### {'First update' if step.action is Action.CREATE else 'New update'} ({step.status})",
        "",
        *[f"> {line}" if line else ">" for line in step.message.splitlines()],
        "",
        "### Before merging",
        "",
        CHECKLIST.format(incident=incident),
        "",
    ]
    return "\n".join(lines)
