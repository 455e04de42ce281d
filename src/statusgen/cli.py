"""The `statusgen` command line: a thin click layer over library functions.

Each command parses its flags, calls one library function and turns its result into output
and an exit code. Heavy imports happen inside the commands so `statusgen --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__

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


def now_option(function: F) -> F:
    return click.option(
        "--now",
        "now_text",
        metavar="TIME",
        help="Describe the page as at this moment (ISO 8601 with offset). "
        "Default: SOURCE_DATE_EPOCH, else the clock.",
    )(function)


def _now(now_text: str | None) -> datetime:
    from .clock import BadTime, resolve_now

    try:
        return resolve_now(now_text)
    except BadTime as exc:
        raise click.UsageError(str(exc)) from None


def _show_renderer_messages(level: int) -> None:
    """mkdocs reports through logging; show its messages the way mkdocs' own CLI does."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(level)


def _report_format(chosen: str | None) -> str:
    if chosen:
        return chosen
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default=None,
    help="Report style. Default: github when GITHUB_ACTIONS=true, else text.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statusgen")
def cli() -> None:
    """Publish a status page and postmortems from Markdown files in Git.

    \b
    Example:
      statusgen validate && statusgen build
    """


@cli.command()
@config_option
@now_option
@format_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(
    config_file: Path, now_text: str | None, output_format: str | None, strict: bool
) -> None:
    """Check mkdocs.yml, every incident and postmortem; report every problem at once.

    Prints `path:line: error: field: message` for each problem, then a summary.
    Exits 1 on errors (and on warnings with --strict), else 0.

    \b
    Example:
      statusgen validate --strict
    """
    from .validate import check_site

    result = check_site(config_file, _now(now_text))
    click.echo(result.report.format(_report_format(output_format)))
    sys.exit(EXIT_PROBLEMS if result.report.failed(strict=strict) else EXIT_OK)


