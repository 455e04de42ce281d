"""What no built page may contain, checked on a parsed document (lxml).

The browser test checks the live DOM with the same rules (`LIVE_DOM_CHECK`), after the
theme's scripts have run.
"""

from __future__ import annotations

import json
import re

from lxml import html as lxml_html

URL_ATTRIBUTES = (
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "xlink:href",
    "cite",
)
FORBIDDEN_ELEMENTS = ("iframe", "object", "embed", "base", "frame", "frameset", "applet", "style")
# Browsers drop ASCII whitespace and C0 controls around a URL, and tab/newline anywhere in it.
_IGNORED = re.compile(r"[\x00-\x20]")
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)


def unsafe_markup(document: lxml_html.HtmlElement, *, page: bool = True) -> list[str]:
    """Every handler attribute, script, dangerous URL or forbidden element in `document`.

    `page`: a whole page, whose scripts must be files of the site (or Material's JSON
    settings); a fragment (a feed entry) may have no script at all.
    """
    found: list[str] = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in ("style", "srcdoc", "formaction"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and _BAD_SCHEME.match(_IGNORED.sub("", value)):
                found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}>")
        refresh = tag == "meta" and element.get("http-equiv", "").lower() == "refresh"
        if refresh and not _own_reload(element):
            found.append("<meta http-equiv=refresh>")
        if tag == "form" and element.get("action") is not None:
            found.append("<form action>")
        if tag == "script" and not _allowed_script(element, page):
            found.append(f"<script>{(element.text or '')[:40]}")
    return found


def _own_reload(element: lxml_html.HtmlElement) -> bool:
    """The theme's no-JavaScript reload of the page itself: a delay in a head <noscript>,
    no address to go to."""
    parent = element.getparent()
    return (
        parent is not None
        and parent.tag == "noscript"
        and parent.getparent() is not None
        and parent.getparent().tag == "head"
        and element.get("content", "").strip().isdigit()
    )


# Data blocks of the theme's own (never run): Material's settings, the colour schemes.
DATA_SCRIPT_IDS = ("__config", "sg-palette", "sg-strings")


def _allowed_script(element: lxml_html.HtmlElement, page: bool) -> bool:
    if not page:
        return False
    src = element.get("src")
    if src is not None:
        return "//" not in src and ":" not in src  # a file of the site, by relative path
    return element.get("type") == "application/json" and element.get("id") in DATA_SCRIPT_IDS


def parse_page(text: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(text)


def parse_fragment(text: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(text, create_parent="div")


# The same rules for the live DOM in a browser, as a function playwright evaluates.
LIVE_DOM_CHECK = (
    r"""() => {
  const found = [];
  const urlAttributes = URL_ATTRIBUTES;
  const bad = /^(javascript|vbscript|data|livescript):/i;
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\u0000-\u0020]/g, "");
      if (name.startsWith("on") || name === "srcdoc" || name === "formaction") {
        found.push(`<${tag} ${name}>`);
      }
      if (urlAttributes.includes(name) && bad.test(value)) found.push(`<${tag} ${name}=${value}>`);
    }
    if (FORBIDDEN_ELEMENTS.includes(tag)) found.push(`<${tag}>`);
    if (tag === "meta" && (element.getAttribute("http-equiv") || "").toLowerCase() === "refresh") {
      found.push("<meta http-equiv=refresh>");
    }
    if (tag === "form" && element.hasAttribute("action")) found.push("<form action>");
  }
  for (const script of document.scripts) {
    const own = script.src && new URL(script.src).origin === location.origin;
    const settings = script.type === "application/json" && DATA_SCRIPT_IDS.includes(script.id);
    if (!own && !settings) found.push(`<script>${script.textContent.slice(0, 40)}`);
  }
  return found;
}""".replace("URL_ATTRIBUTES", json.dumps(URL_ATTRIBUTES))
    .replace("DATA_SCRIPT_IDS", json.dumps(DATA_SCRIPT_IDS))
    .replace("FORBIDDEN_ELEMENTS", json.dumps(FORBIDDEN_ELEMENTS))
)
