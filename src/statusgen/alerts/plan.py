"""What a payload means for the incident files: one step per alert group, decided up front.

Alerts are matched to the first rule whose labels they carry, grouped by the rule's
`group_by` labels (else the sender's own group, else one group per rule), and each group's
key is looked up among the drafts and open incidents. Senders repeat themselves (Alertmanager
re-sends a group every `repeat_interval`), so a step that would change nothing is "none":
running the same payload twice writes nothing the second time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from statusgen.content.incident import ComponentStatus, Incident, UpdateStatus
from statusgen.content.settings import SiteConfig
from statusgen.content.site import Content
from statusgen.status.timeline import current_status, held_components

from .payloads import Alert
from .rules import AlertRule, markdown_text, plain_line, render

MAX_KEY = 300
"""Longer keys (a groupKey of many labels) are stored as a hash: front-matter stays readable."""


class Action(StrEnum):
    CREATE = "create"
    """A new draft incident."""
    UPDATE = "update"
    """A firing group whose incident does not yet show all of it (or that fired again)."""
    MONITOR = "monitor"
    """Its alerts cleared: a suggested 'monitoring' update."""
    RESOLVE = "resolve"
    """Its alerts cleared and the rule says `auto_resolve`."""
    NONE = "none"
    """Nothing new: the incident already says what the alerts say."""


@dataclass(frozen=True)
class Step:
    """What to do for one alert group."""

    action: Action
    key: str
    rule: str
    alerts: int
    reason: str
    incident_id: str | None = None
    draft: bool = True
    title: str = ""
    impact: str = ""
    components: dict[str, str] = field(default_factory=dict)
    status: str = ""
    message: str = ""
    started_at: datetime | None = None

    @property
    def branch(self) -> str:
        """The git branch a pull request for this key lives on: one per incident key."""
        return f"statusgen/alert-{key_digest(self.key)}"

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "key": self.key,
            "rule": self.rule,
            "alerts": self.alerts,
            "reason": self.reason,
            "incident_id": self.incident_id,
            "draft": self.draft,
            "branch": self.branch,
            "title": self.title,
            "impact": self.impact,
            "components": self.components,
            "status": self.status,
            "message": self.message,
            "started_at": self.started_at.isoformat() if self.started_at else None,
        }


@dataclass(frozen=True)
class Ignored:
    """An alert no rule matched."""

    labels: dict[str, str]
    status: str


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    ignored: tuple[Ignored, ...]


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def rule_id(rule: AlertRule, index: int) -> str:
    return rule.id or f"rule-{index + 1}"


def _matching_rule(alert: Alert, rules: Sequence[AlertRule]) -> int | None:
    for index, rule in enumerate(rules):
        if all(alert.labels.get(k) == v for k, v in rule.match.items()):
            return index
    return None


def alert_key(rule: AlertRule, index: int, alert: Alert) -> str:
    """Rule + grouping labels, else rule + the sender's group; one line, bounded."""
    if rule.group_by is not None:
        part = ",".join(f"{name}={alert.labels.get(name, '')}" for name in rule.group_by)
    else:
        part = alert.group_key or ""
    key = plain_line(f"{rule_id(rule, index)}/{part}", limit=10_000)
    if len(key) > MAX_KEY:
        key = f"{rule_id(rule, index)}/sha256:{hashlib.sha256(key.encode()).hexdigest()}"
    return key


def _common(maps: Iterable[dict[str, str]]) -> dict[str, str]:
    iterator = iter(maps)
    common = dict(next(iterator, {}))
    for other in iterator:
        common = {k: v for k, v in common.items() if other.get(k) == v}
    return common


MAX_TEMPLATE_ALERTS = 20
"""Alerts a template may list one by one (`alerts`); `count` has them all."""


def template_fields(
    alerts: Sequence[Alert], component_names: Sequence[str], *, markdown: bool
) -> dict[str, Any]:
    """The only names a message template sees: the alerts' own fields, escaped."""
    clean = markdown_text if markdown else plain_line

    def escaped(mapping: dict[str, str]) -> dict[str, str]:
        return {plain_line(k, 100): clean(v) for k, v in mapping.items()}

    starts = [a.starts_at for a in alerts if a.starts_at is not None]
    return {
        "labels": escaped(_common(a.labels for a in alerts)),
        # Annotations differ per alert (a summary naming its instance): the first one's.
        "annotations": escaped(alerts[0].annotations if alerts else {}),
        "status": "firing" if any(a.status == "firing" for a in alerts) else "resolved",
        "starts_at": min(starts).isoformat() if starts else "",
        "count": len(alerts),
        "alerts": [
            {"labels": escaped(a.labels), "annotations": escaped(a.annotations), "status": a.status}
            for a in alerts[:MAX_TEMPLATE_ALERTS]
        ],
        "components": clean(", ".join(component_names)),
    }


