"""Incident files' findings kept between builds, by a hash of everything they depend on.

One posted update changes one file; the other 4,999 read, parse and validate as before, and
parsing their YAML is most of validation's time. A file's findings (its problems, and its
incident when it has no error) are kept under a hash of its bytes, its path, the site's
configuration and statusgen's code fingerprint (which covers the versions of pydantic and
PyYAML). The clock is not part of the key: the few warnings that depend on it carry the
moment up to which they hold (`file_findings`), and are filtered at each build's `now`.
Checks across files (duplicate ids, postmortems' incidents) always run again.

The findings are one JSON file in statusgen's cache folder (`statusgen.cache_folder`), read
back with pydantic, which validates every incident again in one pass of compiled code, many
times faster than parsing the YAML; JSON cannot carry code, so a cache restored from CI
cannot run any. A file that cannot be read, or that other code wrote, is ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError

from statusgen import cache_folder, heap
from statusgen.cache_folder import code_fingerprint, coded_json

from .file_findings import FileFindings
from .settings import SiteConfig

DOCUMENTS_FILE = "documents-v1.json"


@dataclass(frozen=True)
class _DocumentsFile:
    code: str
    files: dict[str, FileFindings]


_FILE = TypeAdapter(_DocumentsFile)
_FINDINGS = TypeAdapter(FileFindings)


def site_fingerprint(config: SiteConfig) -> str:
    """statusgen's code and every setting of the site: what a file's checks may read."""
    digest = hashlib.sha256(code_fingerprint().encode() + b"\0")
    for setting in dataclasses.fields(config):
        value = getattr(config, setting.name)
        text = value.model_dump_json() if isinstance(value, BaseModel) else repr(value)
        digest.update(f"{setting.name}={text}\0".encode())
    return digest.hexdigest()


def file_key(site: str, rel: str, incident_id: str, raw: bytes) -> str:
    """The key of one file's findings: the site's fingerprint, the file's name and bytes."""
    digest = hashlib.sha256(f"{site}\0{rel}\0{incident_id}\0".encode())
    digest.update(raw)
    return digest.hexdigest()


@dataclass
class DocumentCache:
    """Findings of the previous build (`stored`) and those this validation used (`used`)."""

    stored: dict[str, FileFindings] = field(default_factory=dict)
    used: dict[str, FileFindings] = field(default_factory=dict)

    def kept(self, key: str) -> FileFindings | None:
        """The findings kept under `key` by this validation or the last build, if any."""
        return self.used.get(key) or self.stored.get(key)


def load(root: Path) -> DocumentCache:
    """The cache kept in `root`'s cache folder; empty when absent, unreadable or foreign."""
    text = cache_folder.read_text(root, DOCUMENTS_FILE)
    if text is None:
        return DocumentCache()
    try:
        with heap.collector_paused():  # thousands of findings, no cycle among them
            kept = _FILE.validate_json(text)
    except ValidationError:
        return DocumentCache()
    if kept.code != code_fingerprint():
        return DocumentCache()
    return DocumentCache(dict(kept.files))


def save(cache: DocumentCache, root: Path) -> bool:
    """Keep the findings this validation used (so a deleted file's are dropped), replacing
    only the cache's own file. A folder statusgen did not make is left alone (False)."""
    try:
        return cache_folder.write_chunks(root, DOCUMENTS_FILE, _document(cache))
    except PydanticSerializationError:  # a lone surrogate from a YAML escape
        return False


def _document(cache: DocumentCache) -> Iterator[bytes]:
    """The cache file's JSON, as `_FILE` reads it, in pieces (`cache_folder.coded_json`):
    at 20,000 incidents it is some 40 MB."""
    files = ((key, _FINDINGS.dump_json(found)) for key, found in sorted(cache.used.items()))
    return coded_json([("files", files)])
