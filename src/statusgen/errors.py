"""Every error statusgen raises on purpose, in one tree.

Library code raises these and never prints or exits; the command line catches the base,
`StatusgenError`, once, prints its problems and headline and exits with its `exit_code`
(1: the request or the content is wrong, or a program statusgen runs failed; 2: a usage
error or a folder the build refuses).
Anything else escaping is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from .problems import Problem


class StatusgenError(Exception):
    """The base: a message, the problems behind it (`file:line: ...`) and an exit status."""

    exit_code: ClassVar[int] = 1
    # How the command line shows it; `{message}` is the message.
    headline: ClassVar[str] = "error: {message}"

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)

    def shown(self) -> str:
        return self.headline.format(message=self.message)


# --- Reading content and options ---------------------------------------------------------


class BadTime(StatusgenError, ValueError):
    """A time on the command line or in SOURCE_DATE_EPOCH that cannot be read."""

    exit_code = 2


class YamlShapeError(StatusgenError):
    """YAML that parses but cannot be front-matter (a tag, an alias bomb); `line` is where."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class NotFound(StatusgenError, LookupError):
    """What was asked for does not exist, or is ambiguous."""

    headline = "Error: {message}"


class IncidentLookupError(NotFound):
    """No incident, or more than one, matches what was typed."""


class SchemaUnavailable(NotFound):
    """No schema goes by that name."""


# --- Writing content ---------------------------------------------------------------------


class Refused(StatusgenError):
    """A request that would produce an invalid file, or cannot be carried out; nothing written."""

    headline = "{message}"


class ScaffoldRefused(Refused):
    """Some of the files `init` would write exist already; nothing was written."""

    def __init__(self, existing: list[str]) -> None:
        super().__init__(
            "refused: these files exist already; nothing written:\n  " + "\n  ".join(existing)
        )
        self.existing = existing


class ScaffoldInvalid(Refused):
    """The site would not validate (a bad --url or --name); nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("refused: the new site would not be valid; nothing written", problems)


class EditFailed(StatusgenError):
    """A file could not be edited safely; authoring turns these into a `Refused`."""


class EditError(EditFailed, ValueError):
    """The file is laid out in a way statusgen cannot edit safely."""


class ChangedOnDisk(EditFailed):
    """The file changed between reading it and replacing it (an editor, a `git pull`)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed while statusgen was editing it")
        self.path = path


class NotEditable(EditFailed):
    """The path is a symbolic link, or not a regular file: statusgen does not replace it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LockTimeout(EditFailed):
    """Another process held the file's lock for longer than `seconds`."""

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(f"{path}: locked for over {seconds:g} s")
        self.path = path
        self.seconds = seconds


# --- Importing another status page -----------------------------------------------------


class ImportRefused(StatusgenError):
    """The import cannot go ahead (the source cannot be read, the site is not valid, or the
    result would not validate); nothing was written."""

    headline = "refused: {message}; nothing written"


# --- Programs statusgen runs --------------------------------------------------------------


class ToolFailed(StatusgenError):
    """A program statusgen runs (gh) is missing or failed: an error like any other, exit 1.

    Not a usage error: the command was right, the world around it was not.
    """


# --- Building the site -------------------------------------------------------------------


class SiteDirError(StatusgenError):
    """The build cannot use its site folder; nothing was touched."""

    exit_code = 2


class SiteDirRefused(SiteDirError):
    """The site folder is one a build must never replace."""


class SiteDirUnwritable(SiteDirError):
    """The file system would not let the build create or replace the site folder."""


class BuildFailed(StatusgenError):
    """Rendering failed after validation passed; the previous site is untouched."""

    headline = "error: the site could not be built: {message}"


class RenderError(BuildFailed):
    """The site generator could not build the site; the message says why."""


class OutputConflict(BuildFailed, ValueError):
    """Two renderers claim one file, or a renderer names a path outside the site."""


class ThemeScriptError(BuildFailed, RuntimeError):
    """The installed theme's inline scripts are not the ones statusgen knows."""
