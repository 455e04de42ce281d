"""Keeping a message typed in the editor when it cannot be posted.

During an outage the text someone just typed is the most valuable thing on the screen: when
the post is refused (a colleague resolved the incident meanwhile) or fails, the message goes
to a file of its own, never overwriting another, and the engineer is told where it is.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

PREFIX = ".statusgen-unsent-"
_LABEL_LIMIT = 80


def _name_part(label: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", label).strip("-")[:_LABEL_LIMIT]
    return cleaned or "message"


def _create_new(folder: Path, stem: str, text: str) -> Path:
    """Write `text` to `<stem>.md` in `folder`, or `<stem>-2.md`… if that exists."""
    for number in range(1, 1000):
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        except FileExistsError:
            continue
        return path
    raise FileExistsError(folder / f"{stem}.md")


def keep_unsent(folder: Path, label: str, text: str) -> Path | None:
    """Save `text` as `.statusgen-unsent-<label>-<time>.md` in `folder` (else the temp folder).

    Returns where it was saved, or None when no folder could take it.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = f"{PREFIX}{_name_part(label)}-{stamp}"
    for place in (folder, Path(tempfile.gettempdir())):
        try:
            return _create_new(place, stem, text)
        except OSError:
            continue
    return None


def unsent_note(saved: Path | None, text: str, shown: str | None) -> str:
    """What to tell the engineer about their message; the message itself if it was not saved."""
    if saved is None:
        return (
            "Your message was not posted and could not be saved to a file; here it is:\n"
            f"{text.rstrip()}\n"
        )
    return (
        f"Your message was not posted; it is saved in {shown or saved}: post it again with "
        f"--message-file {shown or saved}"
    )
