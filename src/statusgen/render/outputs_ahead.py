"""The keys of the pages, the reliability report and the non-page files, worked out beside
the pages.

None of them needs the pages, and in one posted update's build at 5,000 incidents they were
a third of the time on one core (the pages' and list entries' keys 0.3 s, the report 0.27 s,
the feeds, JSON and tables 0.21 s, of some 2.7 s) while the second core idled. `statusgen
build` has a forked process work them out (`parallel.Beside`) while it renders the pages; the
pages take their keys and the report from it, and the files join the site when the pages are
done. Without a fork (one core, a small site, a preview) each is worked out here, when first
asked for: the same bytes either way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from statusgen.content.site import Content
from statusgen.parallel import MIN_PAGES_PER_WORKER, Beside, available_cores
from statusgen.reliability.data import is_public
from statusgen.reliability.report import ReliabilityReport, site_report

from .outputs import static_outputs
from .page_context import PageKeys
from .pages import page_keys


def worth_forking(content: Content) -> bool:
    """A second core, and enough incidents that a fork costs less than it saves."""
    return available_cores() >= 2 and len(content.incidents) >= MIN_PAGES_PER_WORKER


class SiteOutputs:
    """The keys of the published site's pages, its reliability report and its non-page files
    at `now`, from a forked process when `beside`; `close` when the build no longer needs
    them."""

    def __init__(self, content: Content, now: datetime, *, beside: bool) -> None:
        self._content, self._now = content, now
        self._report_public = is_public(content)
        # In the order the build asks for them: the pages' keys just after the home page,
        # the report at the end of the pages (only where the site publishes it), the files
        # once the pages are done; their tables then reuse the report (`site_report` keeps
        # the last one).
        jobs: list[Callable[[], object]] = [partial(page_keys, content, now)]
        if self._report_public:
            jobs.append(partial(site_report, content, now))
        jobs.append(partial(static_outputs, content, now))
        self._files_at = len(jobs) - 1
        self._beside = Beside(jobs, fork=beside)

    @property
    def forked(self) -> bool:
        return self._beside.forked

    def page_keys(self) -> PageKeys | None:
        """The pages' keys from the fork; None without one, where the pages work them out
        themselves (here, `page_keys` would only work out the items' summaries twice)."""
        if not self.forked:
            return None
        keys = self._beside.result(0)
        assert isinstance(keys, PageKeys)
        return keys

    def report(self) -> ReliabilityReport:
        if not self._report_public:  # not on the site: the pages' own, private preview
            return site_report(self._content, self._now)
        report = self._beside.result(1)
        assert isinstance(report, ReliabilityReport)
        return report

    def files(self) -> dict[str, bytes]:
        files = self._beside.result(self._files_at)
        assert isinstance(files, dict)
        return files

    def close(self) -> None:
        self._beside.close()

    def __enter__(self) -> SiteOutputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
