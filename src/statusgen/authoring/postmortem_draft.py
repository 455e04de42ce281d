"""`statusgen new postmortem`: a draft with the right sections and the timeline filled in.

Writers start from the incident's own updates as the timeline and a heading, with a one-line
prompt, for every section their profile needs: `full` for major and critical incidents,
`brief` for the rest. Prompts start with TODO, which statusgen refuses in a published
postmortem, so none can reach readers by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from statusgen.content.explain import problems_from
from statusgen.content.files import scan_content_files
from statusgen.content.incident import Incident
from statusgen.content.load import read_document
from statusgen.content.postmortem.model import PostmortemFrontMatter, default_profile
from statusgen.content.postmortem.rules import Profile, postmortem_rules
from statusgen.content.settings import SiteConfig
from statusgen.errors import Refused
from statusgen.problems import Problem
from statusgen.render.format import iso
from statusgen.render.markdown import plain_text

from .posting import load_valid_incident
from .safe_write import create_checked
from .text_edits import dump

TIMELINE_TEXT_LIMIT = 160

ACTION_ITEM_EXAMPLE = """\
# action_items:
#   - action: Alert when replica lag stays above 30 seconds
#     type: detect        # prevent | mitigate | detect | repair | process
#     owner: database-team
#     priority: P1        # P0 | P1 | P2 | P3
#     ticket: https://tracker.example/DB-123
"""


@dataclass(frozen=True)
class Draft:
    path: Path
    rel: str
    profile: str
    timeline_entries: int


def timeline(incident: Incident) -> list[dict[str, Any]]:
    """The incident's updates, oldest first, as timeline entries of the postmortem."""
    entries: list[dict[str, Any]] = []
    first = incident.updates[-1].at
    if incident.started_at is not None and incident.started_at < first:
        entries.append(
            {
                "at": iso(incident.started_at),
                "text": "Impact began.",
                "kind": "impact-start",
            }
        )
    for update in reversed(incident.updates):
        summary = plain_text(update.body, TIMELINE_TEXT_LIMIT)
        text = f"Status page, {update.status.label.lower()}: {summary}"
        entries.append({"at": iso(update.at), "text": text})
    return entries


def draft_text(incident: Incident, profile: Profile, owner: str) -> str:
    front = {
        "incident": incident.id,
        "status": "draft",
        "owner": owner,
        "authors": [],
        "reviewers": [],
        "summary": "TODO: two or three sentences for readers, as on the status page.",
        "profile": profile.value,
        "timeline": timeline(incident),
        "action_items": [],
    }
    sections = "\n".join(
        f"## {heading}\n\nTODO: {prompt}\n"
        for heading, prompt in postmortem_rules().profiles[profile].prompts.items()
    )
    return f"---\n{dump(front)}{ACTION_ITEM_EXAMPLE}---\n\n{sections}"


def new_postmortem(
    config: SiteConfig,
    incident_path: Path,
    *,
    owner: str,
    now: datetime,
    profile: str | None = None,
) -> Draft:
    """Write `postmortems/<incident id>.md` as a draft; refuse if the incident has one."""
    incident = load_valid_incident(config, incident_path, now)
    for existing in scan_content_files(config.postmortems_dir, config.root).files:
        if existing.stem == incident.id:
            rel = config.display_path(existing)
            raise Refused(f"refused: {rel} already exists")
    chosen = Profile(profile) if profile else default_profile([incident])
    path = config.postmortems_dir / f"{incident.id}.md"
    rel = config.display_path(path)

    def check(temp: Path) -> None:
        document = read_document(temp, rel)
        if isinstance(document, Problem):
            raise Refused(f"refused: the draft of {rel} would not be valid", (document,))
        try:
            PostmortemFrontMatter.model_validate(document.data)
        except ValidationError as exc:
            problems = tuple(problems_from(exc, PostmortemFrontMatter, rel, document.lines))
            raise Refused(f"refused: the draft of {rel} would not be valid", problems) from None

    try:
        create_checked(path, draft_text(incident, chosen, owner).encode("utf-8"), check)
    except FileExistsError:
        raise Refused(f"refused: {rel} already exists") from None
    return Draft(path, rel, chosen.value, len(timeline(incident)))
