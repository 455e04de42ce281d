"""mkdocs-material's inline scripts, served as files so the page's CSP can refuse inline script.

Material writes small `<script>` elements into every page (storage helpers in the head, the
palette, content tabs, banners). statusgen's theme overrides those partials with
`<script src>` elements, and this module makes the files from the installed Material's own
partials at build time, so they follow Material's releases. The one template value a script
holds (a URL) moves to a `data-` attribute of its element; anything else unexpected fails
the build instead of shipping a script that no longer matches the theme.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from statusgen.errors import ThemeScriptError

FOLDER = "assets/statusgen/theme/"
# partial name → how many <script> elements it has (content.html: tabs link, then anchor).
PARTIALS = {"base": 1, "content": 2, "palette": 1, "announce": 1, "outdated": 1, "consent": 1}
# Template values inside the scripts, and what reads them from the script element instead.
_READ = 'document.currentScript.getAttribute("{}")'
_VALUES = {
    '"{{ config.extra.scope | d(base_url) }}"': _READ.format("data-md-scope"),
    '"{{ base_url }}"': _READ.format("data-md-base"),
}
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _partials_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates" / "partials" / "javascripts"


@lru_cache(maxsize=1)
def theme_script_files() -> dict[str, bytes]:
    """`assets/statusgen/theme/<partial>-<n>.js` for every inline script of Material."""
    files: dict[str, bytes] = {}
    for name, expected in PARTIALS.items():
        path = _partials_dir() / f"{name}.html"
        scripts = _SCRIPT.findall(path.read_text("utf-8"))
        if len(scripts) != expected:
            raise ThemeScriptError(
                f"{path} has {len(scripts)} inline scripts, statusgen expects {expected}: "
                "this mkdocs-material release needs a statusgen update"
            )
        for number, script in enumerate(scripts, start=1):
            for value, replacement in _VALUES.items():
                script = script.replace(value, replacement)
            if "{{" in script or "{%" in script:
                raise ThemeScriptError(
                    f"{path} has a template value statusgen does not know in script {number}"
                )
            header = f"/* mkdocs-material, partials/javascripts/{name}.html, script {number} */\n"
            files[f"{FOLDER}{name}-{number}.js"] = (header + script.strip() + "\n").encode()
    return files
