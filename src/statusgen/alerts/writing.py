"""Carrying out a plan on the safe write path of `statusgen.authoring`.

Each step is one checked write: a new draft file, or one update on top of an existing
file. A step that the validator refuses leaves its file as it was and is reported; the
other steps still run, so one bad group does not hide the others.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from statusgen.authoring.lookup import incident_files
from statusgen.authoring.posting import Written, add_update, new_incident, resolve
from statusgen.content.names import slug_from_title
from statusgen.content.settings import SiteConfig
from statusgen.errors import Refused

from .plan import Action, Step, key_digest


@dataclass(frozen=True)
class Outcome:
    step: Step
    written: Written | None = None
    refused: Refused | None = None


def _slug(config: SiteConfig, step: Step, now: datetime) -> str:
    """The digest keeps two groups with one title on one day in two files; a number, the
    same group opening again on one day (after an earlier incident was resolved)."""
    base = f"{slug_from_title(step.title, 'alert')}-{key_digest(step.key)[:6]}"
    day = (step.started_at or now).astimezone(UTC).date().isoformat()
    taken = incident_files(config)
    slug, number = base, 1
    while f"{day}-{slug}" in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def carry_out(config: SiteConfig, step: Step, now: datetime, *, dry_run: bool) -> Outcome:
    """Write what `step` says (or, with `dry_run`, check it and write nothing)."""
    try:
        written = _write(config, step, now, dry_run)
    except Refused as exc:
        return Outcome(step, refused=exc)
    if written is not None and step.incident_id is None:
        step = replace(step, incident_id=written.incident_id)
    return Outcome(step, written)


def _write(config: SiteConfig, step: Step, now: datetime, dry_run: bool) -> Written | None:
    if step.action is Action.NONE:
        return None
    if step.action is Action.CREATE:
        return new_incident(
            config,
            title=step.title,
            impact=step.impact,
            components=step.components,
            status=step.status,
            message=step.message,
            at=None,
            now=now,
            started_at=step.started_at,
            slug=_slug(config, step, now),
            dry_run=dry_run,
            draft=True,
            alert_key=step.key,
        )
    assert step.incident_id is not None
    path = incident_files(config)[step.incident_id]
    if step.action is Action.RESOLVE:
        return resolve(
            config,
            path,
            message=step.message,
            at=None,
            now=now,
            components=step.components,
            dry_run=dry_run,
        )
    return add_update(
        config,
        path,
        message=step.message,
        at=None,
        now=now,
        status=step.status,
        components=step.components or None,
        dry_run=dry_run,
    )
