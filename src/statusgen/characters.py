"""Which characters content may hold, and how text from content is made safe to print.

Content is published as XML (feeds), iCalendar and HTML and is printed to terminals and CI
logs. XML 1.0 cannot hold most C0 control characters, lone surrogates or U+FFFE/U+FFFF, and a
terminal obeys C0 and C1 controls (ESC starts a sequence that can retitle the window, clear the
screen or fake a hyperlink). Content files may therefore not contain any of them (tab and
line breaks excepted); validation says where. Whatever is printed from content goes through
`printable` anyway, because messages also quote command-line input and file names.

Text sent to other services (a chat message, an e-mail, a GitHub issue) is read by customers
and colleagues instead, so `strip_unprintable` drops such characters rather than showing
them. Validation already refuses them in content files; the sites `statusgen notify` reads
(a published site, a built folder) and Git metadata are not validated, so they pass through it.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, LF and CR; DEL and the C1 controls; surrogates; U+FFFE and U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What a reader (or the iCalendar writer) takes as the end of a line.
LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
# Printed escaped: everything FORBIDDEN holds (tab is harmless), line breaks (a message is
# one line) and the bidirectional marks, overrides and isolates, which make text read
# differently from what it is.
_OTHER_UNPRINTABLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\x85\u2028\u2029"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
)
_UNPRINTABLE = re.compile(f"[\n{_OTHER_UNPRINTABLE}]")
_UNPRINTABLE_BUT_NEWLINE = re.compile(f"[{_OTHER_UNPRINTABLE}]")

_C0_NAMES = (  # noqa: SIM905 - the table reads best as the row it is in the standard
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_ESCAPES = {"\n": "\\n", "\r": "\\r"}
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


def describe(char: str) -> str:
    """`U+001B (ESC)`: a character as a person can look it up."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = "a C1 control character"
    elif 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        name = "a noncharacter"
    else:
        name = unicodedata.name(char, "unnamed")
    return f"U+{code:04X} ({name})"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    r"""`text` with every control character shown as an escape (`\x1b`), so that printing it
    to a terminal or a CI log can neither run an escape sequence nor fake a line.

    With `keep_newlines`, line feeds stay (for output that is several lines by design).
    """
    pattern = _UNPRINTABLE_BUT_NEWLINE if keep_newlines else _UNPRINTABLE
    return pattern.sub(_escape, text)


def shorten(text: str, limit: int = 80) -> str:
    """At most `limit` characters of `text`, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def strip_unprintable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` without control characters or bidirectional overrides; newlines kept only
    with `keep_newlines` (else they become spaces), tabs become spaces."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _BIDI.sub("", FORBIDDEN.sub("", text))


def display_width(text: str) -> int:
    """The terminal cells `text` takes: East Asian Wide and Fullwidth characters take two,
    combining marks none, so columns of Japanese and Latin names line up."""
    cells = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        cells += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return cells
