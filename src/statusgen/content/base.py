"""The one base of every model of a file statusgen owns (front-matter, settings, rules)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """No unknown keys, so a typo is an error and not a silently ignored setting; immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
