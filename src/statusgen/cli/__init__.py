"""The `statusgen` command line: a thin click layer over library functions.

Each command parses its flags, calls one library function and turns its result into output
and an exit code. Heavy imports happen inside the commands so `statusgen --help` stays instant.
"""

from __future__ import annotations

import click

from .. import __version__
from .import_commands import import_group
from .posting_commands import new, resolve_command, update_command
from .project_commands import init_command, schema_command, status_command
from .site_commands import build, lint, serve, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statusgen")
def cli() -> None:
    """Publish a status page and postmortems from Markdown files in Git.

    \b
    Example:
      statusgen validate && statusgen build
    """


for command in (
    validate,
    lint,
    build,
    serve,
    new,
    update_command,
    resolve_command,
    status_command,
    schema_command,
    init_command,
    import_group,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="statusgen")
