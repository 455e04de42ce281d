"""A cState post's body: its update paragraphs, their stage words and track times.

cState writes each update as a paragraph `*Stage* - text {{< track "time" >}}`, newest first;
`---` rules separate the updates from other prose such as a post-mortem. This module splits
a body into those parts and dates each update, saying in the incident's findings what it
had to guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from statusgen.content.incident import Kind, UpdateStatus
from statusgen.content.prose import fenced_lines

from .plain_text import markdown_body
from .source import SourceIncident, SourceUpdate
from .times import parse_time, shown_time

_TRACK = re.compile(
    r"\{\{[<%]\s*track\s+(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s>%]+))"
    r"\s*[>%]\}\}"
)
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")
_STAGE = re.compile(
    r"^\s*[*_]{1,3}(?P<stage>[^*_\n]{1,40}?)[*_]{1,3}(?:[ \t]*[-–—:][ \t]*\n?|[ \t]*\n)"
)
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_POSTMORTEM = re.compile(r"^\W*(?:post[- ]?mortem|postmortem|root cause|incident report)\b", re.I)
_WORD = re.compile(r"[^a-z0-9 ]+")

EXACT = {
    "investigating": UpdateStatus.INVESTIGATING,
    "identified": UpdateStatus.IDENTIFIED,
    "monitoring": UpdateStatus.MONITORING,
    "resolved": UpdateStatus.RESOLVED,
    "scheduled": UpdateStatus.SCHEDULED,
    "in progress": UpdateStatus.IN_PROGRESS,
    "verifying": UpdateStatus.VERIFYING,
    "completed": UpdateStatus.COMPLETED,
}
KEEP_STATUS = ("update", "updated", "update 2", "more information", "info")
# The nearest status for the other words people use, by what the word starts with.
NEAREST: dict[Kind, tuple[tuple[tuple[str, ...], UpdateStatus], ...]] = {
    Kind.INCIDENT: (
        (("investigat", "aware", "detect", "report", "began", "begun", "start", "just began"),
         UpdateStatus.INVESTIGATING),
        (("identif", "cause", "found", "fixing", "working", "progress"), UpdateStatus.IDENTIFIED),
        (("monitor", "recover", "mitigat", "implement", "deploy", "watching"),
         UpdateStatus.MONITORING),
        (("resolv", "fixed", "solved", "restor", "closed", "complet", "done", "ended", "over"),
         UpdateStatus.RESOLVED),
    ),
    Kind.MAINTENANCE: (
        (("schedul", "plann", "upcoming", "announc", "notice"), UpdateStatus.SCHEDULED),
        (("progress", "began", "begin", "begun", "start", "ongoing", "underway", "under way",
          "just began", "working"), UpdateStatus.IN_PROGRESS),
        (("verif", "monitor", "testing", "watching"), UpdateStatus.VERIFYING),
        (("complet", "done", "finish", "resolv", "ended", "over", "restor"),
         UpdateStatus.COMPLETED),
    ),
}  # fmt: skip


@dataclass
class _Paragraph:
    stage: str | None
    text: str
    time: str | None


@dataclass
class RawUpdate:
    stage: str | None
    texts: list[str] = field(default_factory=list)
    time: str | None = None


def timed_updates(
    incident: SourceIncident,
    raw: Sequence[RawUpdate],
    date: datetime,
    ended: datetime | None,
    zone: tzinfo,
) -> list[SourceUpdate]:
    """Updates with their times; one without a track shortcode takes the time of the
    update below it (the newest, the post's end), or the post's date."""
    times: list[datetime | None] = []
    for update in raw:
        parsed = parse_time(update.time, zone) if update.time else None
        if update.time and parsed is None:
            incident.findings.append(f"track time '{update.time}' is not a time: estimated")
        times.append(parsed[0] if parsed else None)
    updates: list[SourceUpdate] = []
    for index, update in enumerate(raw):
        at = times[index]
        text = "\n\n".join(update.texts).strip()
        shown = _excerpt(text)
        if at is None:
            older = next((t for t in times[index + 1 :] if t is not None), None)
            at = (
                ended
                if index == 0 and ended is not None and ended >= (older or date)
                else older or date
            )
            incident.findings.append(f"update '{shown}' has no track time: dated {shown_time(at)}")
        status, note = stage_status(update.stage, incident.kind)
        if note:
            incident.findings.append(f"update of {shown_time(at)}: {note}")
        updates.append(
            SourceUpdate(
                at=at,
                status=status,
                status_text="" if update.stage is None or _is_keep(update.stage) else update.stage,
                body=markdown_body(text),
            )
        )
    return updates


def _excerpt(text: str, limit: int = 50) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _is_keep(stage: str) -> bool:
    return _WORD.sub("", stage.lower()).strip() in KEEP_STATUS


def stage_status(stage: str | None, kind: Kind) -> tuple[UpdateStatus | None, str | None]:
    """The status a stage word stands for, and a note when it is not one of statusgen's."""
    if stage is None:
        return None, None
    word = " ".join(_WORD.sub(" ", stage.lower().replace("_", " ")).split())
    if word in EXACT:
        return EXACT[word], None
    if word in KEEP_STATUS:
        return None, None
    for prefixes, status in NEAREST[kind]:
        if any(word.startswith(p) or f" {p}" in f" {word}" for p in prefixes):
            return status, f"stage '{stage}' read as '{status.value}'"
    return None, None


@dataclass
class Part:
    text: str
    updates: list[RawUpdate] = field(default_factory=list)


def split_body(body: str) -> list[Part]:
    """The body split at `---` rules into parts: those with update paragraphs, and prose."""
    lines = body.strip("\n").split("\n")
    fenced = fenced_lines(lines)
    chunks: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        previous_blank = index == 0 or not lines[index - 1].strip()
        if not fenced[index] and _RULE.match(line) and previous_blank:
            chunks.append([])
        else:
            chunks[-1].append(line)
    parts = []
    for chunk in chunks:
        paragraphs = _paragraphs(chunk)
        if any(p.stage is not None or p.time is not None for p in paragraphs):
            leading, updates = _group(paragraphs)
            if leading:
                parts.append(Part("\n\n".join(leading)))
            parts.append(Part("", updates))
        elif paragraphs:
            parts.append(Part("\n".join(chunk).strip()))
    return parts


def _paragraphs(lines: Sequence[str]) -> list[_Paragraph]:
    fenced = fenced_lines(lines)
    blocks: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        if not line.strip() and not fenced[index]:
            blocks.append([])
        else:
            blocks[-1].append(line)
    found = []
    for block in blocks:
        text = "\n".join(block).strip()
        if not text:
            continue
        track = _TRACK.search(text)
        time = (track["double"] or track["single"] or track["bare"]) if track else None
        text = _TRACK.sub("", text).strip()
        stage_match = _STAGE.match(text + "\n")
        stage = stage_match["stage"].strip() if stage_match else None
        if stage is not None and _POSTMORTEM.match(stage):
            stage = None
        elif stage_match is not None:
            text = (text + "\n")[stage_match.end() :].strip()
        if stage is not None and not text and time is None:
            stage = None  # an emphasised line alone is a heading, not an update
            text = "\n".join(block).strip()
        found.append(_Paragraph(stage, text, time))
    return found


def _group(paragraphs: Sequence[_Paragraph]) -> tuple[list[str], list[RawUpdate]]:
    """Updates start at a stage word or after a paragraph with a time; text before the
    first stage word is the post's own text."""
    leading: list[str] = []
    updates: list[RawUpdate] = []
    closed = True
    first_marker = next(i for i, p in enumerate(paragraphs) if p.stage or p.time)
    for index, paragraph in enumerate(paragraphs):
        if index < first_marker and paragraphs[first_marker].stage is not None:
            leading.append(paragraph.text)
            continue
        if paragraph.stage is not None or closed:
            updates.append(RawUpdate(paragraph.stage))
            closed = False
        updates[-1].texts.append(paragraph.text)
        if paragraph.time is not None:
            updates[-1].time = paragraph.time
            closed = True
    return leading, updates


def prose_findings(prose: Sequence[str], updates: Sequence[RawUpdate]) -> list[str]:
    """What the report says about a post's text: a post-mortem kept as prose, shortcodes."""
    findings = []
    if any(_POSTMORTEM.match(text) for text in prose):
        findings.append(
            "its post-mortem is kept in the incident's text: a statusgen postmortem has "
            "required sections (start one with statusgen new postmortem)"
        )
    for text in [*prose, *(t for u in updates for t in u.texts)]:
        if _SHORTCODE.search(_TRACK.sub("", text)):
            findings.append("a Hugo shortcode in its text is kept as written")
            break
    return findings
