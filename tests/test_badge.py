"""badge.svg and badge.json: the overall status for people, screen readers and shields.io."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from statusgen.content.validate import check_site
from statusgen.render.badge import COLOURS, badge_files, badge_svg

from .conftest import NOW, SiteFactory

SVG = "{http://www.w3.org/2000/svg}"


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rgb or #rrggbb colours."""

    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_badge_of_the_example_site(example_site: SiteFactory) -> None:
    result = check_site(example_site.config_file, NOW)
    assert result.content is not None
    files = badge_files(result.content, NOW)
    assert json.loads(files["badge.json"]) == {
        "schemaVersion": 1,
        "label": "status",
        "message": "Partially Degraded Service",
        "color": "f9c513",
    }
    root = etree.fromstring(files["badge.svg"])
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "status: Partially Degraded Service"
    assert root.findtext(f"{SVG}title") == "status: Partially Degraded Service"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["status", "Partially Degraded Service"]


def test_a_quiet_site_has_a_green_badge(site: SiteFactory) -> None:
    result = check_site(site.config_file, NOW)
    assert result.content is not None
    files = badge_files(result.content, NOW)
    endpoint = json.loads(files["badge.json"])
    assert (endpoint["message"], endpoint["color"]) == (
        "All Systems Operational",
        COLOURS["none"][0].lstrip("#"),
    )
    assert message_colours(etree.fromstring(files["badge.svg"])) == COLOURS["none"]


def message_colours(svg: etree._Element) -> tuple[str, str]:
    """(background, text colour) of the badge's message half."""
    label_rect, message_rect = svg.findall(f"{SVG}g/{SVG}rect")[:2]
    assert label_rect.get("fill") == "#555"
    message_text = svg.findall(f"{SVG}g/{SVG}text")[1]
    return message_rect.get("fill"), message_text.get("fill")


@pytest.mark.parametrize("indicator", sorted(COLOURS))
def test_each_indicator_paints_the_message_in_its_colours(indicator: str) -> None:
    svg = etree.fromstring(badge_svg("status", "Message", indicator).encode())
    assert message_colours(svg) == COLOURS[indicator]


@pytest.mark.parametrize("indicator", sorted(COLOURS))
def test_every_colour_meets_wcag_aa_contrast(indicator: str) -> None:
    background, text = COLOURS[indicator]
    assert contrast(background, text) >= 4.5
    assert contrast("#555", "#fff") >= 4.5


def test_the_badge_fits_its_text_and_escapes_it() -> None:
    short = etree.fromstring(badge_svg("status", "OK", "none").encode())
    long = etree.fromstring(badge_svg("status", "Partially Degraded Service", "minor").encode())
    assert int(long.get("width")) > int(short.get("width")) + 100
    odd = etree.fromstring(badge_svg("a<b", 'say "hi" & go', "none").encode())
    assert odd.get("aria-label") == 'a<b: say "hi" & go'
