"""Options and helpers every statusgen command shares."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from statusgen.clock import SYSTEM_CLOCK, Clock, build_time, current_time
from statusgen.errors import BadTime

if TYPE_CHECKING:
    from statusgen.problems import Problem

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def config_option(function: F) -> F:
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("mkdocs.yml"),
        show_default=True,
        help="The site's mkdocs.yml; content folders are read relative to it.",
    )(function)


def time_option(flag: str, dest: str, help_text: str) -> Callable[[F], F]:
    """An option that takes a time: ISO 8601 with an offset."""
    return click.option(flag, dest, metavar="TIME", help=help_text)


def now_option(function: F) -> F:
    """`--now` of a command that describes the page as built: build and validate."""
    return time_option(
        "--now",
        "now_text",
        "Describe the page as at this moment (ISO 8601 with offset). "
        "Default: SOURCE_DATE_EPOCH, else the clock.",
    )(function)


def clock_now_option(help_text: str) -> Callable[[F], F]:
    """`--now` of a command that works at the current moment: the clock unless given."""
    return time_option("--now", "now_text", help_text)


def command_clock() -> Clock:
    """The clock the CLI was started with (`cli.main(obj=Clock(moment))`), else the system's."""
    found = click.get_current_context().find_object(Clock)
    return found if found is not None else SYSTEM_CLOCK


def now_from(now_text: str | None) -> datetime:
    """The moment a build describes: `--now`, else SOURCE_DATE_EPOCH, else the clock."""
    try:
        return build_time(now_text, command_clock())
    except BadTime as exc:
        raise click.UsageError(str(exc)) from None


def clock_now(now_text: str | None = None) -> datetime:
    """One reading of the clock (or `--now`): the moment a post is made or `status` shows."""
    try:
        return current_time(now_text, command_clock())
    except BadTime as exc:
        raise click.UsageError(str(exc)) from None


def say(text: str, *, err: bool = False) -> None:
    """Print `text`, which may quote content, file names or command-line input: control
    characters are shown escaped, so nothing printed can steer the terminal or the CI log."""
    from statusgen.characters import printable

    click.echo(printable(text, keep_newlines=True), err=err)


def report_format(chosen: str | None) -> str:
    if chosen:
        return chosen
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def output_format_option(*others: str, help_text: str) -> Callable[[F], F]:
    """`--format` of a command that prints for people by default (`text`) or in `others`."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", *others]),
        default="text",
        show_default=True,
        help=help_text,
    )


format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default=None,
    help="Report style. Default: github when GITHUB_ACTIONS=true, else text.",
)


def shown(path: Path) -> str:
    """A path as the engineer can paste it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def refuse(message: str, problems: tuple[Problem, ...] = ()) -> NoReturn:
    for problem in problems:
        say(problem.as_text(), err=True)
    say(message, err=True)
    sys.exit(EXIT_PROBLEMS)
