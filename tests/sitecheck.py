"""Helpers to read a built site: parse pages, follow links, hash trees."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup


def soup(site: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site-relative directory URL such as `incidents/x/`."""
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "lxml")


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def resolve_link(site: Path, page: Path, href: str, site_url: str) -> Path | None:
    """The file an internal link points at, or None for external links."""
    page_url = site_url + page.relative_to(site).as_posix()
    target = urlparse(urljoin(page_url, href))
    base = urlparse(site_url)
    if target.scheme not in ("http", "https") or target.netloc != base.netloc:
        return None
    if not target.path.startswith(base.path):
        return site / "__outside_the_site__" / target.path.lstrip("/")
    relative = target.path[len(base.path) :]
    path = site / relative
    if relative == "" or relative.endswith("/"):
        path = path / "index.html"
    return path


def internal_links(site: Path, site_url: str) -> list[tuple[Path, str, Path]]:
    """(page, href, target file) for every internal href/src in every HTML page."""
    found = []
    for page in sorted(site.rglob("*.html")):
        document = BeautifulSoup(page.read_text("utf-8"), "lxml")
        for tag in document.find_all(["a", "link", "script", "img"]):
            href = tag.get("href") or tag.get("src")
            if not href or href.startswith(("#", "mailto:", "javascript:")):
                continue
            target = resolve_link(site, page, str(href), site_url)
            if target is not None:
                found.append((page, str(href), target))
    return found
