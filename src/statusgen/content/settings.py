"""The site's configuration: statusgen's entry in the `plugins` list of `mkdocs.yml`.

mkdocs.yml is the one config file of the site. The page's name and URL are mkdocs' own
`site_name` and `site_url`; statusgen's entry declares components and publishing choices.
These are its models; `config_file.load_config` reads the file into them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from statusgen.alerts.payloads import DEFAULT_MAX_PAYLOAD_KIB
from statusgen.alerts.rules import AlertRule
from statusgen.clock import format_duration, parse_duration
from statusgen.content.lint.rules import TextRule
from statusgen.errors import BadTime
from statusgen.i18n import TAG_PATTERN

from .base import StrictModel
from .fetches import HOST_PATTERN
from .incident import OneLine, Origin
from .load import DEFAULT_MAX_FILE_KIB
from .names import slugify

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "statusgen"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


def _host_name(value: str) -> str:
    if not re.match(HOST_PATTERN, value):
        raise ValueError(
            f"'{value[:80]}' is not a host name: write it like images.example.com or "
            "*.cdn.example.com (lower case, no https:// and no path)"
        )
    return value


HostName = Annotated[str, AfterValidator(_host_name)]


def _duration(value: Any) -> Any:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return parse_duration(value)
        except BadTime as exc:
            raise ValueError(str(exc)) from None
    raise ValueError(f"not a duration ({value!r}): write it as 30m, 1h, 1h30m or 2d")


def _off_is_none(value: Any) -> Any:
    return None if value is False else value


Duration = Annotated[
    timedelta,
    BeforeValidator(_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d+\s*([a-zA-Z]+\s*(\d+\s*[a-zA-Z]+\s*)*)?$"},
                {"type": "integer", "minimum": 1},
            ],
            "description": "A duration: 30m, 1h, 1h30m, 2d, or a number of minutes.",
        }
    ),
]
OptionalDuration = Annotated[Duration | None, BeforeValidator(_off_is_none)]
"""A duration, or null (or false) for "none"."""


def _duration_field(minutes: int, description: str | None = None) -> Any:
    """A duration default that JSON Schema shows as it is typed (`30m`), not as `PT30M`."""
    default = timedelta(minutes=minutes)
    return Field(
        default=default,
        description=description,
        json_schema_extra={"default": format_duration(default)},
    )


class CadencePolicy(StrictModel):
    """How long readers may wait for the next update while an incident is active, by impact.

    An update's own `next_update_at` overrides the policy for that incident. Null means no
    expectation: such incidents are never overdue unless an update promised a time.
    """

    critical: OptionalDuration = _duration_field(30)
    major: OptionalDuration = _duration_field(30)
    minor: OptionalDuration = _duration_field(60)
    none: OptionalDuration = None
    maintenance: OptionalDuration = _duration_field(
        60, description="A maintenance in progress or verifying."
    )


NotifyImpact = Literal["none", "minor", "major", "critical", "maintenance"]


class NotifyTarget(StrictModel):
    """Where `statusgen notify` sends news: an apprise URL kept in an environment variable."""

    name: str = Field(pattern=ID_PATTERN, description="Named in reports and in the ledger.")
    url_env: str = Field(
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="The environment variable (an Actions secret) holding the target's URL: "
        "any apprise URL (slack://, discord://, mailto://, json://…), or an http(s) URL "
        "with payload: statuspage. Never write the URL itself in this file.",
    )
    components: list[str] | None = Field(
        default=None, description="Only events about these component ids (default: all)."
    )
    impacts: list[NotifyImpact] | None = Field(
        default=None,
        description="Only events of these impacts (default: all); maintenance events have "
        "impact 'maintenance'.",
    )
    payload: Literal["message", "statuspage"] = Field(
        default="message",
        description="message: a title and plain text through apprise; statuspage: POST "
        "Statuspage's webhook JSON ({meta, page, incident}) to an http(s) URL.",
    )


class ComponentConfig(StrictModel):
    id: str = Field(pattern=ID_PATTERN, description="Used in incident files and URLs.")
    name: OneLine = Field(min_length=1)
    description: str | None = None
    group: OneLine | None = Field(default=None, description="Group name; groups show in order.")
    uptime: bool = Field(default=True, description="Show the availability bar and percentage.")
    origin: Origin | None = Field(
        default=None, description="Set by statusgen import: the component on the old page."
    )
    slo: float | None = Field(
        default=None,
        gt=0,
        lt=100,
        description="Availability objective in percent, e.g. 99.9: the reliability page "
        "shows the error budget it allows, spends and leaves (none by default).",
    )


class ReliabilityConfig(StrictModel):
    """The reliability report: `/reliability/`, `reliability.json` and its CSV tables."""

    page: Literal["public", "private", "off"] = Field(
        default="public",
        description="public: page, JSON and CSVs on the site; private: left out of the "
        "site (statusgen report and the --drafts preview still show it); off: no page.",
    )
    quarters: int = Field(default=4, ge=1, le=40, description="Quarters the page shows.")
    maintenance_in_slo: bool = Field(
        default=False,
        description="Count maintenance windows against SLOs (a component under maintenance "
        "as down); by default planned work is left out of the error budget.",
    )


class FooterLink(StrictModel):
    name: str = Field(min_length=1, description="The link's text.")
    url: str = Field(
        pattern=r"^(https?://\S+|mailto:\S+|[^:\s]+)$",
        description="An http(s) or mailto: address, or a path within the site.",
    )


class StatusgenConfig(StrictModel):
    """Everything under `plugins: - statusgen:` in mkdocs.yml."""

    components: list[ComponentConfig] = Field(min_length=1)
    incidents_dir: str = "incidents"
    postmortems_dir: str = "postmortems"
    partial_outage_weight: float = Field(
        default=0.3, ge=0, le=1, description="Share of a partial outage counted as downtime."
    )
    availability_days: int = Field(default=90, ge=7, le=366)
    history_months_per_page: int = Field(
        default=6, ge=1, le=60, description="Calendar months on each page of the history."
    )
    feed_limit: int = Field(default=50, ge=1, le=1000)
    allow_html: bool = Field(
        default=False, description="Let incident text carry raw HTML (off: it is escaped)."
    )
    allowed_hosts: list[HostName] = Field(
        default_factory=list,
        description="Other hosts the page may load images and media from, such as "
        "images.example.com or *.cdn.example.com. By default it loads only from itself.",
    )
    show_postmortem_owners: bool = Field(
        default=False, description="Show owners and tickets of postmortem action items."
    )
    time_zone: str = Field(default="Etc/UTC", description="Reported as page.time_zone.")
    language: str | None = Field(
        default=None,
        pattern=TAG_PATTERN,
        description="The language of statusgen's words on the page, as a BCP 47 tag (de, "
        "pt-BR); by default the theme's `language`, else English.",
    )
    allow_dirs_outside_repo: bool = Field(
        default=False,
        description="Let incidents_dir, postmortems_dir, docs_dir and site_dir point outside "
        "the folder of mkdocs.yml (off: that is a config error, so a pull request cannot "
        "make a build read or write elsewhere).",
    )
    max_file_kib: int = Field(
        default=DEFAULT_MAX_FILE_KIB,
        ge=1,
        le=1024 * 1024,
        description="Largest incident or postmortem file accepted, in KiB.",
    )
    footer_links: list[FooterLink] = Field(
        default_factory=list,
        description="Links in every page's footer, e.g. your main site, support, privacy.",
    )
    cadence: CadencePolicy = Field(
        default_factory=CadencePolicy,
        description="How often an active incident needs a public update, by impact.",
    )
    notify: list[NotifyTarget] = Field(
        default_factory=list, description="Chat, e-mail and webhook targets of statusgen notify."
    )
    notify_horizon: Duration = _duration_field(
        6 * 60,
        description="statusgen notify never sends events older than this, so a first deploy "
        "or a restored site does not replay history.",
    )
    reliability: ReliabilityConfig = Field(default_factory=ReliabilityConfig)
    blameless_rules: list[TextRule] = Field(
        default_factory=list,
        description="Blameless-language rules of the team's own; one with a built-in's id "
        "replaces it.",
    )
    alerts: list[AlertRule] = Field(
        default_factory=list,
        description="statusgen from-alert: which alerts open a draft incident, and what it says.",
    )
    alert_max_payload_kib: int = Field(
        default=DEFAULT_MAX_PAYLOAD_KIB,
        ge=1,
        le=64 * 1024,
        description="statusgen from-alert refuses larger webhook payloads.",
    )


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    components: tuple[ComponentConfig, ...]


@dataclass(frozen=True)
class SiteConfig:
    """The validated configuration of one status site."""

    root: Path
    name: str
    url: str
    options: StatusgenConfig
    config_file: Path
    site_dir: Path
    docs_dir: Path
    site_dir_setting: str | None = None
    """`site_dir` as mkdocs.yml spells it (None: not set, so `site/`)."""
    site_dir_line: int = 1
    language: str = "en"
    """The language tag pages are written in (`theme.language`, or the plugin's `language`)."""

    @property
    def components(self) -> list[ComponentConfig]:
        return self.options.components

    def component(self, component_id: str) -> ComponentConfig:
        return self._by_id[component_id]

    @property
    def component_ids(self) -> list[str]:
        return [c.id for c in self.options.components]

    @cached_property
    def _by_id(self) -> dict[str, ComponentConfig]:
        return {c.id: c for c in self.options.components}

    @cached_property
    def groups(self) -> list[Group]:
        """Groups in the order their first component appears; ungrouped components alone."""
        order: list[str | None] = []
        members: dict[str | None, list[ComponentConfig]] = {}
        for component in self.options.components:
            key = component.group
            if key not in members:
                order.append(key)
                members[key] = []
            members[key].append(component)
        return [
            Group(
                id=f"group-{slugify(key)}" if key else "",
                name=key or "",
                components=tuple(members[key]),
            )
            for key in order
        ]

    @property
    def incidents_dir(self) -> Path:
        return self.root / self.options.incidents_dir

    @property
    def postmortems_dir(self) -> Path:
        return self.root / self.options.postmortems_dir

    @property
    def host(self) -> str:
        return re.sub(r"^[a-z]+://", "", self.url).split("/")[0]

    def display_path(self, path: Path) -> str:
        """How reports name a file: relative to the site's folder, else as an absolute path."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.abspath(path)).as_posix()

    @property
    def fetch_hosts(self) -> tuple[str, ...]:
        """Where pages may load images and media from: the site itself and `allowed_hosts`."""
        return (self.host.lower(), *self.options.allowed_hosts)

    def absolute(self, path: str) -> str:
        """An absolute URL for a site-relative path (`incidents/x/`)."""
        return self.url.rstrip("/") + "/" + path.lstrip("/")
