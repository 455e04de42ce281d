"""Anchors of generated pages, which mkdocs checks links to headings against.

The plugin scans statusgen's fragments with a regular expression instead of an HTML parser
(5,000 pages a build): it must find what the parser finds.
"""

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from statusgen.adapters.mkdocs.page_texts import anchor_ids


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def parsed(html: str) -> set[str]:
    parser = _Parsed()
    parser.feed(html)
    parser.close()
    return parser.ids


def test_anchor_ids_reads_every_quoting_and_entities() -> None:
    html = (
        '<h2 id="how-availability">A</h2><section ID=bare class="x">'
        '<a name=\'old-style\' href="#x">x</a><span name="not-an-anchor"></span>'
        '<div data-x=">" id="after-gt"></div><p id="a&amp;b">t</p><img id="" alt="">'
    )
    assert anchor_ids(html) == {"how-availability", "bare", "old-style", "after-gt", "a&b"}
    assert anchor_ids(html) == parsed(html)


tag = st.sampled_from(["a", "h2", "section", "span", "DIV"])
name = st.sampled_from(["id", "name", "class", "ID", "data-id"])
value = st.text(alphabet="ab-&;> <'\"=", max_size=8)
quote = st.sampled_from(['"', "'"])


@st.composite
def fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        attrs = []
        for _ in range(draw(st.integers(0, 3))):
            q = draw(quote)
            text = draw(value).replace(q, "")
            attrs.append(f" {draw(name)}={q}{text}{q}")
        element = draw(tag)
        parts.append(f"<{element}{''.join(attrs)}>text</{element}>")
    return "".join(parts)


@given(fragments())
def test_anchor_ids_match_an_html_parser_on_escaped_fragments(html: str) -> None:
    assert anchor_ids(html) == parsed(html)
