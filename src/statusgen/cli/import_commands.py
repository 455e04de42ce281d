"""Moving to statusgen: `statusgen import statuspage` and `statusgen import cstate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import F, config_option, now_from, now_option

if TYPE_CHECKING:
    from ..importers.run import Source

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
    from ..importers.run import StatuspageSource

    given = StatuspageSource(source, bodies, timeout)  # type: ignore[arg-type]
    _run(given, config_file, now_text, dry_run=dry_run, update=update, owner=postmortem_owner)


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
    from ..importers.run import CstateSource

    given = CstateSource(directory, zone_name)
    _run(given, config_file, now_text, dry_run=dry_run, update=update, owner=postmortem_owner)


def _run(
    source: Source,
    config_file: Path,
    now_text: str | None,
    *,
    dry_run: bool,
    update: bool,
    owner: str,
) -> None:
    from ..importers.plan import ImportOptions
    from ..importers.run import import_site

    options = ImportOptions(now=now_from(now_text), update=update, postmortem_owner=owner)
    outcome = import_site(source, config_file, options, dry_run=dry_run)
    click.echo(outcome.report(), nl=False)
    if outcome.refusal is not None:
        raise outcome.refusal
