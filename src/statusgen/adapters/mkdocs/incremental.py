"""Re-rendering only the pages an edit changed, into a site mkdocs has built once.

A live preview keeps what its last full build used (configuration, files, navigation, the
theme's environment, the plugin with its page shells). After an edit to incidents or
postmortems the plugin makes its pages anew from the validated content (unchanged incident
pages come from the page cache), and only the pages whose statusgen output differs go through
mkdocs' page rendering again; feeds and JSON that differ are rewritten. Every other file
stays as the full build wrote it, so the folder is what a full build at the same moment
writes.

An edit that adds or removes a page (or a feed file) changes the files mkdocs knows of and
the sitemap: `rerender` declines it and the caller builds in full.
"""

from __future__ import annotations

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import write_file

from .plugin import Handoff, StatusgenPlugin, static_outputs


def rerender(plugin: StatusgenPlugin, handoff: Handoff) -> bool:
    """Update the built site to `handoff`'s content; False (some pages possibly rewritten)
    when only a full build can, because pages or output files came or went."""
    built = plugin.built
    if built is None:
        return False
    before = plugin.pages
    plugin.use_content(handoff)
    assert plugin.content is not None and plugin.now is not None
    outputs = static_outputs(plugin.content, plugin.now)
    if before.keys() != plugin.pages.keys() or plugin.output_paths != outputs.keys():
        return False
    config, files = built.config, built.files
    changed = [uri for uri, page in plugin.pages.items() if before[uri] != page]
    pages = []
    for uri in changed:
        file = files.get_file_from_path(uri)
        assert file is not None and file.page is not None
        # The page's source is an empty placeholder; the plugin reads the new page on its own.
        _populate_page(file.page, config, files)
        pages.append(file.page)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        _build_page(page, config, doc_files, built.nav, built.env)
    for path, data in outputs.items():
        file = files.get_file_from_path(path)
        assert file is not None
        if file.content_bytes != data:
            file.content_bytes = data
            write_file(data, file.abs_dest_path)
    return True
