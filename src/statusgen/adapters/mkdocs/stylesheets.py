"""How a page gets its styles: one stylesheet, and the first screen's rules in the page.

A first visit waits for every stylesheet in the head before it paints anything. So
Material's stylesheets, statusgen's and the site's own (`extra_css` files without relative
`url()`s) are joined, in their cascade order, into one file named after a hash of its
content, and the rules the header, the overall status and the incident cards need
(critical.css, one source file) travel inline in every page, after it: the first paint
waits for that one file alone. The Content-Security-Policy allows the inline rules by their
hash, never 'unsafe-inline'.
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
    """The inline rules as every page carries them: the source without its comments."""
    return _COMMENT.sub("", CRITICAL.read_text("utf-8")).strip()


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
) -> tuple[Stylesheets, File | None]:
    """The stylesheets at `paths` (site-relative, in cascade order) joined into one file.

    Addresses and files with relative `url()`s stay apart, after the joined file, so they
    still win over it as they did. Returns what to link and the file to add to the build
    (None when nothing could be joined).
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
    if not parts:
        return Stylesheets(joined="", apart=tuple(apart)), None
    joined = "\n".join(parts) + "\n"
    name = f"{BUNDLE_DIR}/site.{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:12]}.css"
    return Stylesheets(joined=name, apart=tuple(apart)), File.generated(
        config, name, content=joined
    )
