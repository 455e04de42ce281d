"""statusgen from-alert: webhook payloads become draft incidents, by the `alerts:` rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statusgen.alerts.payloads import BadPayload, Source, parse_payload
from statusgen.cli import cli
from statusgen.content.validate import check_site

from .conftest import CONFIG, SiteFactory

FIXTURES = Path(__file__).parent / "fixtures" / "alerts"

RULES = """\
      alerts:
        - id: api-errors
          match: {service: api, severity: critical}
          components: {api: partial_outage}
          impact: major
          title: "Errors on {{ labels.service }}"
          message: "Investigating errors of {{ labels.service }}: {{ annotations.summary }}."
        - id: web-latency
          match: {service: web}
          components: {web: degraded_performance}
          group_by: [zone]
          message: "The website is slow in {{ labels.zone }}."
        - id: database
          match: {service: db}
          components: {db: major_outage}
          impact: critical
          auto_resolve: true
        - id: public-api
          match: {monitor: Public API}
          components: {api: major_outage}
          impact: major
"""


@pytest.fixture
def alert_site(site: SiteFactory) -> SiteFactory:
    site.config(CONFIG + RULES)
    return site


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def from_alert(site: SiteFactory, payload: str | bytes, at: str, *args: str) -> Result:
    data = payload if isinstance(payload, bytes) else fixture(payload)
    return CliRunner().invoke(
        cli,
        ["from-alert", "-f", str(site.config_file), "--at", at, *args, "-"],
        input=data,
        catch_exceptions=False,
    )


def incident_texts(site: SiteFactory) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((site.root / "incidents").glob("*.md"))}


def drafts(site: SiteFactory, at: str = "2026-11-22T13:00:00Z") -> list:  # type: ignore[type-arg]
    result = check_site(site.config_file, datetime.fromisoformat(at))
    assert result.content is not None, result.report.format("text")
    assert result.content.incidents == ()  # from-alert never publishes
    return sorted(result.content.drafts, key=lambda i: i.id)


# --- reading each sender's payload -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source", "statuses", "count"),
    [
        ("alertmanager-firing-grouped.json", Source.ALERTMANAGER, {"firing"}, 2),
        ("alertmanager-resolved-grouped.json", Source.ALERTMANAGER, {"resolved"}, 2),
        ("alertmanager-firing-single.json", Source.ALERTMANAGER, {"firing"}, 1),
        ("alertmanager-resolved-single.json", Source.ALERTMANAGER, {"resolved"}, 1),
        ("grafana-firing-grouped.json", Source.GRAFANA, {"firing"}, 2),
        ("grafana-resolved-grouped.json", Source.GRAFANA, {"resolved"}, 2),
        ("grafana-firing-single.json", Source.GRAFANA, {"firing"}, 1),
        ("uptime-kuma-down.json", Source.UPTIME_KUMA, {"firing"}, 1),
        ("uptime-kuma-up.json", Source.UPTIME_KUMA, {"resolved"}, 1),
        ("generic-firing.json", Source.GENERIC, {"firing"}, 1),
        ("generic-resolved.json", Source.GENERIC, {"resolved"}, 1),
    ],
)
def test_each_senders_payload_is_detected_and_read(
    name: str, source: Source, statuses: set[str], count: int
) -> None:
    found, alerts = parse_payload(fixture(name))
    assert found is source
    assert {a.status for a in alerts} == statuses
    assert len(alerts) == count
    assert all(a.labels for a in alerts)


def test_alertmanager_times_keep_their_instant_and_zero_end_means_still_firing() -> None:
    _, alerts = parse_payload(fixture("alertmanager-firing-grouped.json"))
    assert alerts[0].starts_at == datetime(2026, 11, 22, 11, 52, 26, 739266, tzinfo=UTC)
    assert alerts[0].ends_at is None
    assert alerts[0].group_key is not None and "HighErrorRate" in alerts[0].group_key
    _, resolved = parse_payload(fixture("alertmanager-resolved-single.json"))
    assert resolved[0].ends_at == datetime(2026, 11, 22, 12, 30, tzinfo=UTC)


def test_grafana_offsets_become_utc_and_kuma_tags_become_labels() -> None:
    _, grafana = parse_payload(fixture("grafana-firing-single.json"))
    assert grafana[0].starts_at == datetime(2026, 11, 22, 10, 51, 3, 157076, tzinfo=UTC)
    _, kuma = parse_payload(fixture("uptime-kuma-down.json"))
    assert kuma[0].labels["service"] == "api"
    assert kuma[0].labels["monitor"] == "Public API"
    assert kuma[0].starts_at == datetime(2026, 11, 22, 11, 55, 35, 527000, tzinfo=UTC)


def test_uptime_kuma_test_notification_holds_no_alert() -> None:
    assert parse_payload(fixture("uptime-kuma-test.json")) == (Source.UPTIME_KUMA, [])


def test_a_payload_of_the_wrong_shape_names_the_field() -> None:
    data = json.loads(fixture("alertmanager-firing-single.json"))
    data["alerts"][0]["labels"]["severity"] = 3
    with pytest.raises(BadPayload) as caught:
        parse_payload(json.dumps(data).encode())
    assert "alerts.0.labels.severity" in caught.value.message
    with pytest.raises(BadPayload, match="not a grafana payload"):
        parse_payload(fixture("alertmanager-firing-single.json"), Source.GRAFANA)


@pytest.mark.parametrize(
    ("name", "index", "field", "where"),
    [
        ("alertmanager-firing-grouped.json", 1, "startsAt", "alerts[1].startsAt"),
        ("grafana-firing-single.json", 0, "endsAt", "alerts[0].endsAt"),
        ("generic-firing.json", 0, "starts_at", "alerts[0].starts_at"),
    ],
)
def test_a_time_that_does_not_parse_names_its_field_in_the_senders_spelling(
    name: str, index: int, field: str, where: str
) -> None:
    data = json.loads(fixture(name))
    data["alerts"][index][field] = "yesterday noon"
    with pytest.raises(BadPayload) as caught:
        parse_payload(json.dumps(data).encode())
    assert caught.value.message == f"{where}: yesterday noon is not a time"


def test_generic_shape_refuses_unknown_fields() -> None:
    data = json.loads(fixture("generic-firing.json"))
    data["alerts"][0]["severity"] = "critical"
    with pytest.raises(BadPayload, match=r"alerts\.0\.severity"):
        parse_payload(json.dumps(data).encode())


def test_an_oversized_payload_is_refused_before_parsing_and_nothing_is_written(
    alert_site: SiteFactory,
) -> None:
    big = b'{"alerts": [' + b" " * (2 * 1024 * 1024) + b"]}"
    result = from_alert(alert_site, big, "2026-11-22T12:00:00Z")
    assert result.exit_code == 1
    assert "larger than 1,024 KiB, the limit of alert payloads" in result.output
    assert incident_texts(alert_site) == {}
    small = from_alert(
        alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:00:00Z",
        "--max-payload-kib", "1",
    )  # fmt: skip
    assert small.exit_code == 1 and "larger than 1 KiB" in small.output


def test_not_json_is_a_clear_error(alert_site: SiteFactory) -> None:
    result = from_alert(alert_site, b"<html>502 Bad Gateway</html>", "2026-11-22T12:00:00Z")
    assert result.exit_code == 1
    assert "the payload is not JSON" in result.output


# --- rules -------------------------------------------------------------------------------


def test_a_matching_firing_alert_opens_one_draft_with_the_rules_wording(
    alert_site: SiteFactory,
) -> None:
    result = from_alert(alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:00:00Z")
    assert result.exit_code == 0, result.output
    [draft] = drafts(alert_site)
    assert draft.draft is True
    assert draft.title == "Errors on api"
    assert draft.impact is not None and draft.impact.value == "major"
    assert {k: v.value for k, v in draft.components.items()} == {"api": "partial_outage"}
    assert draft.started_at == datetime(2026, 11, 22, 11, 52, 26, tzinfo=UTC)
    [update] = draft.updates
    assert update.status.value == "investigating"
    assert update.at == datetime(2026, 11, 22, 12, tzinfo=UTC)
    assert update.body == "Investigating errors of api: 5xx ratio above 5% on api-1."
    assert draft.alert_key is not None and draft.alert_key.startswith("api-errors/")


def test_alerts_no_rule_matches_are_ignored_and_listed_in_a_dry_run(
    alert_site: SiteFactory,
) -> None:
    alert_site.config(CONFIG + RULES.replace("match: {service: web}", "match: {service: www}"))
    result = from_alert(
        alert_site, "grafana-firing-grouped.json", "2026-11-22T12:00:00Z", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert "2 alert(s) matched no rule and were ignored" in result.output
    assert "ignored (firing): alertname=Website latency" in result.output
    assert "zone=eu-1" in result.output and "zone=us-1" in result.output
    assert incident_texts(alert_site) == {}


def test_dry_run_writes_nothing_but_says_what_it_would(alert_site: SiteFactory) -> None:
    result = from_alert(
        alert_site, "alertmanager-firing-single.json", "2026-11-22T12:00:00Z", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert "would write" in result.output and "2026-11-22-databasedown-" in result.output
    assert incident_texts(alert_site) == {}


def test_group_by_labels_open_one_draft_per_value(alert_site: SiteFactory) -> None:
    result = from_alert(alert_site, "grafana-firing-grouped.json", "2026-11-22T12:00:00Z")
    assert result.exit_code == 0, result.output
    found = drafts(alert_site)
    assert sorted(d.alert_key for d in found) == ["web-latency/zone=eu-1", "web-latency/zone=us-1"]
    assert sorted(d.updates[0].body for d in found) == [
        "The website is slow in eu-1.",
        "The website is slow in us-1.",
    ]


# --- keys across payloads ------------------------------------------------------------------


def test_the_same_group_again_writes_nothing(alert_site: SiteFactory) -> None:
    assert from_alert(alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:00:00Z")
    before = incident_texts(alert_site)
    again = from_alert(alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:05:00Z")
    assert again.exit_code == 0, again.output
    assert "already covered by" in again.output
    assert incident_texts(alert_site) == before


def test_more_alerts_for_an_open_incident_add_to_it(alert_site: SiteFactory) -> None:
    by_name = RULES.replace(
        "          impact: major\n          title:",
        "          group_by: [alertname]\n          impact: major\n          title:",
    )
    alert_site.config(CONFIG + by_name)
    first = json.loads(fixture("generic-firing.json"))
    first["alerts"][0]["labels"]["alertname"] = "HighErrorRate"
    assert from_alert(alert_site, json.dumps(first).encode(), "2026-11-22T12:00:00Z").exit_code == 0
    # The team widens the rule: the next alerts of the group show the website too.
    alert_site.config(
        CONFIG
        + by_name.replace(
            "{api: partial_outage}", "{api: partial_outage, web: degraded_performance}"
        )
    )
    result = from_alert(alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:05:00Z")
    assert result.exit_code == 0, result.output
    [draft] = drafts(alert_site)
    assert draft.alert_key == "api-errors/alertname=HighErrorRate"
    assert [u.status.value for u in draft.updates] == ["investigating", "investigating"]
    assert draft.updates[0].components == {"web": "degraded_performance"}


def test_resolved_alerts_suggest_monitoring_and_never_resolve_by_themselves(
    alert_site: SiteFactory,
) -> None:
    from_alert(alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:00:00Z")
    result = from_alert(alert_site, "alertmanager-resolved-grouped.json", "2026-11-22T12:20:00Z")
    assert result.exit_code == 0, result.output
    [draft] = drafts(alert_site)
    assert [u.status.value for u in draft.updates] == ["monitoring", "investigating"]
    before = incident_texts(alert_site)
    from_alert(alert_site, "alertmanager-resolved-grouped.json", "2026-11-22T12:25:00Z")
    assert incident_texts(alert_site) == before


def test_flapping_fire_resolve_fire_stays_one_incident(alert_site: SiteFactory) -> None:
    from_alert(alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:00:00Z")
    from_alert(alert_site, "alertmanager-resolved-grouped.json", "2026-11-22T12:20:00Z")
    result = from_alert(alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:30:00Z")
    assert result.exit_code == 0, result.output
    assert "flapping" in result.output
    [draft] = drafts(alert_site)
    assert [u.status.value for u in draft.updates] == [
        "investigating",
        "monitoring",
        "investigating",
    ]


def test_auto_resolve_resolves_and_a_new_firing_opens_a_new_incident(
    alert_site: SiteFactory,
) -> None:
    from_alert(alert_site, "alertmanager-firing-single.json", "2026-11-22T12:00:00Z")
    from_alert(alert_site, "alertmanager-resolved-single.json", "2026-11-22T12:30:00Z")
    [resolved] = drafts(alert_site)
    assert [u.status.value for u in resolved.updates] == ["resolved", "investigating"]
    assert resolved.updates[0].components == {"db": "operational"}
    from_alert(alert_site, "alertmanager-firing-single.json", "2026-11-22T12:40:00Z")
    assert len(drafts(alert_site)) == 1 + 1  # the resolved one, and a new draft
    names = list(incident_texts(alert_site))
    assert len(set(names)) == 2


def test_uptime_kuma_down_then_up(alert_site: SiteFactory) -> None:
    assert from_alert(alert_site, "uptime-kuma-down.json", "2026-11-22T12:00:00Z").exit_code == 0
    assert from_alert(alert_site, "uptime-kuma-up.json", "2026-11-22T12:15:00Z").exit_code == 0
    [draft] = drafts(alert_site)
    assert draft.alert_key == "public-api/uptime-kuma:7"
    assert [u.status.value for u in draft.updates] == ["monitoring", "investigating"]
    assert from_alert(alert_site, "uptime-kuma-test.json", "2026-11-22T12:20:00Z").exit_code == 0


# --- untrusted text ----------------------------------------------------------------------


def test_alert_text_cannot_add_markup_links_or_control_characters(
    alert_site: SiteFactory,
) -> None:
    data = json.loads(fixture("generic-firing.json"))
    data["alerts"][0]["annotations"]["summary"] = (
        "<script>alert(1)</script> [click](javascript:alert(1)) ![x](https://evil.example/x.png)"
        " \x1b[31mred\u202e\nsecond line"
    )
    result = from_alert(alert_site, json.dumps(data).encode(), "2026-11-22T12:00:00Z")
    assert result.exit_code == 0, result.output
    [draft] = drafts(alert_site)
    body = draft.updates[0].body
    assert "\x1b" not in body and "\u202e" not in body and "\n" not in body
    assert "\\<script\\>" in body and "\\[click\\]\\(javascript" in body and "\\!\\[x\\]" in body


def test_templates_see_only_the_alerts_fields(alert_site: SiteFactory) -> None:
    alert_site.config(
        CONFIG
        + RULES.replace(
            'message: "Investigating errors of {{ labels.service }}: {{ annotations.summary }}."',
            'message: "{{ labels.__class__.__mro__[1].__subclasses__() }}"',
        )
    )
    result = from_alert(alert_site, "generic-firing.json", "2026-11-22T12:00:00Z")
    assert result.exit_code == 1
    assert "template failed" in result.output
    assert incident_texts(alert_site) == {}


def test_a_rule_naming_an_unknown_component_is_a_config_error(alert_site: SiteFactory) -> None:
    alert_site.config(CONFIG + RULES.replace("{db: major_outage}", "{dbx: major_outage}"))
    result = CliRunner().invoke(cli, ["validate", "-f", str(alert_site.config_file)])
    assert result.exit_code == 1
    assert "alerts[2].components" in result.output and "unknown component 'dbx'" in result.output


def test_json_summary_carries_branch_and_pull_request_body(
    alert_site: SiteFactory, tmp_path: Path
) -> None:
    out = tmp_path / "summary.json"
    result = from_alert(
        alert_site, "alertmanager-firing-grouped.json", "2026-11-22T12:00:00Z", "--json", str(out)
    )
    assert result.exit_code == 0, result.output
    [step] = json.loads(out.read_text())["steps"]
    assert step["action"] == "create"
    assert step["branch"].startswith("statusgen/alert-") and len(step["branch"]) == 28
    assert step["path"].startswith("incidents/2026-11-22-errors-on-api-")
    body = step["pull_request_body"]
    assert "**Errors on api** (draft, not published)" in body
    assert "- Components: API: partial outage" in body
    assert "- [ ] Publish: remove `draft: true`" in body


# --- size ---------------------------------------------------------------------------------


def test_ten_thousand_alerts_in_one_payload_make_one_draft_per_group(
    alert_site: SiteFactory,
) -> None:
    alerts = [
        {
            "status": "firing",
            "labels": {"service": "web", "zone": f"z{i % 3}", "instance": f"web-{i}"},
            "annotations": {"summary": f"instance {i} slow"},
            "starts_at": "2026-11-22T11:00:00Z",
        }
        for i in range(10_000)
    ]
    payload = json.dumps({"alerts": alerts}).encode()
    assert len(payload) > 1024 * 1024
    result = from_alert(alert_site, payload, "2026-11-22T12:00:00Z", "--max-payload-kib", "8192")
    assert result.exit_code == 0, result.output
    assert sorted(d.alert_key for d in drafts(alert_site)) == [
        "web-latency/zone=z0",
        "web-latency/zone=z1",
        "web-latency/zone=z2",
    ]
