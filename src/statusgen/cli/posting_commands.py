"""Posting during an outage: new incident, maintenance and postmortem; update; resolve."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .options import EXIT_PROBLEMS, F, clock_now, command_clock, config_option, refuse, say, shown

# --- Posting and updating incidents -------------------------------------------------------

if TYPE_CHECKING:
    from ..authoring import Written
    from ..config import SiteConfig
    from ..problems import Problem

INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"]
MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"]
COMPONENT_STATUSES = [
    "operational",
    "degraded_performance",
    "partial_outage",
    "major_outage",
    "under_maintenance",
]
SCISSORS = "# ------------------------ >8 ------------------------"


def _site_config(config_file: Path) -> SiteConfig:
    """The site's config, or its problems on stderr and exit 1."""
    from ..config import load_config
    from ..problems import Report

    loaded = load_config(config_file)
    if isinstance(loaded, list):
        say(Report.of(loaded, 1).format("text"), err=True)
        sys.exit(EXIT_PROBLEMS)
    return loaded


def _config_or_none(ctx: click.Context) -> SiteConfig | None:
    """For shell completion: the config named so far on the command line, if it loads."""
    from ..config import load_config

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


def _complete_incident(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    from click.shell_completion import CompletionItem

    from ..lookup import incident_files

    config = _config_or_none(ctx)
    if config is None:
        return []
    ids = [i for i in incident_files(config) if i.startswith(incomplete)]
    return [CompletionItem(i) for i in sorted(ids, reverse=True)]


def _components(settings: tuple[tuple[str, str], ...]) -> dict[str, str]:
    components: dict[str, str] = {}
    for component, status in settings:
        if component in components:
            raise click.BadParameter(f"'{component}' is given twice", param_hint="--component")
        components[component] = status
    return components


def _time(text: str | None, option: str) -> datetime | None:
    from ..clock import BadTime, parse_time

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
    return click.option(
        "--at",
        "at_text",
        metavar="TIME",
        help="When the update is posted (ISO 8601 with offset), to backdate it. Default: now.",
    )(function)


def next_update_option(function: F) -> F:
    return click.option(
        "--next-update",
        "next_update_text",
        metavar="WHEN",
        help="Promise readers the next update: a duration after this one (30m, 1h) or a "
        "time (ISO 8601 with offset). Shown on the page; statusgen overdue holds you to it.",
    )(function)


def _next_update(text: str | None) -> datetime | timedelta | None:
    from ..clock import BadTime, parse_time_or_duration

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
        click.echo(problem.as_text(), err=True)


# Stands in for the message while a request is checked before the editor opens.
PLACEHOLDER_MESSAGE = "(message)"


def _clock() -> Callable[[], datetime]:
    """The clock posts read when they write their file (after the editor, under its lock).

    The system's, or the one the CLI was started with; never SOURCE_DATE_EPOCH, which dates
    a build's sources and not an engineer's post.
    """
    return command_clock().now


def _keep(config: SiteConfig, label: str, text: str) -> str:
    from ..unsent import keep_unsent, unsent_note

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
    from ..authoring import Refused

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


def _find(config: SiteConfig, incident_ref: str) -> Path:
    from ..lookup import IncidentLookupError, find_incident

    try:
        return find_incident(config, incident_ref)
    except IncidentLookupError as exc:
        raise click.ClickException(str(exc)) from None


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


@click.group()
def new() -> None:
    """Create an incident, a scheduled maintenance or a postmortem draft.

    \b
    Example:
      statusgen new incident "Elevated API errors" --impact major \\
        --component api=partial_outage -m "We are investigating elevated error rates."
    """


@new.command("incident")
@click.argument("title")
@click.option(
    "--impact",
    type=click.Choice(["none", "minor", "major", "critical"]),
    required=True,
    help="How bad it is for readers.",
)
@component_option("An affected component and its status, e.g. api=major_outage. Repeatable.")
@first_status_option(INCIDENT_STATUSES)
@message_options
@at_option
@click.option(
    "--started-at",
    "started_text",
    metavar="TIME",
    help="When impact began, if before the first update; the file is named after its day.",
)
@click.option("--slug", help="File name after the date. Default: made from the title.")
@next_update_option
@config_option
def new_incident_command(
    title: str,
    impact: str,
    component_settings: tuple[tuple[str, str], ...],
    status: str,
    message: str | None,
    message_file: Any,
    at_text: str | None,
    started_text: str | None,
    slug: str | None,
    next_update_text: str | None,
    config_file: Path,
) -> None:
    """Post a new incident: write incidents/<date>-<slug>.md with its first update.

    Prints the new file's path and the address it will have on the page.

    \b
    Example:
      statusgen new incident "Elevated API errors" --impact major \\
        --component api=partial_outage --component web=degraded_performance \\
        -m "Some API requests are failing. We are investigating."
    """
    from ..authoring import new_incident, slug_from_title

    config = _site_config(config_file)
    components = _components(component_settings)
    started_at = _time(started_text, "--started-at")
    next_update = _next_update(next_update_text)
    clock = _clock()
    at = _time(at_text, "--at")
    written = _post(
        lambda text, dry_run: new_incident(
            config,
            title=title,
            impact=impact,
            components=components,
            status=status,
            message=text,
            at=at,
            now=clock,
            started_at=started_at,
            slug=slug,
            dry_run=dry_run,
            next_update=next_update,
        ),
        message,
        message_file,
        f"# New incident: {title}",
        config=config,
        label=slug or slug_from_title(title, "incident"),
    )
    say(f"Created {shown(written.path)}")
    say(f"Once published: {written.url}")


@new.command("maintenance")
@click.argument("title")
@click.option("--start", "start_text", metavar="TIME", required=True, help="Window start.")
@click.option("--end", "end_text", metavar="TIME", required=True, help="Window end.")
@component_option("A component and its status during the window, e.g. db=under_maintenance.")
@first_status_option(MAINTENANCE_STATUSES)
@message_options
@at_option
@click.option("--slug", help="File name after the date. Default: made from the title.")
@next_update_option
@config_option
def new_maintenance_command(
    title: str,
    start_text: str,
    end_text: str,
    component_settings: tuple[tuple[str, str], ...],
    status: str,
    message: str | None,
    message_file: Any,
    at_text: str | None,
    slug: str | None,
    next_update_text: str | None,
    config_file: Path,
) -> None:
    """Announce a maintenance window: write incidents/<start date>-<slug>.md.

    The page moves it to in progress at --start and to completed at --end by itself;
    post updates only to say more than the clock knows.

    \b
    Example:
      statusgen new maintenance "Database storage upgrade" \\
        --start 2026-12-05T02:00Z --end 2026-12-05T04:00Z \\
        --component db=under_maintenance -m "Writes pause for up to a minute per cluster."
    """
    from ..authoring import new_maintenance, slug_from_title

    config = _site_config(config_file)
    components = _components(component_settings)
    start = _time(start_text, "--start")
    end = _time(end_text, "--end")
    assert start is not None and end is not None
    next_update = _next_update(next_update_text)
    clock = _clock()
    at = _time(at_text, "--at")
    written = _post(
        lambda text, dry_run: new_maintenance(
            config,
            title=title,
            start=start,
            end=end,
            components=components,
            message=text,
            at=at,
            now=clock,
            status=status,
            slug=slug,
            dry_run=dry_run,
            next_update=next_update,
        ),
        message,
        message_file,
        f"# New maintenance: {title}",
        config=config,
        label=slug or slug_from_title(title, "maintenance"),
    )
    say(f"Created {shown(written.path)}")
    say(f"Once published: {written.url}")


@new.command("postmortem")
@click.argument("incident_ref", metavar="INCIDENT_ID", shell_complete=_complete_incident)
@click.option(
    "--owner",
    metavar="HANDLE",
    required=True,
    help="The role or handle responsible for the review, e.g. database-team.",
)
@click.option(
    "--profile",
    type=click.Choice(["full", "brief"]),
    help="Sections to ask for. Default: full for major and critical incidents, else brief.",
)
@config_option
def new_postmortem_command(
    incident_ref: str, owner: str, profile: str | None, config_file: Path
) -> None:
    """Start a postmortem: write postmortems/<incident id>.md as a draft.

    The draft has the incident's updates as its timeline and a heading with a one-line
    prompt for every section its profile needs. Prompts start with TODO, which cannot
    be published.

    \b
    Example:
      statusgen new postmortem 2026-09-16-database-failover-outage --owner database-team
    """
    from ..authoring import Refused
    from ..postmortem_draft import new_postmortem

    config = _site_config(config_file)
    path = _find(config, incident_ref)
    try:
        draft = new_postmortem(config, path, owner=owner, now=clock_now(), profile=profile)
    except Refused as exc:
        refuse(exc.message, exc.problems)
    say(
        f"Created {shown(draft.path)}: a {draft.profile} draft with "
        f"{draft.timeline_entries} timeline entries"
    )


def _context(path: Path) -> str:
    """The file's current text, shown below the scissors line in the editor."""
    lines = path.read_text("utf-8").splitlines()[:40]
    return "#\n# " + path.name + ":\n" + "\n".join(f"#   {line}" for line in lines)


@click.command("update")
@click.argument("incident_ref", metavar="ID", shell_complete=_complete_incident)
@click.option(
    "--status",
    type=click.Choice(INCIDENT_STATUSES + MAINTENANCE_STATUSES),
    help="The new status. Default: unchanged.",
)
@click.option(
    "-c",
    "--component",
    "component_settings",
    type=ComponentSetting(),
    multiple=True,
    help="A component whose status changes from now on, e.g. api=operational. Repeatable.",
)
@message_options
@at_option
@next_update_option
@config_option
def update_command(
    incident_ref: str,
    status: str | None,
    component_settings: tuple[tuple[str, str], ...],
    message: str | None,
    message_file: Any,
    at_text: str | None,
    next_update_text: str | None,
    config_file: Path,
) -> None:
    """Post an update on an incident or maintenance, above the earlier ones.

    ID is the file name without .md, any unique start of it or of the part after the
    date, or the file's path. The rest of the file is kept exactly as it was.

    \b
    Example:
      statusgen update 2026-11-22-api-errors --status identified \\
        -m "A faulty deploy is being rolled back." --component api=degraded_performance \\
        --next-update 30m
    """
    from ..authoring import add_update

    config = _site_config(config_file)
    path = _find(config, incident_ref)
    components = _components(component_settings)
    next_update = _next_update(next_update_text)
    clock = _clock()
    at = _time(at_text, "--at")
    written = _post(
        lambda text, dry_run: add_update(
            config,
            path,
            message=text,
            at=at,
            now=clock,
            status=status,
            components=components,
            dry_run=dry_run,
            next_update=next_update,
        ),
        message,
        message_file,
        _context(path),
        config=config,
        label=path.stem,
    )
    say(f"Updated {shown(written.path)}")
    say(f"Once published: {written.url}")


@click.command("resolve")
@click.argument("incident_ref", metavar="ID", shell_complete=_complete_incident)
@message_options
@at_option
@config_option
def resolve_command(
    incident_ref: str,
    message: str | None,
    message_file: Any,
    at_text: str | None,
    config_file: Path,
) -> None:
    """Post the final update: resolved (an incident) or completed (a maintenance).

    Components it affected show as operational again from then on.

    \b
    Example:
      statusgen resolve 2026-11-22-api-errors -m "Error rates are back to normal."
    """
    from ..authoring import resolve

    config = _site_config(config_file)
    path = _find(config, incident_ref)
    clock = _clock()
    at = _time(at_text, "--at")
    written = _post(
        lambda text, dry_run: resolve(
            config, path, message=text, at=at, now=clock, dry_run=dry_run
        ),
        message,
        message_file,
        _context(path),
        config=config,
        label=path.stem,
    )
    say(f"Resolved {shown(written.path)}")
    say(f"Once published: {written.url}")
