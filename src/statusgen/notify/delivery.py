"""Sending one message: through apprise, or as Statuspage's webhook JSON over HTTP(S)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any

from statusgen import __version__
from statusgen.characters import strip_unprintable

from .plan import Delivery

TIMEOUT = 30  # seconds for a webhook to answer


class DeliveryFailed(Exception):
    """The target did not take the message; the message says why, never the URL."""


def _scrub(text: str, url: str) -> str:
    """A reason fit for a CI log: one line, no control characters, the secret URL left out."""
    return strip_unprintable(text.replace(url, "<the target's URL>")).strip()


def send_with_apprise(delivery: Delivery, url: str, page_name: str, page_url: str) -> None:
    import apprise

    asset = apprise.AppriseAsset(
        app_id=page_name, app_desc=page_name, app_url=page_url, image_url_mask=None
    )
    notifier = apprise.Apprise(asset=asset)
    capture = apprise.LogCapture(level=logging.WARNING, fmt="%(message)s")  # type: ignore[no-untyped-call]
    with capture as logs:
        added = notifier.add(url)
        sent = added and notifier.notify(
            title=delivery.title, body=delivery.body, body_format=apprise.NotifyFormat.TEXT
        )
        said: Any = logs.getvalue()
    if not added:
        raise DeliveryFailed(
            "its URL is not one apprise understands: check the secret's value "
            "(see apprise's list of services)"
        )
    if not sent:
        lines = [line for line in str(said).splitlines() if line.strip()]
        raise DeliveryFailed(_scrub(lines[-1], url) if lines else "apprise reported a failure")


def send_webhook(delivery: Delivery, url: str) -> None:
    """POST the Statuspage-shaped payload; any 2xx answer is success."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryFailed("payload: statuspage needs an http:// or https:// URL")
    data = json.dumps(delivery.webhook, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": f"statusgen/{__version__} (notify)",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read(1024)
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code} {_scrub(str(exc.reason), url)}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise DeliveryFailed(_scrub(str(getattr(exc, "reason", exc)), url)) from None


def deliver(delivery: Delivery, url: str, page_name: str, page_url: str) -> None:
    if delivery.payload == "statuspage":
        send_webhook(delivery, url)
    else:
        send_with_apprise(delivery, url, page_name, page_url)
