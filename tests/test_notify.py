"""`statusgen notify`: each new public event reaches each target once, in order, as it should read.

Every delivery goes over the network to real servers on 127.0.0.1: an HTTP receiver for
apprise's json://, Mattermost (Slack-compatible), ntfy, Discord and Slack URLs and for
Statuspage-shaped webhooks, and aiosmtpd for e-mail. "Previous sites" are the JSON a build
of the same content at an earlier moment publishes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from statusgen.cli import cli
from statusgen.clock import parse_time
from statusgen.content.validate import check_site
from statusgen.notify.events import site_events
from statusgen.notify.plain import plain_text
from statusgen.notify.sites import read_folder, state_of_content
from statusgen.render.statuspage_json import api_files

from . import postmortem_samples as pm
from .conftest import CONFIG, SiteFactory, maintenance_text
from .import_helpers import serve_folder as serve_answering_500
from .receivers import HttpReceiver, http_receiver, smtp_receiver
from .static_server import serve_plain_folder as serve_folder

TARGETS = """\
      notify:
        - name: ops-chat
          url_env: STATUSGEN_TEST_OPS
        - name: db-team
          url_env: STATUSGEN_TEST_DB
          components: [db]
        - name: webhooks
          url_env: STATUSGEN_TEST_HOOK
          payload: statuspage
          impacts: [major, critical]
"""
INCIDENT_ID = "2026-11-22-api-errors"
INCIDENT = """\
---
title: Elevated API errors
impact: major
components:
  api: partial_outage
