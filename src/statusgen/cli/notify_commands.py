"""Telling subscribers: `statusgen notify`."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, clock_now, clock_now_option, config_option

if TYPE_CHECKING:
    from statusgen.content.settings import SiteConfig
    from statusgen.notify.ledger import Ledger
    from statusgen.notify.plan import Delivery, Plan
    from statusgen.notify.run import Outcome
    from statusgen.notify.sites import SiteState


def _fail(message: str, status: int = EXIT_PROBLEMS) -> None:
    from statusgen.characters import printable

    click.echo(f"error: {printable(message)}", err=True)
    sys.exit(status)


def _horizon(text: str | None, config: SiteConfig) -> timedelta:
    from statusgen.clock import parse_duration
    from statusgen.errors import BadTime

    if text is None:
        return config.options.notify_horizon
    try:
        return parse_duration(text)
    except BadTime as exc:
        raise click.BadParameter(str(exc), param_hint="--horizon") from None


def _ledger(path: Path) -> Ledger:
    from statusgen.notify.ledger import Ledger, LedgerUnreadable

    try:
        return Ledger.load(path)
    except LedgerUnreadable as exc:
        _fail(str(exc))
        raise AssertionError from None  # _fail exits


def _site_config(config_file: Path) -> SiteConfig:
    from statusgen.content.config_file import load_config
    from statusgen.problems import Report

    loaded = load_config(config_file)
    if isinstance(loaded, list):
        click.echo(Report.of(loaded, 1).format("text"), err=True)
        sys.exit(EXIT_USAGE)
    return loaded


def _previous(where: str | None) -> SiteState | None:
    from statusgen.notify.sites import SiteUnreadable, read_site

    if where is None:
        return None
    try:
        state = read_site(where)
    except SiteUnreadable as exc:
        _fail(f"cannot read the previous site: {exc}; nothing sent")
        raise AssertionError from None
    if state is None:
        click.echo(
            f"note: {where} has no api/v2/incidents.json yet: every event within the "
            "horizon is new",
            err=True,
        )
    return state


def _current(where: Path | None, config_file: Path, now: datetime) -> SiteState:
    from statusgen.content.validate import check_site
    from statusgen.notify.sites import SiteUnreadable, read_folder, state_of_content

    if where is not None:
        try:
            return read_folder(where)
        except SiteUnreadable as exc:
            _fail(f"cannot read the current site: {exc}; nothing sent")
    result = check_site(config_file, now)
    if result.content is None:
        click.echo(result.report.format("text"), err=True)
        _fail("the content has errors: nothing sent", EXIT_USAGE)
    assert result.content is not None
    return state_of_content(result.content, now)


def _show(delivery: Delivery) -> str:
    from statusgen.characters import printable

    return f"{printable(delivery.target)}: {printable(delivery.title)}"


def _print_dry_run(plan: Plan, outcome: Outcome) -> None:
    from statusgen.characters import printable

    count = len(outcome.sent)
    click.echo(f"Would send {count} message{'' if count == 1 else 's'}:")
    for delivery in outcome.sent:
        click.echo("")
        click.echo(f"--- to {_show(delivery)}  [{delivery.key}]")
        if delivery.payload == "statuspage":
            click.echo(json.dumps(delivery.webhook, indent=2, ensure_ascii=False))
        else:
            click.echo(printable(delivery.body, keep_newlines=True).rstrip())


def _summary(plan: Plan, outcome: Outcome, dry_run: bool) -> int:
    """Print what was not sent and why; the exit status."""
    for env_name, deliveries in outcome.no_secret.items():
        targets = ", ".join(sorted({d.target for d in deliveries}))
        count = f"{len(deliveries)} message{'' if len(deliveries) == 1 else 's'}"
        done = "would not be sent" if dry_run else "not sent"
        click.echo(f"warning: {env_name} is not set: {count} for {targets} {done}", err=True)
    if plan.too_old:
        click.echo(
            f"note: {plan.too_old} new event{'' if plan.too_old == 1 else 's'} older than the "
            f"horizon ({_duration(plan.horizon)}) not sent",
            err=True,
        )
    if not dry_run and outcome.sent:
        click.echo(f"Sent {len(outcome.sent)} message{'' if len(outcome.sent) == 1 else 's'}.")
    elif not outcome.sent and not outcome.failed:
        already = plan.already_sent + len(outcome.already_sent)
        click.echo("No message sent" + (f" ({already} already sent)." if already else "."))
    if outcome.failed:
        names = ", ".join(outcome.failed_targets)
        click.echo(
            f"error: delivery failed for {names}; "
            f"{len(outcome.failed) + len(outcome.postponed)} message(s) will be retried on the "
            "next run",
            err=True,
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _duration(span: timedelta) -> str:
    from statusgen.clock import format_duration

    return format_duration(span)


def _send(plan: Plan, ledger: Ledger, now: datetime, dry_run: bool) -> int:
    from statusgen.notify.run import send_plan

    def report(what: str, delivery: Delivery, detail: str) -> None:
        if dry_run:
            return
        line = f"{what:<9} {_show(delivery)}" + (f": {detail}" if detail else "")
        click.echo(line, err=what == "failed")

    outcome = send_plan(plan, ledger, os.environ, now, dry_run=dry_run, report=report)
    if dry_run:
        _print_dry_run(plan, outcome)
    return _summary(plan, outcome, dry_run)


@click.command("notify")
@config_option
@clock_now_option(
    "Send as at this moment (ISO 8601 with offset): what readers see then, and the horizon "
    "back from it. Default: the clock."
)
@click.option(
    "--previous",
    "previous_site",
    metavar="SITE",
    help="What readers saw before: the published site's URL, or a folder holding its "
    "api/v2/incidents.json and scheduled-maintenances.json. Default: none, so every event "
    "within the horizon that the ledger does not hold is new.",
)
@click.option(
    "--current",
    "current_site",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="FOLDER",
    help="What readers see now: a built site folder (the one just deployed). "
    "Default: the content as at --now.",
)
@click.option(
    "--horizon",
    "horizon_text",
    metavar="DURATION",
    help="Never send events older than this. Default: notify_horizon in mkdocs.yml (6h).",
)
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file recording what was sent to whom. "
    "Default: .statusgen-notified.json next to mkdocs.yml (with --send-plan: here).",
)
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send and record nothing.")
@click.option(
    "--write-plan",
    "write_plan",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the messages to send to FILE (JSON; names secrets, never holds them) "
    "instead of sending them.",
)
@click.option(
    "--send-plan",
    "send_plan_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="FILE",
    help="Send the messages of a plan written by --write-plan; reads no config or content.",
)
def notify_command(
    config_file: Path,
    now_text: str | None,
    previous_site: str | None,
    current_site: Path | None,
    horizon_text: str | None,
    ledger_path: Path | None,
    dry_run: bool,
    write_plan: Path | None,
    send_plan_path: Path | None,
) -> None:
    """Send each new public event once to the chat, e-mail and webhook targets of mkdocs.yml.

    Events are a new incident, each new update, a maintenance started or completed by the
    clock, and a newly published postmortem; "new" means not on the --previous site and
    not in the ledger, and no older than the horizon. Each target's apprise URL comes from
    the environment variable its url_env names; an unset one is a warning. Messages go
    out one at a time, in order, each recorded in the ledger once delivered.

    Exits 1 when a target failed (it is named; its messages are retried next run).

    \b
    Example:
      statusgen notify --previous https://status.example.com/ --dry-run
    """
    from statusgen.notify.ledger import LEDGER_NAME
    from statusgen.notify.plan import Plan, PlanUnreadable

    now = clock_now(now_text)
    if send_plan_path is not None:
        if previous_site or current_site or horizon_text or write_plan:
            raise click.UsageError(
                "--send-plan sends a plan as written: give no --previous, --current, "
                "--horizon or --write-plan with it"
            )
        try:
            plan = Plan.read(send_plan_path)
        except PlanUnreadable as exc:
            _fail(str(exc))
        ledger = _ledger(ledger_path or Path(LEDGER_NAME))
        sys.exit(_send(plan, ledger, now, dry_run))

    from statusgen.notify.run import make_plan

    config = _site_config(config_file)
    horizon = _horizon(horizon_text, config)
    ledger = _ledger(ledger_path or config.root / LEDGER_NAME)
    if not config.options.notify and write_plan is None:
        click.echo("No notify targets in mkdocs.yml: nothing to send.")
        sys.exit(EXIT_OK)
    previous = _previous(previous_site)
    current = _current(current_site, config_file, now)
    plan = make_plan(config, previous, current, now, horizon, ledger)
    if write_plan is not None:
        plan.write(write_plan)
        count = len(plan.deliveries)
        click.echo(f"Wrote {write_plan}: {count} message{'' if count == 1 else 's'} to send.")
        sys.exit(EXIT_OK)
    sys.exit(_send(plan, ledger, now, dry_run))
