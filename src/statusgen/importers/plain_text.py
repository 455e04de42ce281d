"""Plain text as Markdown that shows the same text: Statuspage update bodies.

Statuspage stores update bodies as plain text with CRLF line breaks and shows them with
their line breaks and with web addresses as links. statusgen renders bodies as Markdown, so
each character that Markdown would read as markup (`*`, `_`, `#` at the start of a line,
`<`, `|`…) is escaped, a line break inside a paragraph becomes a Markdown hard break (two
spaces before the newline) and a web address becomes an autolink (`<https://…>`). Blank lines
still separate paragraphs. Indentation is dropped: a web page does not show it, and in
Markdown four spaces would start a code block.
"""

from __future__ import annotations

import re

from ..characters import FORBIDDEN

HARD_BREAK = "  \n"
# Addresses as Statuspage links them; trailing punctuation belongs to the sentence. Inside
# `<…>` Python-Markdown still reads code spans, escapes and `[…]` links first, so an address
# stops before the characters that start them, and before a character reference, which it
# would decode (the rest of it is escaped as text).
_URL = re.compile(r"https?://(?:[^\s<>\"`\\\[\]{}|^&]|&(?!#?[0-9A-Za-z]+;))+", re.IGNORECASE)
_TRAILING = ".,;:!?'\""
# Control characters a web page cannot show (HTML forbids most of them); tabs stay.
_CONTROLS = re.compile(f"[\x0d{FORBIDDEN.pattern[1:-1]}]")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
_SETEXT = re.compile(r"^=+\s*$")

# Characters that are markup anywhere in a line, with their escapes. `_` is markup only at a
# word boundary (Python-Markdown ignores it inside words), `&` only where it starts an entity.
_INLINE = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "[": "\\[",
    "{": "\\{",
    "|": "\\|",
    "<": "&lt;",
}
# Markup at the start of a line: headings, quotes, lists and rules. A definition (`: `) and a
# `~~~` fence have no backslash escape in Python-Markdown, so a character reference stands in.
_LINE_START = {"#": "\\#", ">": "\\>", "-": "\\-", "+": "\\+"}
_DEFINITION = re.compile(r"^:(?=[ \t]|$)")
_TILDE_FENCE = re.compile(r"^~~~")


def plain_to_markdown(text: str) -> str:
    """Markdown for a plain-text body that renders to the same words and line breaks."""
    lines = [_CONTROLS.sub("", line).strip() for line in _normalize_newlines(text).split("\n")]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(
        HARD_BREAK.join(_escape_line(line) for line in paragraph)
        for paragraph in paragraphs
        if paragraph
    )


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def markdown_body(text: str) -> str:
    """A body that is Markdown already (statusgen's own, cState's): line ends and edges only."""
    return _CONTROLS.sub("", _normalize_newlines(text)).strip()


def _escape_line(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url = _trim_url(match.group())
        start, end = match.start(), match.start() + len(url)
        if start < position or not url.split("://", 1)[1]:
            continue
        parts.append(_escape_text(line, position, start))
        parts.append(f"<{url}>")
        position = end
    parts.append(_escape_text(line, position, len(line)))
    return _escape_line_start("".join(parts))


def _trim_url(url: str) -> str:
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _escape_text(line: str, start: int, end: int) -> str:
    out: list[str] = []
    for index in range(start, end):
        char = line[index]
        if char in _INLINE:
            out.append(_INLINE[char])
        elif char == "_" and not _inside_word(line, index):
            out.append("\\_")
        elif char == "&" and _ENTITY_LIKE.match(line, index):
            out.append("&amp;")
        else:
            out.append(char)
    return "".join(out)


def _inside_word(line: str, index: int) -> bool:
    before = line[index - 1] if index > 0 else " "
    after = line[index + 1] if index + 1 < len(line) else " "
    return before.isalnum() and after.isalnum()


def _escape_line_start(line: str) -> str:
    ordered = _ORDERED.match(line)
    if ordered:
        return f"{ordered[1]}\\{ordered[2]}{line[ordered.end() :]}"
    if _SETEXT.match(line):
        return "&#61;" + line[1:]
    if _DEFINITION.match(line):
        return "&#58;" + line[1:]
    if _TILDE_FENCE.match(line):
        return "&#126;" + line[1:]
    first = line[:1]
    return _LINE_START[first] + line[1:] if first in _LINE_START else line
