"""A postmortem's Markdown body split at its `## ` headings, and the checks on those sections.

Section names and what each profile needs come from `rules/postmortem.yml`; this module only
knows Markdown: where the headings are, which lines are code, and what a reader will see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from statusgen.content.prose import fenced_lines, markdown_prose
from statusgen.problems import Problem, error, warning

from .rules import Profile, postmortem_rules

H2 = re.compile(r"^ {0,3}##[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")
# Comments that talk to statusgen (`<!-- statusgen: allow RULE -->`) are for writers only.
DIRECTIVE_COMMENT = re.compile(r"<!--\s*statusgen:[\s\S]*?-->")


@dataclass(frozen=True)
class Block:
    """The lines from one `## ` heading to the next; the first block has no heading."""

    title: str | None
    name: str | None
    line: int
    first: int
    end: int


def split_blocks(lines: Sequence[str], body_line: int) -> list[Block]:
    """Blocks of body lines; `name` is the section's canonical name, or its own title.

    `first` and `end` index `lines` (the heading line included); `line` is the file line of
    the heading, or of the body's first line for the text before any heading.
    """
    rules = postmortem_rules()
    inside = fenced_lines(lines)
    starts: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = H2.match(line)
        if match and not inside[index]:
            starts.append((index, match["title"].strip()))
    blocks = [Block(None, None, body_line, 0, starts[0][0] if starts else len(lines))]
    for number, (index, title) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        name = rules.canonical(title) or title
        blocks.append(Block(title, name, body_line + index, index, end))
    return blocks


class Section(NamedTuple):
    """A section as readers see it: its heading's file line and its Markdown."""

    line: int
    text: str


def _reader_text(lines: Sequence[str]) -> str:
    text = DIRECTIVE_COMMENT.sub("", "\n".join(lines))
    kept = text.split("\n")
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)


@dataclass(frozen=True)
class ParsedBody:
    blocks: tuple[Block, ...]
    sections: dict[str, Section]
    preamble_line: int | None
    """File line of the first text before any heading, if there is such text."""

    @property
    def body_line(self) -> int:
        return self.blocks[0].line


def parse_body(body: str, body_line: int) -> ParsedBody:
    """Sections by name, in the order written; a repeated section's texts are joined."""
    lines = body.split("\n")
    blocks = split_blocks(lines, body_line)
    sections: dict[str, Section] = {}
    for block in blocks[1:]:
        assert block.name is not None
        text = _reader_text(lines[block.first + 1 : block.end])
        if block.name in sections:
            earlier = sections[block.name]
            text = "\n\n".join(t for t in (earlier.text, text) if t)
            sections[block.name] = Section(earlier.line, text)
        else:
            sections[block.name] = Section(block.line, text)
    preamble_line = next(
        (
            body_line + index
            for index in range(blocks[0].first, blocks[0].end)
            if DIRECTIVE_COMMENT.sub("", lines[index]).strip()
        ),
        None,
    )
    return ParsedBody(tuple(blocks), sections, preamble_line)


def _heading(name: str) -> str:
    return f"'## {name}'"


def _needs(profile: Profile) -> str:
    required = [" or ".join(choice) for choice in postmortem_rules().profiles[profile].required]
    return ", ".join(required[:-1]) + f" and {required[-1]}"


def section_problems(parsed: ParsedBody, profile: Profile, rel: str) -> Iterator[Problem]:
    """What keeps a published postmortem's text from being complete and readable."""
    rules = postmortem_rules()
    needs = rules.profiles[profile]
    if parsed.preamble_line is not None:
        yield error(
            rel,
            parsed.preamble_line,
            "",
            "text before the first section: the page shows the title itself; start with a "
            "'## Summary' heading",
        )
    first_seen: dict[str, int] = {}
    for block in parsed.blocks[1:]:
        assert block.name is not None
        if block.name in first_seen:
            yield error(
                rel,
                block.line,
                "",
                f"second {_heading(block.name)} section (the first is at line "
                f"{first_seen[block.name]}): merge them",
            )
            continue
        first_seen[block.name] = block.line
        if block.name in rules.from_front_matter:
            field = rules.from_front_matter[block.name].field
            yield warning(
                rel,
                block.line,
                "",
                f"the page shows the {block.name.lower()} from the front-matter '{field}'; "
                f"move this section's content there",
            )
    for choice in needs.required:
        present = [name for name in choice if name in parsed.sections]
        if not present:
            yield error(
                rel,
                parsed.body_line,
                "",
                f"missing section {_heading(choice[0])}: a {profile} postmortem needs "
                f"{_needs(profile)}",
            )
        for name in present:
            if not parsed.sections[name].text:
                yield error(
                    rel,
                    parsed.sections[name].line,
                    "",
                    f"section {_heading(name)} is empty: write it before publishing",
                )
    for name in needs.recommended:
        if name not in parsed.sections:
            yield warning(
                rel,
                parsed.body_line,
                "",
                f"no {_heading(name)} section: recommended in a {profile} postmortem "
                "(a few sentences are enough)",
            )
    impact = parsed.sections.get(rules.number_section)
    if impact is not None and impact.text and not rules.number.search(markdown_prose(impact.text)):
        yield warning(
            rel,
            impact.line,
            "",
            f"the {rules.number_section} section has no number: say how many customers or "
            "requests were affected, what share, or for how long",
        )
