"""Statuspage's plain-text bodies become Markdown that shows readers the same text."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.importers.plain_text import plain_to_markdown
from statusgen.render.markdown import render_markdown


def shown(markdown_text: str) -> tuple[set[str], str]:
    """What a reader sees: the top-level tags, and the text with line and paragraph breaks."""
    soup = BeautifulSoup(render_markdown(markdown_text), "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("")
    blocks = soup.find_all(recursive=False)
    return {b.name for b in blocks}, "\n\n".join(b.get_text().strip() for b in blocks)


def as_read(text: str) -> str:
    """The plain text as a browser shows it: lines trimmed, runs of blank lines one break."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs = re.split(r"\n{2,}", "\n".join(lines).strip("\n"))
    return "\n\n".join(p for p in paragraphs if p)


def squeeze(text: str) -> str:
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


TRICKY = [
    "*", "_", "`", "\\", "[", "]", "(", ")", "<", ">", "&", "#", "+", "-", ".", "!", "|", "{",
    "}", ":", "=", "~", "^", " ", "\t", "\n", "\r\n", "a", "b", "1", "2.", "---", "```",
    "https://example.com/a_b*c?x=1&y=2", "&amp;", "&#35;", "[x]: /y", "*[ABBR]: z", "<b>",
    "<!--", "{: .note}", "![i](j)", "**", "__", "    ", ": ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), max_size=30).map("".join))
def test_plain_text_renders_as_the_same_words_and_breaks(text: str) -> None:
    tags, seen = shown(plain_to_markdown(text))
    assert tags <= {"p"}
    assert squeeze(seen) == squeeze(as_read(text))


def test_crlf_line_breaks_stay_line_breaks_and_blank_lines_paragraphs() -> None:
    markdown_text = plain_to_markdown("We are investigating.\r\nNext update soon.\r\n\r\nSorry.")
    html = render_markdown(markdown_text)
    assert "\r" not in markdown_text
    assert html == "<p>We are investigating.<br>\nNext update soon.</p>\n<p>Sorry.</p>"


def test_markup_in_plain_text_stays_literal() -> None:
    text = "# not a heading\n- not a list\n1. not a list\n<b>not bold</b> *nor* _this_ `nor this`"
    soup = BeautifulSoup(render_markdown(plain_to_markdown(text)), "html.parser")
    assert not soup.find_all(["h1", "ul", "ol", "b", "em", "strong", "code"])
    assert soup.get_text() == text


def test_web_addresses_become_links_without_their_trailing_punctuation() -> None:
    soup = BeautifulSoup(
        render_markdown(plain_to_markdown("Details: https://acme.example/notes?id=4_2&x=1.")),
        "html.parser",
    )
    [link] = soup.find_all("a")
    assert link["href"] == "https://acme.example/notes?id=4_2&x=1"
    assert soup.get_text() == "Details: https://acme.example/notes?id=4_2&x=1."


def test_words_with_underscores_are_written_without_escapes() -> None:
    assert plain_to_markdown("The api_v2_endpoint fails") == "The api_v2_endpoint fails"
