"""The fast path for plain paragraphs writes what Python-Markdown and the sanitiser write."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from statusgen.render.markdown import full_render
from statusgen.render.plain_paragraphs import plain_paragraphs

# Plain words and punctuation, and every character that means something to Markdown or HTML,
# so the random texts cross the fast path's border in both directions.
WORDS = [
    "We",
    "are",
    "investigating",
    "2024.",
    "1)",
    "(EU)",
    "follow-up",
    "#42",
    "a=b",
    "é",
    "ü",
    "日本",
    "’",
    "—",
    "…",
    "100%",
]
SPECIAL = [*"*_[]()<>&#!|~{}`\\\"'=+-:.,;?/@$\t", "  ", "\n", "\n\n", " ", "http://x.y"]
# The inline spans the fast path takes, and near misses of them.
SPANS = [
    "**elevated errors**",
    "**API**",
    "** spaced**",
    "**spaced **",
    "**",
    "[status page](https://status.example.com/incidents/42/)",
    "[a](http://x.y)",
    "[a](https://x.y/%20a@b:c+d=e~f)",
    "[a](https://x.y/?q=1&r=2)",
    "[a](mailto:a@b.c)",
    "[a](javascript:alert)",
    "[ a](https://x.y)",
    "[a]( https://x.y)",
    '[a](https://x.y "title")',
    "[**a**](https://x.y)",
    "![a picture](https://x.y/a.png)",
    "!",
    "](",
    "[x]",
]
tokens = st.lists(st.sampled_from(WORDS + SPECIAL + SPANS + WORDS), max_size=14)
# Short texts dense in the characters at the border: line starts, breaks, quotes.
dense = st.text(alphabet=st.sampled_from(list("ab 1.)\n-+#=~:!\"'()%é’")), max_size=20)
texts = tokens.map(lambda parts: " ".join(parts)) | tokens.map("".join) | dense


@settings(max_examples=1500, deadline=None)
@given(text=texts, allow_html=st.booleans())
@example(text="We are investigating elevated error rates.", allow_html=False)
@example(text="Line one\nline two\n\nA second paragraph: it’s fixed.", allow_html=True)
@example(text="2024. A year", allow_html=False)
@example(text=": a definition", allow_html=False)
@example(text="a line with a break  \nafter it", allow_html=False)
@example(text="  indented", allow_html=False)
@example(text="See [the status page](https://status.example.com/) for **more**.", allow_html=False)
@example(text="(**a**) and a**b** and **c**d", allow_html=False)
@example(text="Look! ![a picture](https://x.y/a.png)", allow_html=False)
def test_the_fast_path_writes_what_the_full_path_writes(text: str, allow_html: bool) -> None:
    fast = plain_paragraphs(text)
    if fast is not None:
        assert fast == full_render(text, allow_html, ())


def test_plain_update_bodies_take_the_fast_path() -> None:
    for text in [
        "We are investigating elevated error rates on the API.",
        "A fix has been deployed; we are monitoring the results.\n\nNext update at 14:00 UTC.",
        "L’incident est résolu. Les taux d’erreur sont revenus à la normale.",
        "We are investigating **elevated error rates** affecting some customers.",
        "Details on [the provider's status page](https://status.provider.example/x-1/).",
    ]:
        assert plain_paragraphs(text) == full_render(text, False, ())
