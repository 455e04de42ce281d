"""What content files may be called, and the one way statusgen makes a slug.

Incident files are `<YYYY-MM-DD>-<slug>.md`; every content file name fits in
`MAX_NAME_BYTES`, so the temporary file written beside it during an edit always fits too.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from statusgen.problems import Problem, error

INCIDENT_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9][a-z0-9-]*)")
MARKDOWN_SUFFIXES = (".md",)
SLUG_LIMIT = 60
"""Characters of a slug made from a title; it is cut at a word boundary."""

NAME_MAX = 255
"""Bytes in one file name on the common file systems (ext4, XFS, APFS, btrfs)."""

MAX_NAME_BYTES = 200
"""Longest content file name statusgen accepts, in UTF-8 bytes.

Well under NAME_MAX, so the temporary file beside it (`.<name>.<8 hex>.tmp`) and other names
derived from it always fit; a longer name would make every edit fail with "File name too long".
"""


def name_too_long(name: str) -> str | None:
    """Why the file name `name` is too long for statusgen to edit safely, or None."""
    size = len(name.encode("utf-8"))
    if size <= MAX_NAME_BYTES:
        return None
    return (
        f"file name is {size} bytes long; the limit is {MAX_NAME_BYTES} bytes (UTF-8), which "
        "leaves room for the temporary file written beside it: shorten the name"
    )


def check_file_name(stem: str, rel: str, problems: list[Problem]) -> bool:
    too_long = name_too_long(rel.rpartition("/")[2])
    if too_long:
        problems.append(error(rel, 1, "", too_long))
        return False
    match = INCIDENT_NAME.fullmatch(stem)
    if match is None:
        problems.append(
            error(
                rel,
                1,
                "",
                "file name must be <YYYY-MM-DD>-<slug>.md in lower case, "
                "e.g. 2026-03-01-api-errors.md (the date the incident began)",
            )
        )
        return False
    try:
        date.fromisoformat(match["date"])
    except ValueError:
        problems.append(
            error(rel, 1, "", f"file name starts with an impossible date '{match['date']}'")
        )
        return False
    return True


def slugify(text: str, fallback: str = "x", *, limit: int | None = None) -> str:
    """`Élevated API errors (EU)` → `elevated-api-errors-eu`: lower-case ASCII and dashes.

    Accents are dropped, not the letters; with `limit`, the slug is cut at a word boundary.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if limit is not None and len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0]
    return slug or fallback


def slug_from_title(title: str, fallback: str) -> str:
    """The file-name slug of a new incident or maintenance, cut near 60 characters."""
    return slugify(title, fallback, limit=SLUG_LIMIT)
