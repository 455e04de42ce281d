"""Running another program (git, gh) and reading what it printed.

The arguments go to the program as a list, never through a shell, so text from content
cannot become a command. Output is read as UTF-8, with bytes that are not UTF-8 replaced
rather than failing, and a program that hangs is stopped after `timeout` seconds.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence


class ProgramNotRun(Exception):
    """The program could not be started, or did not finish in time; the message says why."""


def run_program(
    args: Sequence[str], *, timeout: float, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `args` and wait: its exit status, standard output and error, whatever the status.

    `env` adds to (or overrides) this process's environment.
    """
    try:
        return subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
            env={**os.environ, **env} if env is not None else None,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ProgramNotRun(str(exc)) from None
