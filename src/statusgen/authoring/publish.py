"""Publishing a draft incident: remove `draft: true`, and date its first update now.

A draft waits for a human (an alert opened it, or someone wrote it ahead); readers must see
the first update at the moment it reached them, not when the draft was written. Like every
edit, it changes only the lines it must, on the safe write path, and checks the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from statusgen.content.settings import SiteConfig
from statusgen.errors import Refused
from statusgen.render.format import iso

from .posting import Current, Written, edit_valid_file, replace_checked
from .safe_write import LockedFile

_DRAFT_LINE = re.compile(r"^draft:[ \t]*(?:true|True|TRUE|yes|Yes|on)[ \t]*(?:#.*)?\r?$")
_AT_LINE = re.compile(r"^(?P<head>[ \t]*(?:-[ \t]+)?at:[ \t]*)(?P<value>[^ \t#\r]+)(?P<tail>.*)$")


def publish(
    config: SiteConfig,
    path: Path,
    *,
    at: datetime | None,
    now: datetime | Callable[[], datetime],
    keep_times: bool = False,
    dry_run: bool = False,
) -> Written:
    """Remove the draft flag of `path`; unless `keep_times`, date its first update `at` (else
    the moment of writing), and any later update dated before that moment with it too, so
    the updates stay newest first."""

    def apply(locked: LockedFile, current: Current, moment: datetime) -> Written:
        rel = current.document.rel
        if not current.incident.draft:
            raise Refused(f"refused: {rel} is not a draft; it is published already")
        stamp = None if keep_times else (at or moment)
        edited = _published_text(locked.original.decode("utf-8"), current, stamp)
        return replace_checked(
            config,
            locked,
            current,
            edited,
            moment,
            invalid=f"refused: {rel} would not be valid once published; the file is unchanged",
            changed=f"refused: could not publish {rel} without changing it otherwise",
            dry_run=dry_run,
        )

    return edit_valid_file(config, path, apply, now)


def _published_text(
    text: str, current: Current, stamp: datetime | None
) -> tuple[str, dict[str, Any]]:
    """The file's text once published, and the front-matter data it must parse to."""
    document = current.document
    rel = document.rel
    lines = text.split("\n")
    expected = {k: v for k, v in document.data.items() if k != "draft"}
    draft_line = document.lines.lines.get(("draft",))
    if draft_line is None or not _DRAFT_LINE.match(lines[draft_line - 1]):
        raise Refused(
            f"refused: {rel}: cannot remove the draft flag automatically; write it as a line "
            "'draft: true' of its own, or delete that line by hand"
        )
    if stamp is not None:
        updates = [dict(u) for u in document.data["updates"]]
        count = len(updates)
        for index, update in enumerate(current.incident.updates):
            if index != count - 1 and update.at >= stamp:
                continue
            line_number = document.lines.lines.get(("updates", index, "at"))
            match = _AT_LINE.match(lines[line_number - 1]) if line_number else None
            if line_number is None or match is None:
                raise Refused(
                    f"refused: {rel}: cannot date updates[{index}] automatically; write "
                    "'at: <time>' on a line of its own, or publish with --keep-times"
                )
            lines[line_number - 1] = f"{match['head']}{iso(stamp)}{match['tail']}"
            updates[index]["at"] = iso(stamp)
        expected["updates"] = updates
    del lines[draft_line - 1]
    return "\n".join(lines), expected
