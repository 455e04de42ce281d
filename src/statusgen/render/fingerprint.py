"""Fingerprints of what a piece of output is made of, for the caches kept between builds.

A fingerprint covers the inputs given plus `code_fingerprint` (statusgen's own code, templates
and catalogs and the versions of the libraries it renders with), so an upgrade of any of them
gives every piece a new fingerprint and nothing stale is reused.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel

from statusgen.cache_folder import code_fingerprint


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):  # pydantic's own JSON: several times faster than json's
        return value.model_dump_json()
    return repr(value)


def fingerprint(inputs: object) -> str:
    """A hash of `inputs` (JSON, with models as their JSON and anything else by repr)."""
    text = json.dumps([code_fingerprint(), inputs], sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()
