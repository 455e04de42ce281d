"""Material's scripts and stylesheets that no page of a statusgen site loads, left out of it.

mkdocs copies every file of the theme into the site. statusgen's page shell (theme/base.html)
replaces Material's, which is the only template that links Material's JavaScript bundle, its
search worker and lunr's language files; Material's two stylesheets reach the pages joined
into one file (stylesheets.py). So those files, and the source maps beside them, are 2.5 MB
of every site that nothing requests. They are left out only where that can be shown:

- a site with its own templates (`theme.custom_dir`) could link any of them: all stay;
- a site that turns on a search plugin keeps them all, as mkdocs and Material ship them;
- a file the site names in `extra_css` or `extra_javascript` stays.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .page_shell import overrides_templates

# Folders of Material's theme that only Material's own base.html (or the joined stylesheet)
# reads from.
UNLINKED_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")


def _material_dir() -> Path:
    import material

    return (Path(material.__file__).parent / "templates").resolve()


def enables_search(config: MkDocsConfig) -> bool:
    """Whether a search plugin (mkdocs' `search` or Material's `material/search`) is on."""
    return any(name == "search" or name.endswith("/search") for name in config.plugins)


def unlinked_theme_files(config: MkDocsConfig, files: Files) -> list[File]:
    """Material's files in `files` that no page of this site links (see the module's text)."""
    if overrides_templates(config) or enables_search(config):
        return []
    named = {str(path) for path in (*config.extra_css, *config.extra_javascript)}
    material = _material_dir()
    return [
        file
        for file in files
        if file.src_uri.startswith(UNLINKED_FOLDERS)
        and file.src_uri not in named
        and file.abs_src_path is not None
        and Path(file.abs_src_path).resolve().is_relative_to(material)
    ]
