"""Validated incidents share one fields set per shape: frozen models never add to theirs."""

from __future__ import annotations

from statusgen.content.base import StrictModel
from statusgen.content.validate import check_site

from .conftest import GOOD_INCIDENT, NOW, SiteFactory


def test_incidents_of_the_same_shape_share_their_fields_sets(site: SiteFactory) -> None:
    for n in range(3):
        site.incident(f"2026-11-2{n}-good.md", GOOD_INCIDENT)
    content = check_site(site.config_file, NOW).content
    assert content is not None and len(content.incidents) == 3
    incident_sets = {id(i.__pydantic_fields_set__) for i in content.incidents}
    update_sets = {id(u.__pydantic_fields_set__) for i in content.incidents for u in i.updates}
    assert len(incident_sets) == 1
    assert len(update_sets) == 1  # every update of the fixture gives the same three fields
    assert content.incidents[0].model_fields_set >= {"title", "updates", "components"}


def test_a_copy_with_changes_leaves_the_others_as_they_were(site: SiteFactory) -> None:
    for n in range(2):
        site.incident(f"2026-11-2{n}-good.md", GOOD_INCIDENT)
    content = check_site(site.config_file, NOW).content
    assert content is not None
    updates = [u for i in content.incidents for u in i.updates]
    before = set(updates[0].model_fields_set)
    assert "next_update_at" not in before  # a field the fixture's updates do not give
    copy = updates[0].model_copy(update={"next_update_at": NOW})
    assert copy.model_fields_set == before | {"next_update_at"}
    assert all(u.model_fields_set == before for u in updates)


def test_content_models_are_frozen() -> None:
    # Sharing a set is only sound while no model can change: what the sharing relies on.
    assert StrictModel.model_config.get("frozen") is True
