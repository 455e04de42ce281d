"""Moving to statusgen: `statusgen import statuspage` and `statusgen import cstate`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import EXIT_PROBLEMS, F, config_option, now_from, now_option

if TYPE_CHECKING:
    from ..importers.source import SourceData

OWNER_HELP = "Who owns the imported postmortems (a role or handle)."


@click.group("import")
def import_group() -> None:
    """Bring a status page's history over: components into mkdocs.yml, incidents,
    maintenances and postmortems into their folders.

    Nothing is written unless the whole import validates; files are never overwritten
    without --update; running it again updates what changed at the source.

    \b
    Example:
      statusgen import statuspage https://status.example.com/ --dry-run
    """


def _common(function: F) -> F:
    for option in reversed(
        [
            config_option,
            now_option,
            click.option(
                "--dry-run", is_flag=True, help="Show what would be written; write nothing."
            ),
            click.option(
                "--update",
                is_flag=True,
                help="Replace files and component settings an earlier import wrote when the "
                "source says otherwise now.",
            ),
            click.option(
                "--postmortem-owner",
                default="Incident response team",
                show_default=True,
                help=OWNER_HELP,
            ),
        ]
    ):
        function = option(function)
    return function


@import_group.command("statuspage")
@click.argument("source")
@_common
@click.option(
    "--bodies",
    type=click.Choice(["auto", "text", "markdown"]),
    default="auto",
    show_default=True,
    help="How update bodies are written at the source: plain text (Statuspage), Markdown "
    "(statusgen's own JSON), or auto: Markdown only for a statusgen site.",
)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per request.")
def statuspage_command(
    source: str,
    config_file: Path,
    now_text: str | None,
    dry_run: bool,
    update: bool,
    postmortem_owner: str,
    bodies: str,
    timeout: float,
) -> None:
    """Import from Atlassian Statuspage. SOURCE is the page's address (its public API,
    api/v2/, is read) or a folder of saved JSON: components.json, incidents*.json,
    scheduled-maintenances*.json, as the public API or the management API (v1) gives them.

    The public API holds the 50 most recent incidents; the report says when that limit is
    hit. A v1 export has every incident, with its postmortem.

    \b
    Example:
      statusgen import statuspage https://status.example.com/ --dry-run
    """
    from ..importers.fetch import FetchError
    from ..importers.statuspage import SourceError, read_statuspage

    try:
        data = read_statuspage(source, body_format=bodies, timeout=timeout)  # type: ignore[arg-type]
    except (FetchError, SourceError) as exc:
        _refuse(f"refused: {exc}; nothing written")
    _run(data, config_file, now_text, dry_run=dry_run, update=update, owner=postmortem_owner)


@import_group.command("cstate")
@click.argument("directory", type=click.Path(file_okay=False, exists=True, path_type=Path))
@_common
@click.option(
    "--timezone",
    "zone_name",
    metavar="ZONE",
    help="The time zone of cState's dates without one (Europe/Vilnius, +02:00). "
    "Default: the site's timeZone setting, else UTC.",
)
def cstate_command(
    directory: Path,
    config_file: Path,
    now_text: str | None,
    dry_run: bool,
    update: bool,
    postmortem_owner: str,
    zone_name: str | None,
) -> None:
    """Import from a cState site in DIRECTORY: the systems and categories of its
    config.yml, and every post in content/issues/.

    \b
    Example:
      statusgen import cstate ../old-status --timezone Europe/Vilnius --dry-run
    """
    from ..importers.cstate import CstateError, read_cstate
    from ..importers.times import BadZone

    try:
        data = read_cstate(directory, zone_name=zone_name, now=now_from(now_text))
    except BadZone as exc:
        raise click.BadParameter(str(exc), param_hint="--timezone") from None
    except CstateError as exc:
        _refuse(f"refused: {exc}; nothing written")
    _run(data, config_file, now_text, dry_run=dry_run, update=update, owner=postmortem_owner)


def _refuse(message: str) -> None:
    from ..importers.report import terminal_safe

    click.echo(terminal_safe(message), err=True)
    sys.exit(EXIT_PROBLEMS)


def _run(
    data: SourceData,
    config_file: Path,
    now_text: str | None,
    *,
    dry_run: bool,
    update: bool,
    owner: str,
) -> None:
    from statusgen.content.config_file import load_config

    from ..importers.commit import CommitFailed, commit
    from ..importers.plan import ImportOptions, ImportRefused, plan_import
    from ..importers.report import format_report, terminal_safe
    from ..problems import Report

    loaded = load_config(config_file)
    if isinstance(loaded, list):
        click.echo(Report.of(loaded, 1).format("text"), err=True)
        _refuse(
            "refused: import needs a valid statusgen site: start one with statusgen init, or "
            "fix mkdocs.yml (statusgen validate); nothing written"
        )
        return
    options = ImportOptions(now=now_from(now_text), update=update, postmortem_owner=owner)
    try:
        plan = plan_import(data, loaded, options)
    except ImportRefused as exc:
        _refuse(f"refused: {exc}; nothing written")
        return
    written = False
    if plan.ok and not dry_run:
        try:
            commit(plan)
            written = True
        except CommitFailed as exc:
            click.echo(format_report(plan, dry_run=dry_run, written=False))
            _refuse(f"refused: {exc}")
    click.echo(format_report(plan, dry_run=dry_run, written=written))
    if dry_run and plan.config_diff:
        click.echo(
            "\n".join(terminal_safe(line) for line in plan.config_diff.split("\n")), nl=False
        )
    if not plan.ok:
        _refuse(
            "refused: the site would not validate after this import (errors above); nothing written"
        )
