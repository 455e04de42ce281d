"""Reading mkdocs.yml: statusgen's settings with the line of every key, or every problem.

The page's name and URL are mkdocs' own `site_name` and `site_url`; statusgen's entry in
`plugins` declares components and publishing choices (the models in `settings`). The file is
read with plain YAML so that nothing outside the mkdocs adapter imports mkdocs, and every
problem in it is reported at once, as `mkdocs.yml:line: what is wrong`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from statusgen.characters import FORBIDDEN, LINE_BREAK
from statusgen.errors import YamlShapeError
from statusgen.i18n import is_tag
from statusgen.problems import Problem, error, quoted

from .explain import problems_from
from .load import character_problems, value_character_problems
from .locations import Loc
from .settings import CONFIG_FILE, PLUGIN_NAME, SiteConfig, StatusgenConfig
from .third_party import config_problems
from .yaml_front_matter import LineMap, parse_yaml


def _find_plugin_entry(data: dict[str, Any]) -> tuple[Loc, Any] | None:
    plugins = data.get("plugins")
    if isinstance(plugins, dict):
        if PLUGIN_NAME in plugins:
            return ("plugins", PLUGIN_NAME), plugins[PLUGIN_NAME]
        return None
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if entry == PLUGIN_NAME:
                return ("plugins", index), {}
            if isinstance(entry, dict) and PLUGIN_NAME in entry:
                return ("plugins", index, PLUGIN_NAME), entry[PLUGIN_NAME]
    return None


def _url_problems(url: Any, rel: str, lines: LineMap) -> Iterator[Problem]:
    if not url:
        yield error(
            rel,
            lines.line_of(("site_url",)),
            "site_url",
            "missing: feeds and JSON need absolute links; set site_url: "
            "https://status.example.com/ (or https://ORG.github.io/REPO/)",
        )
    elif not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
        yield error(
            rel,
            lines.line_of(("site_url",)),
            "site_url",
            "must be an absolute http(s) URL such as https://status.example.com/ "
            f"(got {quoted(url)})",
        )


def _name_problems(name: Any, rel: str, lines: LineMap) -> Iterator[Problem]:
    line = lines.line_of(("site_name",))
    if not isinstance(name, str) or not name.strip():
        yield error(rel, line, "site_name", "missing: name the status page")
    elif LINE_BREAK.search(name.strip()):
        yield error(rel, line, "site_name", "must be a single line: remove the line break")


def load_config(config_file: Path, *, site_url: str | None = None) -> SiteConfig | list[Problem]:
    """Read and validate mkdocs.yml; return the config or every problem found in it.

    `site_url` overrides the file's (a deploy passes the URL its host serves the site at).
    """
    rel = config_file.name
    if not config_file.is_file():
        return [error(rel, 1, "", f"no {CONFIG_FILE} found at {config_file}")]
    try:
        text = config_file.read_text("utf-8")
    except UnicodeDecodeError:
        return [error(rel, 1, "", "not UTF-8: save the file as UTF-8")]
    problems: list[Problem] = character_problems(text, rel)
    try:
        data, lines = parse_yaml(
            FORBIDDEN.sub("\ufffd", text), tolerate_tags=True, where=CONFIG_FILE
        )
    except YamlShapeError as exc:
        return [*problems, error(rel, exc.line, "", exc.message)]
    if not isinstance(data, dict):
        return [*problems, error(rel, 1, "", "must be a mapping of settings")]
    problems.extend(value_character_problems(data, lines, rel))
    name = data.get("site_name")
    problems.extend(_name_problems(name, rel, lines))
    if site_url:
        data["site_url"] = site_url
    problems.extend(_url_problems(data.get("site_url"), rel, lines))
    found = _find_plugin_entry(data)
    if found is None:
        problems.append(
            error(
                rel,
                lines.line_of(("plugins",)),
                "plugins",
                "no 'statusgen' entry: add '- statusgen:' with your components under plugins",
            )
        )
        return problems
    prefix, options_data = found
    try:
        options = StatusgenConfig.model_validate(options_data or {})
    except ValidationError as exc:
        problems.extend(problems_from(exc, StatusgenConfig, rel, lines, prefix))
        return problems
    problems.extend(_notify_problems(options, prefix, rel, lines))
    problems.extend(_component_problems(options, prefix, rel, lines))
    problems.extend(_alert_rule_problems(options, prefix, rel, lines))
    root = config_file.parent.resolve()
    folders = _content_folders(data, options, prefix, root)
    if not options.allow_dirs_outside_repo:
        problems.extend(_outside_problems(folders, root, rel, lines))
    if isinstance(data.get("site_url"), str):
        own_host = re.sub(r"^[a-z]+://", "", data["site_url"]).split("/")[0].lower()
        problems.extend(config_problems(data, rel, lines, own_host, options.allowed_hosts))
    if problems:
        return problems
    assert isinstance(name, str) and isinstance(data["site_url"], str)
    url = data["site_url"] if data["site_url"].endswith("/") else data["site_url"] + "/"
    site_dir = data.get("site_dir")
    setting = site_dir if isinstance(site_dir, str) and site_dir else None
    return SiteConfig(
        root=root,
        name=name.strip(),
        url=url,
        options=options,
        config_file=config_file.resolve(),
        site_dir=root / (setting or "site"),
        docs_dir=root / folders[("docs_dir",)],
        site_dir_setting=setting,
        site_dir_line=lines.line_of(("site_dir",)),
        language=options.language or _theme_language(data),
    )


def _theme_language(data: dict[str, Any]) -> str:
    """mkdocs-material's `theme.language`, when it is a tag; English otherwise."""
    theme = data.get("theme")
    value = theme.get("language") if isinstance(theme, dict) else None
    return value if isinstance(value, str) and is_tag(value) else "en"


