"""Posts made at the same moment, or while an editor is open, are all kept: nothing is lost.

Two engineers answering one outage both run `statusgen update`; each must either land on top
of the other or be refused, never print "Updated" for a post that the other one overwrote.
These tests run real processes at the same instant (released together through FIFOs or a
barrier) and a real editor program that posts from another process while it is "open".
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.content.load import read_document
from statusgen.content.validate import check_site
from statusgen.problems import Problem

from ..conftest import NOW, SiteFactory

INCIDENT_ID = "2026-11-22-api-errors"


def incident_text(newest: datetime) -> str:
    """An open incident whose latest update is at `newest`."""
    at = newest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    first = (newest - timedelta(minutes=30)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return textwrap.dedent(f"""\
        ---
        title: API errors
        impact: major
        components:
          api: major_outage
        updates:
          - at: {at}
            status: identified
            body: A bad deploy is being rolled back.
          - at: {first}
            status: investigating
            body: We are looking into errors.
        ---
        """)


def updates_of(path: Path) -> list[dict[str, Any]]:
    document = read_document(path, path.name)
    assert not isinstance(document, Problem), document
    updates: list[dict[str, Any]] = document.data["updates"]
    return updates


def real_clock_env() -> dict[str, str]:
    """The environment of a command that reads the real clock, as an engineer's shell does."""
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def statusgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "statusgen", *args]


# --- Many posts at once ------------------------------------------------------------------------


def _post_after_barrier(
    config_file: str, barrier: Any, worker: int, rounds: int, results: Any
) -> None:
    """One engineer: wait for the others, then post `rounds` updates as fast as possible."""
    from statusgen.authoring.posting import add_update
    from statusgen.content.config_file import load_config
    from statusgen.errors import Refused

    config = load_config(Path(config_file))
    assert not isinstance(config, list)
    path = config.incidents_dir / f"{INCIDENT_ID}.md"
    for round_number in range(rounds):
        barrier.wait()
        message = f"post {worker}.{round_number}"
        try:
            add_update(config, path, message=message, at=None, now=NOW)
        except Refused as exc:
            results.put((message, f"refused: {exc.message}"))
        else:
            results.put((message, "posted"))


def test_updates_posted_by_many_processes_at_once_all_survive(site: SiteFactory) -> None:
    site.incident(f"{INCIDENT_ID}.md", incident_text(NOW - timedelta(hours=1)))
    workers, rounds = 6, 8
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers)
    results = context.Queue()
    processes = [
        context.Process(
            target=_post_after_barrier,
            args=(str(site.config_file), barrier, worker, rounds, results),
        )
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=120) for _ in range(workers * rounds))
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert [m for m, outcome in outcomes.items() if outcome != "posted"] == [], outcomes
    bodies = [update["body"] for update in updates_of(site.root / f"incidents/{INCIDENT_ID}.md")]
    assert sorted(bodies[:-2]) == sorted(outcomes)
    assert bodies[-2:] == ["A bad deploy is being rolled back.", "We are looking into errors."]
    assert check_site(site.config_file, NOW).report.errors == 0


