"""What statusgen reads of the theme's configuration in mkdocs.yml (language, palettes,
stylesheets) and where its own theme folder goes among the theme's."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from statusgen.i18n import is_tag

# statusgen's own theme folder: its page shell, partials and assets.
THEME_DIR = Path(__file__).parent / "theme"


def theme_language_tag(config: MkDocsConfig) -> str:
    value = config.theme.get("language")
    return value if isinstance(value, str) and is_tag(value) else ""


def theme_stylesheets(config: MkDocsConfig) -> list[str]:
    """Material's main and palette stylesheets, whose names carry a hash of their content."""
    found: list[str] = []
    for pattern in ("main.*.min.css", "palette.*.min.css"):
        for folder in config.theme.dirs:
            matches = sorted((Path(folder) / "assets" / "stylesheets").glob(pattern))
            if matches:
                found.append(f"assets/stylesheets/{matches[0].name}")
                break
    return found


def palettes(config: MkDocsConfig, default_name: str) -> list[dict[str, str]]:
    """The colour schemes readers can switch between, for the header's button."""
    palette = config.theme.get("palette") or []
    options = [palette] if isinstance(palette, dict) else list(palette)
    found = []
    for option in options:
        if not isinstance(option, dict):
            continue
        toggle = option.get("toggle") or {}
        found.append(
            {
                "scheme": str(option.get("scheme") or "default").replace(" ", "-"),
                "primary": str(option.get("primary") or "indigo").replace(" ", "-"),
                "accent": str(option.get("accent") or "indigo").replace(" ", "-"),
                "media": str(option.get("media") or ""),
                "name": str(toggle.get("name") or default_name),
            }
        )
    return found


def add_theme_dir(config: MkDocsConfig) -> None:
    """Our templates and assets sit above the theme's and below the site's own overrides."""
    dirs = config.theme.dirs
    if str(THEME_DIR) in dirs:
        return
    custom = config.theme.custom_dir
    position = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
    dirs.insert(position, str(THEME_DIR))
