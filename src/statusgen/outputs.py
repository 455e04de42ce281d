"""Every non-page output of the site (feeds, JSON, calendar, badge), by site-relative path.

The renderers arrive with the feeds issue; until then the site has no static outputs.
"""

from __future__ import annotations

from datetime import datetime

from .validate import Content


def static_outputs(content: Content, now: datetime) -> dict[str, bytes]:
    return {}
