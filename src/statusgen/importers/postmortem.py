"""A postmortem from another status page, in statusgen's brief format, or else as a draft.

Statuspage postmortems are GitHub-flavoured Markdown with headings of the writer's choice
("Issue", "Resolution", "Next steps"…). statusgen's brief postmortem needs three sections,
so the text is arranged into them without losing a word: a Summary section (or the text
before the first heading) becomes `## Summary`; sections about what will change ("Next
steps", "Prevention"…) go under `## What we are doing about it`; everything else, in its
order and under its own headings one level down, under `## What happened`. When the result
cannot be published (no section says what will change, or statusgen's checks refuse it), it
is written as a draft that says why, and keeps the time the source published it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from statusgen.authoring.text_edits import dump
from statusgen.content.postmortem.checks import SENTENCE_END
from statusgen.content.postmortem.rules import normalize_heading, postmortem_rules
from statusgen.content.prose import fenced_lines
from statusgen.render.markdown import plain_text

from .source import SourcePostmortem
from .times import shown_time, stored_time

SUMMARY, HAPPENED, DOING = "Summary", "What happened", "What we are doing about it"
_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)(?:[ \t]+#+)?[ \t]*$")
_BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(?P<title>[^*_\n]{1,80}?)\1[ \t]*:?[ \t]*$")
# Headings Statuspage postmortems use for what statusgen's rules do not name.
_DOING_WORDS = (
    "next steps",
    "prevention",
    "preventative measures",
    "preventive measures",
    "remediation",
    "remediations",
    "follow up",
    "follow-up",
    "follow-ups",
    "going forward",
    "moving forward",
    "future prevention",
    "what we are doing",
    "what we're doing",
    "what's next",
    "what is next",
)
SUMMARY_SENTENCES = 3


@dataclass
class _Section:
    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


def _split(body: str) -> tuple[str, list[_Section]]:
    """The text before the first heading, and the sections under the top-level headings;
    deeper headings stay in their section, one level below it."""
    lines = body.replace("\r\n", "\n").split("\n")
    fenced = fenced_lines(lines)
    headings: dict[int, tuple[int, str]] = {}
    for index, line in enumerate(lines):
        if not fenced[index] and (match := _ATX.match(line)):
            headings[index] = (len(match["hashes"]), match["title"].strip())
    if not headings:
        headings = _bold_lines(lines, fenced)
    top = min((level for level, _ in headings.values()), default=1)
    preamble: list[str] = []
    sections: list[_Section] = []
    for index, line in enumerate(lines):
        heading = headings.get(index)
        if heading is not None and heading[0] == top:
            sections.append(_Section(heading[1]))
            continue
        if heading is not None:
            line = "#" * min(6, 3 + heading[0] - top) + " " + heading[1]
        (sections[-1].lines if sections else preamble).append(line)
    return "\n".join(preamble).strip(), sections


def _bold_lines(lines: Sequence[str], fenced: Sequence[bool]) -> dict[int, tuple[int, str]]:
    """Bold lines standing alone, read as headings, for postmortems written without any."""
    found: dict[int, tuple[int, str]] = {}
    for index, line in enumerate(lines):
        match = _BOLD_LINE.match(line)
        before = lines[index - 1].strip() if index > 0 else ""
        after = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if match and not fenced[index] and not before and not after:
            found[index] = (1, match["title"].strip())
    return found


def _role(title: str) -> str | None:
    canonical = postmortem_rules().canonical(title)
    if canonical in (SUMMARY, HAPPENED, DOING):
        return canonical
    if normalize_heading(title) in _DOING_WORDS:
        return DOING
    return None


@dataclass(frozen=True)
class Arranged:
    summary: str
    """The front-matter `summary`: the Summary's first paragraph, at most three sentences."""
    body: str
    complete: bool
    """Whether every section a brief postmortem needs has text."""


