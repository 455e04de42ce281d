"""What a postmortem needs, as data: section names and aliases, profiles, deadlines.

The rules live in `rules/postmortem.yml` so that changing what a postmortem needs means
editing a list, not the code that checks it.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, cached_property
from importlib.resources import files
from typing import Any

import yaml
from pydantic import Field, model_validator

from statusgen.content.base import StrictModel
from statusgen.content.incident import Impact


class Profile(StrEnum):
    """How much a postmortem says: `full` for serious incidents, `brief` for the rest."""

    FULL = "full"
    BRIEF = "brief"


class FrontMatterSection(StrictModel):
    field: str
    aliases: tuple[str, ...]


class ProfileRules(StrictModel):
    required: tuple[tuple[str, ...], ...]
    recommended: tuple[str, ...] = ()
    prompts: dict[str, str] = Field(default_factory=dict)
    """What a new draft asks for: section → one-line prompt, in the order the draft has them."""


class PostmortemDue(StrictModel):
    impacts: tuple[Impact, ...]
    after_days: int


class TimelineWindow(StrictModel):
    lead_hours: int
    trail_days: int


def normalize_heading(text: str) -> str:
    """`## 2. Root Cause:` → `root cause`: how headings are compared with names and aliases."""
    text = text.strip().lower().replace("’", "'").replace("&", "and")
    text = re.sub(r"^\d+[.)]?\s+", "", text)
    text = re.sub(r"[\s:.]+$", "", text)
    return re.sub(r"\s+", " ", text)


class PostmortemRules(StrictModel):
    sections: dict[str, tuple[str, ...]]
    from_front_matter: dict[str, FrontMatterSection]
    profiles: dict[Profile, ProfileRules]
    default_profile: dict[Impact, Profile]
    placeholders: tuple[str, ...]
    number_section: str
    number_pattern: str
    summary_max_sentences: int
    postmortem_due: PostmortemDue
    timeline_window: TimelineWindow

    @model_validator(mode="after")
    def _drafts_ask_for_what_profiles_need(self) -> PostmortemRules:
        for profile, rules in self.profiles.items():
            unknown = [name for name in rules.prompts if name not in self.sections]
            if unknown:
                raise ValueError(f"{profile} prompts name unknown sections: {unknown}")
            missing = [group for group in rules.required if not set(group) & set(rules.prompts)]
            if missing:
                raise ValueError(f"{profile} prompts ask for none of {missing}")
        return self

    @cached_property
    def _by_alias(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for name, aliases in {
            **self.sections,
            **{name: s.aliases for name, s in self.from_front_matter.items()},
        }.items():
            for alias in (name, *aliases):
                table[normalize_heading(alias)] = name
        return table

    def canonical(self, heading: str) -> str | None:
        """The section name a heading stands for, or None for a heading of the writer's own."""
        return self._by_alias.get(normalize_heading(heading))

    @cached_property
    def placeholder_pattern(self) -> re.Pattern[str]:
        return re.compile(
            "|".join(rf"(?<!\w)(?:{p})(?!\w)" for p in self.placeholders), re.IGNORECASE
        )

    @cached_property
    def number(self) -> re.Pattern[str]:
        return re.compile(self.number_pattern, re.IGNORECASE)


def read_rules_data(name: str) -> str:
    """The text of a data file shipped in the package's `rules/` folder."""
    return files("statusgen").joinpath("rules", name).read_text("utf-8")


@cache
def postmortem_rules() -> PostmortemRules:
    data: Any = yaml.safe_load(read_rules_data("postmortem.yml"))
    return PostmortemRules.model_validate(data)
