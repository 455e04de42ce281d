"""What readers see of a site, as its Statuspage-compatible JSON says: from a folder, a URL or
the content itself.

Both sides of a comparison go through the same JSON, so "what readers saw" (a site published
earlier, by this version of statusgen or an older one) and "what they see now" mean exactly
the same thing. Only `api/v2/incidents.json` and `api/v2/scheduled-maintenances.json` are
needed; `api/v2/status.json` adds the page's status to webhook payloads when present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statusgen.http_fetch import FetchFailed, Missing, fetch_bytes

if TYPE_CHECKING:
    from statusgen.content.site import Content

Json = dict[str, Any]

API_DIR = "api/v2/"
INCIDENTS = "incidents.json"
MAINTENANCES = "scheduled-maintenances.json"
STATUS = "status.json"
FETCH_TIMEOUT = 30  # seconds per file
FETCH_LIMIT = 50 * 1024 * 1024  # bytes; Statuspage's 50 most recent are far smaller


class SiteUnreadable(Exception):
    """The site could not be read, or is not a Statuspage-compatible site."""


@dataclass(frozen=True)
class SiteState:
    """A site's page, status, incidents and maintenances, as its JSON has them."""

    page: Json
    status: Json | None
    incidents: tuple[Json, ...]
    maintenances: tuple[Json, ...]

    @classmethod
    def empty(cls) -> SiteState:
        return cls({}, None, (), ())


def parse_time(text: Any) -> datetime:
    """A JSON time (`2026-11-22T14:00:00.000Z`) as an aware datetime."""
    if not isinstance(text, str):
        raise ValueError(f"not a time: {text!r}")
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"a time without an offset: {text!r}")
    return value


def _check_item(item: Any, where: str) -> Json:
    if not isinstance(item, dict):
        raise SiteUnreadable(f"{where}: not an object")
    for key in ("id", "name", "shortlink", "impact", "status"):
        if not isinstance(item.get(key), str):
            raise SiteUnreadable(f"{where}: '{key}' is missing or not text")
    updates = item.get("incident_updates")
    if not isinstance(updates, list):
        raise SiteUnreadable(f"{where}: 'incident_updates' is missing or not a list")
    for index, update in enumerate(updates):
        here = f"{where}.incident_updates[{index}]"
        if not isinstance(update, dict):
            raise SiteUnreadable(f"{here}: not an object")
        for key in ("status", "body"):
            if not isinstance(update.get(key), str):
                raise SiteUnreadable(f"{here}: '{key}' is missing or not text")
        try:
            parse_time(update.get("created_at"))
        except ValueError as exc:
            raise SiteUnreadable(f"{here}.created_at: {exc}") from None
    return item


def _items(document: Any, key: str, where: str) -> tuple[Json, ...]:
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise SiteUnreadable(f"{where}: expected an object with a list '{key}'")
    return tuple(
        _check_item(item, f"{where}: {key}[{index}]") for index, item in enumerate(document[key])
    )


def state_of(incidents: Any, maintenances: Any, status: Any, where: str = API_DIR) -> SiteState:
    """A state from the parsed documents; `status` may be None."""
    page = incidents.get("page") if isinstance(incidents, dict) else None
    status_object = status.get("status") if isinstance(status, dict) else None
    return SiteState(
        page=page if isinstance(page, dict) else {},
        status=status_object if isinstance(status_object, dict) else None,
        incidents=_items(incidents, "incidents", where + INCIDENTS),
        maintenances=_items(maintenances, "scheduled_maintenances", where + MAINTENANCES),
    )


def _parse(data: bytes, where: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SiteUnreadable(f"{where}: not JSON ({exc})") from None


def state_of_content(content: Content, now: datetime) -> SiteState:
    """What the site built from `content` at `now` shows."""
    from statusgen.render.statuspage_json import api_files

    files = api_files(content, now)
    documents = {
        name: _parse(files[API_DIR + name], API_DIR + name)
        for name in (INCIDENTS, MAINTENANCES, STATUS)
    }
    return state_of(documents[INCIDENTS], documents[MAINTENANCES], documents[STATUS])


def read_folder(folder: Path) -> SiteState:
    """A built or downloaded site folder (holding `api/v2/`)."""
    if not folder.is_dir():
        raise SiteUnreadable(f"{folder}: no such folder")
    documents: dict[str, Any] = {}
    for name in (INCIDENTS, MAINTENANCES, STATUS):
        path = folder / API_DIR / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            if name == STATUS:
                documents[name] = None
                continue
            raise SiteUnreadable(f"{path}: missing (is {folder} a built status site?)") from None
        except OSError as exc:
            raise SiteUnreadable(f"{path}: {exc.strerror}") from None
        documents[name] = _parse(data, str(path))
    where = f"{folder.as_posix().rstrip('/')}/{API_DIR}"
    return state_of(documents[INCIDENTS], documents[MAINTENANCES], documents[STATUS], where)


def _fetch(url: str) -> bytes | None:
    """The body at `url`, or None when the server has no such file (404, 410)."""
    try:
        data = fetch_bytes(
            url,
            command="notify",
            limit=FETCH_LIMIT,
            timeout=FETCH_TIMEOUT,
            headers={"Accept": "application/json", "Cache-Control": "no-cache"},
        )
    except FetchFailed as exc:
        raise SiteUnreadable(str(exc)) from None
    return None if isinstance(data, Missing) else data


def read_url(url: str) -> SiteState | None:
    """A published site; None when it has no `api/v2/incidents.json` yet (HTTP 404)."""
    base = url if url.endswith("/") else url + "/"
    documents: dict[str, Any] = {}
    for name in (INCIDENTS, MAINTENANCES, STATUS):
        address = base + API_DIR + name
        data = _fetch(address)
        if data is None:
            if name == INCIDENTS:
                return None
            documents[name] = {"scheduled_maintenances": []} if name == MAINTENANCES else None
            continue
        documents[name] = _parse(data, address)
    return state_of(
        documents[INCIDENTS], documents[MAINTENANCES], documents[STATUS], base + API_DIR
    )


def is_url(where: str) -> bool:
    return where.startswith(("http://", "https://"))


def read_site(where: str) -> SiteState | None:
    """A site by URL or folder; None for a URL that has not been published yet."""
    if is_url(where):
        return read_url(where)
    return read_folder(Path(where))
