"""The words pages choose by a value: what a template would otherwise spell out with `if`s.

Templates print these; they never pick a label from a status themselves, so every choice
is translated once, here, in the page's language.
"""

from __future__ import annotations

from statusgen.content.incident import Incident, Kind
from statusgen.content.postmortem.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    PostmortemStatus,
    TimelineKind,
)
from statusgen.i18n import N_, Language

from . import format as present

POSTMORTEM_STATUS_WORDS = {
    PostmortemStatus.DRAFT: N_("Draft"),
    PostmortemStatus.IN_REVIEW: N_("In review"),
    PostmortemStatus.PUBLISHED: N_("Published"),
}
MARKER_WORDS = {
    TimelineKind.LEAD_UP: N_("Lead-up"),
    TimelineKind.IMPACT_START: N_("Impact start"),
    TimelineKind.DETECTED: N_("Detected"),
    TimelineKind.MITIGATED: N_("Mitigated"),
    TimelineKind.IMPACT_END: N_("Impact end"),
}
ACTION_TYPE_WORDS = {
    ActionType.PREVENT: N_("Prevent"),
    ActionType.MITIGATE: N_("Mitigate"),
    ActionType.DETECT: N_("Detect"),
    ActionType.REPAIR: N_("Repair"),
    ActionType.PROCESS: N_("Process"),
}
# Overall statuses as Statuspage words them (`statusgen.status.timeline`); the JSON keeps
# the English, the pages translate them.
OVERALL_WORDS = (
    N_("All Systems Operational"),
    N_("Minor Service Outage"),
    N_("Partial System Outage"),
    N_("Major System Outage"),
    N_("Service Under Maintenance"),
    N_("Partially Degraded Service"),
    N_("Degraded System Service"),
)


def overall_text(description: str, lang: Language) -> str:
    return lang.gettext(description)


def postmortem_status(status: PostmortemStatus, lang: Language) -> str:
    return lang.gettext(POSTMORTEM_STATUS_WORDS[status])


def unpublished_label(status: PostmortemStatus, lang: Language) -> str:
    """`Draft: not published`, for a preview's banner and the index."""
    return lang.gettext("%(status)s: not published") % {"status": postmortem_status(status, lang)}


def postmortem_link_label(status: PostmortemStatus, lang: Language) -> str:
    """What an incident page's link to its postmortem starts with."""
    if status is PostmortemStatus.PUBLISHED:
        return lang.gettext("Postmortem:")
    return lang.gettext("Postmortem (%(status)s, not published):") % {
        "status": postmortem_status(status, lang).lower()
    }


def marker(kind: TimelineKind, lang: Language) -> str:
    return lang.gettext(MARKER_WORDS[kind])


def action_type(kind: ActionType, lang: Language) -> str:
    return lang.gettext(ACTION_TYPE_WORDS[kind])


def action_state(item: ActionItem, lang: Language) -> str:
    """`Done (Nov 3, 2026)`, `Won't do: too costly`, `In progress, due Dec 1, 2026`, `Open`."""
    values = {"reason": item.reason or ""}
    if item.status is ActionStatus.DONE:
        if item.completed:
            values["day"] = present.day_text(item.completed, lang)
            return lang.gettext("Done (%(day)s)") % values
        return lang.gettext("Done")
    if item.status is ActionStatus.WONT_DO:
        return (
            lang.gettext("Won't do: %(reason)s") if item.reason else lang.gettext("Won't do")
        ) % values
    due = present.day_text(item.due, lang) if item.due else ""
    if item.status is ActionStatus.IN_PROGRESS:
        return (
            lang.gettext("In progress, due %(day)s") % {"day": due}
            if due
            else lang.gettext("In progress")
        )
    return lang.gettext("Open, due %(day)s") % {"day": due} if due else lang.gettext("Open")


def resolved_label(item: Incident, lang: Language) -> str:
    """The incident page's "Resolved" fact; a maintenance is "Completed"."""
    return lang.gettext("Completed") if item.kind is Kind.MAINTENANCE else lang.gettext("Resolved")


def duration_label(resolved: bool, lang: Language) -> str:
    return lang.gettext("Duration") if resolved else lang.gettext("Ongoing for")


def followups_summary(done: int, open_: int, overdue: int, wont_do: int, lang: Language) -> str:
    """`Follow-ups: 3 done · 2 open (1 overdue) · 1 won't do`."""
    parts = [
        lang.gettext("Follow-ups: %(done)d done · %(open)d open") % {"done": done, "open": open_}
    ]
    if overdue:
        parts.append(lang.gettext(" (%(num)d overdue)") % {"num": overdue})
    if wont_do:
        parts.append(lang.gettext(" · %(num)d won't do") % {"num": wont_do})
    return "".join(parts)


def followup_state(item: ActionItem, overdue: bool, lang: Language) -> str:
    """An action's state on the postmortems index; an overdue one says when it was due."""
    if overdue and item.due:
        return lang.gettext("Overdue, was due %(day)s") % {"day": present.day_text(item.due, lang)}
    if item.status is ActionStatus.WONT_DO:
        return lang.gettext("Won't do")
    return action_state(item, lang)


def owner_note(owner: str, lang: Language) -> str:
    return lang.gettext(" · owner: %(owner)s") % {"owner": owner}