def arrange(text: str) -> Arranged:
    preamble, sections = _split(text)
    summary = "\n\n".join(s.text for s in sections if _role(s.title) == SUMMARY and s.text)
    doing = [s for s in sections if _role(s.title) == DOING and s.text]
    happened: list[str] = []
    for section in sections:
        role = _role(section.title)
        if role in (SUMMARY, DOING) and section.text:
            continue
        happened.append(
            section.text if role == HAPPENED else f"### {section.title}\n\n{section.text}"
        )
    if summary:
        happened.insert(0, preamble)
    elif preamble:
        # The text before the first heading opens the postmortem: its first paragraph is
        # the summary, the rest is part of what happened.
        summary, _, rest = preamble.partition("\n\n")
        happened.insert(0, rest.strip() if sections or rest.strip() else summary)
    else:
        first = next((s.text for s in sections if s.text), "")
        summary = _first_paragraph(first)
    what_happened = "\n\n".join(p for p in happened if p.strip())
    doing_text = "\n\n".join(
        s.text if len(doing) == 1 else f"### {s.title}\n\n{s.text}" for s in doing
    )
    parts = [(SUMMARY, summary), (HAPPENED, what_happened), (DOING, doing_text)]
    complete = all(text.strip() for _, text in parts)
    body = "\n".join(f"## {name}\n\n{text or _PROMPTS[name]}\n" for name, text in parts)
    return Arranged(_summary_field(summary), body, complete)


def _first_paragraph(text: str) -> str:
    """The first paragraph that is not a heading."""
    for paragraph in text.split("\n\n"):
        if paragraph.strip() and not _ATX.match(paragraph.strip().split("\n")[0]):
            return paragraph.strip()
    return ""


_PROMPTS = {
    SUMMARY: "TODO: two or three sentences: what broke, for how long, and that it is fixed.",
    HAPPENED: "TODO: the cause and the impact, with numbers: requests, customers, minutes.",
    DOING: "TODO: the changes that stop it happening again, or limit it next time.",
}


def _summary_field(summary: str) -> str:
    first = summary.strip().split("\n\n", 1)[0].strip()
    if not first or first.startswith(("#", "TODO")):
        return "TODO: two or three sentences for readers."
    sentences = SENTENCE_END.split(first)
    if len(sentences) <= SUMMARY_SENTENCES:
        return first
    return " ".join(SENTENCE_END.split(plain_text(first))[:SUMMARY_SENTENCES])


def published_text(
    incident_id: str, owner: str, source: SourcePostmortem, arranged: Arranged
) -> str:
    assert source.published is not None
    front = {
        "incident": incident_id,
        "status": "published",
        "owner": owner,
        "published": stored_time(source.published),
        "profile": "brief",
        "summary": arranged.summary,
    }
    return f"---\n{dump(front)}---\n\n{arranged.body}"


def draft_text(
    incident_id: str,
    owner: str,
    source: SourcePostmortem,
    arranged: Arranged,
    where: str,
    reasons: Sequence[str],
) -> str:
    front = {
        "incident": incident_id,
        "status": "draft",
        "owner": owner,
        "profile": "brief",
        "summary": arranged.summary,
    }
    note = [f"Imported from {where} ({source.where}) as a draft:", *(f"- {r}" for r in reasons)]
    if source.published is not None:
        note.append(
            f"It was published there at {shown_time(source.published)}: once it is complete, "
            f"set status: published and published: {stored_time(source.published)}"
        )
    comments = "".join(f"# {_one_line(line)}\n" for line in note)
    return f"---\n{comments}{dump(front)}---\n\n{arranged.body}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def needs_draft(
    source: SourcePostmortem, arranged: Arranged, resolved_at: datetime | None
) -> list[str]:
    """Why the postmortem cannot be published as it stands (empty: it can, if it validates)."""
    reasons = []
    if source.published is None:
        reasons.append("it has no publication time (postmortem_published_at)")
    if not arranged.complete:
        missing = [
            name for name in (SUMMARY, HAPPENED, DOING) if f"## {name}\n\nTODO" in arranged.body
        ]
        reasons.append(
            "no text for " + ", ".join(f"'{m}'" for m in missing) + " (a brief postmortem needs "
            "Summary, What happened and What we are doing about it; headings such as Next "
            "steps or Prevention count as the last)"
        )
    if resolved_at is None:
        reasons.append("its incident is not resolved")
    return reasons
