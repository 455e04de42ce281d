"""Deciding what to send and sending it: a plan from two views of a site, then delivery."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from statusgen.content.settings import SiteConfig
from statusgen.i18n import language_for

from .delivery import DeliveryFailed, deliver
from .events import new_events
from .ledger import Ledger
from .messages import message, statuspage_payload
from .plan import Delivery, Plan
from .sites import SiteState
from .targets import follows

# Ledger entries outlive the horizon by this much, so a clock a little off forgets nothing.
LEDGER_MARGIN = timedelta(days=1)

Send = Callable[[Delivery, str, str, str], None]


def make_plan(
    config: SiteConfig,
    previous: SiteState | None,
    current: SiteState,
    now: datetime,
    horizon: timedelta,
    ledger: Ledger | None = None,
) -> Plan:
    """Every message the new events need, event by event in order, target by target.

    Deliveries the ledger already records are left out.
    """
    found = new_events(previous, current, now, horizon)
    lang = language_for(config.language)  # the site's readers get its language
    deliveries = []
    already = 0
    for event in found.events:
        text = message(event, lang)
        for target in config.options.notify:
            if not follows(target, event):
                continue
            if ledger is not None and ledger.has(target.name, event.key):
                already += 1
                continue
            webhook = statuspage_payload(event, current) if target.payload == "statuspage" else None
            deliveries.append(
                Delivery(
                    target=target.name,
                    url_env=target.url_env,
                    payload=target.payload,
                    key=event.key,
                    at=event.at,
                    title=text.title,
                    body=text.body,
                    webhook=webhook,
                )
            )
    return Plan(
        config.name,
        config.url,
        horizon,
        tuple(deliveries),
        too_old=len(found.too_old),
        already_sent=already,
    )


@dataclass
class Outcome:
    """What happened to each delivery of a plan."""

    sent: list[Delivery] = field(default_factory=list)
    already_sent: list[Delivery] = field(default_factory=list)
    too_old: list[Delivery] = field(default_factory=list)
    no_secret: dict[str, list[Delivery]] = field(default_factory=dict)
    failed: list[tuple[Delivery, str]] = field(default_factory=list)
    postponed: list[Delivery] = field(default_factory=list)
    """Later messages of a target that failed: kept for the next run, so order holds."""

    @property
    def failed_targets(self) -> list[str]:
        return list(dict.fromkeys(d.target for d, _ in self.failed))


Report = Callable[[str, Delivery, str], None]


def _held_back(delivery: Delivery, ledger: Ledger, cutoff: datetime, outcome: Outcome) -> bool:
    """True (and noted in `outcome`) when the delivery is not due: sent, or too old."""
    if ledger.has(delivery.target, delivery.key):
        outcome.already_sent.append(delivery)
        return True
    if delivery.at < cutoff:
        outcome.too_old.append(delivery)
        return True
    return False


def send_plan(
    plan: Plan,
    ledger: Ledger,
    env: Mapping[str, str],
    now: datetime,
    *,
    dry_run: bool = False,
    send: Send = deliver,
    report: Report | None = None,
) -> Outcome:
    """Deliver the plan's messages in order, recording each one in the ledger as it goes.

    A target whose delivery fails gets nothing more in this run (its later messages wait,
    so it receives them in order next time); the other targets carry on. A target whose
    environment variable is unset is skipped. With `dry_run`, nothing is sent or recorded.
    """
    outcome = Outcome()
    cutoff = now - plan.horizon
    broken: set[str] = set()

    def tell(what: str, delivery: Delivery, detail: str = "") -> None:
        if report is not None:
            report(what, delivery, detail)

    for delivery in plan.deliveries:
        if _held_back(delivery, ledger, cutoff, outcome):
            continue
        url = env.get(delivery.url_env, "").strip()
        if not url:
            outcome.no_secret.setdefault(delivery.url_env, []).append(delivery)
        if dry_run:  # shows every message, secret or not: dry runs happen where there is none
            outcome.sent.append(delivery)
            tell("would send", delivery)
            continue
        if not url:
            continue
        if delivery.target in broken:
            outcome.postponed.append(delivery)
            tell("postponed", delivery)
            continue
        try:
            send(delivery, url, plan.page_name, plan.page_url)
        except DeliveryFailed as exc:
            broken.add(delivery.target)
            outcome.failed.append((delivery, str(exc)))
            tell("failed", delivery, str(exc))
            continue
        ledger.record(delivery, now)
        outcome.sent.append(delivery)
        tell("sent", delivery)
    if not dry_run:
        _tidy(ledger, cutoff - LEDGER_MARGIN, bool(plan.deliveries))
    return outcome


def _tidy(ledger: Ledger, cutoff: datetime, had_messages: bool) -> None:
    """Forget what can never be sent again; write the file whenever there was anything to
    send, so a CI cache always has one to keep."""
    before = len(ledger.entries)
    ledger.prune(cutoff)
    if len(ledger.entries) != before or (had_messages and not ledger.path.exists()):
        ledger.save()
