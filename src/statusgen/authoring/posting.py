"""Posting incidents and maintenances, and adding updates, as valid files in one step.

Every request is checked by the same functions as `statusgen validate`, on the exact bytes
that would be written, before anything is written: a refused request leaves the files as they
were, and its messages are the ones `validate` would print for the edited file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from statusgen.content.incident import FINAL_STATUS, Incident, Kind, UpdateStatus
from statusgen.content.incident_checks import incident_from_document
from statusgen.content.load import Document, read_document
from statusgen.content.names import check_file_name, slug_from_title
from statusgen.content.settings import SiteConfig
from statusgen.errors import ChangedOnDisk, EditError, LockTimeout, NotEditable, Refused
from statusgen.problems import Problem, Severity
from statusgen.render import urls
from statusgen.render.format import iso

from .lookup import incident_files
from .safe_write import LockedFile, create_checked, locked_for_edit
from .text_edits import insert_first_update, new_file, update_item

Clock = Callable[[], datetime]
"""Reads the time when called: posts take their time when they are written, not earlier."""

NextUpdate = datetime | timedelta | None
"""When the next update is promised: a time, or a duration after the update's own time."""


def _next_update_at(at: datetime, next_update: NextUpdate) -> datetime | None:
    if isinstance(next_update, timedelta):
        return at + next_update
    return next_update


def _reading(now: datetime | Clock) -> datetime:
    return now if isinstance(now, datetime) else now()


@dataclass(frozen=True)
class Written:
    """A file that was written, where readers will find it, and any warnings about it."""

    path: Path
    rel: str
    incident_id: str
    url: str
    warnings: tuple[Problem, ...] = ()


def checked(
    config: SiteConfig, rel: str, incident_id: str, now: datetime, path: Path, refusal: str
) -> Document:
    """Validate the file at `path` as if it were `rel`; return it, or refuse with its errors."""
    document = read_document(path, rel, max_kib=config.options.max_file_kib)
    if isinstance(document, Problem):
        raise Refused(refusal, (document,))
    problems: list[Problem] = []
    check_file_name(incident_id, rel, problems)
    incident_from_document(document, incident_id, config, now, problems)
    if any(p.severity is Severity.ERROR for p in problems):
        raise Refused(refusal, tuple(sorted(problems)))
    return replace(document, problems=tuple(sorted(problems)))


def _create(
    config: SiteConfig,
    incident_id: str,
    front_matter: Mapping[str, Any],
    now: datetime,
    dry_run: bool,
) -> Written:
    folder = config.options.incidents_dir.strip("/")
    name_problems: list[Problem] = []
    # Checked before any file is touched: a --slug with '/' must not reach the file system.
    if not check_file_name(incident_id, f"{folder}/{incident_id}.md", name_problems):
        raise Refused("refused: not a valid incident file name", tuple(name_problems))
    existing = incident_files(config).get(incident_id)
    if existing is not None:
        rel = config.display_path(existing)
        raise Refused(
            f"refused: {rel} already exists; add to it with 'statusgen update {incident_id}', "
            "or pick another name with --slug"
        )
    path = config.incidents_dir / f"{incident_id}.md"
    rel = config.display_path(path)
    text = new_file(front_matter)
    try:
        document = create_checked(
            path,
            text.encode("utf-8"),
            lambda temp: checked(
                config,
                rel,
                incident_id,
                now,
                temp,
                f"refused: {rel} would not be valid; nothing written",
            ),
            commit=not dry_run,
        )
    except FileExistsError:
        raise Refused(f"refused: {rel} already exists") from None
    return Written(path, rel, incident_id, incident_url(config, incident_id), document.problems)


def incident_url(config: SiteConfig, incident_id: str) -> str:
    return config.absolute(urls.incident(incident_id))


