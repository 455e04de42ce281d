"""`statusgen init`: a new status-page repository that validates and builds as it stands.

The files come from package data under `scaffold/`: `site/` is copied as it is (files named
`*.jinja` are filled in first, `gitignore` becomes `.gitignore`), one example incident is
dated just before `now`, and every `scaffold/workflows/*.yml` present in this version of
statusgen becomes a GitHub Actions workflow. The new site's `requirements.txt` pins exactly
the statusgen that wrote it, which is what both workflows install.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2

from statusgen import __version__
from statusgen.content.settings import CONFIG_FILE
from statusgen.content.validate import check_site
from statusgen.errors import ScaffoldInvalid, ScaffoldRefused
from statusgen.i18n import ENGLISH, Language, language_for
from statusgen.render.format import iso

from .text_edits import dump

JINJA_SUFFIX = ".jinja"
RENAMED = {"gitignore": ".gitignore"}
DEFAULT_NAME = "Example Status"
DEFAULT_URL = "https://status.example.com/"


@dataclass(frozen=True)
class Scaffold:
    root: Path
    files: tuple[str, ...]
    example_incident: str


def _yaml_scalar(value: str) -> str:
    return dump({"v": value}).removeprefix("v: ").rstrip("\n")


def _environment(lang: Language = ENGLISH) -> jinja2.Environment:
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        extensions=["jinja2.ext.i18n"],
    )
    environment.policies["ext.i18n.trimmed"] = True  # a paragraph's line breaks are layout
    environment.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    environment.filters["yaml"] = _yaml_scalar
    return environment


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            yield from _walk(entry, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{entry.name}", entry


def _source() -> Traversable:
    return files("statusgen.authoring") / "scaffold"


def _planned(
    name: str, url: str, now: datetime, language: str = "en"
) -> tuple[dict[str, str], str]:
    """Every file to write, by path relative to the new site, and the example's path."""
    source = _source()
    environment = _environment(language_for(language))
    values = {
        "site_name": name,
        "site_url": url,
        "statusgen_version": __version__,
        "language": language,
    }
    planned: dict[str, str] = {}
    for rel, entry in _walk(source / "site"):
        text = entry.read_text("utf-8")
        if rel.endswith(JINJA_SUFFIX):
            rel = rel.removesuffix(JINJA_SUFFIX)
            text = environment.from_string(text).render(values)
        head, _, base = rel.rpartition("/")
        planned[f"{head}/{RENAMED.get(base, base)}" if head else RENAMED.get(base, base)] = text
    workflows = source / "workflows"
    if workflows.is_dir():
        for rel, entry in _walk(workflows):
            if rel.endswith(".yml") and "/" not in rel:
                planned[f".github/workflows/{rel}"] = entry.read_text("utf-8")
    # The example looks like a real, short, resolved incident that ended an hour ago.
    first = now.replace(second=0, microsecond=0) - timedelta(hours=3)
    example = f"incidents/{first.date().isoformat()}-example-slow-dashboard.md"
    planned[example] = environment.from_string(
        (source / "example-incident.md.jinja").read_text("utf-8")
    ).render(
        first_at=iso(first),
        identified_at=iso(first + timedelta(minutes=40)),
        resolved_at=iso(first + timedelta(hours=2)),
    )
    return planned, example


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def _check(planned: dict[str, str], now: datetime) -> None:
    """Validate the new site as `statusgen validate` would, in a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="statusgen-init-") as scratch:
        for rel, text in planned.items():
            _write(Path(scratch), rel, text)
        report = check_site(Path(scratch) / CONFIG_FILE, now).report
    if report.problems:
        raise ScaffoldInvalid(report.problems)


def create_site(
    root: Path,
    now: datetime,
    *,
    name: str = DEFAULT_NAME,
    url: str = DEFAULT_URL,
    language: str = "en",
) -> Scaffold:
    """Write a new status site into `root`; refuse before writing if any file exists or
    the site would not validate. `language` (a shipped one, as `theme.language` spells it)
    sets the page's language and writes the About page in it."""
    planned, example = _planned(name, url, now, language)
    existing = sorted(rel for rel in planned if (root / rel).exists())
    if existing:
        raise ScaffoldRefused(existing)
    _check(planned, now)
    written: list[Path] = []
    try:
        for rel, text in sorted(planned.items()):
            written.append(_write(root, rel, text))
    except FileExistsError as exc:  # appeared since the check: leave the folder as it was
        for path in written:
            path.unlink()
        raise ScaffoldRefused([Path(str(exc.filename)).relative_to(root).as_posix()]) from None
    return Scaffold(root, tuple(sorted(planned)), example)
