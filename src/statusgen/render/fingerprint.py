"""Fingerprints of what a piece of output is made of, for the caches kept between builds.

A fingerprint covers the inputs given plus statusgen's own code, templates and catalogs and
the versions of the libraries that render Markdown and HTML, so an upgrade of any of them
gives every piece a new fingerprint and nothing stale is reused.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel

# Libraries whose output ends up in a page.
RENDERING_LIBRARIES = ("markdown", "nh3", "babel", "jinja2", "markupsafe", "pymdown-extensions")


@cache
def code_fingerprint() -> str:
    """statusgen's code, templates and catalogs, and the rendering libraries' versions."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in RENDERING_LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):  # pydantic's own JSON: several times faster than json's
        return value.model_dump_json()
    return repr(value)


def fingerprint(inputs: object) -> str:
    """A hash of `inputs` (JSON, with models as their JSON and anything else by repr)."""
    text = json.dumps([code_fingerprint(), inputs], sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()
