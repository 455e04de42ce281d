"""The allow-list sanitiser and Markdown rendering: what each policy keeps and what it drops."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statusgen.render.markdown import plain_text, render_markdown
from statusgen.render.sanitise import Policy, sanitise

from .dom_checks import parse_fragment, unsafe_markup
from .payload_site import payloads


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _attributes(html: str) -> set[str]:
    return {name for element in _soup(html).find_all(True) for name in element.attrs}


def _urls(html: str) -> list[str]:
    soup = _soup(html)
    return [
        str(element[name])
        for element in soup.find_all(True)
        for name in ("href", "src", "srcset", "poster")
        if element.has_attr(name)
    ]


@pytest.mark.parametrize(
    "link",
    [
        "&#106;avascript:alert(1)",
        "java&#9;script:alert(1)",
        "java&#x0A;script:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "<javascript:alert(1)>",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ],
)
@pytest.mark.parametrize("allow_html", [False, True])
def test_dangerous_link_schemes_are_dropped_after_decoding(link: str, allow_html: bool) -> None:
    html = render_markdown(f"[read this]({link})", allow_html=allow_html)
    anchor = _soup(html).find("a")
    assert anchor is not None and anchor.get_text() == "read this"
    assert not anchor.has_attr("href"), html


def test_raw_html_links_with_encoded_schemes_are_dropped() -> None:
    html = render_markdown(
        '<a href="jav&#x09;ascript:alert(1)">a</a> <a href=" &#14; javascript:alert(1)">b</a>',
        allow_html=True,
    )
    assert _urls(html) == []
    assert "alert" not in html


@pytest.mark.parametrize("allow_html", [False, True])
def test_web_mail_and_relative_links_survive(allow_html: bool) -> None:
    text = "[a](https://example.org/x?y=1) [b](mailto:ops@example.org) [c](../history/) [d](#top)"
    assert _urls(render_markdown(text, allow_html=allow_html)) == [
        "https://example.org/x?y=1",
        "mailto:ops@example.org",
        "../history/",
        "#top",
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "A paragraph\n{: autofocus onfocus=alert(1) tabindex=0 }",
        'A paragraph\n{: onclick="alert(1)" style="color:red" }',
        '# Heading { onmouseover=alert(1) style="position:fixed" }',
        "[link](https://example.org){: onclick=alert(1) target=_blank rel=opener }",
        "![alt](x.png){: onerror=alert(1) onload=alert(1) }",
    ],
)
@pytest.mark.parametrize("allow_html", [False, True])
def test_attr_list_cannot_add_handlers_styles_or_focus(markdown: str, allow_html: bool) -> None:
    html = render_markdown(markdown, allow_html=allow_html)
    attributes = _attributes(html)
    assert attributes <= {"href", "src", "alt"}, html
    assert not [a for a in attributes if a.startswith("on")]


def test_attr_list_ids_and_classes_cannot_clobber_the_theme() -> None:
    html = render_markdown(
        "A\n{: #__config }\n\nB\n{: .md-dialog .sg-banner .note }\n\nC\n{: #fine-anchor }"
    )
    paragraphs = _soup(html).find_all("p")
    assert not paragraphs[0].has_attr("id")
    assert paragraphs[1]["class"] == ["note"]
    assert paragraphs[2]["id"] == "fine-anchor"


def test_without_allow_html_raw_html_shows_as_text() -> None:
    html = render_markdown("<img src=x onerror=alert(1)> and <b>bold</b>")
    assert _soup(html).find("img") is None and _soup(html).find("b") is None
    assert "<img src=x onerror=alert(1)> and <b>bold</b>" in _soup(html).get_text()


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<object data="javascript:alert(1)"></object>',
        '<embed src="javascript:alert(1)">',
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">x</button>'
        "</form>",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<base href="javascript:alert(1)//">',
        "<style>@import 'javascript:alert(1)';</style>",
        "<svg onload=alert(1)><script>alert(2)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<details open ontoggle=alert(1)>x</details>",
    ],
)
def test_allow_html_widens_elements_but_never_allows_script(payload: str) -> None:
    html = render_markdown(payload, allow_html=True)
    soup = _soup(html)
    forbidden = ("script", "iframe", "object", "embed", "form", "button", "meta", "base", "style")
    assert soup.find_all(forbidden) == [], html
    assert not [a for a in _attributes(html) if a.startswith("on") or a in ("style", "srcdoc")]
    assert not [u for u in _urls(html) if "javascript" in u.lower()]


def test_allow_html_keeps_harmless_markup() -> None:
    html = render_markdown(
        "<details><summary>More</summary><kbd>Ctrl</kbd> <mark>hot</mark></details>",
        allow_html=True,
    )
    assert [e.name for e in _soup(html).find_all(True)] == ["details", "summary", "kbd", "mark"]


def test_table_alignment_survives_without_style_attributes() -> None:
    html = render_markdown("| a | b |\n|:-:|--:|\n| 1 | 2 |")
    cells = _soup(html).find_all(["th", "td"])
    assert [c.get("align") for c in cells] == ["center", "right", "center", "right"]
    assert "style" not in _attributes(html)


def test_images_from_other_hosts_are_dropped_unless_allowed() -> None:
    text = "![a](https://tracker.example/p.gif) ![b](//cdn.example/b.png) ![c](img/c.png)"
    assert _urls(render_markdown(text)) == ["img/c.png"]
    allowed = render_markdown(text, allowed_hosts=("tracker.example",))
    assert _urls(allowed) == ["https://tracker.example/p.gif", "img/c.png"]
    assert _urls(render_markdown(text, allowed_hosts=None)) == [
        "https://tracker.example/p.gif",
        "//cdn.example/b.png",
        "img/c.png",
    ]


def test_a_wildcard_host_allows_subdomains_only() -> None:
    text = "![a](https://a.cdn.example/x.png) ![b](https://cdn.example/y.png)"
    assert _urls(render_markdown(text, allowed_hosts=("*.cdn.example",))) == [
        "https://a.cdn.example/x.png"
    ]


def test_a_srcset_is_checked_url_by_url() -> None:
    html = '<img src="a.png" srcset="a.png 1x, javascript:alert(1) 2x"><img srcset="b.png 1x">'
    kept = [e.get("srcset") for e in _soup(sanitise(html, Policy.HTML)).find_all("img")]
    assert kept == [None, "b.png 1x"]
    foreign = '<img srcset="a.png 1x, https://other.example/b.png 2x">'
    assert _soup(sanitise(foreign, Policy.HTML)).find("img").get("srcset") is None


def test_page_policy_keeps_what_markdown_extensions_write() -> None:
    tabs = (
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:2">'
        '<input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio">'
        '<div class="tabbed-labels"><label for="__tabbed_1_1">One</label></div></div>'
        '<ul class="task-list"><li class="task-list-item">'
        '<input type="checkbox" disabled checked> done</li></ul>'
        '<h2 id="status">Status<a class="headerlink" href="#status" title="Permanent link">¶</a>'
        '</h2><span class="twemoji"><svg viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg>'
        '</span><a class="md-button" href="history/">History</a>'
    )
    soup = _soup(sanitise(tabs, Policy.PAGE))
    assert soup.find("div", class_="tabbed-set")["data-tabs"] == "1:2"
    assert soup.find("input", id="__tabbed_1_1")["name"] == "__tabbed_1"
    assert soup.find("label")["for"] == "__tabbed_1_1"
    assert soup.find("input", type="checkbox").has_attr("checked")
    assert soup.find("h2")["id"] == "status" and soup.find("a", class_="headerlink")
    assert soup.find("svg")["viewbox"] == "0 0 24 24" and soup.find("path")["d"]
    assert soup.find("a", class_="md-button")["href"] == "history/"


def test_page_policy_drops_clobbering_ids_and_dangerous_inputs() -> None:
    html = sanitise(
        '<div id="__config">{}</div><input type="image" src="x.png">'
        '<input type="text" autofocus onfocus="alert(1)"><p class="sg-banner">x</p>',
        Policy.PAGE,
    )
    soup = _soup(html)
    assert not soup.find(id="__config")
    assert [i.get("type") for i in soup.find_all("input")] == [None, None]
    assert not soup.find("input", src=True) and "autofocus" not in _attributes(html)
    assert soup.find("p").get("class") is None


def test_plain_text_unescapes_what_the_sanitiser_escapes() -> None:
    assert plain_text("Fish &amp; chips\u00a0<b>now</b> 5 < 6") == "Fish & chips <b>now</b> 5 < 6"


def test_character_references_to_control_characters_do_not_reach_the_output() -> None:
    """`&#14;` decodes to a character XML cannot hold; the feed writer would fail on it."""
    html = render_markdown("a &#14; b &#1; c &#x7f; d")
    assert html == "<p>a  b  c  d</p>"


# Pieces of payloads and markup, recombined: tags split across pieces, handlers, schemes.
_PIECES = [
    *payloads(),
    "<",
    ">",
    '"',
    "'",
    "=",
    " ",
    "\n\n",
    "{: ",
    " }",
    "onerror",
    "onclick=alert(1)",
    "javascript:",
    "java&#9;script:",
    "&#106;",
    "<img src=x ",
    "<svg ",
    "<a href=",
    "](",
    "![",
    "[",
    ")",
    "<!--",
    "-->",
    "style=",
    "srcdoc=",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12),
    policy=st.sampled_from(list(Policy)),
)
def test_no_combination_of_payload_pieces_survives(pieces: list[str], policy: Policy) -> None:
    text = "".join(pieces)
    if policy is Policy.PAGE:
        html = sanitise(markdown.markdown(text, extensions=["extra", "toc"]), Policy.PAGE)
    else:
        html = render_markdown(text, allow_html=policy is Policy.HTML)
    assert unsafe_markup(parse_fragment(html or "<p></p>"), page=False) == []
