"""The languages statusgen speaks: gettext catalogs compiled by Babel, and Babel's locale data.

One site, one language: `language_for(tag)` picks the shipped catalog that best fits a
BCP 47 tag (`pt-BR`, `de-AT`, `ar`), falling back to English. The catalogs live next to this
module as `locale/<code>/LC_MESSAGES/statusgen.po`, compiled to `.mo` beside them (the wheel
ships both); `make catalogs` refreshes them after a string changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "statusgen"
# The catalogs shipped, as gettext names them; English is the source language.
SHIPPED = ("en", "de", "fr", "es", "pt_BR", "ja", "ar")
DEFAULT = "en"
# What `lang:` in front-matter and `language:` in the config accept: BCP 47's shape
# (language, optional script, region or variants), not its registry.
TAG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$"
_TAG = re.compile(TAG_PATTERN)


def is_tag(text: str) -> bool:
    return bool(_TAG.match(text))


def html_tag(code: str) -> str:
    """`pt_BR` → `pt-BR`: the spelling of HTML's `lang` attribute and of `Intl`."""
    return code.replace("_", "-")


def is_rtl(tag: str) -> bool:
    """Whether text in this language runs right to left (Arabic, Hebrew, Persian, Urdu...)."""
    try:
        return Locale.parse(tag, sep="-" if "-" in tag else "_").character_order == "right-to-left"
    except (ValueError, UnknownLocaleError):
        return False


@dataclass(frozen=True)
class Language:
    """One shipped language: its catalog and Babel's locale data."""

    code: str  # gettext's name: `pt_BR`
    translations: NullTranslations

    @property
    def tag(self) -> str:
        return html_tag(self.code)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    @property
    def rtl(self) -> bool:
        return self.locale.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)


def best_code(tag: str | None) -> str:
    """The shipped catalog for a language tag: exact, else its language alone, else English."""
    if not tag:
        return DEFAULT
    wanted = tag.replace("-", "_")
    lowered = {code.lower(): code for code in SHIPPED}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    base = wanted.split("_")[0].lower()
    if base == "pt":
        return "pt_BR"
    return lowered.get(base, DEFAULT)


@cache
def language(code: str) -> Language:
    """The language of a shipped code (see `best_code`); its compiled catalog, loaded once."""
    if code == DEFAULT:
        return Language(DEFAULT, NullTranslations())
    translations = Translations.load(str(LOCALE_DIR), [code], DOMAIN)
    if not isinstance(translations, Translations):  # a .mo missing: a broken install
        raise FileNotFoundError(f"statusgen: no compiled catalog for {code} in {LOCALE_DIR}")
    return Language(code, translations)


def language_for(tag: str | None) -> Language:
    return language(best_code(tag))


ENGLISH = language(DEFAULT)


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translated where it is shown."""
    return message
