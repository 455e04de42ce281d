"""The blameless-language check: find wording that blames people, with its line and column.

The check reads the prose of a postmortem (its sections and the summary, timeline and action
items of its front-matter), blanks out what is not the writer's own words (code, quotes,
comments) and runs every rule of the site's `RuleSet` over what is left. A comment
`<!-- statusgen: allow RULE -->` (or `# statusgen: allow RULE` in the front-matter) silences a
rule for the next line or block, for the cases where the words are right.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from statusgen.characters import shorten
from statusgen.content.config_file import load_config
from statusgen.content.files import scan_content_files
from statusgen.content.load import Document, read_document
from statusgen.content.locations import Loc, field_path, text_locations
from statusgen.content.postmortem.sections import split_blocks
from statusgen.content.prose import fenced_lines, inline_prose, markdown_prose, without_comments
from statusgen.content.settings import SiteConfig
from statusgen.content.yaml_front_matter import LineMap
from statusgen.problems import Problem, Report, Severity, quoted

from .rules import RuleSet, rule_set

YAML_COMMENT = re.compile(r"^\s*#")
BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*(?:#.*)?$")
HTML_DIRECTIVE = re.compile(r"<!--\s*statusgen:\s*allow\b(?P<rules>[\s\S]*?)-->")
YAML_DIRECTIVE = re.compile(r"^\s*#\s*statusgen:\s*allow\b(?P<rules>.*)$")
DRAFT_STATUSES = ("draft", "in-review")

# Front-matter fields written as prose for readers; "*" stands for every list item.
PROSE_FIELDS: tuple[Loc, ...] = (
    ("summary",),
    ("timeline", "*", "text"),
    ("action_items", "*", "action"),
    ("action_items", "*", "reason"),
)


@dataclass(frozen=True)
class Passage:
    """A stretch of text at a known place: `prose` without code and quotes, `raw` with them."""

    prose: str
    raw: str
    line: int
    col: int
    section: str | None
    field: str

    def position(self, offset: int) -> tuple[int, int]:
        """File line and 1-based column of the character at `offset`."""
        newlines = self.raw.count("\n", 0, offset)
        if newlines == 0:
            return self.line, self.col + offset
        return self.line + newlines, offset - self.raw.rfind("\n", 0, offset)


def body_passages(body: str, body_line: int) -> list[Passage]:
    """One passage per section (heading included) of a Markdown body."""
    lines = body.split("\n")
    raw_lines = without_comments(body).split("\n")
    prose_lines = markdown_prose(body).split("\n")
    return [
        Passage(
            prose="\n".join(prose_lines[block.first : block.end]),
            raw="\n".join(raw_lines[block.first : block.end]),
            line=body_line + block.first,
            col=1,
            section=block.name,
            field="",
        )
        for block in split_blocks(lines, body_line)
    ]


def front_matter_passages(document: Document) -> list[Passage]:
    """The prose fields of the front-matter, located in the file as typed."""
    if not document.text:
        return []
    file_lines = document.text.split("\n")
    closing = document.body_line - 1
    key_lines = sorted(set(document.lines.lines.values()) | {closing})
    passages = []
    for pattern in PROSE_FIELDS:
        for loc, _ in text_locations(pattern, document.data):
            line = document.lines.lines.get(loc)
            if line is None or not 0 < line < closing:
                continue
            end = key_lines[bisect_right(key_lines, line)]
            first = file_lines[line - 1]
            key = re.search(rf"(?:^|[\s-]){re.escape(str(loc[-1]))}\s*:[ \t]*", first)
            if key is None:
                continue
            value = first[key.end() :]
            rest = file_lines[line : end - 1]
            block_scalar = bool(BLOCK_SCALAR.match(value.strip()))
            if block_scalar:
                value = " " * len(value)
            else:
                rest = [" " * len(r) if YAML_COMMENT.match(r) else r for r in rest]
            text = "\n".join([value, *rest])
            if not block_scalar and text[:1] in ("'", '"'):
                quote = text[0]
                last = text.rfind(quote)
                text = " " + text[1:last] + (" " + text[last + 1 :] if last > 0 else "")
            passages.append(
                Passage(
                    inline_prose(text),
                    without_comments(text),
                    line,
                    key.end() + 1,
                    None,
                    field_path(loc),
                )
            )
    return passages


@dataclass
class _Suppressions:
    lines: dict[str, set[int]]
    problems: list[Problem]

    def allows(self, rule: str, line: int) -> bool:
        return line in self.lines.get(rule, ())


def _named_rules(
    text: str, known: Sequence[str], rel: str, line: int, col: int, problems: list[Problem]
) -> list[str]:
    names = re.findall(r"[A-Za-z0-9_-]+", text)
    messages = [
        f"unknown rule {quoted(name)} in a statusgen comment (known: {', '.join(known)})"
        for name in names
        if name not in known
    ]
    if not names:
        messages.append("name the rule to allow, e.g. <!-- statusgen: allow counterfactual -->")
    problems.extend(Problem(rel, line, col, Severity.WARNING, message=m) for m in messages)
    return [n for n in names if n in known]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def suppressions(document: Document, known: Sequence[str]) -> _Suppressions:
    """Which lines each rule must leave alone, from the `statusgen: allow` comments."""
    file_lines = document.text.split("\n")
    closing = min(document.body_line - 1, len(file_lines))
    result = _Suppressions({}, [])

    def allow(names: list[str], lines: range) -> None:
        for name in names:
            result.lines.setdefault(name, set()).update(lines)

    # Front-matter: `# statusgen: allow RULE` covers the next key with all it holds.
    for number in range(2, closing):
        match = YAML_DIRECTIVE.match(file_lines[number - 1])
        if match is None:
            continue
        names = _named_rules(
            match["rules"], known, document.rel, number, match.start() + 1, result.problems
        )
        start = next(
            (
                n
                for n in range(number + 1, closing)
                if file_lines[n - 1].strip() and not YAML_COMMENT.match(file_lines[n - 1])
            ),
            closing,
        )
        depth = _indent(file_lines[start - 1]) if start < closing else 0
        end = next(
            (
                n
                for n in range(start + 1, closing)
                if file_lines[n - 1].strip()
                and not YAML_COMMENT.match(file_lines[n - 1])
                and _indent(file_lines[n - 1]) <= depth
            ),
            closing,
        )
        allow(names, range(start, end))

    # Body: `<!-- statusgen: allow RULE -->` covers its own line if it has text, else the
    # next block (up to a blank line).
    body_lines = file_lines[closing:]
    inside = fenced_lines(body_lines)
    for index, line in enumerate(body_lines):
        if inside[index]:
            continue
        for match in HTML_DIRECTIVE.finditer(line):
            number = closing + 1 + index
            names = _named_rules(
                match["rules"], known, document.rel, number, match.start() + 1, result.problems
            )
            rest = HTML_DIRECTIVE.sub("", line).strip()
            start = index
            if not rest:
                start = next(
                    (i for i in range(index + 1, len(body_lines)) if body_lines[i].strip()),
                    len(body_lines),
                )
            end = next(
                (i for i in range(start, len(body_lines)) if not body_lines[i].strip()),
                len(body_lines),
            )
            allow(names, range(closing + 1 + start, closing + 1 + end))
    return result


def people_in(data: dict[str, Any], rules: RuleSet) -> tuple[str, ...]:
    """Names of people in the front-matter, which must not appear where causes are told.

    Roles ("Database team") are not people; handles (@name) are found anywhere anyway. A
    person's given and family names count on their own too.
    """

    def entries(key: str) -> list[Any]:
        value = data.get(key)
        return value if isinstance(value, list) else []

    candidates = [
        data.get("owner"),
        *entries("authors"),
        *entries("reviewers"),
        *(item.get("owner") for item in entries("action_items") if isinstance(item, dict)),
    ]
    people: set[str] = set()
    for who in candidates:
        if not isinstance(who, str) or not who.strip() or who.strip().startswith("@"):
            continue
        who = " ".join(who.split())
        if rules.is_role(who):
            continue
        people.add(who)
        words = who.split()
        if len(words) > 1:
            people.update(w for w in words if len(w) >= 3 and w[0].isupper() and w.isalpha())
    return tuple(sorted(people))


def lint_document(document: Document, rules: RuleSet) -> list[Problem]:
    """Every blameless-language warning in one front-matter Markdown file."""
    compiled = rules.compile(people_in(document.data, rules))
    is_draft = document.data.get("status") in DRAFT_STATUSES
    allowed = suppressions(document, rules.ids)
    problems = list(allowed.problems)
    passages = [
        *front_matter_passages(document),
        *body_passages(document.body, document.body_line),
    ]
    for passage in passages:
        for each in compiled:
            rule = each.rule
            if rule.skip_drafts and is_draft:
                continue
            if rule.sections is not None and passage.section not in rule.sections:
                continue
            if passage.section is not None and passage.section in rule.except_sections:
                continue
            text = passage.raw if rule.include_code else passage.prose
            for match in each.regex.finditer(text):
                line, col = passage.position(match.start())
                if allowed.allows(rule.id, line):
                    continue
                found = shorten(" ".join(match.group().split()))
                problems.append(
                    Problem(
                        path=document.rel,
                        line=line,
                        col=col,
                        severity=Severity.WARNING,
                        field=passage.field,
                        message=rule.message.replace("{match}", found).replace(
                            "{section}", passage.section or "the text"
                        ),
                        rule=rule.id,
                        suggestion=rule.suggestion,
                    )
                )
    return problems


def _targets(
    paths: Sequence[Path], config: SiteConfig | None, skipped: list[Problem]
) -> Iterator[tuple[Path, str]]:
    """(file, name shown in reports): the given files and folders, else the postmortems.

    Folders are scanned as validation scans them: what a link outside the site points at is
    never read (its text would be quoted into CI logs); `skipped` says what was left out.
    """
    if not paths:
        assert config is not None
        scan = scan_content_files(config.postmortems_dir, config.root, shown=config.display_path)
        skipped.extend(scan.problems)
        for path in scan.files:
            if path.suffix.lower() == ".md":
                yield path, config.display_path(path)
        return
    for path in paths:
        if path.is_dir():
            scan = scan_content_files(path, config.root if config else path, shown=Path.as_posix)
            skipped.extend(scan.problems)
            for found in scan.files:
                if found.suffix.lower() == ".md":
                    yield found, found.as_posix()
        else:
            yield path, path.as_posix()


def _plain_document(path: Path, shown: str) -> Document | None:
    """A Markdown file without front-matter, all body, as notes often are."""
    try:
        text = path.read_text("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except (UnicodeDecodeError, OSError):
        return None
    if text.startswith("---"):
        return None  # front-matter that does not parse: report that instead
    return Document(path, shown, {}, LineMap({}, 1), text, 1, text=text)


def lint_paths(config_file: Path, paths: Sequence[Path] = (), *, strict: bool = False) -> Report:
    """Lint the given Markdown files (or the site's postmortems) with the site's rules.

    Without a config file, given paths are checked with the built-in rules. `strict` turns
    every warning into an error.
    """
    config: SiteConfig | None = None
    if config_file.is_file() or not paths:
        loaded = load_config(config_file)
        if isinstance(loaded, list):
            return Report.of(loaded, 1)
        config = loaded
    rules = rule_set(config.options.blameless_rules if config else ())
    problems: list[Problem] = []
    files = 0
    for path, shown in _targets(paths, config, problems):
        files += 1
        document = read_document(path, shown)
        if isinstance(document, Problem):
            plain = _plain_document(path, shown)
            if plain is None:
                problems.append(document)
                continue
            document = plain
        problems.extend(lint_document(document, rules))
    if strict:
        problems = [replace(p, severity=Severity.ERROR) for p in problems]
    return Report.of(problems, files)
