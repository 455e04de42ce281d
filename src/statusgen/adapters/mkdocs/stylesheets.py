"""How a page gets its styles: one stylesheet, and on the home page the first screen's rules.

A first visit waits for every stylesheet in the head before it paints anything. So
Material's stylesheets, statusgen's, the site's own (`extra_css` files without relative
`url()`s) and last the rules the header, the overall status and the incident cards need
(critical.css) are joined, in that cascade order, into one file named after a hash of its
content: every page waits for that one file alone. The home page, the one read during an
outage, also carries the first screen's rules inline right after its link (the same rules
in the same place of the cascade); the 5,000 other pages do not repeat those 6.5 kB each.
The Content-Security-Policy allows the inline rules by their hash, only on the pages that
have them, never 'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

BUNDLE_DIR = "assets/statusgen"
CRITICAL_PATH = f"{BUNDLE_DIR}/critical.css"
CRITICAL = Path(__file__).parent / "theme" / CRITICAL_PATH
# A relative url() would point elsewhere from the joined file: such a stylesheet stays apart.
_RELATIVE_URL = re.compile(r"url\(\s*(?!['\"]?(?:data:|https?:|/|#))", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_COMMENT = re.compile(r"/\*.*?\*/\n?", re.DOTALL)


def critical_css() -> str:
    """The first screen's rules as pages carry them: the source without its comments."""
    return _COMMENT.sub("", CRITICAL.read_text("utf-8")).strip()


def critical_style() -> str:
    """The inline `<style>` element that holds them, exactly as the theme prints it."""
    return f"<style>{critical_css()}</style>"


def style_hash(css: str) -> str:
    """The CSP source that allows an inline `<style>` holding exactly `css`."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True)
class Stylesheets:
    """What every page links: the joined file, then the ones that could not join it."""

    joined: str
    apart: tuple[str, ...]


def join_stylesheets(
    config: MkDocsConfig, files: Files, paths: list[str]
) -> tuple[Stylesheets, File]:
    """The stylesheets at `paths` (site-relative, in cascade order), then the first
    screen's rules, joined into one file.

    Addresses and files with relative `url()`s stay apart, after the joined file, so they
    still win over it as they did. Returns what to link and the file to add to the build.
    """
    parts: list[str] = []
    apart: list[str] = []
    for path in paths:
        file = files.get_file_from_path(path)
        text = file.content_string if file is not None else None
        if text is None or _RELATIVE_URL.search(text) or apart:
            # Once one stays apart, the rest do too: joining them would change the cascade.
            apart.append(path)
            continue
        parts.append(_SOURCE_MAP.sub("", text).strip())
    parts.append(critical_css())
    joined = "\n".join(parts) + "\n"
    name = f"{BUNDLE_DIR}/site.{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:12]}.css"
    return Stylesheets(joined=name, apart=tuple(apart)), File.generated(
        config, name, content=joined
    )
