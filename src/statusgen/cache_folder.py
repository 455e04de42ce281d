"""The build cache's folder, `.statusgen-cache/` beside mkdocs.yml, shared by every cache in it.

statusgen creates the folder itself and marks it with a CACHEDIR.TAG; a folder of that name
it did not make (no tag, or a symlink) is never read or written. Each cache keeps one JSON
file of its own there and tags it with statusgen's code fingerprint, so that an upgrade
starts afresh. The folder may come back from CI (actions/cache), so it holds only JSON, never
anything that could run code; a file that cannot be read is ignored, never fatal.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path

import orjson

FOLDER = ".statusgen-cache"
# Cache files reach the disk in writes of this size, whatever the size of their pieces.
_WRITE_BUFFER = 1 << 20
# Members of a JSON object encoded per piece (`coded_json`).
_BATCH = 256
# The standard tag (bford.info/cachedir) that tells backup tools the folder is a cache.
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is statusgen's build cache; statusgen recreates what is missing.\n"
)
# Libraries whose behaviour ends up in a cached result: the pages' Markdown and HTML, and
# how content files are parsed and validated.
LIBRARIES = (
    "markdown",
    "nh3",
    "babel",
    "jinja2",
    "markupsafe",
    "pymdown-extensions",
    "pydantic",
    "pydantic-core",
    "pyyaml",
)


@cache
def code_fingerprint() -> str:
    """statusgen's code, templates and catalogs, and the versions of the libraries it uses."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    return digest.hexdigest()


def owned(folder: Path) -> bool:
    """Whether `folder` is a cache folder statusgen made (a real folder with its tag)."""
    tag = folder / "CACHEDIR.TAG"
    try:
        return not folder.is_symlink() and tag.read_text("utf-8") == CACHEDIR_TAG
    except (OSError, ValueError):
        return False


def read_text(root: Path, name: str) -> str | None:
    """The text of `root`'s cache file `name`; None when absent, unreadable or not in a
    folder statusgen made. Each cache checks that the text is its own (`code_fingerprint`)."""
    data = read_bytes(root, name)
    try:
        return None if data is None else data.decode("utf-8")
    except ValueError:
        return None


def read_bytes(root: Path, name: str) -> bytes | None:
    """`read_text`'s bytes, undecoded."""
    try:
        if not owned(root / FOLDER):
            return None
        return (root / FOLDER / name).read_bytes()
    except OSError:
        return None


def write_chunks(root: Path, name: str, chunks: Iterable[bytes]) -> bool:
    """Replace the cache file `name` with the bytes of `chunks` one after another, atomically.

    The chunks are written as they come, so a cache of tens of megabytes is never one bytes
    object in memory. Creates the folder if there is none; a folder of that name statusgen did
    not make is left alone (False). Nothing in the folder but that one file is replaced: an
    exception from `chunks` removes the partial file and leaves the cache file as it was.
    """
    folder = root / FOLDER
    if not folder.exists() and not folder.is_symlink():
        folder.mkdir()
        (folder / "CACHEDIR.TAG").write_text(CACHEDIR_TAG, "utf-8")
    if not owned(folder):
        return False
    partial = folder / f".{name}.{os.getpid()}.tmp"
    try:
        with partial.open("wb", buffering=_WRITE_BUFFER) as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(partial, folder / name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return True


def coded_json(objects: Iterable[tuple[str, Iterable[tuple[str, bytes]]]]) -> Iterator[bytes]:
    """A cache file's JSON, `{"code": <code_fingerprint>, "<name>": {"<key>": <value>, ...},
    ...}`, with each value already encoded, in pieces of a few hundred members for
    `write_chunks`.

    A cache of 20,000 pages is some 80 MB of JSON: encoded whole, it would be in memory
    twice over (the encoder's buffer grows by doubling) on top of the pages themselves.
    """
    yield b'{"code":' + orjson.dumps(code_fingerprint())
    for name, members in objects:
        yield from _members(b"," + orjson.dumps(name) + b":{", members)
        yield b"}"
    yield b"}"


def _members(opening: bytes, members: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """`opening`, then the members `"key":value` separated by commas, in batches."""
    batch: list[bytes] = []
    separator = b""
    for key, value in members:
        batch.append(separator + orjson.dumps(key) + b":" + value)
        separator = b","
        if len(batch) == _BATCH:
            yield opening + b"".join(batch)
            batch, opening = [], b""
    yield opening + b"".join(batch)
