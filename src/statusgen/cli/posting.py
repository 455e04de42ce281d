"""What the posting commands share: their options, the message, and the one path a post takes.

`new incident`, `new maintenance`, `update` and `resolve` all go through `publish`: check
the request, get the message (from an option, a file or the editor), write, report.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from statusgen.content.incident import STATUSES_BY_KIND, ComponentStatus, Kind

from .options import (
    EXIT_PROBLEMS,
    F,
    command_clock,
    config_option,
    refuse,
    say,
    shown,
    time_option,
)

if TYPE_CHECKING:
    from statusgen.authoring.posting import Written
    from statusgen.content.settings import SiteConfig
    from statusgen.problems import Problem

INCIDENT_STATUSES = [s.value for s in STATUSES_BY_KIND[Kind.INCIDENT]]
MAINTENANCE_STATUSES = [s.value for s in STATUSES_BY_KIND[Kind.MAINTENANCE]]
COMPONENT_STATUSES = [s.value for s in ComponentStatus]
SCISSORS = "# ------------------------ >8 ------------------------"


def site_config(config_file: Path) -> SiteConfig:
    """The site's config, or its problems on stderr and exit 1."""
    from statusgen.content.config_file import load_config
    from statusgen.problems import Report

    loaded = load_config(config_file)
    if isinstance(loaded, list):
        say(Report.of(loaded, 1).format("text"), err=True)
        sys.exit(EXIT_PROBLEMS)
    return loaded


def _config_or_none(ctx: click.Context) -> SiteConfig | None:
    """For shell completion: the config named so far on the command line, if it loads."""
    from statusgen.content.config_file import load_config

    try:
        loaded = load_config(Path(ctx.params.get("config_file") or "mkdocs.yml"))
    except Exception:  # completion must never print a traceback into the shell
        return None
    return None if isinstance(loaded, list) else loaded


