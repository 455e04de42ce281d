"""Python-Markdown's `extra`, made to render any text in time linear in its length.

Incident text comes from pull requests, and Python-Markdown takes time quadratic in the
length of its input in several places: every `[` never closed makes the link processors
scan to the end of the paragraph (50 KB of `[a ` took 75 s, 100 KB eight minutes), as does
every `(` after `[text]`; the block parser and the inline pass keep their work in lists
they take from the front, moving every item behind at each step; each inline match and each
fenced block rebuilds the whole text it was found in; the n-th reference to one footnote
walks the n-1 before it; abbreviations compile every definition into one alternation. Here:

- Bracket scans, and the rebuilds of inline matches and fenced blocks, draw on a budget per
  document proportional to its length. Real text spends a small part of it; once a
  pathological document has spent it, what is left renders as the text it is.
- The work lists are deques; footnote ids are numbered in constant time.
- Abbreviations (`*[HTML]: ...`) are left out: status updates do not use them.

`benchmarks/large_body.py` shows the render time per character staying flat with size.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from typing import Any

import markdown
from markdown.blockparser import BlockParser
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import FootnoteExtension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

SCAN_PER_CHARACTER = 20
"""Characters the link processors may scan, per character of the document."""
SCAN_BASE = 100_000
"""... plus this many, so short documents are never cut short."""
REBUILD_PER_CHARACTER = 1000
"""Characters the inline pass may copy while replacing matches, per character."""
REBUILD_BASE = 10_000_000


class _Budget:
    """What one document may spend: characters scanned for brackets, characters rebuilt."""

    def __init__(self) -> None:
        self.start(0)

    def start(self, size: int) -> None:
        self.left = SCAN_BASE + SCAN_PER_CHARACTER * size
        self.rebuild = REBUILD_BASE + REBUILD_PER_CHARACTER * size


class _StartBudget(Preprocessor):
    """Runs first on every document and sizes the budget to it."""

    def __init__(self, md: markdown.Markdown, budget: _Budget) -> None:
        super().__init__(md)
        self.budget = budget

    def run(self, lines: list[str]) -> list[str]:
        self.budget.start(sum(len(line) + 1 for line in lines))
        return lines


class _Budgeted(LinkInlineProcessor):
    """A link processor whose bracket and parenthesis scans draw on the shared budget.

    Each scan is charged what it read; one that would start with the budget spent reports
    "no link here", which the inline processor takes as text.
    """

    budget: _Budget

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        if self.budget.left <= 0:
            return "", index, False
        text, end, handled = super().getText(data, index)
        self.budget.left -= end - index
        return text, end, handled

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        if self.budget.left <= 0:
            return "", None, index, False
        href, title, end, handled = super().getLink(data, index)
        self.budget.left -= end - index if handled and end >= index else len(data) - index
        return href, title, end, handled


def _budgeted(base: type[LinkInlineProcessor]) -> type[_Budgeted]:
    return type(f"Budgeted{base.__name__}", (_Budgeted, base), {})


# Name, pattern, priority and class of each processor that scans for brackets, as
# markdown.inlinepatterns.build_inlinepatterns registers them.
_LINK_PROCESSORS = (
    ("reference", REFERENCE_RE, 170, ReferenceInlineProcessor),
    ("link", LINK_RE, 160, LinkInlineProcessor),
    ("image_link", IMAGE_LINK_RE, 150, ImageInlineProcessor),
    ("image_reference", IMAGE_REFERENCE_RE, 140, ImageReferenceInlineProcessor),
    ("short_reference", REFERENCE_RE, 130, ShortReferenceInlineProcessor),
    ("short_image_ref", IMAGE_REFERENCE_RE, 125, ShortImageReferenceInlineProcessor),
)


class _Blocks(deque[str]):
    """The block parser's work list, where taking or putting back the first block is O(1).

    Block processors call `blocks.pop(0)` and `blocks.insert(0, rest)` once per block; on
    the plain list the parser uses, each of those moves every block after it.
    """

    def pop(self, index: int = -1) -> str:
        if index == 0:
            return self.popleft()
        if index == -1:
            return super().pop()
        item = self[index]
        del self[index]
        return item


class _LinearBlockParser(BlockParser):
    def parseBlocks(self, parent: ET.Element, blocks: list[str]) -> None:
        if len(blocks) > 1 and not isinstance(blocks, _Blocks):
            blocks = _Blocks(blocks)  # type: ignore[assignment]
        super().parseBlocks(parent, blocks)


class _LinearInline(InlineProcessor):
    """Python-Markdown's inline pass, with its work queue a deque and its rebuilds budgeted.

    `run` is Python-Markdown 3.x's own (BSD licence), with `stack.pop(0)` — which moved
    every queued element, once per inline element of the document — replaced by
    `popleft`. Each inline match rebuilds the text it was found in, so a paragraph of
    thousands of `*a*` costs its length times their number: rebuilds are charged to the
    document's budget, and once it is spent the rest of the text stays as typed.
    """

    budget: _Budget

    def _InlineProcessor__applyPattern(  # the private method Python-Markdown calls per match
        self, pattern: Any, data: str, patternIndex: int, startIndex: int = 0
    ) -> tuple[str, bool, int]:
        if self.budget.rebuild <= 0:
            return data, False, 0
        result: tuple[str, bool, int] = getattr(super(), _APPLY_PATTERN)(
            pattern, data, patternIndex, startIndex
        )
        if result[1] and result[0] is not data:
            self.budget.rebuild -= len(result[0])
        return result

    def run(self, tree: ET.Element, ancestors: list[str] | None = None) -> ET.Element:
        handle_inline = getattr(self, _HANDLE_INLINE)
        process_placeholders = getattr(self, _PROCESS_PLACEHOLDERS)
        self.stashed_nodes: dict[str, ET.Element | str] = {}
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        stack: deque[tuple[ET.Element, list[str]]] = deque([(tree, tree_parents)])
        getattr(self, _BUILD_ANCESTORS)(tree, tree_parents)
        while stack:
            current, parents = stack.popleft()
            self.ancestors = parents
            if current is not tree:
                self.ancestors.append(current.tag.lower())
            insert_queue = []
            for child in current:
                if child.text and not isinstance(child.text, AtomicString):
                    self.ancestors.append(child.tag.lower())
                    text = child.text
                    child.text = None
                    found = process_placeholders(handle_inline(text), child)
                    for item in found:
                        self.parent_map[item[0]] = child
                    stack.extend(found)
                    insert_queue.append((child, found))
                    self.ancestors.pop()
                if child.tail:
                    tail = handle_inline(child.tail)
                    dummy = ET.Element("d")
                    child.tail = None
                    tail_result = process_placeholders(tail, dummy, False)
                    if dummy.tail:
                        child.tail = dummy.tail
                    position = list(current).index(child) + 1
                    tail_result.reverse()
                    for new_child in tail_result:
                        self.parent_map[new_child[0]] = current
                        current.insert(position, new_child[0])
                if len(child):
                    self.parent_map[child] = current
                    stack.append((child, self.ancestors[:]))
            for element, found in insert_queue:
                for index, item in enumerate(found):
                    element.insert(index, item[0])
        return tree


# Python-Markdown's private methods used above, by their mangled names.
_APPLY_PATTERN = "_InlineProcessor__applyPattern"
_HANDLE_INLINE = "_InlineProcessor__handleInline"
_PROCESS_PLACEHOLDERS = "_InlineProcessor__processPlaceholders"
_BUILD_ANCESTORS = "_InlineProcessor__build_ancestors"
for _private in (_APPLY_PATTERN, _HANDLE_INLINE, _PROCESS_PLACEHOLDERS, _BUILD_ANCESTORS):
    # Fail at import, not silently, if a Python-Markdown release renames one of them.
    if not hasattr(InlineProcessor, _private):  # pragma: no cover
        raise ImportError(f"markdown.treeprocessors.InlineProcessor has no {_private}")


class _BudgetedSearch:
    """The fenced-code preprocessor's pattern, charging each search the text it is run on.

    The preprocessor rebuilds the whole document after each fenced block it finds and then
    searches it again; once the budget is spent, the fences left are read as text.
    """

    def __init__(self, pattern: re.Pattern[str], budget: _Budget) -> None:
        self.pattern = pattern
        self.budget = budget

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if self.budget.rebuild <= 0:
            return None
        self.budget.rebuild -= len(text)
        return self.pattern.search(text, pos)


class LinearTime(Extension):
    """Installs the budget, the budgeted processors and the deque-based parser and pass."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # The parser is built with its processors before extensions run; only its class changes.
        md.parser.__class__ = _LinearBlockParser
        budget = _Budget()
        md.preprocessors.register(_StartBudget(md, budget), "statusgen_scan_budget", 1000)
        if "fenced_code_block" in md.preprocessors:
            fenced = md.preprocessors["fenced_code_block"]
            assert isinstance(fenced, FencedBlockPreprocessor)
            search = _BudgetedSearch(fenced.FENCED_BLOCK_RE, budget)
            setattr(fenced, "FENCED_BLOCK_RE", search)  # noqa: B010 - an instance attribute
        inline = _LinearInline(md)
        inline.budget = budget
        md.treeprocessors.register(inline, "inline", 20)
        for name, pattern, priority, base in _LINK_PROCESSORS:
            processor = _budgeted(base)(pattern, md)
            processor.budget = budget
            md.inlinePatterns.register(processor, name, priority)


class LinearFootnotes(FootnoteExtension):
    """Footnotes whose n-th reference to one note gets its id in constant time.

    The ids are the ones Python-Markdown gives (`fnref:1`, `fnref2:1`, `fnref3:1`, ...);
    the original finds the n-th by trying the n-1 before it.
    """

    def unique_ref(self, reference: str, found: bool = False) -> str:
        if not found:
            return reference
        count = self.found_refs.get(reference, 0) + 1
        candidate = reference
        if count > 1:
            separator = self.get_separator()
            prefix, rest = reference.split(separator, 1)
            candidate = f"{prefix}{count}{separator}{rest}"
        if candidate in self.used_refs:  # cannot happen with the ids above; stay correct
            return str(super().unique_ref(reference, found))
        self.used_refs.add(candidate)
        self.found_refs[reference] = count
        return candidate


def extra_extensions() -> list[str | Extension]:
    """What `extra` enables, linear-time: `abbr` left out, footnotes and links replaced."""
    extensions: list[str | Extension] = [
        "fenced_code",
        LinearFootnotes(),
        "attr_list",
        "def_list",
        "tables",
        "md_in_html",
        LinearTime(),
    ]
    return extensions
