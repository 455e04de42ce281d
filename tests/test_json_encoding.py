"""The bytes of every JSON file the site publishes (`encode_json`, through orjson).

Published files keep the shape earlier releases wrote with the standard library (two-space
indent, the given key order, UTF-8 text), so diffs between deploys stay meaningful, and stay
inert when a client pastes them into HTML.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.render.publishing import encode_json

# Text dense in what the encoder must escape or keep: markup, quotes, control characters,
# the Unicode line separators, and characters outside the Basic Multilingual Plane.
_TEXT = st.lists(
    st.sampled_from([*"<>&\"'\\/ aé\n\t\x00\x1f\x7f\u2028\u2029\U0001f525", "</script>", "]]>"]),
    max_size=12,
).map("".join)
# Figures as the outputs hold them; below 1e-4 orjson writes no exponent (see encode_json).
_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(
    lambda x: x == 0 or abs(x) >= 1e-4
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | _FLOATS
    | _TEXT
)
_DOCUMENTS = st.dictionaries(
    _TEXT,
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
        max_leaves=20,
    ),
    max_size=6,
)


def _standard_library(document: dict[str, Any]) -> bytes:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return (text + "\n").encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(_DOCUMENTS)
def test_bytes_are_the_standard_librarys_indented_utf8(document: dict[str, Any]) -> None:
    assert encode_json(document) == _standard_library(document)


@settings(max_examples=200, deadline=None)
@given(_DOCUMENTS)
def test_readers_get_the_document_back_and_markup_never_appears(
    document: dict[str, Any],
) -> None:
    data = encode_json(document)
    assert json.loads(data) == document
    text = data.decode("utf-8")
    assert not any(character in text for character in "<>&\u2028\u2029")
    assert text.endswith("}\n")


def test_tiny_floats_keep_their_value() -> None:
    data = encode_json({"share": 1e-05, "negative": -2.5e-07})
    assert json.loads(data) == {"share": 1e-05, "negative": -2.5e-07}