class ComponentSetting(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """`api=major_outage`: a component id and the status it takes."""

    name = "ID=STATUS"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        component, sep, status = str(value).partition("=")
        if not sep or not component.strip() or not status.strip():
            self.fail(f"'{value}' is not ID=STATUS, e.g. api=major_outage", param, ctx)
        return component.strip(), status.strip()

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        if "=" in incomplete:
            component, _, partial = incomplete.partition("=")
            return [
                CompletionItem(f"{component}={status}")
                for status in COMPONENT_STATUSES
                if status.startswith(partial)
            ]
        config = _config_or_none(ctx)
        ids = config.component_ids if config else []
        return [CompletionItem(f"{i}=", type="nospace") for i in ids if i.startswith(incomplete)]


def complete_incident(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    from click.shell_completion import CompletionItem

    from statusgen.authoring.lookup import incident_files

    config = _config_or_none(ctx)
    if config is None:
        return []
    ids = [i for i in incident_files(config) if i.startswith(incomplete)]
    return [CompletionItem(i) for i in sorted(ids, reverse=True)]


def components_of(settings: tuple[tuple[str, str], ...]) -> dict[str, str]:
    components: dict[str, str] = {}
    for component, status in settings:
        if component in components:
            raise click.BadParameter(f"'{component}' is given twice", param_hint="--component")
        components[component] = status
    return components


def time_option_value(text: str | None, option: str) -> datetime | None:
    from statusgen.clock import parse_time
    from statusgen.errors import BadTime

    if text is None:
        return None
    try:
        return parse_time(text)
    except BadTime as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def message_options(function: F) -> F:
    function = click.option(
        "--message-file",
        type=click.File("r", encoding="utf-8"),
        help="Read the update's text (Markdown) from this file; '-' reads standard input.",
    )(function)
    return click.option(
        "-m",
        "--message",
        metavar="TEXT",
        help="What readers are told, in Markdown. Without it or --message-file, $EDITOR opens.",
    )(function)


def at_option(function: F) -> F:
    return time_option(
        "--at",
        "at_text",
        "When the update is posted (ISO 8601 with offset), to backdate it. Default: now.",
    )(function)


def next_update_option(function: F) -> F:
    return click.option(
        "--next-update",
        "next_update_text",
        metavar="WHEN",
        help="Promise readers the next update: a duration after this one (30m, 1h) or a "
        "time (ISO 8601 with offset). Shown on the page; statusgen overdue holds you to it.",
    )(function)


def next_update_value(text: str | None) -> datetime | timedelta | None:
    from statusgen.clock import parse_time_or_duration
    from statusgen.errors import BadTime

    if text is None:
        return None
    try:
        return parse_time_or_duration(text)
    except BadTime as exc:
        raise click.BadParameter(str(exc), param_hint="--next-update") from None


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _message(message: str | None, message_file: Any, context: str) -> str:
    """The update's text from --message, --message-file, or the engineer's editor."""
    if message is not None and message_file is not None:
        raise click.UsageError("give either --message or --message-file, not both")
    if message_file is not None:
        message = message_file.read()
    if message is None:
        message = _edit_message(context)
    if not message.strip():
        raise click.UsageError("the message is empty: tell readers what is happening")
    return message


def _edit_message(context: str) -> str:
    if not _interactive():
        raise click.UsageError(
            "no message: give --message TEXT or --message-file FILE "
            "(there is no terminal to open an editor in)"
        )
    template = (
        f"\n{SCISSORS}\n# Write the message above this line, in Markdown; everything below it is"
        f" ignored.\n# Save an empty message to cancel.\n{context}"
    )
    try:
        edited = click.edit(template, extension=".md", require_save=True)
    except click.ClickException as exc:
        raise click.UsageError(
            f"could not open an editor ({exc.message}): set $EDITOR or give --message TEXT"
        ) from None
    text = (edited or "").split(SCISSORS)[0]
    if not text.strip():
        say("Cancelled: no message was saved; nothing written.", err=True)
        sys.exit(EXIT_PROBLEMS)
    return text


def _print_warnings(warnings: tuple[Problem, ...]) -> None:
    for problem in warnings:
        say(problem.as_text(), err=True)


# Stands in for the message while a request is checked before the editor opens.
PLACEHOLDER_MESSAGE = "(message)"


def _keep(config: SiteConfig, label: str, text: str) -> str:
    from statusgen.authoring.unsent import keep_unsent, unsent_note

    saved = keep_unsent(config.root, label, text)
    return unsent_note(saved, text, shown(saved) if saved else None)


def _post(
    post: Callable[[str, bool], Written],
    message: str | None,
    message_file: Any,
    context: str,
    *,
    config: SiteConfig,
    label: str,
) -> Written:
    """Run `post(text, dry_run)` with the message; refusals go to stderr with exit 1.

    When the message must come from the editor, the request is checked first, so nobody
    types a message only to see it refused for a mistyped component; and if it cannot be
    posted once typed (a colleague resolved the incident meanwhile), the text is kept in a
    file named in the refusal (`label` names the incident), never thrown away.
    """
    from statusgen.errors import Refused

    from_editor = message is None and message_file is None
    try:
        if from_editor:
            post(PLACEHOLDER_MESSAGE, True)
        text = _message(message, message_file, context)
    except Refused as exc:
        refuse(exc.message, exc.problems)
    try:
        written = post(text, False)
    except Refused as exc:
        kept = f"\n{_keep(config, label, text)}" if from_editor else ""
        refuse(exc.message + kept, exc.problems)
    except BaseException:
        if from_editor:
            say(_keep(config, label, text), err=True)
        raise
    _print_warnings(written.warnings)
    return written


def find(config: SiteConfig, incident_ref: str) -> Path:
    from statusgen.authoring.lookup import find_incident

    return find_incident(config, incident_ref)


def component_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "-c",
        "--component",
        "component_settings",
        type=ComponentSetting(),
        multiple=True,
        help=help_text,
    )


def first_status_option(statuses: list[str]) -> Callable[[F], F]:
    """`--status` of a new file's first update; the first of `statuses` is the default."""
    return click.option(
        "--status",
        type=click.Choice(statuses),
        default=statuses[0],
        show_default=True,
        help="Status of the first update.",
    )


@dataclass(frozen=True)
class PostInput:
    """What every post is given on the command line: its message and when it is posted."""

    message: str | None
    message_file: Any
    at_text: str | None


def posting_options(function: Callable[..., None]) -> Callable[..., None]:
    """The options every post takes (message, --at, the site), passed on as `given`."""

    @functools.wraps(function)
    def command(
        *args: Any, message: str | None, message_file: Any, at_text: str | None, **kwargs: Any
    ) -> None:
        function(*args, given=PostInput(message, message_file, at_text), **kwargs)

    return message_options(at_option(config_option(command)))


def publish(
    config: SiteConfig,
    post: Callable[..., Written],
    given: PostInput,
    *,
    context: str,
    label: str,
    done: str,
) -> None:
    """The one path of every post: `post(message=, at=, now=, dry_run=)`, then the result.

    `done` is the verb the result is reported with ("Created", "Updated", "Resolved").
    """
    clock = command_clock().now  # never SOURCE_DATE_EPOCH: that dates builds, not posts
    at = time_option_value(given.at_text, "--at")
    written = _post(
        lambda text, dry_run: post(message=text, at=at, now=clock, dry_run=dry_run),
        given.message,
        given.message_file,
        context,
        config=config,
        label=label,
    )
    say(f"{done} {shown(written.path)}")
    say(f"Once published: {written.url}")
