"""Which clock each command reads: posts and `status` the real one, builds SOURCE_DATE_EPOCH."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.clock import Clock, build_time, current_time
from statusgen.content.load import read_document
from statusgen.problems import Problem

from .conftest import GOOD_INCIDENT, NOW, SiteFactory

# 2023-11-14T22:13:20Z: a reproducible build's source date, never the time of a post.
EPOCH_2023 = {"SOURCE_DATE_EPOCH": "1700000000"}
OPEN_INCIDENT = GOOD_INCIDENT.replace(
    """  - at: 2026-03-01T11:00:00Z
    status: resolved
    body: Fixed.
""",
    "",
)


@dataclass(frozen=True)
class CountingClock(Clock):
    """A fixed clock that notes every reading."""

    readings: list[datetime] = field(default_factory=list)

    def now(self) -> datetime:
        moment = super().now()
        self.readings.append(moment)
        return moment


def front_matter(path: Path) -> Any:
    document = read_document(path, path.name)
    assert not isinstance(document, Problem), document
    return document.data


def run(runner: CliRunner, site: SiteFactory, *args: str, clock: Clock | None = None) -> str:
    result = runner.invoke(
        cli, [*args, "-f", str(site.config_file)], env=EPOCH_2023, obj=clock, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_new_incident_is_dated_by_the_clock_not_source_date_epoch(
    runner: CliRunner, site: SiteFactory
) -> None:
    run(runner, site, "new", "incident", "API errors", "--impact", "minor", "-m", "Looking.",
        clock=Clock(NOW))  # fmt: skip
    data = front_matter(site.root / "incidents/2026-11-22-api-errors.md")
    assert data["updates"][0]["at"] == "2026-11-22T12:00:00Z"


def test_new_maintenance_is_announced_at_the_clock_not_source_date_epoch(
    runner: CliRunner, site: SiteFactory
) -> None:
    run(runner, site, "new", "maintenance", "DB upgrade", "--start", "2026-12-05T02:00:00Z",
        "--end", "2026-12-05T04:00:00Z", "-m", "Writes pause.", clock=Clock(NOW))  # fmt: skip
    data = front_matter(site.root / "incidents/2026-12-05-db-upgrade.md")
    assert data["updates"][0]["at"] == "2026-11-22T12:00:00Z"


@pytest.mark.parametrize(
    ("command", "status"), [(["update", "api-errors"], "investigating"), (["resolve"], "resolved")]
)
def test_updates_are_dated_by_the_clock_not_source_date_epoch(
    runner: CliRunner, site: SiteFactory, command: list[str], status: str
) -> None:
    path = site.incident("2026-03-01-api-errors.md", OPEN_INCIDENT)
    args = command if len(command) > 1 else [*command, "api-errors"]
    run(runner, site, *args, "-m", "More news.", clock=Clock(NOW))
    newest = front_matter(path)["updates"][0]
    assert (newest["at"], newest["status"]) == ("2026-11-22T12:00:00Z", status)


def test_a_post_without_a_given_clock_uses_the_real_one(
    runner: CliRunner, site: SiteFactory
) -> None:
    before = datetime.now(tz=UTC).replace(microsecond=0)
    run(runner, site, "new", "incident", "API errors", "--impact", "minor", "-m", "Looking.")
    after = datetime.now(tz=UTC)
    [path] = (site.root / "incidents").glob("*-api-errors.md")
    posted = datetime.fromisoformat(front_matter(path)["updates"][0]["at"])
    assert before <= posted <= after
    assert path.name == f"{posted.date().isoformat()}-api-errors.md"


def test_the_example_of_a_new_site_is_dated_by_the_clock(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["init", str(tmp_path / "new")], env=EPOCH_2023, obj=Clock(NOW), catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    example = tmp_path / "new/incidents/2026-11-22-example-slow-dashboard.md"
    # It ended an hour before the clock's moment.
    assert front_matter(example)["updates"][0]["at"] == "2026-11-22T11:00:00Z"


def test_status_reads_the_clock_once(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-03-01-api-errors.md", OPEN_INCIDENT)
    clock = CountingClock(NOW)
    output = run(runner, site, "status", clock=clock)
    assert clock.readings == [NOW]
    assert "as of 2026-11-22 12:00 UTC" in output


def test_a_post_reads_the_clock_once(runner: CliRunner, site: SiteFactory) -> None:
    site.incident("2026-03-01-api-errors.md", OPEN_INCIDENT)
    clock = CountingClock(NOW)
    run(runner, site, "update", "api-errors", "-m", "More news.", clock=clock)
    assert clock.readings == [NOW]


def test_only_a_build_takes_source_date_epoch_as_its_moment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    clock = Clock(NOW)
    assert build_time(None, clock) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert current_time(None, clock) == NOW
    assert current_time("2026-11-22T13:00:00+01:00", clock) == NOW
    assert build_time("2026-11-22T12:00:00Z", clock) == NOW
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_time(None, clock) == NOW


def test_the_system_clock_is_now() -> None:
    assert abs(Clock().now() - datetime.now(tz=UTC)) < timedelta(seconds=2)
