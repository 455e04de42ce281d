"""Update cadence: when an incident is overdue for a public update, and everything that says so.

The boundaries per impact with and without a promised `next_update_at`, the `overdue`
command's exit codes and formats, who posted last from a real Git history, and the promise
as readers see it: pages, JSON and feeds.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.clock import parse_time
from statusgen.content.incident import Incident
from statusgen.content.settings import CadencePolicy
from statusgen.status.cadence import expectation, overdue_items

from .conftest import CONFIG, SiteFactory, maintenance_text

ID = "2026-11-22-api-errors"


def incident(
    impact: str = "major",
    *,
    next_update: str | None = None,
    latest: str = "2026-11-22T11:40:00Z",
    status: str = "identified",
) -> str:
    promise = f"    next_update_at: {next_update}\n" if next_update else ""
    return (
        "---\ntitle: Elevated API errors\n"
        f"impact: {impact}\n"
        "components:\n  api: partial_outage\n"
        "updates:\n"
        f"  - at: {latest}\n    status: {status}\n{promise}"
        "    body: A bad deploy is being rolled back.\n"
        "  - at: 2026-11-22T11:00:00Z\n    status: investigating\n    body: Some requests fail.\n"
        "---\n"
    )


MAINTENANCE = maintenance_text("2026-11-22T12:00:00Z", "2026-11-22T16:00:00Z")


def item_of(site: SiteFactory, text: str, name: str = f"{ID}.md") -> Incident:
    from statusgen.content.validate import check_site

    site.incident(name, text)
    result = check_site(site.config_file, parse_time("2026-11-22T11:50:00Z"))
    assert result.content is not None, result.report.format("text")
    found = result.content.incident(name.removesuffix(".md"))
    assert found is not None
    return found


def is_overdue(item: Incident, at: str, policy: CadencePolicy | None = None) -> bool:
    return bool(overdue_items([item], parse_time(at), policy or CadencePolicy()))


# --- the computation, at its boundaries ------------------------------------------------------


@pytest.mark.parametrize(
    ("impact", "on_time", "late"),
    [
        ("critical", "2026-11-22T12:10:00Z", "2026-11-22T12:10:01Z"),
        ("major", "2026-11-22T12:10:00Z", "2026-11-22T12:10:01Z"),
        ("minor", "2026-11-22T12:40:00Z", "2026-11-22T12:40:01Z"),
    ],
)
def test_without_a_promise_the_policy_interval_since_the_latest_update_decides(
    site: SiteFactory, impact: str, on_time: str, late: str
) -> None:
    item = item_of(site, incident(impact))
    assert not is_overdue(item, on_time)  # exactly at the due moment: still on time
    assert is_overdue(item, late)


def test_an_incident_of_no_impact_is_never_overdue_by_default(site: SiteFactory) -> None:
    item = item_of(site, incident("none"))
    assert not is_overdue(item, "2026-11-29T11:40:00Z")
    assert is_overdue(item, "2026-11-22T11:55:01Z", CadencePolicy(none=timedelta(minutes=15)))


@pytest.mark.parametrize("impact", ["critical", "major", "minor", "none"])
def test_a_promise_decides_for_every_impact_earlier_or_later_than_the_policy(
    site: SiteFactory, impact: str
) -> None:
    sooner = item_of(site, incident(impact, next_update="2026-11-22T11:55:00Z"))
    assert not is_overdue(sooner, "2026-11-22T11:55:00Z")
    assert is_overdue(sooner, "2026-11-22T11:55:01Z")
    later = item_of(site, incident(impact, next_update="2026-11-22T14:00:00Z"))
    assert not is_overdue(later, "2026-11-22T14:00:00Z")  # well past the policy: promised
    assert is_overdue(later, "2026-11-22T14:00:01Z")


def test_a_resolved_incident_is_never_overdue(site: SiteFactory) -> None:
    item = item_of(site, incident(latest="2026-11-22T11:40:00Z", status="resolved"))
    assert expectation(item, parse_time("2026-11-23T00:00:00Z"), CadencePolicy()) is None


def test_updates_not_yet_posted_do_not_count(site: SiteFactory) -> None:
    # The latest update is dated 12:30: at 12:20 readers have seen only the 11:00 one.
    item = item_of(site, incident(latest="2026-11-22T12:30:00Z"))
    assert is_overdue(item, "2026-11-22T12:20:00Z")
    assert not is_overdue(item, "2026-11-22T12:30:00Z")


def test_a_maintenance_is_due_news_an_hour_after_work_began(site: SiteFactory) -> None:
    item = item_of(site, MAINTENANCE, "2026-11-22-database-upgrade.md")
    # Announced two days before: the hour counts from the start of work, not the post.
    assert not is_overdue(item, "2026-11-22T11:59:00Z")  # still scheduled: no expectation
    assert not is_overdue(item, "2026-11-22T13:00:00Z")
    assert is_overdue(item, "2026-11-22T13:00:01Z")
    assert not is_overdue(item, "2026-11-22T16:30:00Z")  # completed by the clock


def test_a_promise_made_while_scheduled_counts_before_the_window(site: SiteFactory) -> None:
    promised = MAINTENANCE.replace(
        "    status: scheduled\n",
        "    status: scheduled\n    next_update_at: 2026-11-21T09:00:00Z\n",
    )
    item = item_of(site, promised, "2026-11-22-database-upgrade.md")
    assert is_overdue(item, "2026-11-21T09:00:01Z")


def test_the_cadence_comes_from_the_config(site: SiteFactory) -> None:
    site.config(CONFIG + "      cadence:\n        major: 2h\n        minor: false\n")
    major = item_of(site, incident("major"))
    assert not is_overdue(major, "2026-11-22T13:40:00Z", site_policy(site))
    assert is_overdue(major, "2026-11-22T13:40:01Z", site_policy(site))
    minor = item_of(site, incident("minor"))
    assert not is_overdue(minor, "2026-11-25T00:00:00Z", site_policy(site))


def site_policy(site: SiteFactory) -> CadencePolicy:
    from statusgen.content.config_file import load_config

    loaded = load_config(site.config_file)
    assert not isinstance(loaded, list), loaded
    return loaded.options.cadence


@pytest.mark.parametrize(
    ("setting", "message"),
    [("30x", "not a duration '30x'"), ("0m", "at least a minute"), ("[1]", "not a duration")],
)
def test_a_bad_cadence_is_a_config_error_on_its_line(
    site: SiteFactory, setting: str, message: str
) -> None:
    site.config(CONFIG + f"      cadence:\n        minor: {setting}\n")
    result = CliRunner().invoke(cli, ["validate", "-f", str(site.config_file)])
    assert result.exit_code == 1
    line = CONFIG.count("\n") + 2
    assert f"mkdocs.yml:{line}: error: plugins[0].statusgen.cadence.minor: " in result.output
    assert message in result.output


# --- validate ------------------------------------------------------------------------------


def validate(site: SiteFactory, now: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", "-f", str(site.config_file), "--now", now, *args])
    return result.exit_code, result.output


def test_validate_warns_about_an_overdue_incident_at_its_latest_update(site: SiteFactory) -> None:
    site.incident(f"{ID}.md", incident())
    assert validate(site, "2026-11-22T12:05:00Z") == (0, "0 errors, 0 warnings in 2 files\n")
    code, output = validate(site, "2026-11-22T12:27:00Z")
    assert code == 0
    assert output.splitlines()[0] == (
        f"incidents/{ID}.md:7: warning: updates: no public update for 47 min: the next was "
        "due by Nov 22, 2026, 12:10 UTC (17 min ago; the cadence for major incidents is "
        f"30 min); post one with 'statusgen update {ID}'"
    )
    assert validate(site, "2026-11-22T12:27:00Z", "--strict")[0] == 1


def test_an_overdue_incident_does_not_stop_a_strict_build(
    site: SiteFactory, tmp_path: Path
) -> None:
    site.incident(f"{ID}.md", incident())
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "-f",
            str(site.config_file),
            "--now",
            "2026-11-22T13:00:00Z",
            "--strict",
            "--site-dir",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("promise", "status", "message"),
    [
        ("2026-11-22T11:40:00Z", "identified", "is not after the update itself"),
        ("2026-11-22T11:30:00Z", "identified", "is not after the update itself"),
        ("2026-11-22T12:30:00Z", "resolved", "a 'resolved' update promises no next update"),
        ("soon", "identified", "not a valid time 'soon'"),
        ("2026-11-22T12:30:00", "identified", "naive time"),
    ],
    ids=["same-time", "before", "final-update", "not-a-time", "naive"],
)
def test_a_promise_must_be_a_later_aware_time_on_an_open_item(
    site: SiteFactory, promise: str, status: str, message: str
) -> None:
    site.incident(f"{ID}.md", incident(next_update=promise, status=status))
    code, output = validate(site, "2026-11-22T11:50:00Z")
    assert code == 1
    assert f"incidents/{ID}.md:9: error: updates[0].next_update_at: " in output, output
    assert message in output


# --- statusgen overdue ----------------------------------------------------------------------


def overdue(
    site: SiteFactory, now: str, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["overdue", "-f", str(site.config_file), "--now", now, *args], env=env
    )
    return result.exit_code, result.output


def test_overdue_exits_0_when_every_incident_is_on_time(site: SiteFactory) -> None:
    site.incident(f"{ID}.md", incident())
    assert overdue(site, "2026-11-22T12:10:00Z") == (
        0,
        "No incident is overdue for a public update.\n",
    )


def test_overdue_lists_each_late_incident_and_exits_1(site: SiteFactory) -> None:
    site.incident(f"{ID}.md", incident())
    site.incident(
        "2026-11-22-slow-web.md",
        incident("minor", next_update="2026-11-22T12:00:00Z").replace(
            "Elevated API errors", "Slow website"
        ),
    )
    code, output = overdue(site, "2026-11-22T12:27:00Z")
    assert code == 1
    assert output == (
        "Overdue for a public update (2):\n"
        "  2026-11-22-slow-web  27 min overdue  Slow website\n"
        "    no public update for 47 min: the next was due by Nov 22, 2026, 12:00 UTC "
        "(27 min ago; as the last update promised)\n"
        f"  {ID}  17 min overdue  Elevated API errors\n"
        "    no public update for 47 min: the next was due by Nov 22, 2026, 12:10 UTC "
        "(17 min ago; the cadence for major incidents is 30 min)\n"
    )


def test_overdue_as_json_for_scripts(site: SiteFactory) -> None:
    site.incident(f"{ID}.md", incident(next_update="2026-11-22T12:00:00Z"))
    code, output = overdue(site, "2026-11-22T12:27:00Z", "--format", "json")
    assert code == 1
    assert json.loads(output) == {
        "now": "2026-11-22T12:27:00.000Z",
        "overdue": [
            {
                "id": ID,
                "title": "Elevated API errors",
                "kind": "incident",
                "impact": "major",
                "status": "identified",
                "due_at": "2026-11-22T12:00:00.000Z",
                "last_update_at": "2026-11-22T11:40:00.000Z",
                "minutes_overdue": 27,
                "minutes_since_update": 47,
                "promised": True,
                "source": f"incidents/{ID}.md",
                "line": 7,
                "url": f"https://status.test.example/incidents/{ID}/",
                "last_posted_by": None,
            }
        ],
    }
    assert json.loads(overdue(site, "2026-11-22T11:59:00Z", "--format", "json")[1]) == {
        "now": "2026-11-22T11:59:00.000Z",
        "overdue": [],
    }


def test_overdue_as_github_annotations(site: SiteFactory) -> None:
    site.incident(f"{ID}.md", incident())
    code, output = overdue(site, "2026-11-22T12:27:00Z", "--format", "github")
    assert code == 1
    assert output.splitlines() == [
        f"::warning file=incidents/{ID}.md,line=7,title=update-overdue::Elevated API errors: "
        "no public update for 47 min: the next was due by Nov 22, 2026, 12:10 UTC (17 min ago; "
        "the cadence for major incidents is 30 min)",
        "1 incident overdue for a public update",
    ]


def test_overdue_exits_2_when_the_content_has_errors(site: SiteFactory) -> None:
    site.incident(f"{ID}.md", incident(impact="huge"))
    code, output = overdue(site, "2026-11-22T12:27:00Z")
    assert code == 2
    assert "Cannot check the cadence: fix the errors above." in output


def git(root: Path, *args: str, name: str = "Ada Lovelace") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": "ada@example.com",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def test_overdue_names_who_last_committed_the_incident(site: SiteFactory, tmp_path: Path) -> None:
    git(site.root, "init", "-q")
    site.incident(f"{ID}.md", incident().replace("11:40", "11:30"))
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "First post", name="Grace Hopper")
    site.incident(f"{ID}.md", incident())
    git(site.root, "commit", "-q", "-am", "Identified")
    code, output = overdue(site, "2026-11-22T12:27:00Z")
    assert code == 1
    assert output.splitlines()[-1].endswith("; last posted by Ada Lovelace <ada@example.com>")
    data = json.loads(overdue(site, "2026-11-22T12:27:00Z", "--format", "json")[1])
    posted = data["overdue"][0]["last_posted_by"]
    assert (posted["name"], posted["email"]) == ("Ada Lovelace", "ada@example.com")
    assert posted["commit"] == git(site.root, "rev-parse", "HEAD").strip()
    status = CliRunner().invoke(
        cli, ["status", "-f", str(site.config_file), "--now", "2026-11-22T12:27:00Z"]
    )
    assert "last posted by Ada Lovelace <ada@example.com>" in " ".join(status.output.split())

    # A shallow clone cannot tell who changed the file: nobody is named, rather than a guess.
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.root}", str(shallow))
    result = CliRunner().invoke(
        cli,
        [
            "overdue",
            "-f",
            str(shallow / "mkdocs.yml"),
            "--now",
            "2026-11-22T12:27:00Z",
            "--format",
            "json",
        ],
    )
    assert json.loads(result.output)["overdue"][0]["last_posted_by"] is None


def test_overdue_works_without_git(site: SiteFactory, tmp_path: Path) -> None:
    site.incident(f"{ID}.md", incident())
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    code, output = overdue(site, "2026-11-22T12:27:00Z", env={"PATH": str(empty)})
    assert code == 1
    assert "last posted by" not in output


def test_status_says_which_incident_is_overdue_and_what_was_promised(site: SiteFactory) -> None:
    site.incident(f"{ID}.md", incident(next_update="2026-11-22T12:15:00Z"))

    def status(now: str) -> str:
        result = CliRunner().invoke(
            cli, ["status", "-f", str(site.config_file), "--now", now], env={"COLUMNS": "200"}
        )
        assert result.exit_code == 0
        return result.output

    assert "    Next update by 2026-11-22 12:15 UTC\n" in status("2026-11-22T12:00:00Z")
    assert (
        "    Update overdue by 12 min: no public update for 47 min, due by 2026-11-22 12:15 UTC "
        "(as the last update promised)\n"
    ) in status("2026-11-22T12:27:00Z")


# --- promising the next update while posting --------------------------------------------------


def updates_of(path: Path) -> list[dict[str, object]]:
    import yaml

    text = path.read_text("utf-8").split("---\n")[1]
    data = yaml.load(text, Loader=yaml.BaseLoader)  # times as written
    updates: list[dict[str, object]] = data["updates"]
    return updates


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("30m", "2026-11-22T12:30:00Z"),
        ("1h30m", "2026-11-22T13:30:00Z"),
        ("2026-11-22T15:00:00+01:00", "2026-11-22T14:00:00Z"),
    ],
)
def test_update_next_update_takes_a_duration_or_a_time(
    site: SiteFactory, given: str, written: str
) -> None:
    site.incident(f"{ID}.md", incident())
    result = CliRunner().invoke(
        cli,
        [
            "update",
            ID,
            "-f",
            str(site.config_file),
            "-m",
            "Still rolling back.",
            "--at",
            "2026-11-22T12:00:00Z",
            "--next-update",
            given,
        ],
    )
    assert result.exit_code == 0, result.output
    first = updates_of(site.root / "incidents" / f"{ID}.md")[0]
    assert first == {
        "at": "2026-11-22T12:00:00Z",
        "status": "identified",
        "next_update_at": written,
        "body": "Still rolling back.",
    }


def test_new_incident_and_new_maintenance_take_next_update(site: SiteFactory) -> None:
    runner = CliRunner()
    made = runner.invoke(
        cli,
        [
            "new",
            "incident",
            "Login failures",
            "--impact",
            "critical",
            "-m",
            "Looking.",
            "--at",
            "2026-11-22T12:00:00Z",
            "--next-update",
            "15m",
            "-f",
            str(site.config_file),
        ],
    )
    assert made.exit_code == 0, made.output
    first = updates_of(site.root / "incidents" / "2026-11-22-login-failures.md")[0]
    assert first["next_update_at"] == "2026-11-22T12:15:00Z"
    planned = runner.invoke(
        cli,
        [
            "new",
            "maintenance",
            "Disk swap",
            "--start",
            "2026-11-25T02:00:00Z",
            "--end",
            "2026-11-25T03:00:00Z",
            "-m",
            "Short.",
            "--at",
            "2026-11-22T12:00:00Z",
            "--next-update",
            "2026-11-24T12:00:00Z",
            "-f",
            str(site.config_file),
        ],
    )
    assert planned.exit_code == 0, planned.output
    first = updates_of(site.root / "incidents" / "2026-11-25-disk-swap.md")[0]
    assert first["next_update_at"] == "2026-11-24T12:00:00Z"


def test_a_bad_next_update_is_refused_before_anything_is_written(site: SiteFactory) -> None:
    path = site.incident(f"{ID}.md", incident())
    before = path.read_bytes()
    result = CliRunner().invoke(
        cli, ["update", ID, "-f", str(site.config_file), "-m", "x", "--next-update", "later"]
    )
    assert result.exit_code == 2
    assert "'later' is neither a duration (30m, 1h30m) nor a time with an offset" in result.output
    past = CliRunner().invoke(
        cli,
        [
            "update",
            ID,
            "-f",
            str(site.config_file),
            "-m",
            "x",
            "--at",
            "2026-11-22T12:00:00Z",
            "--next-update",
            "2026-11-22T11:00:00Z",
        ],
    )
    assert past.exit_code == 1
    assert "is not after the update itself" in past.output
    assert path.read_bytes() == before


# --- what readers see of the promise ----------------------------------------------------------


def test_pages_json_and_feeds_carry_the_promise_while_it_stands(
    site: SiteFactory, tmp_path: Path
) -> None:
    site.incident(f"{ID}.md", incident(next_update="2026-11-22T12:10:00Z"))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "-f",
            str(site.config_file),
            "--now",
            "2026-11-22T12:00:00Z",
            "--site-dir",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    promise = home.select_one(".sg-next-update")
    assert promise is not None
    assert promise.get_text(" ", strip=True) == "Next update by Nov 22, 2026, 12:10 UTC"
    time = promise.find("time")
    assert time is not None and time["datetime"] == "2026-11-22T12:10:00Z"  # localised by JS
    page = BeautifulSoup((out / "incidents" / ID / "index.html").read_text("utf-8"), "html.parser")
    facts = page.select_one(".sg-facts .sg-next-update")
    assert facts is not None and facts.get_text(" ", strip=True) == (
        "Next update by Nov 22, 2026, 12:10 UTC"
    )
    assert [p.get_text(" ", strip=True) for p in page.select(".sg-update-next")] == [
        "Next update promised by Nov 22, 2026, 12:10 UTC"
    ]
    incidents = json.loads((out / "api/v2/incidents.json").read_text("utf-8"))["incidents"]
    assert incidents[0]["next_update_at"] == "2026-11-22T12:10:00.000Z"
    assert [u.get("next_update_at") for u in incidents[0]["incident_updates"]] == [
        "2026-11-22T12:10:00.000Z",
        None,
    ]
    feed = feedparser.parse((out / "history.atom").read_bytes())
    assert "Next update by Nov 22, 2026, 12:10 UTC." in feed.entries[0].content[0].value


def test_a_resolved_incident_promises_nothing_any_more(site: SiteFactory, tmp_path: Path) -> None:
    text = incident(next_update="2026-11-22T12:10:00Z").replace(
        "updates:\n",
        "updates:\n  - at: 2026-11-22T12:05:00Z\n    status: resolved\n    body: Fixed.\n",
    )
    site.incident(f"{ID}.md", text)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "-f",
            str(site.config_file),
            "--now",
            "2026-11-22T12:30:00Z",
            "--site-dir",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser").select(
            ".sg-next-update"
        )
        == []
    )
    incidents = json.loads((out / "api/v2/incidents.json").read_text("utf-8"))["incidents"]
    assert "next_update_at" not in incidents[0]
    # The update that made the promise still says what it promised.
    assert incidents[0]["incident_updates"][1]["next_update_at"] == "2026-11-22T12:10:00.000Z"
