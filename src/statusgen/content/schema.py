"""JSON Schemas of what engineers type, generated from the same pydantic models that validate it.

Editors that know JSON Schema (VS Code's YAML extension, JetBrains IDEs) complete field names
and enum values and flag mistakes while typing. The schemas cannot drift from the validator
because they are made from its models.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from statusgen.content.postmortem.model import PostmortemFrontMatter
from statusgen.errors import SchemaUnavailable

from .incident import IncidentFrontMatter
from .settings import StatusgenConfig

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS = ("incident", "postmortem", "config")


# A time as the validator takes it: ISO 8601 with 'T', 't', ' ' or '_' between date and time,
# seconds and fractions optional, and an offset (naive times are refused).
AWARE_TIME = r"^\d{4}-\d{2}-\d{2}[Tt _]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$"


class _AsWritten(GenerateJsonSchema):
    """Times as engineers may write them, not only RFC 3339's `date-time` format.

    `2026-03-01 10:00:00+02:00` is valid content; a `format: date-time` schema would have
    check-jsonschema and editors flag it.
    """

    def datetime_schema(self, schema: core_schema.DatetimeSchema) -> JsonSchemaValue:
        return {"type": "string", "pattern": AWARE_TIME}


def _config_schema() -> dict[str, Any]:
    """mkdocs.yml as far as statusgen reads it; mkdocs' own settings stay open."""
    options = StatusgenConfig.model_json_schema(
        ref_template="#/$defs/{model}", schema_generator=_AsWritten
    )
    defs = options.pop("$defs", {})
    defs["StatusgenConfig"] = options
    return {
        "title": "mkdocs.yml of a statusgen site",
        "type": "object",
        "required": ["site_name", "site_url", "plugins"],
        "properties": {
            "site_name": {"type": "string", "minLength": 1, "description": "The page's name."},
            "site_url": {
                "type": "string",
                "pattern": "^https?://[^/\\s]+",
                "description": "Absolute URL of the page, e.g. https://status.example.com/",
            },
            "plugins": {
                "type": "array",
                # Each entry is a plugin name or {name: options}; `properties` binds objects only.
                "items": {
                    "type": ["string", "object"],
                    "properties": {"statusgen": {"$ref": "#/$defs/StatusgenConfig"}},
                },
                "contains": {"type": "object", "required": ["statusgen"]},
            },
        },
        "$defs": defs,
    }


def json_schema(name: str) -> dict[str, Any]:
    """The schema of `incident` or `postmortem` front-matter, or of `config` (mkdocs.yml)."""
    if name == "incident":
        schema = IncidentFrontMatter.model_json_schema(schema_generator=_AsWritten)
    elif name == "postmortem":
        schema = PostmortemFrontMatter.model_json_schema(schema_generator=_AsWritten)
    elif name == "config":
        schema = _config_schema()
    else:
        raise SchemaUnavailable(f"no schema named '{name}': use one of {', '.join(SCHEMAS)}")
    return {"$schema": DIALECT, **schema}