@dataclass
class _Group:
    rule_index: int
    key: str
    alerts: list[Alert] = field(default_factory=list)


def _groups(
    alerts: Sequence[Alert], rules: Sequence[AlertRule]
) -> tuple[list[_Group], list[Ignored]]:
    groups: dict[str, _Group] = {}
    ignored: list[Ignored] = []
    for alert in alerts:
        index = _matching_rule(alert, rules)
        if index is None:
            ignored.append(Ignored(alert.labels, alert.status))
            continue
        key = alert_key(rules[index], index, alert)
        groups.setdefault(key, _Group(index, key)).alerts.append(alert)
    return list(groups.values()), ignored


def open_incident_for(content: Content, key: str, now: datetime) -> Incident | None:
    """The newest draft or unresolved incident answering `key`."""
    found = [
        i
        for i in (*content.drafts, *content.incidents)
        if i.alert_key == key and current_status(i, now) is not UpdateStatus.RESOLVED
    ]
    return max(found, key=lambda i: (i.first_posted_at, i.id), default=None)


def make_plan(content: Content, alerts: Sequence[Alert], now: datetime) -> Plan:
    rules = content.config.options.alerts
    groups, ignored = _groups(alerts, rules)
    steps = [_step(content.config, rules[g.rule_index], g, content, now) for g in groups]
    return Plan(tuple(steps), tuple(ignored))


def _step(
    config: SiteConfig, rule: AlertRule, group: _Group, content: Content, now: datetime
) -> Step:
    names = [config.component(c).name for c in rule.components]
    firing = [a for a in group.alerts if a.status == "firing"]
    shown = firing or group.alerts
    md = template_fields(shown, names, markdown=True)
    base = Step(
        Action.NONE,
        key=group.key,
        rule=rule_id(rule, group.rule_index),
        alerts=len(group.alerts),
        reason="",
        impact=rule.impact.value,
        components={k: v.value for k, v in rule.components.items()},
    )
    existing = open_incident_for(content, group.key, now)
    if firing and existing is None:
        starts = [a.starts_at for a in firing if a.starts_at is not None and a.starts_at <= now]
        title = plain_line(render(rule.title, template_fields(shown, names, markdown=False)))
        return replace(
            base,
            action=Action.CREATE,
            reason=f"{len(firing)} firing alert(s), no open incident for this key",
            title=title or "Service disruption",
            status=UpdateStatus.INVESTIGATING.value,
            message=render(rule.message, md),
            started_at=min(starts) if starts else None,
        )
    if existing is None:
        return replace(base, reason="resolved, and no open incident for this key")
    base = replace(base, incident_id=existing.id, draft=existing.draft, title=existing.title)
    if firing:
        return _firing_again(existing, replace(base, message=render(rule.message, md)), now)
    return _cleared(rule, existing, replace(base, message=render(rule.resolved_message, md)), now)


def _cleared(rule: AlertRule, existing: Incident, base: Step, now: datetime) -> Step:
    """Every alert of the group resolved: suggest monitoring, or resolve if the rule says so."""
    if rule.auto_resolve:
        return replace(
            base,
            action=Action.RESOLVE,
            reason="alerts resolved; the rule says auto_resolve",
            status=UpdateStatus.RESOLVED.value,
            components={c: ComponentStatus.OPERATIONAL.value for c in rule.components},
        )
    if current_status(existing, now) is UpdateStatus.MONITORING:
        return replace(base, message="", reason="resolved; the incident is monitoring already")
    return replace(
        base,
        action=Action.MONITOR,
        reason="alerts resolved: suggests a 'monitoring' update (a human resolves)",
        status=UpdateStatus.MONITORING.value,
        components={},
    )


def _firing_again(existing: Incident, base: Step, now: datetime) -> Step:
    """Firing alerts for an incident that is open already: add to it only what is new."""
    held = held_components(existing, now)
    missing = {k: v for k, v in base.components.items() if held.get(k) != v}
    status = current_status(existing, now)
    if status is UpdateStatus.MONITORING:
        return replace(
            base,
            action=Action.UPDATE,
            reason="firing again while monitoring (flapping)",
            status=UpdateStatus.INVESTIGATING.value,
        )
    if missing:
        return replace(
            base,
            action=Action.UPDATE,
            reason="more firing alerts: components not yet shown",
            status=(status or UpdateStatus.INVESTIGATING).value,
            components=missing,
        )
    return replace(base, message="", reason=f"already covered by {existing.id}")
