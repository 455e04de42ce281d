"""From alerts to drafts: `from-alert` reads a webhook payload, `publish` publishes a draft."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from .options import EXIT_PROBLEMS, command_clock, config_option, say, shown, time_option
from .posting import complete_incident, find, site_config, time_option_value

if TYPE_CHECKING:
    from statusgen.alerts.writing import Outcome
    from statusgen.content.settings import SiteConfig

SOURCES = ["alertmanager", "grafana", "uptime-kuma", "generic"]


def _read_bounded(stream: IO[bytes], max_kib: int) -> bytes:
    """At most one byte more than the limit: an endless stream is never read whole."""
    return stream.read(max_kib * 1024 + 1)


@click.command("from-alert")
@config_option
@click.option(
    "--source",
    type=click.Choice(SOURCES),
    help="Who sent the payload. Default: detected from its fields.",
)
@click.argument("payload", metavar="[PAYLOAD_FILE|-]", type=click.File("rb"), default="-")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@time_option("--at", "at_text", "Treat this moment as now (ISO 8601 with offset). Default: now.")
@click.option(
    "--max-payload-kib",
    type=click.IntRange(1, 64 * 1024),
    help="Refuse larger payloads. Default: alert_max_payload_kib in mkdocs.yml (1024).",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write what was done as JSON to this file (for automation).",
)
@click.option(
    "--only-key",
    metavar="KEY",
    help="Act only on the alert group with this key (its incident's alert_key); the "
    "workflow runs each group on its own branch.",
)
def from_alert_command(
    config_file: Path,
    source: str | None,
    payload: IO[bytes],
    dry_run: bool,
    at_text: str | None,
    max_payload_kib: int | None,
    json_path: Path | None,
    only_key: str | None,
) -> None:
    """Turn a monitoring webhook payload into draft incidents, by the `alerts:` rules.

    A firing alert group with no open incident opens a new draft (`draft: true`); more
    alerts of the group add to that draft or incident; once they clear, a suggested
    "monitoring" update is added (the incident is resolved only if its rule says
    auto_resolve). Alerts no rule matches are ignored and listed. Reads Alertmanager
    (webhook v4), Grafana alerting, Uptime Kuma and statusgen's generic JSON.

    \b
    Example:
      statusgen from-alert --dry-run payload.json
      curl ... | statusgen from-alert --source alertmanager -
    """
    from statusgen.alerts.payloads import Source, parse_payload
    from statusgen.alerts.plan import make_plan
    from statusgen.alerts.writing import carry_out
    from statusgen.content.validate import check_site

    config = site_config(config_file)
    limit = max_payload_kib or config.options.alert_max_payload_kib
    raw = _read_bounded(payload, limit)
    chosen, alerts = parse_payload(raw, Source(source) if source else None, max_kib=limit)
    now = time_option_value(at_text, "--at") or command_clock().now()
    result = check_site(config_file, now)
    if result.content is None:
        say(result.report.format("text"), err=True)
        say("refused: the site has errors; fix them before adding alerts to it", err=True)
        sys.exit(EXIT_PROBLEMS)
    if not config.options.alerts:
        say("warning: no 'alerts:' rules in mkdocs.yml: every alert is ignored", err=True)
    plan = make_plan(result.content, alerts, now)
    chosen_steps = [s for s in plan.steps if only_key is None or s.key == only_key]
    outcomes = [carry_out(config, step, now, dry_run=dry_run) for step in chosen_steps]
    say(f"{len(alerts):,} alert(s) from {chosen.value}: {len(plan.steps)} group(s) matched")
    for outcome in outcomes:
        _report(outcome, dry_run)
    if plan.ignored:
        say(f"{len(plan.ignored):,} alert(s) matched no rule and were ignored")
        if dry_run:
            for ignored in plan.ignored[:50]:
                labels = ", ".join(f"{k}={v}" for k, v in sorted(ignored.labels.items()))
                say(f"  ignored ({ignored.status}): {labels}")
    if json_path is not None:
        _write_json(json_path, config, outcomes, plan.ignored, dry_run)
    if any(o.refused for o in outcomes):
        sys.exit(EXIT_PROBLEMS)


def _report(outcome: Outcome, dry_run: bool) -> None:
    step = outcome.step
    if outcome.refused is not None:
        for problem in outcome.refused.problems:
            say(problem.as_text(), err=True)
        say(f"{step.key}: {outcome.refused.message}", err=True)
        return
    would = "would " if dry_run else ""
    target = shown(outcome.written.path) if outcome.written else step.incident_id or ""
    say(
        f"{step.action.value}: {step.key}: {step.reason}"
        + (f" → {would}write {target}" if outcome.written else "")
    )


def _write_json(
    path: Path, config: SiteConfig, outcomes: list[Outcome], ignored: Any, dry_run: bool
) -> None:
    from statusgen.alerts.preview import pull_request_body

    items = []
    for outcome in outcomes:
        entry = outcome.step.as_json()
        written = outcome.written
        entry["path"] = written.rel if written else None
        entry["refused"] = outcome.refused.message if outcome.refused else None
        entry["pull_request_body"] = (
            pull_request_body(config, outcome.step, written.rel) if written else None
        )
        items.append(entry)
    data = {
        "dry_run": dry_run,
        "steps": items,
        "ignored": [{"labels": i.labels, "status": i.status} for i in ignored],
    }
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")


@click.command("publish")
@click.argument("incident_ref", metavar="ID", shell_complete=complete_incident)
@time_option(
    "--at",
    "at_text",
    "Publication time the first update gets (ISO 8601 with offset). Default: now.",
)
@click.option("--keep-times", is_flag=True, help="Keep the updates' times as the draft has them.")
@click.option("--dry-run", is_flag=True, help="Check the result; write nothing.")
@config_option
def publish_command(
    incident_ref: str, at_text: str | None, keep_times: bool, dry_run: bool, config_file: Path
) -> None:
    """Publish a draft incident: remove `draft: true` and date its first update now.

    Readers see the first update at the moment it reached them; any later update of the
    draft dated before that moment gets that moment too, so the order holds. The rest of
    the file is kept exactly as it was.

    \b
    Example:
      statusgen publish 2026-11-22-api-errors-3f9c1a
    """
    from statusgen.authoring.publish import publish
    from statusgen.errors import Refused

    from .options import refuse

    config = site_config(config_file)
    path = find(config, incident_ref)
    at = time_option_value(at_text, "--at")
    try:
        written = publish(
            config, path, at=at, now=command_clock().now, keep_times=keep_times, dry_run=dry_run
        )
    except Refused as exc:
        refuse(exc.message, exc.problems)
    for problem in written.warnings:
        say(problem.as_text(), err=True)
    say(f"{'Would publish' if dry_run else 'Published'} {shown(written.path)}")
    say(f"Once deployed: {written.url}")
