"""The `statusgen` command line: a thin click layer over library functions.

Each command parses its flags, calls one library function and turns its result into output
and an exit code; errors the library raises (`statusgen.errors`) are caught once, here.
Heavy imports happen inside the commands so `statusgen --help` stays instant.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from statusgen import __version__
from statusgen.characters import printable
from statusgen.errors import StatusgenError

from .alert_commands import from_alert_command, publish_command
from .cadence_commands import overdue_command
from .import_commands import import_group
from .notify_commands import notify_command
from .options import say
from .posting_commands import new, resolve_command, update_command
from .project_commands import init_command, schema_command, status_command
from .report_commands import action_issues_command, actions_command, report_command
from .site_commands import build, lint, serve, validate


class StatusgenGroup(click.Group):
    """The command group: the one place that turns a `StatusgenError` into output and a status,
    and that makes click's own error messages printable.

    Errors quote command-line input (an alert payload passed as --message, a mistyped id),
    and click prints them as they are: escaping them here covers every command at once.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _printable_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _printable_errors():
            try:
                return super().invoke(ctx)
            except StatusgenError as exc:
                for problem in exc.problems:
                    say(problem.as_text(), err=True)
                say(exc.shown(), err=True)
                ctx.exit(exc.exit_code)


@contextmanager
def _printable_errors() -> Iterator[None]:
    try:
        yield
    except click.ClickException as exc:
        exc.message = printable(exc.message, keep_newlines=True)  # type: ignore[misc]
        raise


@click.group(cls=StatusgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    publish_command,
    from_alert_command,
    status_command,
    overdue_command,
    notify_command,
    report_command,
    actions_command,
    action_issues_command,
    schema_command,
    init_command,
    import_group,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="statusgen")
