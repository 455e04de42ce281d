"""Imported components go into mkdocs.yml; everything else in the file stays as it was."""

from __future__ import annotations

import difflib
import textwrap

import pytest

from statusgen.importers.mkdocs_config import ConfigEditError, with_components

USER_CONFIG = textwrap.dedent(
    """\
    # Our status page. Ask #platform before changing the theme.
    site_name: Acme Status   # shown in the header
    site_url: https://status.acme.example/
    theme:
      name: material
      custom_dir: overrides
    markdown_extensions:
      - pymdownx.emoji:
          emoji_index: !!python/name:material.extensions.emoji.twemoji
          emoji_generator: !!python/name:material.extensions.emoji.to_svg
      - pymdownx.superfences:
          custom_fences:
            - name: mermaid
              class: mermaid
              format: !!python/name:pymdownx.superfences.fence_code_format
    extra:
      analytics: !ENV [GA_KEY, "none"]
      note: 'single quoted'
      flow: {a: 1, b: [1, 2]}
    plugins:
      - search
      - statusgen:
          # One entry per service.
          components:
            - id: api   # never rename: incidents use it
              name: API
              group: Core
          feed_limit: 20
    """
)
API = {"id": "api", "name": "API", "group": "Core"}
NEW = {
    "id": "dashboard",
    "name": "Dashboard: web",
    "description": "The web console.",
    "group": "Core",
    "origin": {"system": "statuspage", "id": "b13yz5g2cw10"},
}


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_adding_a_component_changes_only_the_component_list() -> None:
    edited = with_components(USER_CONFIG, [API, NEW])
    assert edited.exact_layout
    assert changed_lines(USER_CONFIG, edited.text) == [
        "+        - id: dashboard",
        "+          name: 'Dashboard: web'",
        "+          description: The web console.",
        "+          group: Core",
        "+          origin: {system: statuspage, id: b13yz5g2cw10}",
    ]


def test_python_name_and_env_tags_and_comments_survive_an_edit() -> None:
    text = with_components(USER_CONFIG, [{**API, "origin": {"system": "cstate", "id": "API"}}]).text
    for kept in (
        "emoji_index: !!python/name:material.extensions.emoji.twemoji",
        "format: !!python/name:pymdownx.superfences.fence_code_format",
        'analytics: !ENV [GA_KEY, "none"]',
        "# Our status page. Ask #platform before changing the theme.",
        "site_name: Acme Status   # shown in the header",
        "- id: api   # never rename: incidents use it",
        "# One entry per service.",
        "note: 'single quoted'",
        "feed_limit: 20",
    ):
        assert kept in text
    assert "origin: {system: cstate, id: API}" in text


def test_updating_a_component_edits_it_in_place() -> None:
    text = with_components(USER_CONFIG, [{"id": "api", "name": "Public API"}]).text
    assert changed_lines(USER_CONFIG, text) == [
        "-          name: API",
        "-          group: Core",
        "+          name: Public API",
    ]


@pytest.mark.parametrize(
    "layout",
    [
        "plugins:\n- statusgen:\n    components:\n    - id: api\n      name: API\n",
        "plugins:\n    - statusgen:\n          components:\n"
        "              - id: api\n                name: API\n",
    ],
)
def test_other_indentation_styles_are_kept(layout: str) -> None:
    text = "site_name: X\nsite_url: https://x.example/\n" + layout
    edited = with_components(text, [{"id": "api", "name": "API"}, {"id": "web", "name": "Web"}])
    assert edited.exact_layout
    changed = changed_lines(text, edited.text)
    assert len(changed) == 2
    assert all(line.startswith("+") for line in changed)


def test_windows_line_endings_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeff" + USER_CONFIG.replace("\n", "\r\n")
    edited = with_components(text, [API, NEW]).text
    assert edited.startswith("\ufeff")
    assert edited.count("\r\n") == edited.count("\n")
    assert edited.replace("\r\n", "\n").removeprefix("\ufeff").startswith(USER_CONFIG[:100])


def test_a_bare_statusgen_plugin_entry_gets_its_components() -> None:
    text = "site_name: X\nsite_url: https://x.example/\nplugins:\n  - search\n  - statusgen\n"
    edited = with_components(text, [{"id": "api", "name": "API"}]).text
    assert "  - search\n  - statusgen:\n      components:\n        - id: api\n" in edited


def test_a_config_without_the_statusgen_plugin_is_refused() -> None:
    with pytest.raises(ConfigEditError, match="no 'statusgen' entry"):
        with_components("site_name: X\nplugins:\n  - search\n", [API])
