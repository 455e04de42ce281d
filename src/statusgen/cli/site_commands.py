"""Checking and publishing: validate, lint, build, serve."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    config_option,
    format_option,
    now_from,
    now_option,
    report_format,
    say,
    time_option,
)


@click.command()
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
    from statusgen.content.validate import check_site
    from statusgen.parallel import available_cores
    from statusgen.problems import Report
    from statusgen.status.cadence import overdue_warnings

    now = now_from(now_text)
    result = check_site(config_file, now, workers=available_cores())
    report = result.report
    if result.content is not None:
        # Overdue updates are news for whoever runs validate, not a reason to stop a build.
        late = overdue_warnings(
            result.content.incidents, now, result.content.config.options.cadence
        )
        report = Report.of([*report.problems, *late], report.files_checked)
    say(report.format(report_format(output_format)))
    sys.exit(EXIT_PROBLEMS if report.failed(strict=strict) else EXIT_OK)


@click.command()
@config_option
@now_option
@format_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(path_type=Path),
    help="Where to write the site: a new or empty folder, or one an earlier build wrote. "
    "Default: mkdocs.yml's site_dir, else site/.",
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
    only once it is complete. The site folder must be new, empty or written by an earlier
    build: any other folder (the repository, its content, a .git, your home) is refused
    with exit status 2 and left as it was.

    \b
    Example:
      statusgen build --site-dir public --site-url https://org.github.io/status/
    """
    from statusgen.adapters.mkdocs.render import MkdocsRenderer
    from statusgen.build.pipeline import build as build_site

    result = build_site(
        config_file,
        now_from(now_text),
        site_dir=site_dir,
        site_url=site_url,
        strict=strict,
        renderer=MkdocsRenderer(echo_messages=True),
    )
    report = result.report
    if report.problems or not result.built:
        say(report.format(report_format(output_format)))
    if not result.built:
        say("No site written: fix the problems above.", err=True)
        sys.exit(EXIT_PROBLEMS)
    # The links are folder URLs (`history/`) for a web server: from file:// they would open
    # folder listings, so say how to look at the site rather than which file to open.
    say(
        f"Built the status site in {result.site_dir}. Preview it at a web address with "
        "`statusgen serve` (`make serve`); its links do not work from file://."
    )


@click.command()
@config_option
@time_option(
    "--now",
    "now_text",
    "Show the page as at this moment (ISO 8601 with offset). Default: the clock, "
    "read again at each rebuild.",
)
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (127.0.0.1:8000).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option(
    "--drafts",
    is_flag=True,
    help="Also show draft incidents and draft and in-review postmortems, marked as not "
    "published (preview only).",
)
def serve(
    config_file: Path, now_text: str | None, dev_addr: str | None, open_browser: bool, drafts: bool
) -> None:
    """Preview the site locally; editing an incident re-renders it in the browser.

    \b
    Example:
      statusgen serve --dev-addr 127.0.0.1:8000 --drafts
    """
    from statusgen.adapters.mkdocs.preview import serve_site

    now = now_from(now_text) if now_text else None
    serve_site(config_file, dev_addr, open_browser, now=now, drafts=drafts)


@click.command()
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
    from statusgen.content.lint.blameless import lint_paths

    report = lint_paths(config_file, paths, strict=strict)
    say(report.format(report_format(output_format)))
    sys.exit(EXIT_PROBLEMS if report.failed() else EXIT_OK)
