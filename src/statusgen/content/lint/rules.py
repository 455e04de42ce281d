"""The blameless-language rules as data: the built-in list and a team's own additions.

Built-in rules live in `rules/blameless.yml`; a site adds or replaces rules with
`blameless_rules` in its statusgen config. Both have the shape of `TextRule`, so a team extends
the check by writing a list, and the engine in `lint.py` never names a rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Annotated

import yaml
from pydantic import AfterValidator, Field

from statusgen.content.base import StrictModel
from statusgen.content.postmortem.rules import postmortem_rules, read_rules_data

RULE_ID = r"^[a-z][a-z0-9-]*$"
HANDLE = r"@[A-Za-z0-9][\w-]*"


def regex_of(pattern: str) -> str:
    """A rule pattern as a regular expression: a space outside [...] matches any whitespace.

    Prose wraps, so "should have" must also match "should" at the end of one line and
    "have" at the start of the next.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == " " and not in_class:
            if not (out and out[-1] == r"\s+"):
                out.append(r"\s+")
            continue
        out.append(char)
    return "".join(out)


def _compiles(pattern: str) -> str:
    sample = regex_of(pattern).replace("{person}", "x").replace("{name}", "y")
    try:
        re.compile(sample)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc}): {pattern}") from None
    return pattern


def _section_name(name: str) -> str:
    rules = postmortem_rules()
    canonical = rules.canonical(name)
    if canonical is None:
        known = ", ".join([*rules.sections, *rules.from_front_matter])
        raise ValueError(f"unknown section '{name}' (known: {known})")
    return canonical


Pattern = Annotated[str, AfterValidator(_compiles)]
SectionName = Annotated[str, AfterValidator(_section_name)]


class TextRule(StrictModel):
    """One check on the wording of a postmortem."""

    id: str = Field(pattern=RULE_ID, description="Shown in reports and used to silence the rule.")
    message: str = Field(
        min_length=1, description="What is wrong; {match} is the text found, {section} where."
    )
    suggestion: str = Field(default="", description="How to write it instead.")
    patterns: tuple[Pattern, ...] = Field(
        description="Regular expressions; an empty list turns a built-in rule off."
    )
    sections: tuple[SectionName, ...] | None = Field(
        default=None, description="Only in these sections (default: everywhere)."
    )
    except_sections: tuple[SectionName, ...] = ()
    skip_drafts: bool = Field(default=False, description="Only check published postmortems.")
    include_code: bool = Field(default=False, description="Also look inside code and quotes.")
    case_sensitive: bool = False


class _BlamelessData(StrictModel):
    person_words: tuple[str, ...]
    role_words: tuple[str, ...]
    rules: tuple[TextRule, ...]


@dataclass(frozen=True)
class CompiledRule:
    rule: TextRule
    regex: re.Pattern[str]


@dataclass(frozen=True)
class RuleSet:
    """The rules a site checks, and the words that tell people from roles."""

    rules: tuple[TextRule, ...]
    person_words: tuple[str, ...]
    role_words: tuple[str, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)

    def compile(self, people: tuple[str, ...]) -> tuple[CompiledRule, ...]:
        """Every rule with a pattern, its {person} and {name} filled for these people."""
        return _compile(self, people)

    def is_role(self, who: str) -> bool:
        words = set(re.findall(r"[\w-]+", who.lower()))
        return bool(words & set(self.role_words))


def _people_regex(people: tuple[str, ...]) -> str:
    names = sorted({r"\s+".join(map(re.escape, p.split())) for p in people if p}, key=len)
    exact = f"|(?-i:{'|'.join(reversed(names))})" if names else ""
    return f"(?:{HANDLE}{exact})"


@lru_cache(maxsize=64)
def _compile(rule_set: RuleSet, people: tuple[str, ...]) -> tuple[CompiledRule, ...]:
    name = _people_regex(people)
    person = f"(?:{'|'.join(regex_of(w) for w in rule_set.person_words)}|{name})"
    compiled = []
    for rule in rule_set.rules:
        if not rule.patterns:
            continue
        alternatives = "|".join(
            f"(?:{regex_of(p).replace('{person}', person).replace('{name}', name)})"
            for p in rule.patterns
        )
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        compiled.append(CompiledRule(rule, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)))
    return tuple(compiled)


@cache
def builtin_rules() -> RuleSet:
    data = _BlamelessData.model_validate(yaml.safe_load(read_rules_data("blameless.yml")))
    return RuleSet(data.rules, data.person_words, data.role_words)


def rule_set(extra: Sequence[TextRule] = ()) -> RuleSet:
    """The built-in rules plus a site's own; a rule with a built-in's id replaces it."""
    builtin = builtin_rules()
    if not extra:
        return builtin
    own = {rule.id: rule for rule in extra}
    merged = [own.pop(rule.id, rule) for rule in builtin.rules]
    merged.extend(rule for rule in extra if rule.id in own)
    return RuleSet(tuple(merged), builtin.person_words, builtin.role_words)