def new_incident(
    config: SiteConfig,
    *,
    title: str,
    impact: str,
    components: Mapping[str, str],
    status: str,
    message: str,
    at: datetime | None,
    now: datetime | Clock,
    started_at: datetime | None = None,
    slug: str | None = None,
    dry_run: bool = False,
    next_update: NextUpdate = None,
    draft: bool = False,
    alert_key: str | None = None,
) -> Written:
    """Create `incidents/<date>-<slug>.md` with its first update, dated the day impact began.

    `at=None` posts the update at the moment of writing. With `dry_run`, check the request as
    it would be written, and write nothing. `draft` writes it unpublished; `alert_key` names
    the alert group it answers (`statusgen from-alert`).
    """
    moment = _reading(now)
    at = at or moment
    front: dict[str, Any] = {"title": title, "impact": impact}
    if draft:
        front["draft"] = True
    if alert_key is not None:
        front["alert_key"] = alert_key
    if components:
        front["components"] = dict(components)
    if started_at is not None:
        front["started_at"] = iso(started_at)
    front["updates"] = [
        update_item(at, status, message, next_update_at=_next_update_at(at, next_update))
    ]
    day = (started_at or at).astimezone(UTC).date().isoformat()
    incident_id = f"{day}-{slug or slug_from_title(title, 'incident')}"
    return _create(config, incident_id, front, moment, dry_run)


def new_maintenance(
    config: SiteConfig,
    *,
    title: str,
    start: datetime,
    end: datetime,
    components: Mapping[str, str],
    message: str,
    at: datetime | None,
    now: datetime | Clock,
    status: str = UpdateStatus.SCHEDULED,
    slug: str | None = None,
    dry_run: bool = False,
    next_update: NextUpdate = None,
) -> Written:
    """Announce a maintenance window; its file is named after the day the window starts."""
    moment = _reading(now)
    at = at or moment
    front: dict[str, Any] = {"title": title, "kind": Kind.MAINTENANCE.value}
    if components:
        front["components"] = dict(components)
    front["scheduled_for"] = iso(start)
    front["scheduled_until"] = iso(end)
    front["updates"] = [
        update_item(at, str(status), message, next_update_at=_next_update_at(at, next_update))
    ]
    day = start.astimezone(UTC).date().isoformat()
    incident_id = f"{day}-{slug or slug_from_title(title, 'maintenance')}"
    return _create(config, incident_id, front, moment, dry_run)


@dataclass(frozen=True)
class Current:
    original: bytes
    document: Document
    incident: Incident


def _read_valid(config: SiteConfig, path: Path, original: bytes, now: datetime) -> Current:
    rel = config.display_path(path)
    document = read_document(path, rel, max_kib=config.options.max_file_kib)
    problems: list[Problem] = []
    incident = None
    name_ok = check_file_name(path.stem, rel, problems)
    if isinstance(document, Problem):
        problems.append(document)
    else:
        incident = incident_from_document(document, path.stem, config, now, problems)
    if incident is None or isinstance(document, Problem) or not name_ok:
        errors = tuple(sorted(p for p in problems if p.severity is Severity.ERROR))
        raise Refused(f"refused: {rel} has errors; fix them first", errors)
    return Current(original, document, incident)


def load_valid_incident(config: SiteConfig, path: Path, now: datetime) -> Incident:
    """The incident in `path`, or a refusal listing its errors."""
    return _read_valid(config, path, path.read_bytes(), now).incident


def _add(
    config: SiteConfig,
    locked: LockedFile,
    current: Current,
    item: dict[str, Any],
    now: datetime,
    dry_run: bool,
) -> Written:
    rel = current.document.rel
    try:
        text = insert_first_update(current.original.decode("utf-8"), current.document, item)
    except EditError as exc:
        raise Refused(f"refused: {rel}: {exc}") from None
    expected = {**current.document.data, "updates": [item, *current.document.data["updates"]]}
    return replace_checked(
        config,
        locked,
        current,
        (text, expected),
        now,
        invalid=f"refused: {rel} would not be valid after this update (line numbers as they "
        "would be); the file is unchanged",
        changed=f"refused: could not add the update to {rel} without changing it",
        dry_run=dry_run,
    )


