"""Keep the translation catalogs in step with the code: `make catalogs` runs this.

    python -m scripts.catalogs update   extract messages.pot, merge it into every .po, compile .mo
    python -m scripts.catalogs check    exit 1 if a catalog misses a string, has a fuzzy or
                                        obsolete entry, or its .mo is out of date

Extraction reads babel.cfg (the Python sources and statusgen's templates) with `N_` as an
extra keyword. The files carry no creation date and no source locations, so refreshing
catalogs that did not change changes no byte.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from statusgen.i18n import DEFAULT, DOMAIN, LOCALE_DIR, SHIPPED

HEADER = (
    "# statusgen's words on a status page. Translate with care: customers read the statuses,\n"
    "# impacts and component states first. CONTRIBUTING.md says how to add a language."
)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
REPO = Path(__file__).resolve().parent.parent
POT = LOCALE_DIR.parent / "messages.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract() -> Catalog:
    """Every message the code and templates use, as a fresh template catalog."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog(project="statusgen", fuzzy=False)
    for _, _line, message, comments, context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=False, sort_output=True, no_location=True, width=100)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _stable(catalog: Catalog) -> Catalog:
    """No dates in the header: the same messages always make the same file."""
    catalog.creation_date = catalog.revision_date = EPOCH
    return catalog


def read(code: str) -> Catalog:
    with po_path(code).open("rb") as handle:
        return read_po(handle, locale=code, domain=DOMAIN)


def _template() -> Catalog:
    """messages.pot as written, read again: each catalog merges its own copy."""
    with POT.open("rb") as handle:
        return read_po(handle)


def _new_catalog(code: str) -> Catalog:
    return Catalog(
        locale=code,
        domain=DOMAIN,
        project="statusgen",
        header_comment=HEADER,
        last_translator="statusgen contributors",
        language_team=code,
        fuzzy=False,
    )


def update() -> None:
    POT.write_bytes(_po_bytes(_stable(extract())))
    for code in SHIPPED:
        path = po_path(code)
        if path.is_file():
            catalog = read(code)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = _new_catalog(code)
        catalog.update(_template(), no_fuzzy_matching=False)
        catalog.obsolete.clear()
        if code == DEFAULT:  # the source language: every message is its own translation
            for message in catalog:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        path.write_bytes(_po_bytes(_stable(catalog)))
        # Compiled from the file as written, as `check` compiles it.
        path.with_suffix(".mo").write_bytes(_mo_bytes(read(code)))


def _shown(path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.as_posix()


def problems() -> list[str]:
    """What stops the catalogs from matching the code, one line each."""
    wanted = {message.id for message in extract() if message.id}
    found: list[str] = []
    for code in SHIPPED:
        catalog = read(code)
        rel = _shown(po_path(code))
        have = {message.id for message in catalog if message.id}
        for missing in sorted(map(str, wanted - have)):
            found.append(f"{rel}: missing {missing!r}")
        for extra in sorted(map(str, have - wanted)):
            found.append(f"{rel}: obsolete {extra!r}")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                found.append(f"{rel}: fuzzy {message.id!r}")
            elif not all(strings):
                found.append(f"{rel}: untranslated {message.id!r}")
        mo = po_path(code).with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != _mo_bytes(catalog):
            found.append(f"{_shown(mo)}: out of date: run make catalogs")
    return found


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        update()
        return 0
    if argv[1:] == ["check"]:
        lines = problems()
        for line in lines:
            print(line)
        return 1 if lines else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
