"""Pieces of HTML kept between builds by the fingerprint of what they are made of.

The history and component pages list every incident; each entry is a function of the
incident's summary at `now`, the page's folder depth and the site's configuration, and comes
out the same from one build to the next for all but the incidents that changed. A store holds
the entries of the previous build (`stored`) and records those this build used (`used`), so
the next build keeps exactly what is still shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class FragmentStore:
    stored: dict[str, str] = field(default_factory=dict)
    used: dict[str, str] = field(default_factory=dict)

    def fragment(self, key: str, render: Callable[[], str]) -> str:
        """The fragment kept under `key`, else `render()`'s, recorded as used either way."""
        found = self.used.get(key)
        if found is None:
            found = self.stored.get(key)
            if found is None:
                found = render()
            self.used[key] = found
        return found

    def has(self, key: str) -> bool:
        """Whether `fragment(key, ...)` would find the fragment rather than render it."""
        return key in self.used or key in self.stored

    def keep(self, fragments: Iterable[tuple[str, str]]) -> None:
        """Fragments rendered ahead of their use, recorded as used (a build asks for them)."""
        self.used.update(fragments)
