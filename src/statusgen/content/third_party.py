"""Validation: the page loads nothing from another host unless the config allows that host.

Checks what the browser would fetch without a click: images, media and `srcset`s in
incident and postmortem text and in the site's hand-written pages, the stylesheets,
scripts, logo and favicon of mkdocs.yml, and Material's Google Fonts. Each is an error at
its file and line, naming the host and how to allow it (`allowed_hosts`). The sanitiser
drops the same fetches at build time, so a build never calls another host either way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from statusgen.problems import Problem, error
from statusgen.render.markdown import render_markdown
from statusgen.render.sanitise import Policy, sanitise

from .fetches import fetch_host, foreign_hosts, host_allowed
from .load import Document
from .locations import Loc, text_locations
from .yaml_front_matter import LineMap

# Where incidents and postmortems hold Markdown that the site renders ("*": every item).
INCIDENT_MARKDOWN: tuple[Loc, ...] = (("updates", "*", "body"),)
POSTMORTEM_MARKDOWN: tuple[Loc, ...] = (("summary",), ("timeline", "*", "text"))
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
URL_IN_MESSAGE = 100


def _could_fetch(text: str, raw_html: bool) -> bool:
    """Cheap test first: only an image, or raw HTML where it is allowed, can fetch."""
    return "![" in text or (raw_html and "<" in text)


def _advice(host: str) -> str:
    return f"serve the file from this site, or add {host} to allowed_hosts in mkdocs.yml"


def _quoted(url: str) -> str:
    shown = url if len(url) <= URL_IN_MESSAGE else url[: URL_IN_MESSAGE - 1] + "…"
    return repr(shown)


def _problems_in(
    html: str,
    allowed: tuple[str, ...],
    rel: str,
    lines: list[str],
    first: int,
    field: str,
) -> Iterator[Problem]:
    """One error per foreign fetch in `html`, at the line of `lines` (from `first`) naming it."""
    position = 0
    for url, host in foreign_hosts(html, allowed):
        offset, position = _locate(lines, position, url, host)
        yield error(
            rel,
            first + offset,
            field,
            f"loads {_quoted(url)} from {host}: the status page makes no third-party "
            f"requests; {_advice(host)}",
        )


def _locate(lines: list[str], start: int, url: str, host: str) -> tuple[int, int]:
    """(line offset, next start) of `url` (else its host) at or after line `start`."""
    for needle in (url, host):
        for index in range(start, len(lines)):
            if needle.lower() in lines[index].lower():
                return index, index
        for index in range(0, min(start, len(lines))):
            if needle.lower() in lines[index].lower():
                return index, start
    return 0, start


def _field_name(loc: Loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def document_problems(
    document: Document, fields: Iterable[Loc], allowed: tuple[str, ...], allow_html: bool
) -> list[Problem]:
    """Foreign fetches in a content file's Markdown: the given front-matter fields and body."""
    file_lines = document.text.split("\n")
    key_lines = sorted({*document.lines.lines.values(), document.body_line})
    found: list[Problem] = []
    texts: list[tuple[str, int, int, str]] = []  # text, first line, end line, field
    for pattern in fields:
        for loc, text in text_locations(pattern, document.data):
            line = document.lines.lines.get(loc, document.lines.default)
            end = next((k for k in key_lines if k > line), document.body_line)
            texts.append((text, line, end, _field_name(loc)))
    texts.append((document.body, document.body_line, len(file_lines) + 1, ""))
    for text, line, end, field in texts:
        if not _could_fetch(text, allow_html):
            continue
        html = render_markdown(text, allow_html=allow_html, allowed_hosts=None)
        region = file_lines[line - 1 : end - 1] or [""]
        found.extend(_problems_in(html, allowed, document.rel, region, line, field))
    return found


def page_problems(
    docs_dir: Path, root: Path, allowed: tuple[str, ...]
) -> tuple[int, list[Problem]]:
    """(files read, problems) for the site's hand-written Markdown pages in `docs_dir`.

    mkdocs renders them with raw HTML allowed; statusgen sanitises them like incident text,
    with the wider allow-list for pages.
    """
    import markdown

    if not docs_dir.is_dir():
        return 0, []
    converter = markdown.Markdown(extensions=["extra"])
    count, found = 0, list[Problem]()
    for path in _markdown_files(docs_dir):
        count += 1
        rel = _relative(path, root)
        try:
            text = path.read_text("utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue  # mkdocs reports what it cannot read
        meta = _FRONT_MATTER.match(text)
        body_line = text[: meta.end()].count("\n") + 1 if meta else 1
        body = text[meta.end() :] if meta else text
        if not _could_fetch(body, raw_html=True):
            continue
        html = sanitise(converter.reset().convert(body), Policy.PAGE, allowed_hosts=None)
        found.extend(_problems_in(html, allowed, rel, body.split("\n"), body_line, ""))
    return count, found


def _markdown_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        found.extend(Path(directory, n) for n in names if n.lower().endswith(".md"))
    return sorted(found)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def config_problems(
    data: Mapping[str, Any], rel: str, lines: LineMap, own_host: str, allowed: Iterable[str]
) -> Iterator[Problem]:
    """mkdocs.yml settings that make every page load something from another host."""
    allowed = (own_host, *allowed)
    theme = data.get("theme")
    theme_map = theme if isinstance(theme, dict) else {"name": theme}
    if theme_map.get("name") == "material" and theme_map.get("font", True) is not False:
        yield error(
            rel,
            lines.line_of(("theme", "font") if "font" in theme_map else ("theme",)),
            "theme.font",
            "Material loads its fonts from Google's servers on every page view, a request "
            "to another host: set 'font: false' under theme (the readers' system fonts are "
            "used), or serve the fonts from the site",
        )
    # Images may come from an allowed host; stylesheets and scripts only from the site,
    # which is all the Content-Security-Policy lets the browser load them from.
    settings: list[tuple[Loc, Any, tuple[str, ...]]] = [
        (("theme", "logo"), theme_map.get("logo"), allowed),
        (("theme", "favicon"), theme_map.get("favicon"), allowed),
    ]
    for key in ("extra_css", "extra_javascript"):
        entries = data.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            value = entry.get("path") if isinstance(entry, dict) else entry
            settings.append(((key, index), value, (own_host,)))
    for loc, value, hosts in settings:
        host = fetch_host(value) if isinstance(value, str) else None
        if host is not None and not host_allowed(host, hosts):
            yield error(
                rel,
                lines.line_of(loc),
                _field_name(loc),
                f"{_quoted(str(value))} is loaded from {host} on every page, a request to "
                "another host: keep the file in the site's docs_dir and name it by its path",
            )
