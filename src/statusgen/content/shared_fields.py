"""Many incidents held with less memory: one set for all models that were given the same fields.

Every pydantic model keeps the set of fields its input gave (`model_fields_set`), one set
per instance: 20,000 incidents with three updates each hold 80,000 sets, nearly all equal
to a few others, some 27 MiB of a build's peak. statusgen's content models are frozen, so
pydantic never adds to a model's set (`model_copy` copies the set before it adds the fields
it changes); equal sets can be one set.
"""

from __future__ import annotations

from pydantic import BaseModel

from .incident import Incident


class SharedFieldsSets:
    """Replaces each model's fields set by the first equal one seen (per content load)."""

    def __init__(self) -> None:
        self._sets: dict[frozenset[str], set[str]] = {}

    def incident(self, incident: Incident) -> Incident:
        """`incident`, its updates and its origin sharing sets; the same objects, returned."""
        for model in (incident, *incident.updates, incident.origin):
            if model is not None:
                self.share(model)
        return incident

    def share(self, model: BaseModel) -> None:
        if not model.model_config.get("frozen"):
            return  # a model that may change keeps a set of its own
        fields = model.__pydantic_fields_set__
        shared = self._sets.setdefault(frozenset(fields), fields)
        if shared is not fields:
            # A slot pydantic itself sets this way (models refuse attribute assignment).
            object.__setattr__(model, "__pydantic_fields_set__", shared)