@cli.command()
@config_option
@now_option
@format_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site. Default: mkdocs.yml's site_dir, else site/.",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="The URL the site is served at, overriding site_url (e.g. from GitHub Pages).",
)
@click.option(
    "--strict", is_flag=True, help="Refuse to build on warnings too (statusgen's and mkdocs')."
)
def build(
    config_file: Path,
    now_text: str | None,
    output_format: str | None,
    site_dir: Path | None,
    site_url: str | None,
    strict: bool,
) -> None:
    """Validate, then build the static status site.

    Nothing is written when validation finds errors; the new site replaces the old one
    only once it is complete.

    \b
    Example:
      statusgen build --site-dir public --site-url https://org.github.io/status/
    """
    import logging

    from .build import BuildFailed
    from .build import build as build_site

    _show_renderer_messages(logging.WARNING)
    try:
        result = build_site(
            config_file, _now(now_text), site_dir=site_dir, site_url=site_url, strict=strict
        )
    except BuildFailed as exc:
        click.echo(f"error: the site could not be built: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    report = result.report
    if report.problems or not result.built:
        click.echo(report.format(_report_format(output_format)))
    if not result.built:
        click.echo("No site written: fix the problems above.", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"Built the status site in {result.site_dir}: open {result.site_dir}/index.html")


@cli.command()
@config_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (127.0.0.1:8000).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option(
    "--drafts",
    is_flag=True,
    help="Also show draft and in-review postmortems, marked as not published (preview only).",
)
def serve(config_file: Path, dev_addr: str | None, open_browser: bool, drafts: bool) -> None:
    """Preview the site locally; editing an incident re-renders it in the browser.

    \b
    Example:
      statusgen serve --dev-addr 127.0.0.1:8000 --drafts
    """
    import logging

    from .mkdocs_adapter import serve_site

    _show_renderer_messages(logging.INFO)
    serve_site(config_file, dev_addr, open_browser, drafts=drafts)


# --- Posting and updating incidents -------------------------------------------------------

if TYPE_CHECKING:
    from .authoring import Written
    from .config import SiteConfig
    from .problems import Problem

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
    from .config import load_config
    from .problems import Report

    loaded = load_config(config_file)
    if isinstance(loaded, list):
        click.echo(Report.of(loaded, 1).format("text"), err=True)
        sys.exit(EXIT_PROBLEMS)
    return loaded


def _config_or_none(ctx: click.Context) -> SiteConfig | None:
    """For shell completion: the config named so far on the command line, if it loads."""
    from .config import load_config

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

    from .lookup import incident_files

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
    from .clock import BadTime, parse_time

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
        click.echo("Cancelled: no message was saved; nothing written.", err=True)
        sys.exit(EXIT_PROBLEMS)
    return text


def _shown(path: Path) -> str:
    """A path as the engineer can paste it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _print_warnings(warnings: tuple[Problem, ...]) -> None:
    for problem in warnings:
        click.echo(problem.as_text(), err=True)


def _refuse(message: str, problems: tuple[Problem, ...] = ()) -> NoReturn:
    for problem in problems:
        click.echo(problem.as_text(), err=True)
    click.echo(message, err=True)
    sys.exit(EXIT_PROBLEMS)


# Stands in for the message while a request is checked before the editor opens.
PLACEHOLDER_MESSAGE = "(message)"


def _post(
    post: Callable[[str, bool], Written], message: str | None, message_file: Any, context: str
) -> Written:
    """Run `post(text, dry_run)` with the message; refusals go to stderr with exit 1.

    When the message must come from the editor, the request is checked first, so nobody
    types a message only to see it refused for a mistyped component.
    """
    from .authoring import Refused

    try:
        if message is None and message_file is None:
            post(PLACEHOLDER_MESSAGE, True)
        written = post(_message(message, message_file, context), False)
    except Refused as exc:
        _refuse(exc.message, exc.problems)
    _print_warnings(written.warnings)
    return written


def _find(config: SiteConfig, incident_ref: str) -> Path:
    from .lookup import IncidentLookupError, find_incident

    try:
        return find_incident(config, incident_ref)
    except IncidentLookupError as exc:
        raise click.ClickException(str(exc)) from None


@cli.group()
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
@click.option(
    "-c",
    "--component",
    "component_settings",
    type=ComponentSetting(),
    multiple=True,
    help="An affected component and its status, e.g. api=major_outage. Repeatable.",
)
@click.option(
    "--status",
    type=click.Choice(INCIDENT_STATUSES),
    default="investigating",
    show_default=True,
    help="Status of the first update.",
)
@message_options
@at_option
@click.option(
    "--started-at",
    "started_text",
    metavar="TIME",
    help="When impact began, if before the first update; the file is named after its day.",
)
@click.option("--slug", help="File name after the date. Default: made from the title.")
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
    from .authoring import new_incident

    config = _site_config(config_file)
    components = _components(component_settings)
    started_at = _time(started_text, "--started-at")
    at = _time(at_text, "--at") or _now(None)
    written = _post(
        lambda text, dry_run: new_incident(
            config,
            title=title,
            impact=impact,
            components=components,
            status=status,
            message=text,
            at=at,
            now=_now(None),
            started_at=started_at,
            slug=slug,
            dry_run=dry_run,
        ),
        message,
        message_file,
        f"# New incident: {title}",
    )
    click.echo(f"Created {_shown(written.path)}")
    click.echo(f"Once published: {written.url}")


@new.command("maintenance")
@click.argument("title")
@click.option("--start", "start_text", metavar="TIME", required=True, help="Window start.")
@click.option("--end", "end_text", metavar="TIME", required=True, help="Window end.")
@click.option(
    "-c",
    "--component",
    "component_settings",
    type=ComponentSetting(),
    multiple=True,
    help="A component and its status during the window, e.g. db=under_maintenance.",
)
@click.option(
    "--status",
    type=click.Choice(MAINTENANCE_STATUSES),
    default="scheduled",
    show_default=True,
    help="Status of the first update.",
)
@message_options
@at_option
@click.option("--slug", help="File name after the date. Default: made from the title.")
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
    from .authoring import new_maintenance

    config = _site_config(config_file)
    components = _components(component_settings)
    start = _time(start_text, "--start")
    end = _time(end_text, "--end")
    assert start is not None and end is not None
    at = _time(at_text, "--at") or _now(None)
    written = _post(
        lambda text, dry_run: new_maintenance(
            config,
            title=title,
            start=start,
            end=end,
            components=components,
            message=text,
            at=at,
            now=_now(None),
            status=status,
            slug=slug,
            dry_run=dry_run,
        ),
        message,
        message_file,
        f"# New maintenance: {title}",
    )
    click.echo(f"Created {_shown(written.path)}")
    click.echo(f"Once published: {written.url}")


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
    from .authoring import Refused
    from .postmortem_draft import new_postmortem

    config = _site_config(config_file)
    path = _find(config, incident_ref)
    try:
        draft = new_postmortem(config, path, owner=owner, now=_now(None), profile=profile)
    except Refused as exc:
        _refuse(exc.message, exc.problems)
    click.echo(
        f"Created {_shown(draft.path)}: a {draft.profile} draft with "
        f"{draft.timeline_entries} timeline entries"
    )


def _context(path: Path) -> str:
    """The file's current text, shown below the scissors line in the editor."""
    lines = path.read_text("utf-8").splitlines()[:40]
    return "#\n# " + path.name + ":\n" + "\n".join(f"#   {line}" for line in lines)


@cli.command("update")
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
@config_option
def update_command(
    incident_ref: str,
    status: str | None,
    component_settings: tuple[tuple[str, str], ...],
    message: str | None,
    message_file: Any,
    at_text: str | None,
    config_file: Path,
) -> None:
    """Post an update on an incident or maintenance, above the earlier ones.

    ID is the file name without .md, any unique start of it or of the part after the
    date, or the file's path. The rest of the file is kept exactly as it was.

    \b
    Example:
      statusgen update 2026-11-22-api-errors --status identified \\
        -m "A faulty deploy is being rolled back." --component api=degraded_performance
    """
    from .authoring import add_update

    config = _site_config(config_file)
    path = _find(config, incident_ref)
    components = _components(component_settings)
    at = _time(at_text, "--at") or _now(None)
    written = _post(
        lambda text, dry_run: add_update(
            config,
            path,
            message=text,
            at=at,
            now=_now(None),
            status=status,
            components=components,
            dry_run=dry_run,
        ),
        message,
        message_file,
        _context(path),
    )
    click.echo(f"Updated {_shown(written.path)}")
    click.echo(f"Once published: {written.url}")


@cli.command("resolve")
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
    from .authoring import resolve

    config = _site_config(config_file)
    path = _find(config, incident_ref)
    at = _time(at_text, "--at") or _now(None)
    written = _post(
        lambda text, dry_run: resolve(
            config, path, message=text, at=at, now=_now(None), dry_run=dry_run
        ),
        message,
        message_file,
        _context(path),
    )
    click.echo(f"Resolved {_shown(written.path)}")
    click.echo(f"Once published: {written.url}")


@cli.command("status")
@config_option
@now_option
def status_command(config_file: Path, now_text: str | None) -> None:
    """Show what the page says now: overall status, active incidents, components not
    operational and upcoming maintenance, wrapped to the terminal's width.

    Plain text when not writing to a terminal or when NO_COLOR is set. Exits 1 if the
    content has errors (they are listed, as by validate).

    \b
    Example:
      statusgen status --now 2026-11-22T12:00:00Z
    """
    import shutil

    from .terminal_status import render
    from .validate import check_site

    result = check_site(config_file, _now(now_text))
    if result.content is None:
        click.echo(result.report.format("text"), err=True)
        sys.exit(EXIT_PROBLEMS)
    styled = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((80, 24)).columns
    click.echo(render(result.content, _now(now_text), width=width, styled=styled), nl=False)


@cli.command("schema")
@click.argument("name", type=click.Choice(["incident", "postmortem", "config"]), default="incident")
def schema_command(name: str) -> None:
    """Print the JSON Schema of incident or postmortem front-matter, or of mkdocs.yml
    (config), for editors that complete and check YAML as you type.

    \b
    Example:
      statusgen schema config > .vscode/statusgen-config.schema.json
    """
    import json

    from .schema import SchemaUnavailable, json_schema

    try:
        schema = json_schema(name)
    except SchemaUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))


