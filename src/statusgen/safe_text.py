"""Text from content made plain for other services: control characters removed, not shown.

Terminal and CI output shows such characters escaped (`characters.printable`), so a reader
sees what is there. A chat message, an e-mail or a GitHub issue is read by customers and
colleagues instead: there the characters are dropped. Validation already refuses them in
content files; the sites `statusgen notify` reads (a published site, a built folder) and Git
metadata are not validated, so they pass through here.
"""

from __future__ import annotations

import re

from statusgen.characters import FORBIDDEN

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


def strip_unprintable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` without control characters or bidirectional overrides; newlines kept only
    with `keep_newlines` (else they become spaces), tabs become spaces."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _BIDI.sub("", FORBIDDEN.sub("", text))