def test_update_commands_released_at_the_same_instant_all_land(site: SiteFactory) -> None:
    """Real `statusgen update` processes, each held on its --message-file FIFO, then let go."""
    started = datetime.now(UTC).replace(microsecond=0)
    path = site.incident(f"{INCIDENT_ID}.md", incident_text(started - timedelta(hours=1)))
    count = 8
    fifos = [site.root / f"message-{n}.fifo" for n in range(count)]
    for fifo in fifos:
        os.mkfifo(fifo)
    commands = [
        subprocess.Popen(
            statusgen(
                "update", INCIDENT_ID, "--message-file", str(fifo), "-f", str(site.config_file)
            ),
            env=real_clock_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for fifo in fifos
    ]
    try:
        # Opening a FIFO for writing waits until its command has opened it for reading: once
        # every one is open, every command is waiting for its message, and all get it at once.
        writers = [fifo.open("w", encoding="utf-8") for fifo in fifos]
        for number, writer in enumerate(writers):
            writer.write(f"Posted by engineer {number}.")
        for writer in writers:
            writer.close()
        outputs = [command.communicate(timeout=120) for command in commands]
    finally:
        for command in commands:
            command.kill()
    for command, (stdout, stderr) in zip(commands, outputs, strict=True):
        assert command.returncode == 0, stderr
        assert stdout.startswith("Updated "), stdout
    updates = updates_of(path)
    assert sorted(u["body"] for u in updates[:count]) == sorted(
        f"Posted by engineer {n}." for n in range(count)
    )
    assert len(updates) == count + 2
    times = [datetime.fromisoformat(u["at"]) for u in updates]
    assert times == sorted(times, reverse=True)
    assert check_site(site.config_file, datetime.now(UTC)).report.errors == 0


def test_an_edit_waits_for_the_lock_and_then_lands_on_top(site: SiteFactory) -> None:
    """While another statusgen holds the file, a post waits for it instead of racing it."""
    import fcntl

    from statusgen.authoring.posting import add_update
    from statusgen.content.config_file import load_config

    path = site.incident(f"{INCIDENT_ID}.md", incident_text(NOW - timedelta(hours=1)))
    config = load_config(site.config_file)
    assert not isinstance(config, list)
    holder = path.open("rb")
    fcntl.flock(holder, fcntl.LOCK_EX)
    done = threading.Event()
    thread = threading.Thread(
        target=lambda: (add_update(config, path, message="waited", at=None, now=NOW), done.set())
    )
    thread.start()
    try:
        assert not done.wait(0.5), "the post did not wait for the lock"
        # The holder's own edit lands (replacing the file) while the other post waits...
        holder_update = (
            f"  - at: {NOW:%Y-%m-%dT%H:%M:%SZ}\n"
            "    status: monitoring\n"
            "    body: Posted by the lock holder.\n"
        )
        temp = path.with_name(".holder.tmp")
        text = path.read_text("utf-8")
        temp.write_text(text.replace("updates:\n", "updates:\n" + holder_update, 1), "utf-8")
        os.replace(temp, path)
    finally:
        holder.close()
    thread.join(timeout=60)
    assert done.is_set()
    # ...and the waiting post went on top of it, not on the file it first saw.
    assert [u["body"] for u in updates_of(path)][:2] == ["waited", "Posted by the lock holder."]
    assert updates_of(path)[0]["status"] == "monitoring"


def test_a_lock_held_too_long_is_a_clear_refusal(
    runner: CliRunner, site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    path = site.incident(f"{INCIDENT_ID}.md", incident_text(NOW - timedelta(hours=1)))
    before = path.read_bytes()
    monkeypatch.setattr("statusgen.authoring.safe_write.LOCK_TIMEOUT", 0.3)
    with path.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        result = runner.invoke(
            cli,
            ["update", INCIDENT_ID, "-m", "x", "-f", str(site.config_file)],
            env={"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))},
        )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"refused: another statusgen has been writing incidents/{INCIDENT_ID}.md for over 0.3 s;"
        " nothing written, try again"
    )
    assert path.read_bytes() == before


# --- The editor ----------------------------------------------------------------------------


def fake_editor(tmp_path: Path, colleague: list[str], typed: str, pause: float) -> str:
    """An $EDITOR program: while "open" it waits, lets a colleague post, then saves `typed`."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        textwrap.dedent(f"""\
            import subprocess, sys, time
            time.sleep({pause})
            done = subprocess.run({colleague!r}, capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr
            with open(sys.argv[1], "r+", encoding="utf-8") as handle:
                template = handle.read()
                handle.seek(0)
                handle.write({typed!r} + template)
            """),
        "utf-8",
    )
    return f'"{sys.executable}" "{script}"'


def run_with_editor(
    site: SiteFactory, editor: str, env: dict[str, str | None], *args: str
) -> subprocess.CompletedProcess[str]:
    """`statusgen` as from a terminal ($EDITOR opens), here through pytest's CliRunner."""
    runner = CliRunner()
    import statusgen.cli.posting as posting

    original = posting._interactive
    posting._interactive = lambda: True
    try:
        result = runner.invoke(
            cli, [*args, "-f", str(site.config_file)], env={**env, "EDITOR": editor}
        )
    finally:
        posting._interactive = original
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def test_a_post_made_while_the_editor_is_open_stays_and_the_typed_one_goes_on_top(
    site: SiteFactory, tmp_path: Path
) -> None:
    opened = datetime.now(UTC).replace(microsecond=0)
    path = site.incident(f"{INCIDENT_ID}.md", incident_text(opened - timedelta(hours=1)))
    colleague = statusgen(
        "update", INCIDENT_ID, "-m", "Posted by a colleague.", "-f", str(site.config_file)
    )
    # The pause puts the colleague's post in a later second than the moment the editor opened.
    editor = fake_editor(tmp_path, colleague, "Typed in the editor.\n", pause=1.1)
    real_clock: dict[str, str | None] = {"SOURCE_DATE_EPOCH": None}
    result = run_with_editor(site, editor, real_clock, "update", INCIDENT_ID)
    assert result.returncode == 0, result.stdout + result.stderr
    updates = updates_of(path)
    assert [u["body"] for u in updates[:2]] == ["Typed in the editor.", "Posted by a colleague."]
    mine, theirs = (datetime.fromisoformat(u["at"]) for u in updates[:2])
    assert mine >= theirs > opened
    assert check_site(site.config_file, datetime.now(UTC)).report.errors == 0


def test_a_typed_message_that_cannot_be_posted_is_kept_in_a_file_and_named(
    site: SiteFactory, tmp_path: Path
) -> None:
    path = site.incident(f"{INCIDENT_ID}.md", incident_text(NOW - timedelta(hours=1)))
    colleague = statusgen(
        "resolve", INCIDENT_ID, "-m", "Resolved by a colleague.", "-f", str(site.config_file)
    )
    typed = "A long explanation typed during the outage.\n\nSecond paragraph.\n"
    editor = fake_editor(tmp_path, colleague, typed, pause=0)
    clock: dict[str, str | None] = {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    result = run_with_editor(site, editor, clock, "update", INCIDENT_ID, "--status", "monitoring")
    assert result.returncode == 1
    assert updates_of(path)[0]["body"] == "Resolved by a colleague."
    kept = sorted(site.root.glob(".statusgen-unsent-*.md"))
    assert len(kept) == 1
    assert kept[0].read_text("utf-8").strip() == typed.strip()
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Your message was not posted; it is saved in ")
    assert str(kept[0].name) in last
    assert "'resolved' must be the last update" in result.stderr
    # The kept file is outside the content folders: nothing reads it as an incident.
    assert check_site(site.config_file, NOW).report.errors == 0


def test_a_kept_message_never_overwrites_another(tmp_path: Path) -> None:
    from statusgen.authoring.unsent import keep_unsent

    first = keep_unsent(tmp_path, INCIDENT_ID, "first")
    second = keep_unsent(tmp_path, INCIDENT_ID, "second")
    assert first is not None and second is not None
    assert first != second
    assert (first.read_text("utf-8"), second.read_text("utf-8")) == ("first", "second")


def test_a_message_is_kept_even_when_the_site_folder_cannot_take_it(tmp_path: Path) -> None:
    from statusgen.authoring.unsent import keep_unsent

    # Not a folder at all: no file can be created in it, whoever runs the test (even root).
    folder = tmp_path / "not-a-folder"
    folder.write_text("", "utf-8")
    saved = keep_unsent(folder, INCIDENT_ID, "typed")
    assert saved is not None
    try:
        assert saved.parent != folder
        assert saved.read_text("utf-8") == "typed"
    finally:
        saved.unlink()
