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
from typing import Any, TypeVar

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
def serve(config_file: Path, dev_addr: str | None, open_browser: bool) -> None:
    """Preview the site locally; editing an incident re-renders it in the browser.

    \b
    Example:
      statusgen serve --dev-addr 127.0.0.1:8000
    """
    import logging

    from .mkdocs_adapter import serve_site

    _show_renderer_messages(logging.INFO)
    serve_site(config_file, dev_addr, open_browser)


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
