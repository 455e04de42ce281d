"""Times written in UTC are kept with Python's own UTC zone; other offsets as written.

pydantic parses `Z` into a zone object of its own. Comparing or subtracting times whose
zones are different objects asks each for its offset, which made a build's hundreds of
thousands of comparisons of incident times with `now` ten times slower than they need be.
"""

from __future__ import annotations

import json
from datetime import UTC, timedelta

from statusgen.build import pipeline
from statusgen.build.renderer import RenderJob
from statusgen.content import document_cache
from statusgen.content.incident import Incident
from statusgen.content.validate import check_site

from .conftest import NOW, SiteFactory


def _incident(*times: str) -> Incident:
    updates = [{"at": at, "status": "investigating", "body": "Looking."} for at in times]
    data = {"id": "x", "source": "x", "title": "T", "impact": "minor", "updates": updates}
    return Incident.model_validate_json(json.dumps(data))


def test_utc_times_have_pythons_utc_zone() -> None:
    item = _incident("2025-03-01T10:00:00+00:00", "2025-03-01T09:00:00Z")
    assert all(update.at.tzinfo is UTC for update in item.updates)


def test_other_offsets_are_kept_as_written() -> None:
    (update,) = _incident("2025-03-01T12:00:00+02:00").updates
    assert update.at.utcoffset() == timedelta(hours=2)
    assert update.at.isoformat() == "2025-03-01T12:00:00+02:00"
    assert update.at == _incident("2025-03-01T10:00:00Z").updates[0].at


def test_a_validated_sites_times_have_pythons_utc_zone(site: SiteFactory) -> None:
    site.incident(
        "2025-03-01-slow.md",
        "---\ntitle: Slow\nimpact: minor\nupdates:\n"
        "  - at: 2025-03-01T10:00:00Z\n    status: resolved\n    body: Fixed.\n"
        "  - at: 2025-03-01T09:00:00+00:00\n    status: investigating\n    body: Looking.\n"
        "---\n",
    )
    assert pipeline.build(site.config_file, NOW, renderer=_NoPages()).built  # keeps the cache
    documents = document_cache.load(site.root)
    for kept in (None, documents):  # read anew, then from the validation cache
        content = check_site(site.config_file, NOW, documents=kept).content
        assert content is not None
        (item,) = content.incidents
        assert len(item.updates) == 2
        assert all(update.at.tzinfo is UTC for update in item.updates)
    assert documents.stored  # the second check did read the cache


class _NoPages:
    """A renderer that writes nothing: the test is about what validation gives."""

    def render(self, job: RenderJob) -> None:
        job.site_dir.mkdir(exist_ok=True)
