"""What a GitHub runner does around the dry run's steps (scripts/pages_dry_run.py).

`if:` conditions, the files a `run:` step writes its outputs and PATH additions to
(GITHUB_OUTPUT, GITHUB_PATH), and the Actions cache, kept here as one tar archive per key in
a folder (GNU tar, uncompressed): empty unless given, as on a cache miss.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

HASH_FILES = re.compile(r"hashFiles\((.*)\)")
# The conditions the workflows use: a step's output compared with a literal.
CONDITION = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)\s*(==|!=)\s*'([^']*)'")


class StepError(Exception):
    """What the dry run cannot do as GitHub would; the message says what."""


def condition_holds(condition: str, outputs: Mapping[str, Mapping[str, str]]) -> bool:
    """Whether `if: condition` lets the step run. A step skipped earlier set no outputs,
    and an unset output is the empty string, as on GitHub."""
    text = condition.strip().removeprefix("${{").removesuffix("}}").strip()
    match = CONDITION.fullmatch(text)
    if match is None:
        raise StepError(f"cannot judge 'if: {condition}': teach the dry run what it means")
    step, name, operator, literal = match.groups()
    equal = outputs.get(step, {}).get(name, "") == literal
    return equal if operator == "==" else not equal


def read_outputs(path: Path) -> dict[str, str]:
    """NAME=VALUE lines of a GITHUB_OUTPUT file (the `NAME<<END` form is refused)."""
    outputs: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines() if path.exists() else []:
        name, equals, value = line.partition("=")
        if not equals or "<<" in name:
            raise StepError(f"cannot read the output line '{line}'")
        outputs[name] = value
    return outputs


def read_path_additions(path: Path) -> list[Path]:
    """Folders a step added to PATH, the latest first, as later steps see them."""
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return [Path(line) for line in reversed(lines) if line]


def _archive(cache: Path, key: str) -> Path:
    if not key or "/" in key or "," in key:
        raise StepError(f"'{key}' is no cache key GitHub would take")
    return cache / f"{key}.tar"


def hash_files(workspace: Path, arguments: str) -> str:
    """`hashFiles('a', 'b')` as GitHub computes it: the SHA-256 of the files' SHA-256s, in
    path order; empty when no file matches."""
    patterns = [part.strip().strip("'") for part in arguments.split(",")]
    files = sorted({path for pattern in patterns for path in workspace.glob(pattern)})
    digests = [hashlib.sha256(path.read_bytes()).digest() for path in files if path.is_file()]
    return hashlib.sha256(b"".join(digests)).hexdigest() if digests else ""


def restore_cache(cache: Path, inputs: Mapping[str, str]) -> dict[str, str]:
    """actions/cache/restore: the folder put back from the exact key or else the newest
    entry a restore key begins (`cache-hit` only for the exact key, as on GitHub)."""
    archive = _archive(cache, inputs["key"])
    if not archive.is_file():
        archive = _newest_with_prefix(cache, inputs.get("restore-keys", "").split())
        if archive is None:
            return {"cache-hit": ""}
    target = Path(inputs["path"])
    target.mkdir(parents=True, exist_ok=True)
    _tar("-xf", str(archive), "-C", str(target))
    exact = archive.stem == inputs["key"]
    return {"cache-hit": "true" if exact else "false", "cache-matched-key": archive.stem}


def _newest_with_prefix(cache: Path, prefixes: list[str]) -> Path | None:
    for prefix in prefixes:
        found = [path for path in cache.glob("*.tar") if path.stem.startswith(prefix)]
        if found:
            return max(found, key=lambda path: path.stat().st_mtime_ns)
    return None


def save_cache(cache: Path, inputs: Mapping[str, str]) -> None:
    """actions/cache/save: the folder archived under its key; an existing key stays."""
    archive = _archive(cache, inputs["key"])
    folder = Path(inputs["path"])
    if archive.exists():
        return
    if not folder.is_dir():
        raise StepError(f"nothing to save: {folder} does not exist")
    cache.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".partial")
    _tar("-cf", str(partial), "-C", str(folder), ".")
    partial.replace(archive)


def _tar(*arguments: str) -> None:
    # GNU tar, as the cache action runs it (Python's tarfile takes ten times as long).
    done = subprocess.run(["tar", *arguments], capture_output=True, text=True)
    if done.returncode != 0:
        raise StepError(f"tar {' '.join(arguments)} failed: {done.stderr.strip()}")
