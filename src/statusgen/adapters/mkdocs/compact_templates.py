"""statusgen's own templates compiled without their source indentation and tag-only lines.

The theme's templates are indented for reading. Printed as written, every page repeats that
indentation and a blank line for each `{% if %}`, `{% block %}` or `{# #}` line: about 0.7 kB
of each of 5,000 incident pages. This Jinja extension compiles statusgen's templates (and no
one else's: Material's and a site's own stay as they are) as if they were written flush left
with Jinja's `lstrip_blocks` and `trim_blocks`:

- leading spaces and tabs of each line are dropped;
- a line that holds statement or comment tags and nothing else loses its line break, unless
  a `-` next to it would strip the line break before it too, or its last tag ends text that
  is printed (`include`, `endblock`).

Pages render the same: HTML collapses a run of white space holding a line break to one
space, and every run keeps a line break (a tag-only line's break goes, the line before it
keeps its own). None of statusgen's templates holds `<pre>`, `<textarea>` or text whose
white space a stylesheet keeps.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2.ext import Extension

from .theme_config import THEME_DIR

_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_TAG = r"(?:\{%(?!-)(?:(?!%\}).)*%\}|\{#(?!-)(?:(?!#\}).)*#\})"  # one `{% … %}` or `{# … #}`
# A line of such tags alone, whose line break is the only white space between the line before
# and the next: neither tag strips before itself (`{%-`), the line before does not strip
# after itself (`-%}`), so that line's own break still separates the two.
_TAG_LINE = re.compile(
    rf"(?<!-%\}}\n)(?<!-#\}}\n)(?<!-\}}\}}\n)^({_TAG}(?:[ \t]*{_TAG})*)[ \t]*\n",
    re.MULTILINE | re.DOTALL,
)
# Tags that end printed text of their own (an included template, a block's or call's body):
# the break after them is the only one between that text and the next line's.
_ENDS_TEXT = re.compile(r"\{%\s*(?:include|endblock|endcall|endfilter)\b[^{]*%\}$", re.DOTALL)


def _trimmed(line: re.Match[str]) -> str:
    tags = line[1]
    return line[0] if _ENDS_TEXT.search(tags) else tags


def compact(source: str) -> str:
    """Template source as statusgen's templates are compiled (see the module's text)."""
    return _TAG_LINE.sub(_trimmed, _INDENT.sub("", source))


class CompactTemplates(Extension):
    """Compiles the templates under statusgen's theme folder through `compact`."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if filename is not None and Path(filename).is_relative_to(THEME_DIR):
            return compact(source)
        return source
