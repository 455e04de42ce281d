"""Incident pages the previous site already has, byte for byte: linked, never rendered.

One posted update changes a handful of a 5,000-incident site's pages. Linking the others'
files from the old site (`build.unchanged_files`) still had mkdocs make, read and render
each page only to find the same bytes: some 40 % of the build. A page goes past mkdocs
altogether, as a file linked from the previous site, when all of these hold:

- the page comes from the page cache under the fingerprint the previous build wrote its
  file from (same incident, same summary, same configuration: `page_cache.WrittenFiles`);
- the theme's shell is unchanged: `shell_fingerprint` (statusgen's code and templates, the
  libraries' versions, mkdocs.yml, the files of the docs and theme folders) is the one the
  previous build wrote under;
- the previous site's file at the page's place is a regular file, not reached through a
  symbolic link, whose SHA-256 is the one the previous build recorded (an edit by hand to
  the built site is rendered over, not kept);
- mkdocs.yml's own navigation does not name the page, and no plugin but statusgen's takes
  part (another may change any page, or list them all, as a search index does), nor any
  template of the site's own (`page_files.pages_may_pass_mkdocs`).

A fingerprint of inputs can miss one, so the first such page of each kind (its folder,
metadata, feeds and whatever else the theme tests of a page) is rendered after all and
must come out as the file it would have linked. If one does not, the build stops and is
made again with every page rendered (`ShellChanged`).

A linked page stays in mkdocs' files (`page_files.PageFile`), so links to it from
hand-written pages resolve and their anchors are checked against its HTML, and the sitemap
lists it as mkdocs would.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.utils import get_build_date

from statusgen.build.unchanged_files import link_previous, read_previous
from statusgen.cache_folder import code_fingerprint
from statusgen.render.page_cache import PageCache
from statusgen.render.page_context import SitePage

from .page_files import PageFile, ShellChanged, nav_strings, pages_may_pass_mkdocs

# The configuration the theme prints or tests, beyond mkdocs.yml's own bytes (an INHERIT
# file, an !ENV value).
_SHELL_SETTINGS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "use_directory_urls",
    "nav",
    "extra",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
    "mdx_configs",
)


def shell_fingerprint(config: MkDocsConfig) -> str:
    """Everything a generated page's file is made of besides the page itself."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for name in ("mkdocs", "mkdocs-material"):
        digest.update(f"\0{name}={metadata.version(name)}".encode())
    digest.update(b"\0" + Path(config.config_file_path).read_bytes())
    settings = {name: config.get(name) for name in _SHELL_SETTINGS}
    settings["theme"] = {**dict(config.theme.items()), "name": config.theme.name}
    settings["plugins"] = list(config.plugins)
    digest.update(b"\0" + json.dumps(settings, sort_keys=True, default=str).encode())
    folders = [config.docs_dir, config.theme.custom_dir]
    for folder in filter(None, folders):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PreviousPage(NamedTuple):
    """The previous site's file of a page, checked: its path and which file it is."""

    path: str
    identity: tuple[int, int]


class LinkedPage(PageFile):
    """A page's file linked from the previous site: mkdocs copies it with the static files
    and neither reads nor renders it."""

    def __init__(
        self,
        config: MkDocsConfig,
        generated: File,
        old: PreviousPage,
        page: SitePage,
        built_on: str,
    ):
        super().__init__(config, generated, page, built_on)
        self.old = old
        # Already at its place in the new site, in a folder taken from the spare site.
        self.in_place = False

    def copy_file(self, dirty: bool = False) -> None:
        if self.in_place:
            return
        old, new = self.old.path, self.abs_dest_path
        if link_previous(old, new, self.old.identity):
            return
        # Another file system, a link limit: the bytes are copied, if they are still those
        # checked. A file replaced since then is not taken over, and nothing at `new` is
        # written into: it could be a second name of the previous site's file.
        found = read_previous(old)
        if found is None or found.identity != self.old.identity:
            raise ShellChanged(f"{old} changed while the site was built")
        with open(new, "xb") as file:
            file.write(found.data)


class PageLinks:
    """Which pages of this build are linked from `previous` (None: a build into a new
    folder links none), and what this build writes for the cache's pages."""

    def __init__(self, config: MkDocsConfig, cache: PageCache, previous: Path | None) -> None:
        self.cache = cache
        self.previous = previous
        cache.written.shell = shell_fingerprint(config)
        cache.written.files.clear()
        before = cache.written_before
        self.enabled = (
            previous is not None
            and before.shell == cache.written.shell
            and pages_may_pass_mkdocs(config)
        )
        self.named_in_nav = set(nav_strings(config.nav))
        self.site_name = str(config.site_name or "")
        # The kinds of page with a check, and the digest each check page's file must have.
        self.checked_kinds: set[str] = set()
        self.expected: dict[str, str] = {}
        self.linked: list[LinkedPage] = []
        self.failed = False
        self.built_on = get_build_date()  # each page's date in the sitemap

    def file_for(self, config: MkDocsConfig, page: SitePage, generated: File) -> File:
        """`generated`, or a `LinkedPage` in its place when its file may be linked."""
        found = self._linkable(page, generated)
        if found is None:
            return generated
        key, sha, old = found
        kind = self._kind(page)
        if kind not in self.checked_kinds:  # the first of its kind is rendered, as the check
            self.checked_kinds.add(kind)
            self.expected[page.url] = sha
            return generated
        linked = LinkedPage(config, generated, old, page, self.built_on)
        self.cache.written.files[page.url] = (key, sha)
        self.linked.append(linked)
        return linked

    def _linkable(self, page: SitePage, generated: File) -> tuple[str, str, PreviousPage] | None:
        """The page's fingerprint, its file's digest and the old file, if linkable."""
        key = self.cache.keys.get(page.url)
        if not self.enabled or key is None or generated.src_uri in self.named_in_nav:
            return None
        assert self.previous is not None
        record = self.cache.written_before.files.get(page.url)
        if record is None or record[0] != key:
            return None
        sha = record[1]
        path = os.path.join(self.previous, generated.dest_uri)
        found = read_previous(path)
        if found is None or file_digest(found.data) != sha:
            return None
        return key, sha, PreviousPage(path, found.identity)

    def _kind(self, page: SitePage) -> str:
        """What the theme may tell apart between two pages besides their texts."""
        facts = [
            posixpath.dirname(page.url.rstrip("/")),
            page.meta,
            page.feeds,
            page.robots,
            [bool(page.title), bool(page.description), page.title == self.site_name],
            "<h1" in page.html,
        ]
        return json.dumps(facts, sort_keys=True, default=str)

    def wrote(self, url: str, data: bytes) -> None:
        """mkdocs is about to write `data` as the page at `url`: recorded, and checked when
        the page is its kind's check."""
        key = self.cache.keys.get(url)
        if key is None:
            return
        sha = file_digest(data)
        self.cache.written.files[url] = (key, sha)
        if self.expected.get(url, sha) != sha:
            self.failed = True
