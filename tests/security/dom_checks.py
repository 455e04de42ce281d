"""What no built page may contain, checked on a parsed document (lxml).

The browser test checks the live DOM with the same rules (`LIVE_DOM_CHECK`), after the
theme's scripts have run.
"""

from __future__ import annotations

import base64
import hashlib
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
        if tag in FORBIDDEN_ELEMENTS and not (page and _allowed_style(element)):
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


def _allowed_style(element: lxml_html.HtmlElement) -> bool:
    """The theme's inline style: in the head, and allowed by the page's policy by its hash
    (the browser refuses any other, so it could only be something slipped in)."""
    parent = element.getparent()
    if parent is None or parent.tag != "head":
        return False
    digest = hashlib.sha256((element.text or "").encode("utf-8")).digest()
    source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
    policies = parent.xpath('meta[@http-equiv="Content-Security-Policy"]/@content')
    return any(
        source in directive.split()
        for policy in policies
        for directive in policy.split(";")
        if directive.split()[:1] == ["style-src"]
    )


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
    // The theme's one inline style sits in the head; the policy refuses it unless its hash
    // is allowed, which the browser tests check by watching for violations.
    const ownStyle = tag === "style" && element.parentElement === document.head
      && document.querySelectorAll("style").length === 1;
    if (FORBIDDEN_ELEMENTS.includes(tag) && !ownStyle) found.push(`<${tag}>`);
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
