"""Looking after a status site: status, schema, init."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from statusgen import __version__
from statusgen.i18n import SHIPPED, html_tag

from .options import EXIT_PROBLEMS, clock_now, clock_now_option, config_option, say, shown


@click.command("status")
@config_option
@clock_now_option("Show the page as at this moment (ISO 8601 with offset). Default: the clock.")
def status_command(config_file: Path, now_text: str | None) -> None:
    """Show what the page says now: overall status, active incidents, components not
    operational and upcoming maintenance, wrapped to the terminal's width. An incident
    overdue for a public update says so, with who posted last when Git knows.

    Plain text when not writing to a terminal or when NO_COLOR is set. Exits 1 if the
    content has errors (they are listed, as by validate).

    \b
    Example:
      statusgen status --now 2026-11-22T12:00:00Z
    """
    import shutil

    from statusgen.content.validate import check_site
    from statusgen.overdue.report import last_commits, poster
    from statusgen.render.terminal import render
    from statusgen.status.cadence import overdue_items

    now = clock_now(now_text)  # one reading: the checks and the summary describe one moment
    result = check_site(config_file, now)
    if result.content is None:
        say(result.report.format("text"), err=True)
        sys.exit(EXIT_PROBLEMS)
    content = result.content
    overdue = overdue_items(content.incidents, now, content.config.options.cadence)
    posted_by = {key: poster(c) for key, c in last_commits(content.config, overdue).items() if c}
    styled = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((80, 24)).columns
    text = render(content, now, width=width, styled=styled, posted_by=posted_by)
    click.echo(text, nl=False)


@click.command("schema")
@click.argument("name", type=click.Choice(["incident", "postmortem", "config"]), default="incident")
def schema_command(name: str) -> None:
    """Print the JSON Schema of incident or postmortem front-matter, or of mkdocs.yml
    (config), for editors that complete and check YAML as you type.

    \b
    Example:
      statusgen schema config > .vscode/statusgen-config.schema.json
    """
    import json

    from statusgen.content.schema import json_schema

    schema = json_schema(name)
    say(json.dumps(schema, indent=2, ensure_ascii=False))


# The shipped languages, as theme.language spells them (pt-BR, not pt_BR).
LANGUAGE_TAGS = tuple(html_tag(code) for code in SHIPPED)


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--name", default="Example Status", show_default=True, help="The page's name.")
@click.option(
    "--url",
    default="https://status.example.com/",
    show_default=True,
    help="Where the page will be published (mkdocs site_url).",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGE_TAGS),
    default="en",
    show_default=True,
    help="The page's language (mkdocs theme.language); the About page is written in it.",
)
@clock_now_option("Date the example incident as at this moment (ISO 8601). Default: the clock.")
def init_command(directory: Path, name: str, url: str, language: str, now_text: str | None) -> None:
    """Start a new status-page repository in DIRECTORY (default: here).

    Writes mkdocs.yml with components to edit, incidents/ with one example incident,
    postmortems/, site_src/, a README for the page's owners and the GitHub Actions
    workflows. Refuses to overwrite any file; the result validates as it stands.

    \b
    Example:
      statusgen init acme-status --name "Acme Status" --url https://status.acme.example/
      statusgen init acme-status --language de
    """
    from statusgen.authoring.scaffold import DEFAULT_URL, create_site

    scaffold = create_site(directory, clock_now(now_text), name=name, url=url, language=language)
    say(
        f"Created a status site in {shown(directory)} "
        f"(statusgen {__version__}, pinned in requirements.txt):"
    )
    for rel in scaffold.files:
        say(f"  {rel}")
    here = directory.resolve() == Path.cwd().resolve()
    into = "" if here else f"cd {shown(directory)} && "
    where = "https://OWNER.github.io/REPO/"
    if url != DEFAULT_URL:
        where += f"\n     (or at {url} once it is set as the custom domain there)"
    say(
        f"Try it: {into}statusgen validate && statusgen status\n"
        f"Edit the components in mkdocs.yml; delete {scaffold.example_incident} once seen.\n"
        "Then, three steps to a live page:\n"
        "  1. Push it to a new, empty GitHub repository (OWNER/REPO here):\n"
        f'       {into}git init -b main && git add -A && git commit -m "Status page"\n'
        "       git remote add origin https://github.com/OWNER/REPO.git\n"
        "       git push -u origin main\n"
        "  2. On GitHub: Settings → Pages → Source: GitHub Actions. Deploy publishes on its\n"
        "     next run (within 15 minutes), or at once: Actions → Deploy → Run workflow.\n"
        f"  3. The page appears at {where}."
    )
