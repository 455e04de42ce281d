"""Posting during an outage: new incident, maintenance and postmortem; update; resolve."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from statusgen.content.incident import Impact, Kind
from statusgen.content.postmortem.rules import Profile

if TYPE_CHECKING:
    from statusgen.authoring.posting import Written

from .options import clock_now, config_option, say, shown, time_option
from .posting import (
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    PostInput,
    complete_incident,
    component_option,
    components_of,
    find,
    first_status_option,
    next_update_option,
    next_update_value,
    posting_options,
    publish,
    site_config,
    time_option_value,
)


@click.group()
def new() -> None:
    """Create an incident, a scheduled maintenance or a postmortem draft.

    \b
    Example:
      statusgen new incident "Elevated API errors" --impact major \\
        --component api=partial_outage -m "We are investigating elevated error rates."
    """


def _create(
    config_file: Path,
    given: PostInput,
    create: Callable[..., Written],
    kind: Kind,
    title: str,
    slug: str | None,
    component_settings: tuple[tuple[str, str], ...],
    status: str,
) -> None:
    """`new incident` and `new maintenance`: a new file, named from its title unless `--slug`."""
    from statusgen.content.names import slug_from_title

    config = site_config(config_file)
    components = components_of(component_settings)
    publish(
        config,
        partial(create, config, title=title, slug=slug, components=components, status=status),
        given,
        context=f"# New {kind}: {title}",
        label=slug or slug_from_title(title, kind.value),
        done="Created",
    )


@new.command("incident")
@click.argument("title")
@click.option(
    "--impact",
    type=click.Choice([i.value for i in Impact]),
    required=True,
    help="How bad it is for readers.",
)
@component_option("An affected component and its status, e.g. api=major_outage. Repeatable.")
@first_status_option(INCIDENT_STATUSES)
@time_option(
    "--started-at",
    "started_text",
    "When impact began, if before the first update; the file is named after its day.",
)
@click.option("--slug", help="File name after the date. Default: made from the title.")
@next_update_option
@posting_options
def new_incident_command(
    title: str,
    impact: str,
    component_settings: tuple[tuple[str, str], ...],
    status: str,
    started_text: str | None,
    slug: str | None,
    next_update_text: str | None,
    given: PostInput,
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
    from statusgen.authoring.posting import new_incident

    started_at = time_option_value(started_text, "--started-at")
    next_update = next_update_value(next_update_text)
    create = partial(new_incident, impact=impact, started_at=started_at, next_update=next_update)
    _create(config_file, given, create, Kind.INCIDENT, title, slug, component_settings, status)


@new.command("maintenance")
@click.argument("title")
@click.option("--start", "start_text", metavar="TIME", required=True, help="Window start.")
@click.option("--end", "end_text", metavar="TIME", required=True, help="Window end.")
@component_option("A component and its status during the window, e.g. db=under_maintenance.")
@first_status_option(MAINTENANCE_STATUSES)
@click.option("--slug", help="File name after the date. Default: made from the title.")
@next_update_option
@posting_options
def new_maintenance_command(
    title: str,
    start_text: str,
    end_text: str,
    component_settings: tuple[tuple[str, str], ...],
    status: str,
    slug: str | None,
    next_update_text: str | None,
    given: PostInput,
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
    from statusgen.authoring.posting import new_maintenance

    start = time_option_value(start_text, "--start")
    end = time_option_value(end_text, "--end")
    assert start is not None and end is not None  # both options are required
    next_update = next_update_value(next_update_text)
    create = partial(new_maintenance, start=start, end=end, next_update=next_update)
    _create(config_file, given, create, Kind.MAINTENANCE, title, slug, component_settings, status)


@new.command("postmortem")
@click.argument("incident_ref", metavar="INCIDENT_ID", shell_complete=complete_incident)
@click.option(
    "--owner",
    metavar="HANDLE",
    required=True,
    help="The role or handle responsible for the review, e.g. database-team.",
)
@click.option(
    "--profile",
    type=click.Choice([p.value for p in Profile]),
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
    from statusgen.authoring.postmortem_draft import new_postmortem

    config = site_config(config_file)
    path = find(config, incident_ref)
    draft = new_postmortem(config, path, owner=owner, now=clock_now(), profile=profile)
    say(
        f"Created {shown(draft.path)}: a {draft.profile} draft with "
        f"{draft.timeline_entries} timeline entries"
    )


def _context(path: Path) -> str:
    """The file's current text, shown below the scissors line in the editor."""
    lines = path.read_text("utf-8").splitlines()[:40]
    return "#\n# " + path.name + ":\n" + "\n".join(f"#   {line}" for line in lines)


@click.command("update")
@click.argument("incident_ref", metavar="ID", shell_complete=complete_incident)
@click.option(
    "--status",
    type=click.Choice(INCIDENT_STATUSES + MAINTENANCE_STATUSES),
    help="The new status. Default: unchanged.",
)
@component_option("A component whose status changes from now on, e.g. api=operational. Repeatable.")
@next_update_option
@posting_options
def update_command(
    incident_ref: str,
    status: str | None,
    component_settings: tuple[tuple[str, str], ...],
    next_update_text: str | None,
    given: PostInput,
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
    from statusgen.authoring.posting import add_update

    config = site_config(config_file)
    path = find(config, incident_ref)
    components = components_of(component_settings)
    next_update = next_update_value(next_update_text)
    publish(
        config,
        partial(
            add_update,
            config,
            path,
            status=status,
            components=components,
            next_update=next_update,
        ),
        given,
        context=_context(path),
        label=path.stem,
        done="Updated",
    )


@click.command("resolve")
@click.argument("incident_ref", metavar="ID", shell_complete=complete_incident)
@posting_options
def resolve_command(
    incident_ref: str,
    given: PostInput,
    config_file: Path,
) -> None:
    """Post the final update: resolved (an incident) or completed (a maintenance).

    Components it affected show as operational again from then on.

    \b
    Example:
      statusgen resolve 2026-11-22-api-errors -m "Error rates are back to normal."
    """
    from statusgen.authoring.posting import resolve

    config = site_config(config_file)
    path = find(config, incident_ref)
    publish(
        config,
        partial(resolve, config, path),
        given,
        context=_context(path),
        label=path.stem,
        done="Resolved",
    )