updates:
  - at: 2026-11-22T11:40:00Z
    status: identified
    next_update_at: 2026-11-22T12:10:00Z
    body: |
      A **bad deploy** is being rolled back; see [the runbook](https://runbook.example/api).

      Retries succeed.
    components:
      web: degraded_performance
  - at: 2026-11-22T11:00:00Z
    status: investigating
    body: Some requests fail.
---
"""
MAINTENANCE_ID = "2026-11-22-database-upgrade"
MAINTENANCE = maintenance_text("2026-11-22T12:30:00Z", "2026-11-22T13:30:00Z")
LINK = f"https://status.test.example/incidents/{INCIDENT_ID}/"
FIRST_BODY = (
    "Investigating · Major impact\n\nSome requests fail.\n\nComponents: API (partial outage)\n"
    f"{LINK}"
)
SECOND_BODY = (
    "Identified · Major impact\n\n"
    "A bad deploy is being rolled back; see the runbook (https://runbook.example/api).\n\n"
    "Retries succeed.\n\n"
    "Components: API (partial outage), Website (degraded performance)\n"
    "Next update by Nov 22, 2026, 12:10 UTC\n"
    f"{LINK}"
)


@pytest.fixture
def status_site(site: SiteFactory) -> SiteFactory:
    site.config(CONFIG + TARGETS)
    site.incident(f"{INCIDENT_ID}.md", INCIDENT)
    site.incident(f"{MAINTENANCE_ID}.md", MAINTENANCE)
    return site


def publish(site: SiteFactory, now: str, folder: Path) -> Path:
    """The api/v2 JSON a build of the site at `now` publishes, written into `folder`."""
    result = check_site(site.config_file, parse_time(now))
    assert result.content is not None, result.report.format("text")
    for name, data in api_files(result.content, parse_time(now)).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def notify(site: SiteFactory, now: str, *args: str, env: dict[str, str | None]) -> Result:
    every = {"STATUSGEN_TEST_OPS": None, "STATUSGEN_TEST_DB": None, "STATUSGEN_TEST_HOOK": None}
    return CliRunner().invoke(
        cli,
        ["notify", "-f", str(site.config_file), "--now", now, *args],
        env={**every, **env},
        catch_exceptions=False,
    )


def titles(receiver: HttpReceiver, path: str) -> list[str]:
    return [body["title"] for body in receiver.bodies(path)]


# --- what the messages say -------------------------------------------------------------


def test_a_json_webhook_receives_the_new_incident_then_its_update_exactly(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T10:30:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--previous", str(previous), env=env)
    assert result.exit_code == 0, result.output
    assert receiver.bodies("/ops") == [
        {
            "version": "1.0",
            "title": "New incident: Elevated API errors",
            "message": FIRST_BODY,
            "attachments": [],
            "type": "info",
        },
        {
            "version": "1.0",
            "title": "Update: Elevated API errors",
            "message": SECOND_BODY,
            "attachments": [],
            "type": "info",
        },
    ]
    assert receiver.requests[0].headers["Content-Type"] == "application/json"


def test_a_statuspage_webhook_gets_statuspages_payload_for_each_update(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T10:30:00Z", tmp_path / "before")
    now_site = publish(status_site, "2026-11-22T12:00:00Z", tmp_path / "now")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_HOOK": f"http://{receiver.base}/statuspage"}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--previous", str(previous), env=env)
    assert result.exit_code == 0, result.output
    first, second = receiver.bodies("/statuspage")
    published = json.loads((now_site / "api/v2/incidents.json").read_text("utf-8"))
    status = json.loads((now_site / "api/v2/status.json").read_text("utf-8"))
    incident = published["incidents"][0]
    page = {
        "id": status["page"]["id"],
        "status_indicator": status["status"]["indicator"],
        "status_description": status["status"]["description"],
    }
    meta = {
        "unsubscribe": None,
        "documentation": "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/",
    }
    # The latest update's payload is the published incident, as Statuspage sends it.
    assert second == {"meta": meta, "page": page, "incident": incident}
    # The first is the incident as it stood then: one update, its status, its time.
    assert first["meta"] == meta and first["page"] == page
    assert first["incident"]["status"] == "investigating"
    assert first["incident"]["updated_at"] == "2026-11-22T11:00:00.000Z"
    assert first["incident"]["incident_updates"] == incident["incident_updates"][-1:]
    assert "next_update_at" not in first["incident"]
    schema = json.loads((Path(__file__).parent / "statuspage_v2.schema.json").read_text("utf-8"))
    for payload in (first, second):
        jsonschema.validate(payload["incident"], {**schema, "$ref": "#/$defs/incident"})


def test_mattermost_a_slack_compatible_webhook_gets_the_text(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T11:20:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"mmost://{receiver.base}/hooktoken"}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--previous", str(previous), env=env)
    assert result.exit_code == 0, result.output
    assert [r.path for r in receiver.requests] == ["/hooks/hooktoken"]
    assert receiver.bodies() == [
        {"text": f"Update: Elevated API errors\r\n{SECOND_BODY}", "username": "Test Status"}
    ]


@pytest.mark.parametrize(
    ("scheme", "attribute", "path"),
    [
        ("discord://1234/token", "notify_url", "/api/webhooks/1234/token"),
        ("slack://T0001/B0002/secret3", "webhook_url", "/services/T0001/B0002/secret3"),
    ],
    ids=["discord", "slack"],
)
def test_discord_and_slack_urls_deliver_through_their_apprise_services(
    status_site: SiteFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scheme: str,
    attribute: str,
    path: str,
) -> None:
    # Their hosts are fixed; the services' endpoint setting points them at the receiver.
    from apprise.plugins.discord import NotifyDiscord
    from apprise.plugins.slack import NotifySlack

    service = NotifyDiscord if scheme.startswith("discord") else NotifySlack
    previous = publish(status_site, "2026-11-22T11:20:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        prefix = "/api/webhooks" if service is NotifyDiscord else "/services"
        monkeypatch.setattr(service, attribute, f"http://{receiver.base}{prefix}")
        receiver.reply = b"ok" if service is NotifySlack else b""
        env = {"STATUSGEN_TEST_OPS": scheme}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--previous", str(previous), env=env)
    assert result.exit_code == 0, result.output
    (request,) = receiver.requests
    assert request.path.split("?")[0] == path
    sent = json.dumps(request.json(), ensure_ascii=False)
    assert "Update: Elevated API errors" in sent
    assert "A bad deploy is being rolled back" in sent
    assert LINK in sent


def test_email_goes_through_smtp_with_the_title_as_subject(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T11:20:00Z", tmp_path / "before")
    with smtp_receiver() as smtp:
        url = (
            f"mailto://127.0.0.1:{smtp.port}?mode=insecure&user=&pass="
            "&from=status@test.example&to=customers@test.example"
        )
        result = notify(
            status_site,
            "2026-11-22T12:00:00Z",
            "--previous",
            str(previous),
            env={"STATUSGEN_TEST_OPS": url},
        )
    assert result.exit_code == 0, result.output
    ((sender, recipients, mail),) = smtp.messages
    assert (sender, recipients) == ("status@test.example", ["customers@test.example"])
    assert mail["Subject"] == "Update: Elevated API errors"
    assert mail["From"] == "status@test.example"
    body = mail.get_body()
    assert body is not None
    assert body.get_content().replace("\r\n", "\n").rstrip("\n") == SECOND_BODY


def test_a_maintenance_started_by_the_clock_is_sent_once(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    before = publish(status_site, "2026-11-22T12:20:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_DB": f"json://{receiver.base}/db"}
        for now in ("2026-11-22T12:31:00Z", "2026-11-22T12:45:00Z"):
            result = notify(status_site, now, "--previous", str(before), env=env)
            assert result.exit_code == 0, result.output
        later = publish(status_site, "2026-11-22T12:45:00Z", tmp_path / "later")
        result = notify(status_site, "2026-11-22T13:00:00Z", "--previous", str(later), env=env)
        assert result.exit_code == 0
        assert titles(receiver, "/db") == ["Maintenance started: Database upgrade"]
        # The end of the window, by the clock too.
        result = notify(status_site, "2026-11-22T13:31:00Z", "--previous", str(later), env=env)
    assert titles(receiver, "/db") == [
        "Maintenance started: Database upgrade",
        "Maintenance completed: Database upgrade",
    ]
    assert receiver.bodies("/db")[0]["message"] == (
        "In progress · Scheduled maintenance, Nov 22, 2026, 12:30 UTC to Nov 22, 2026, 13:30 UTC"
        "\n\nThe scheduled maintenance has begun.\n\nComponents: Database\n"
        f"https://status.test.example/incidents/{MAINTENANCE_ID}/"
    )


def test_a_published_postmortem_is_news_once(site: SiteFactory, tmp_path: Path) -> None:
    site.config(CONFIG + TARGETS)
    pm.write(site, pm.BRIEF, name=pm.MINOR_ID)
    before = publish(site, "2026-03-06T09:00:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        for _ in range(2):
            result = notify(site, "2026-03-06T11:00:00Z", "--previous", str(before), env=env)
            assert result.exit_code == 0, result.output
    ((sent,),) = [receiver.bodies("/ops")]
    assert sent["title"] == "Postmortem published: Slow dashboard"
    assert sent["message"] == (
        "Postmortem · Minor impact\n\nThe dashboard was slow for half an hour.\n\n"
        "Postmortem: https://status.test.example/postmortems/2026-03-05-slow-web/\n\n"
        "Components: Website (operational)\n"
        "https://status.test.example/incidents/2026-03-05-slow-web/"
    )


# --- once, in order, within the horizon --------------------------------------------------


def test_running_twice_against_the_same_previous_site_sends_nothing_the_second_time(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T10:30:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        first = notify(status_site, "2026-11-22T12:00:00Z", "--previous", str(previous), env=env)
        second = notify(status_site, "2026-11-22T12:05:00Z", "--previous", str(previous), env=env)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert len(receiver.requests) == 2
    assert "No message sent (2 already sent)." in second.output
    ledger = json.loads((status_site.root / ".statusgen-notified.json").read_text("utf-8"))
    assert [(e["target"], e["key"]) for e in ledger["sent"]] == [
        ("ops-chat", f"{INCIDENT_ID}/update/2026-11-22T11:00:00.000Z"),
        ("ops-chat", f"{INCIDENT_ID}/update/2026-11-22T11:40:00.000Z"),
    ]


def test_only_updates_readers_have_not_seen_are_sent(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    # No ledger here: the previous site alone says what is new.
    previous = publish(status_site, "2026-11-22T11:20:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        ledger = str(tmp_path / "fresh-ledger.json")
        result = notify(
            status_site,
            "2026-11-22T12:00:00Z",
            "--previous",
            str(previous),
            "--ledger",
            ledger,
            env=env,
        )
    assert result.exit_code == 0
    assert titles(receiver, "/ops") == ["Update: Elevated API errors"]


def test_events_older_than_the_horizon_are_never_sent(status_site: SiteFactory) -> None:
    (status_site.root / "incidents" / f"{MAINTENANCE_ID}.md").unlink()
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        # 17:30: the 11:00 post is 6 h 30 min old, the 11:40 one 5 h 50 min; no previous site.
        result = notify(status_site, "2026-11-22T17:30:00Z", env=env)
        assert result.exit_code == 0
        assert titles(receiver, "/ops") == ["Update: Elevated API errors"]
        assert "1 new event older than the horizon (6h) not sent" in result.output
        # A shorter horizon on the command line leaves out the rest as well.
        status_site.root.joinpath(".statusgen-notified.json").unlink()
        shorter = notify(status_site, "2026-11-22T17:30:00Z", "--horizon", "5h", env=env)
    assert shorter.exit_code == 0
    assert len(receiver.requests) == 1
    assert "2 new events older than the horizon (5h) not sent" in shorter.output


def test_the_horizon_can_be_set_in_the_config(status_site: SiteFactory) -> None:
    status_site.config(CONFIG + TARGETS + "      notify_horizon: 1d\n")
    (status_site.root / "incidents" / f"{MAINTENANCE_ID}.md").unlink()
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(status_site, "2026-11-22T17:30:00Z", env=env)
    assert result.exit_code == 0
    assert len(receiver.requests) == 2


def test_each_target_gets_only_the_components_and_impacts_it_follows(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T10:30:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {
            "STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops",
            "STATUSGEN_TEST_DB": f"json://{receiver.base}/db",
            "STATUSGEN_TEST_HOOK": f"http://{receiver.base}/hook",
        }
        result = notify(status_site, "2026-11-22T12:31:00Z", "--previous", str(previous), env=env)
    assert result.exit_code == 0, result.output
    assert titles(receiver, "/ops") == [
        "New incident: Elevated API errors",
        "Update: Elevated API errors",
        "Maintenance started: Database upgrade",
    ]
    assert titles(receiver, "/db") == ["Maintenance started: Database upgrade"]
    assert [p["incident"]["name"] for p in receiver.bodies("/hook")] == [
        "Elevated API errors",
        "Elevated API errors",
    ]
    # One message per event, in order, target by target.
    order = [
        (r.path, r.json().get("title") or r.json()["incident"]["status"]) for r in receiver.requests
    ]
    assert order == [
        ("/ops", "New incident: Elevated API errors"),
        ("/hook", "investigating"),
        ("/ops", "Update: Elevated API errors"),
        ("/hook", "identified"),
        ("/ops", "Maintenance started: Database upgrade"),
        ("/db", "Maintenance started: Database upgrade"),
    ]


def test_a_failing_target_does_not_stop_the_others_and_is_retried_next_run(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T10:30:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        receiver.status_by_path["/hook"] = 500
        env = {
            "STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops",
            "STATUSGEN_TEST_HOOK": f"http://{receiver.base}/hook",
        }
        failed = notify(status_site, "2026-11-22T12:00:00Z", "--previous", str(previous), env=env)
        assert failed.exit_code == 1
        assert "failed    webhooks: New incident: Elevated API errors: HTTP 500" in failed.output
        assert "error: delivery failed for webhooks" in failed.output
        assert titles(receiver, "/ops") == [
            "New incident: Elevated API errors",
            "Update: Elevated API errors",
        ]
        # The failed target got nothing more this run, so it receives its messages in order.
        assert len(receiver.bodies("/hook")) == 1
        receiver.status_by_path["/hook"] = 200
        retried = notify(status_site, "2026-11-22T12:15:00Z", "--previous", str(previous), env=env)
    assert retried.exit_code == 0, retried.output
    assert len(receiver.bodies("/ops")) == 2
    assert [p["incident"]["status"] for p in receiver.bodies("/hook")] == [
        "investigating",
        "investigating",
        "identified",
    ]


def test_a_missing_secret_is_a_warning_that_names_it(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T10:30:00Z", tmp_path / "before")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(status_site, "2026-11-22T12:31:00Z", "--previous", str(previous), env=env)
    assert result.exit_code == 0
    assert "warning: STATUSGEN_TEST_DB is not set: 1 message for db-team not sent" in result.output
    assert "warning: STATUSGEN_TEST_HOOK is not set: 2 messages for webhooks not sent" in (
        result.output
    )
    assert len(receiver.bodies("/ops")) == 3


def test_a_url_apprise_does_not_know_fails_without_showing_it(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    result = notify(
        status_site,
        "2026-11-22T12:00:00Z",
        env={"STATUSGEN_TEST_OPS": "nosuchservice://secret-token-123"},
    )
    assert result.exit_code == 1
    assert "ops-chat" in result.output and "not one apprise understands" in result.output
    assert "secret-token-123" not in result.output


def test_dry_run_prints_the_messages_and_sends_or_records_nothing(
    status_site: SiteFactory,
) -> None:
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--dry-run", env=env)
    assert result.exit_code == 0
    assert receiver.requests == []
    assert not (status_site.root / ".statusgen-notified.json").exists()
    assert "warning: STATUSGEN_TEST_HOOK is not set: 2 messages for webhooks would not be sent" in (
        result.output
    )
    assert result.output.startswith(
        "Would send 4 messages:\n\n"
        "--- to ops-chat: New incident: Elevated API errors  "
        f"[{INCIDENT_ID}/update/2026-11-22T11:00:00.000Z]\n" + FIRST_BODY
    )


def test_control_characters_in_a_site_never_reach_a_message_or_the_log(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    # Content files cannot hold them (validate refuses), but a site's JSON is not validated.
    current = publish(status_site, "2026-11-22T12:00:00Z", tmp_path / "current")
    incidents_file = current / "api/v2/incidents.json"
    data = json.loads(incidents_file.read_text("utf-8"))
    incident = data["incidents"][0]
    incident["name"] = "API \x1b[31mred\u202e errors"
    incident["incident_updates"][-1]["body"] = "Look \x1b]0;owned\x07 here\rnow"
    incidents_file.write_text(json.dumps(data), "utf-8")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(
            status_site, "2026-11-22T12:00:00Z", "--current", str(current), "--dry-run", env=env
        )
        assert "\x1b" not in result.output  # the dry run shows it escaped, or not at all
        sent = notify(status_site, "2026-11-22T12:00:00Z", "--current", str(current), env=env)
    assert sent.exit_code == 0, sent.output
    first = receiver.bodies("/ops")[0]
    assert first["title"] == "New incident: API [31mred errors"
    assert first["message"].splitlines()[2:4] == ["Look ]0;owned here", "now"]
    every = "".join(b["title"] + b["message"] for b in receiver.bodies("/ops"))
    assert not [c for c in every if c != "\n" and not c.isprintable()]


# --- previous and current sites ------------------------------------------------------------


def test_the_previous_site_can_be_its_published_url(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    previous = publish(status_site, "2026-11-22T11:20:00Z", tmp_path / "before")
    empty = tmp_path / "not-yet-published"
    empty.mkdir()
    with http_receiver() as receiver, serve_folder(previous) as url, serve_folder(empty) as none:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--previous", url, env=env)
        assert result.exit_code == 0, result.output
        assert titles(receiver, "/ops") == ["Update: Elevated API errors"]
        # A site not published yet (404): every event within the horizon is new.
        first = notify(
            status_site,
            "2026-11-22T12:00:00Z",
            "--previous",
            none,
            "--ledger",
            str(tmp_path / "other-ledger.json"),
            env=env,
        )
    assert first.exit_code == 0
    assert "has no api/v2/incidents.json yet" in first.output
    assert len(receiver.requests) == 3


def test_a_previous_site_whose_server_fails_stops_before_sending(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    with http_receiver() as receiver, serve_answering_500(tmp_path) as url:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--previous", url + "fail/", env=env)
    assert result.exit_code == 1
    assert "fail/api/v2/incidents.json: the server answered 500" in result.output
    assert "nothing sent" in result.output
    assert receiver.requests == []


def test_an_unreadable_previous_site_stops_before_sending(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    (broken / "api/v2").mkdir(parents=True)
    (broken / "api/v2/incidents.json").write_text('{"incidents": [{"id": 3}]}', "utf-8")
    (broken / "api/v2/scheduled-maintenances.json").write_text("[]", "utf-8")
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        result = notify(status_site, "2026-11-22T12:00:00Z", "--previous", str(broken), env=env)
    assert result.exit_code == 1
    assert "cannot read the previous site" in result.output and "nothing sent" in result.output
    assert receiver.requests == []


def test_the_current_site_can_be_a_built_site(status_site: SiteFactory, tmp_path: Path) -> None:
    built = tmp_path / "built"
    build = CliRunner().invoke(
        cli,
        [
            "build",
            "-f",
            str(status_site.config_file),
            "--now",
            "2026-11-22T12:00:00Z",
            "--site-dir",
            str(built),
        ],
    )
    assert build.exit_code == 0, build.output
    built_state = read_folder(built)
    content = check_site(status_site.config_file, parse_time("2026-11-22T12:00:00Z")).content
    assert content is not None
    from_content = state_of_content(content, parse_time("2026-11-22T12:00:00Z"))
    assert [e.key for e in site_events(built_state)] == [e.key for e in site_events(from_content)]
    with http_receiver() as receiver:
        env = {"STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        # Much later by the clock, but the built site is what readers see: no maintenance yet.
        result = notify(status_site, "2026-11-22T12:40:00Z", "--current", str(built), env=env)
    assert result.exit_code == 0, result.output
    assert titles(receiver, "/ops") == [
        "New incident: Elevated API errors",
        "Update: Elevated API errors",
    ]


# --- plans: content on one side, secrets on the other --------------------------------------


def test_a_plan_holds_no_secret_and_sends_where_the_secrets_are(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.json"
    ledger = tmp_path / "ledger.json"
    with http_receiver() as receiver:
        env = {
            "STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops",
            "STATUSGEN_TEST_HOOK": f"http://{receiver.base}/hook",
        }
        written = notify(status_site, "2026-11-22T12:00:00Z", "--write-plan", str(plan), env=env)
        assert written.exit_code == 0
        assert "4 messages to send" in written.output
        assert receiver.base not in plan.read_text("utf-8")
        assert receiver.requests == []
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        sent = CliRunner().invoke(
            cli,
            [
                "notify",
                "--send-plan",
                str(plan),
                "--ledger",
                str(ledger),
                "--now",
                "2026-11-22T12:01:00Z",
            ],
            env=env,
        )
        assert sent.exit_code == 0, sent.output
        assert len(receiver.requests) == 4
        # The next plan leaves out what the ledger holds.
        again = notify(
            status_site,
            "2026-11-22T12:15:00Z",
            "--write-plan",
            str(plan),
            "--ledger",
            str(ledger),
            env=env,
        )
    assert "0 messages to send" in again.output
    assert json.loads(plan.read_text("utf-8"))["deliveries"] == []


def test_send_plan_refuses_options_that_would_change_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{}", "utf-8")
    result = CliRunner().invoke(cli, ["notify", "--send-plan", str(plan), "--horizon", "1h"])
    assert result.exit_code == 2
    assert "--send-plan sends a plan as written" in result.output


# --- a run that dies between sending and finishing ----------------------------------------


def test_a_run_killed_after_sending_sends_that_message_once_more_and_nothing_else_twice(
    status_site: SiteFactory, tmp_path: Path
) -> None:
    """The documented guarantee: at most one duplicate per event, nothing lost."""
    previous = publish(status_site, "2026-11-22T10:30:00Z", tmp_path / "before")
    command = [
        sys.executable,
        "-m",
        "statusgen",
        "notify",
        "-f",
        str(status_site.config_file),
        "--now",
        "2026-11-22T12:31:00Z",
        "--previous",
        str(previous),
    ]
    with http_receiver() as receiver:
        env = {**os.environ, "STATUSGEN_TEST_OPS": f"json://{receiver.base}/ops"}
        receiver.hold_request = 2  # the second message arrives; its sender never hears back
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            receiver.wait_for(2)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        receiver.release.set()
        rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert titles(receiver, "/ops") == [
        "New incident: Elevated API errors",
        "Update: Elevated API errors",  # left, then the run was killed
        "Update: Elevated API errors",  # sent again: the one duplicate
        "Maintenance started: Database upgrade",
    ]


# --- the parts ---------------------------------------------------------------------------


def test_editing_an_old_update_does_not_make_it_news(status_site: SiteFactory) -> None:
    now = parse_time("2026-11-22T12:00:00Z")

    def keys() -> list[str]:
        content = check_site(status_site.config_file, now).content
        assert content is not None
        return [e.key for e in site_events(state_of_content(content, now))]

    before = keys()
    status_site.incident(
        f"{INCIDENT_ID}.md",
        INCIDENT.replace("Some requests fail.", "Some requests fail (fixed typo)."),
    )
    assert keys() == before


def test_a_maintenance_started_by_a_post_is_not_also_started_by_the_clock(
    status_site: SiteFactory,
) -> None:
    status_site.incident(
        f"{MAINTENANCE_ID}.md",
        MAINTENANCE.replace(
            "updates:\n",
            "updates:\n  - at: 2026-11-22T12:25:00Z\n    status: in_progress\n"
            "    body: Starting early.\n",
        ),
    )
    now = parse_time("2026-11-22T12:40:00Z")
    content = check_site(status_site.config_file, now).content
    assert content is not None
    kinds = [e.kind.value for e in site_events(state_of_content(content, now))]
    assert kinds == [
        "maintenance_scheduled",
        "incident_created",
        "incident_updated",
        "maintenance_updated",
    ]


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("One.\n\nTwo.", "One.\n\nTwo."),
        ("- a\n- b", "- a\n- b"),
        ("See [docs](https://d.example/).", "See docs (https://d.example/)."),
        ("<script>alert(1)</script> & more", "<script>alert(1)</script> & more"),
        ("Bell\x07 and escape\x1b[2J", "Bell and escape[2J"),
    ],
    ids=["paragraphs", "list", "link", "html-as-text", "control-characters"],
)
def test_update_text_becomes_plain_text(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        (
            "        - name: ops\n          url_env: A\n          components: [nope]\n"
            "        - name: ops\n          url_env: B\n",
            [
                ("notify[0].components", "unknown component 'nope'"),
                ("notify[1].name", "duplicate target name 'ops'"),
            ],
        ),
        (
            "        - name: ops\n          url_env: 1BAD\n"
            "        - name: hooks\n          url_env: B\n          impacts: [huge]\n",
            [("notify[0].url_env", "1BAD"), ("notify[1].impacts[0]", "huge")],
        ),
    ],
    ids=["unknown-component-and-duplicate-name", "bad-variable-and-impact"],
)
def test_config_refuses_targets_it_cannot_use(
    site: SiteFactory, targets: str, expected: list[tuple[str, str]]
) -> None:
    site.config(CONFIG + "      notify:\n" + targets)
    result = CliRunner().invoke(cli, ["validate", "-f", str(site.config_file)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == len(expected), result.output
    for (field, words), line in zip(expected, errors, strict=True):
        assert f".statusgen.{field}: " in line or f"error: {field}: " in line, line
        assert words in line, line