@cli.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--name", default="Example Status", show_default=True, help="The page's name.")
@click.option(
    "--url",
    default="https://status.example.com/",
    show_default=True,
    help="Where the page will be published (mkdocs site_url).",
)
@now_option
def init_command(directory: Path, name: str, url: str, now_text: str | None) -> None:
    """Start a new status-page repository in DIRECTORY (default: here).

    Writes mkdocs.yml with components to edit, incidents/ with one example incident,
    postmortems/, site_src/, a README for the page's owners and the GitHub Actions
    workflows. Refuses to overwrite any file; the result validates as it stands.

    \b
    Example:
      statusgen init acme-status --name "Acme Status" --url https://status.acme.example/
    """
    from .scaffold import ScaffoldInvalid, ScaffoldRefused, create_site

    try:
        scaffold = create_site(directory, _now(now_text), name=name, url=url)
    except ScaffoldInvalid as exc:
        _refuse("refused: the new site would not be valid; nothing written", exc.problems)
    except ScaffoldRefused as exc:
        _refuse(
            "refused: these files exist already; nothing written:\n  " + "\n  ".join(exc.existing)
        )
    click.echo(f"Created a status site in {_shown(directory)}:")
    for rel in scaffold.files:
        click.echo(f"  {rel}")
    prefix = "" if directory.resolve() == Path.cwd().resolve() else f"cd {_shown(directory)} && "
    click.echo(
        "Next: edit the components and site_url in mkdocs.yml, delete "
        f"{scaffold.example_incident} when you have seen it, then run:\n"
        f"  {prefix}statusgen validate && statusgen status"
    )


@cli.command()
@config_option
@format_option
@click.option("--strict", is_flag=True, help="Report warnings as errors (and fail on them).")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def lint(
    config_file: Path, output_format: str | None, strict: bool, paths: tuple[Path, ...]
) -> None:
    """Check postmortems for blameful wording: counterfactuals, "human error", names in causes.

    Checks the given Markdown files and folders, or every file in the site's postmortems
    folder. Prints `path:line:col rule: message — suggestion` for each finding. The rules
    and the `blameless_rules` setting that extends them are in the README. A comment
    `<!-- statusgen: allow RULE -->` silences a rule for the next line or block.
    Exits 1 on errors (every finding, with --strict), else 0.

    \b
    Example:
      statusgen lint --strict postmortems/2026-03-01-api-errors.md
    """
    from .lint import lint_paths

    report = lint_paths(config_file, paths, strict=strict)
    click.echo(report.format(_report_format(output_format)))
    sys.exit(EXIT_PROBLEMS if report.failed() else EXIT_OK)


def main() -> None:
    cli(prog_name="statusgen")
