"""Running another program (`statusgen.run_program`), as gh and git are run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from statusgen.run_program import ProgramNotRun, run_program


def test_output_is_text_and_a_failing_status_is_returned_not_raised() -> None:
    script = "import sys; sys.stdout.buffer.write(b'caf\\xc3\\xa9 \\xff'); sys.exit(3)"
    result = run_program([sys.executable, "-c", script], timeout=30)
    assert (result.returncode, result.stdout) == (3, "café \ufffd")


def test_env_adds_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FROM_THE_PARENT", "kept")
    script = "import os; print(os.environ['FROM_THE_PARENT'], os.environ['ADDED'])"
    result = run_program([sys.executable, "-c", script], timeout=30, env={"ADDED": "too"})
    assert result.stdout.split() == ["kept", "too"]


def test_a_missing_program_is_not_run(tmp_path: Path) -> None:
    with pytest.raises(ProgramNotRun, match="No such file"):
        run_program([str(tmp_path / "no-such-program")], timeout=30)


def test_a_program_that_hangs_is_stopped() -> None:
    with pytest.raises(ProgramNotRun, match=r"timed out after 0\.5 seconds"):
        run_program([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
