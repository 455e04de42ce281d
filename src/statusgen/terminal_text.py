"""Text from content files made safe to print in a terminal or a CI log.

Content arrives through pull requests: an escape sequence in a title could rewrite the
terminal, and a line break in a GitHub workflow command could start a command of its own.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab and line feed included), DEL, and the bidirectional overrides
# that make text read differently from what it is.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` on one line, every control character replaced by a space."""
    return _UNPRINTABLE.sub(" ", text)