def _repeated(
    keys: Iterable[tuple[str, Loc]], field: str, what: str, rel: str, lines: LineMap
) -> Iterator[Problem]:
    """A problem at every key (with where it is) that an earlier entry has: `field` is the
    key's field with `{}` for the entry's index, `what` says what the key is."""
    first: dict[str, int] = {}
    for index, (key, loc) in enumerate(keys):
        line = lines.line_of(loc)
        if key in first:
            yield error(
                rel,
                line,
                field.format(index),
                f"duplicate {what} '{key}' (first at line {first[key]})",
            )
        first.setdefault(key, line)


def _unknown_components(
    options: StatusgenConfig,
    named: Iterable[tuple[int, str, Loc]],
    section: str,
    rel: str,
    lines: LineMap,
) -> Iterator[Problem]:
    """A problem at every component id (of entry `index` of `section`) the site does not have."""
    known = [c.id for c in options.components]
    for index, component, loc in named:
        if component not in known:
            yield error(
                rel,
                lines.line_of(loc),
                f"{section}[{index}].components",
                f"unknown component '{component}' (known: {', '.join(known)})",
            )


def _notify_problems(
    options: StatusgenConfig, prefix: Loc, rel: str, lines: LineMap
) -> Iterator[Problem]:
    """Target names are unique and every component a target follows exists."""
    at = (*prefix, "notify")
    targets = list(enumerate(options.notify))
    names = [(target.name, (*at, index, "name")) for index, target in targets]
    yield from _repeated(names, "notify[{}].name", "target name", rel, lines)
    followed = [
        (index, component, (*at, index, "components", position))
        for index, target in targets
        for position, component in enumerate(target.components or [])
    ]
    yield from _unknown_components(options, followed, "notify", rel, lines)


def _component_problems(
    options: StatusgenConfig, prefix: Loc, rel: str, lines: LineMap
) -> Iterator[Problem]:
    """Component ids are unique; an objective needs the availability it is measured on."""
    at = (*prefix, "components")
    ids = [(c.id, (*at, index, "id")) for index, c in enumerate(options.components)]
    yield from _repeated(ids, "components[{}].id", "component id", rel, lines)
    for index, component in enumerate(options.components):
        if component.slo is not None and not component.uptime:
            yield error(
                rel,
                lines.line_of((*at, index, "slo")),
                f"components[{index}].slo",
                "an SLO needs availability tracking: remove 'uptime: false' or the slo",
            )


def _content_folders(
    data: dict[str, Any], options: StatusgenConfig, prefix: Loc, root: Path
) -> dict[Loc, str]:
    """The folders a build reads, by where mkdocs.yml sets them (mkdocs' default docs/)."""
    docs_dir = data.get("docs_dir")
    return {
        ("docs_dir",): docs_dir if isinstance(docs_dir, str) and docs_dir else "docs",
        (*prefix, "incidents_dir"): options.incidents_dir,
        (*prefix, "postmortems_dir"): options.postmortems_dir,
    }


def _outside_problems(
    folders: dict[Loc, str], root: Path, rel: str, lines: LineMap
) -> Iterator[Problem]:
    """Content folders must resolve (links followed) inside the folder of mkdocs.yml."""
    for loc, folder in folders.items():
        if not (root / folder).resolve().is_relative_to(root):
            key = str(loc[-1])
            yield error(
                rel,
                lines.line_of(loc),
                key,
                f"'{folder}' is outside the folder of {CONFIG_FILE} ({root}); keep content "
                "in the repository, or set allow_dirs_outside_repo: true under statusgen "
                "if this is intended",
            )


def _alert_rule_problems(
    options: StatusgenConfig, prefix: Loc, rel: str, lines: LineMap
) -> Iterator[Problem]:
    """Every component an alert rule sets exists, and rule ids are unique."""
    at = (*prefix, "alerts")
    rules = list(enumerate(options.alerts))
    ids = [(rule.id or f"rule-{index + 1}", (*at, index)) for index, rule in rules]
    yield from _repeated(ids, "alerts[{}].id", "alert rule id", rel, lines)
    components = [
        (index, component, (*at, index, "components", component))
        for index, rule in rules
        for component in rule.components
    ]
    yield from _unknown_components(options, components, "alerts", rel, lines)
