"""The `alerts:` rules of statusgen's config: which alerts open which draft incident.

Messages are Jinja templates rendered in a sandbox that sees only the alert's own fields
(`labels`, `annotations`, `status`, `starts_at`, `alerts`, `count`), already escaped for
Markdown: an alert's text can never add a link, an image or HTML to the page.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import AfterValidator, Field

from statusgen.characters import FORBIDDEN, printable, strip_unprintable
from statusgen.content.base import StrictModel
from statusgen.content.incident import ComponentStatus, Impact
from statusgen.errors import StatusgenError

RULE_ID = r"^[a-z0-9][a-z0-9_-]*$"
DEFAULT_MESSAGE = (
    "We are investigating reports of problems affecting {{ components }}. "
    "We will post an update as soon as we know more."
)
DEFAULT_RESOLVED_MESSAGE = (
    "The alert behind this incident has cleared; we are monitoring {{ components }} "
    "to make sure it stays that way."
)
MAX_TEMPLATE_OUTPUT = 4000
"""Characters a rendered message may hold: an update, not a log dump."""


def _template(text: str) -> str:
    try:
        _environment().parse(text)
    except jinja2.TemplateSyntaxError as exc:
        raise ValueError(f"not a valid template (line {exc.lineno}): {exc.message}") from None
    return text


Template = Annotated[str, AfterValidator(_template)]


class AlertRule(StrictModel):
    """One rule: alerts whose labels match open (or add to) a draft incident."""

    id: str | None = Field(
        default=None,
        pattern=RULE_ID,
        description="Names the rule in alert keys and branch names. Default: rule-N.",
    )
    match: dict[str, str] = Field(
        min_length=1, description="Labels an alert must have, with these exact values."
    )
    components: dict[str, ComponentStatus] = Field(
        min_length=1, description="Component id → the status the draft shows for it."
    )
    impact: Impact = Impact.MINOR
    title: Template = Field(
        default="{{ labels.alertname or labels.monitor or 'Service disruption' }}",
        description="Template of the draft's title.",
    )
    message: Template = Field(
        default=DEFAULT_MESSAGE, description="Template of the first public update (Markdown)."
    )
    resolved_message: Template = Field(
        default=DEFAULT_RESOLVED_MESSAGE,
        description="Template of the suggested 'monitoring' update once the alerts clear.",
    )
    group_by: list[str] | None = Field(
        default=None,
        description="Labels whose values tell incidents apart. Default: the sender's own "
        "group (Alertmanager's groupKey), else one incident per rule.",
    )
    auto_resolve: bool = Field(
        default=False,
        description="Resolve the incident when its alerts clear, instead of only suggesting "
        "a 'monitoring' update.",
    )


@cache
def _environment() -> ImmutableSandboxedEnvironment:
    # autoescape is for HTML; the values are escaped for Markdown before rendering instead.
    return ImmutableSandboxedEnvironment(
        autoescape=False, undefined=jinja2.ChainableUndefined, trim_blocks=True
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
_SPACES = re.compile(r"\s+")


def markdown_text(value: str, limit: int = 500) -> str:
    """`value` as literal Markdown text: one line, no control characters, every character
    that Markdown or HTML would read as markup backslash-escaped."""
    text = _SPACES.sub(" ", strip_unprintable(value)).strip()[:limit]
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plain_line(value: str, limit: int = 200) -> str:
    """`value` as one line of plain text (a title): no control characters or line breaks."""
    return _SPACES.sub(" ", strip_unprintable(value)).strip()[:limit]


class TemplateFailed(StatusgenError):
    """A template that parsed but failed on this alert (a sandbox refusal, a type error)."""


def render(template: str, fields: dict[str, Any]) -> str:
    """Render `template` with only `fields`; a failure names the template's problem."""
    try:
        text = _environment().from_string(template).render(fields)
    except jinja2.TemplateError as exc:
        failure = str(exc)
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        failure = f"{type(exc).__name__}: {exc}"
    else:
        return FORBIDDEN.sub("", text).strip()[:MAX_TEMPLATE_OUTPUT]
    raise TemplateFailed(f"an alerts: template failed: {printable(failure[:300])}; nothing written")
