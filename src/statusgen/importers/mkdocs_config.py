"""Putting the imported components into mkdocs.yml without disturbing anything else in it.

mkdocs.yml is the user's file: comments, key order, quoting, other plugins and mkdocs'
`!!python/name:` and `!ENV` tags must survive. ruamel.yaml's round-trip mode keeps all of
that, provided it writes with the file's own indentation, which it cannot detect by itself:
the settings that reproduce the unchanged file byte for byte are found by trying the usual
ones. Only the `components` list under statusgen's plugin entry is edited, in place, so the
comments inside it stay with their components.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from statusgen.content.settings import PLUGIN_NAME
from statusgen.errors import ImportRefused

ENTRY_ORDER = ("id", "name", "description", "group", "uptime", "origin")


class ConfigEditError(ImportRefused, ValueError):
    """mkdocs.yml is laid out in a way this module cannot edit."""


@dataclass(frozen=True)
class _Layout:
    mapping: int
    sequence: int
    offset: int
    explicit_start: bool

    def yaml(self) -> YAML:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 1_000_000
        yaml.indent(mapping=self.mapping, sequence=self.sequence, offset=self.offset)
        yaml.explicit_start = self.explicit_start
        return yaml


def _layouts(explicit_start: bool) -> Iterator[_Layout]:
    # The mkdocs documentation's style first, then the other common ones.
    preferred = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 4, 0), (4, 6, 4), (2, 4, 0), (4, 2, 0)]
    every = [
        (mapping, sequence, offset)
        for mapping in (2, 4, 3)
        for sequence in (2, 3, 4, 5, 6)
        for offset in range(0, sequence - 1)
    ]
    for layout in dict.fromkeys([*preferred, *every]):
        yield _Layout(*layout, explicit_start)


def _dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _best_layout(text: str) -> tuple[_Layout, bool]:
    """The layout that writes `text` back unchanged, or the closest one (and False)."""
    explicit = text.lstrip().startswith("---")
    best: tuple[float, _Layout] | None = None
    for layout in _layouts(explicit):
        yaml = layout.yaml()
        written = _dump(yaml, yaml.load(text))
        if written == text:
            return layout, True
        # Line by line: layouts differ in indentation, and comparing characters is
        # quadratic in the file's size (minutes on a long mkdocs.yml).
        score = difflib.SequenceMatcher(
            None, text.splitlines(), written.splitlines(), autojunk=False
        ).ratio()
        if best is None or score > best[0]:
            best = (score, layout)
    assert best is not None
    return best[1], False


def _plugin_options(data: Any) -> Any:
    """The mapping under statusgen's plugin entry, created empty if the entry has none."""
    if not isinstance(data, CommentedMap):
        raise ConfigEditError("mkdocs.yml is not a mapping of settings")
    plugins = data.get("plugins")
    if isinstance(plugins, CommentedMap) and PLUGIN_NAME in plugins:
        if plugins[PLUGIN_NAME] is None:
            plugins[PLUGIN_NAME] = CommentedMap()
        return plugins[PLUGIN_NAME]
    if isinstance(plugins, CommentedSeq):
        for index, entry in enumerate(plugins):
            if entry == PLUGIN_NAME:
                plugins[index] = CommentedMap({PLUGIN_NAME: CommentedMap()})
                return plugins[index][PLUGIN_NAME]
            if isinstance(entry, CommentedMap) and PLUGIN_NAME in entry:
                if entry[PLUGIN_NAME] is None:
                    entry[PLUGIN_NAME] = CommentedMap()
                return entry[PLUGIN_NAME]
    raise ConfigEditError("mkdocs.yml has no 'statusgen' entry under plugins")


def _new_item(entry: dict[str, Any]) -> CommentedMap:
    item = CommentedMap()
    for key in ENTRY_ORDER:
        if key in entry:
            item[key] = _value(key, entry[key])
    return item


def _value(key: str, value: Any) -> Any:
    if key == "origin":
        origin = CommentedMap(value)
        origin.fa.set_flow_style()
        return origin
    return value


def _update_item(item: CommentedMap, entry: dict[str, Any]) -> None:
    for key in [k for k in item if k in ENTRY_ORDER and k not in entry]:
        del item[key]
    for key in ENTRY_ORDER:
        if key in entry and item.get(key) != entry[key]:
            item[key] = _value(key, entry[key])


def _edit_components(options: Any, entries: Sequence[dict[str, Any]]) -> None:
    components = options.get("components")
    if components is None:
        components = options["components"] = CommentedSeq()
    if not isinstance(components, CommentedSeq):
        raise ConfigEditError("statusgen's 'components' in mkdocs.yml is not a list")
    # `entries` lists the existing components in their order, with new ones inserted.
    for index, entry in enumerate(entries):
        current = components[index] if index < len(components) else None
        if isinstance(current, CommentedMap) and current.get("id") == entry["id"]:
            _update_item(current, entry)
        else:
            components.insert(index, _new_item(entry))
    if len(components) != len(entries):
        raise ConfigEditError("could not line up the components of mkdocs.yml with the import")


@dataclass(frozen=True)
class EditedConfig:
    text: str
    exact_layout: bool
    """False when the YAML library re-indents parts of the file it could not reproduce."""


def with_components(text: str, entries: Sequence[dict[str, Any]]) -> EditedConfig:
    """mkdocs.yml's text with statusgen's component list made `entries`, all else kept."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    crlf = "\r\n" in text
    plain = text.removeprefix("\ufeff").replace("\r\n", "\n")
    layout, exact = _best_layout(plain)
    yaml = layout.yaml()
    data = yaml.load(plain)
    _edit_components(_plugin_options(data), entries)
    written = _dump(yaml, data)
    if crlf:
        written = written.replace("\n", "\r\n")
    return EditedConfig(bom + written, exact)
