"""Text from content files made safe to print: no control characters reach a terminal or log.

Incident titles and update text arrive through pull requests. Printed raw, an escape sequence
could rewrite a terminal's screen, a carriage return hide what came before it on a CI log
line, and bidirectional overrides show text in another order than it is stored.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` without control characters; newlines kept only with `keep_newlines`."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _UNSAFE.sub("", text)