def replace_checked(
    config: SiteConfig,
    locked: LockedFile,
    current: Current,
    edited: tuple[str, dict[str, Any]],
    now: datetime,
    *,
    invalid: str,
    changed: str,
    dry_run: bool,
) -> Written:
    """Put `edited`'s text in place of the locked file once it is valid (else refuse with
    `invalid`) and parses to `edited`'s data with the body as it was (else `changed`)."""
    path, rel = locked.path, current.document.rel
    text, expected = edited

    def check(temp: Path) -> Document:
        document = checked(config, rel, path.stem, now, temp, invalid)
        # The validator accepts many files; this proves the edit changed only what it meant to.
        if document.data != expected or document.body != current.document.body:
            raise Refused(changed)
        return document

    document = locked.replace(text.encode("utf-8"), check, commit=not dry_run)
    return Written(path, rel, path.stem, incident_url(config, path.stem), document.problems)


# How often an edit starts over when a writer that takes no lock (an editor, `git pull`)
# replaced the file while it was being edited.
EDIT_ATTEMPTS = 3


def _edit(
    config: SiteConfig,
    path: Path,
    item_for: Callable[[Incident, datetime], dict[str, Any]],
    now: datetime | Clock,
    dry_run: bool,
) -> Written:
    """Add the update `item_for(incident, moment)` on top of `path`, as it is when locked.

    The file is read, the update made and checked, and the result renamed into place while
    the file is locked, so concurrent posts apply one after the other; the clock is read
    under the lock too, so each post is newer than the one before it.
    """

    def apply(locked: LockedFile, current: Current, moment: datetime) -> Written:
        item = item_for(current.incident, moment)
        return _add(config, locked, current, item, moment, dry_run)

    return edit_valid_file(config, path, apply, now)


def edit_valid_file(
    config: SiteConfig,
    path: Path,
    apply: Callable[[LockedFile, Current, datetime], Written],
    now: datetime | Clock,
) -> Written:
    """Run `apply` on the valid incident in `path` while it is locked, as `_edit` describes;
    every refusal of the safe write path is turned into a message here."""
    rel = config.display_path(path)
    for _ in range(EDIT_ATTEMPTS):
        try:
            with locked_for_edit(path) as locked:
                moment = _reading(now)
                current = _read_valid(config, path, locked.original, moment)
                locked.verify_unchanged()  # what was parsed is what was locked
                return apply(locked, current, moment)
        except ChangedOnDisk:
            continue
        except NotEditable as exc:
            raise Refused(
                f"refused: {rel} is {exc.reason}; statusgen edits only regular files and never "
                "replaces a link: update the file itself"
            ) from None
        except LockTimeout as exc:
            raise Refused(
                f"refused: another statusgen has been writing {rel} for over {exc.seconds:g} s; "
                "nothing written, try again"
            ) from None
        except FileNotFoundError:
            raise Refused(f"refused: {rel} no longer exists; nothing written") from None
    raise Refused(
        f"refused: {rel} kept changing while it was being edited (an editor or a git pull?); "
        "nothing written, run again"
    )


def add_update(
    config: SiteConfig,
    path: Path,
    *,
    message: str,
    at: datetime | None,
    now: datetime | Clock,
    status: str | None = None,
    components: Mapping[str, str] | None = None,
    dry_run: bool = False,
    next_update: NextUpdate = None,
) -> Written:
    """Post an update above the others; the status stays as it was unless given.

    `at=None` posts it at the moment the file is written (`now` read under the file's lock).
    `next_update` promises the next one: a time, or a duration after this update.
    """

    def item_for(incident: Incident, moment: datetime) -> dict[str, Any]:
        chosen = status or incident.updates[0].status.value
        posted = at or moment
        promised = _next_update_at(posted, next_update)
        return update_item(posted, chosen, message, components, promised)

    return _edit(config, path, item_for, now, dry_run)


def resolve(
    config: SiteConfig,
    path: Path,
    *,
    message: str,
    at: datetime | None,
    now: datetime | Clock,
    components: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> Written:
    """Post the final update: `resolved` for an incident, `completed` for a maintenance."""

    def item_for(incident: Incident, moment: datetime) -> dict[str, Any]:
        final = FINAL_STATUS[incident.kind].value
        return update_item(at or moment, final, message, components)

    return _edit(config, path, item_for, now, dry_run)
