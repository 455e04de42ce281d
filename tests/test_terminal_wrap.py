"""Terminal lines wrap by the cells they take, also in scripts without spaces."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from statusgen.characters import display_width
from statusgen.render.terminal_wrap import wrap_cells

from .conftest import SiteFactory
from .test_status_command import ACTIVE, status

JAPANESE = (
    "データベースの応答が遅くなっています。"
    "原因を調査中です。次の更新は 12:30 UTC までにお知らせします。"
)


def test_japanese_breaks_between_characters_within_the_width() -> None:
    lines = wrap_cells(JAPANESE, 40, "  ", "    ")
    assert lines == [
        "  データベースの応答が遅くなっています。",
        "    原因を調査中です。次の更新は 12:30",
        "    UTC までにお知らせします。",
    ]


def test_punctuation_that_may_not_begin_a_line_stays_with_the_character_before() -> None:
    # 19 wide characters fill 38 cells, so the full stop would begin the next line: the
    # character before it goes down with it instead, and the line stays within the width.
    assert wrap_cells("あ" * 19 + "。次", 38) == ["あ" * 18, "あ。次"]


def test_a_url_or_id_longer_than_the_line_stays_whole_on_its_own_line() -> None:
    url = "https://status.example.com/incidents/2026-11-22-api-errors/"
    assert wrap_cells(f"詳細は {url} をご覧ください。", 30, "", "  ") == [
        "詳細は",
        f"  {url}",
        "  をご覧ください。",
    ]


@given(st.lists(st.from_regex(r"[a-z0-9:./-]{1,12}", fullmatch=True), max_size=30))
def test_text_with_spaces_wraps_as_textwrap_does(words: list[str]) -> None:
    # Where words are separated by spaces, the lines are those the standard library gives.
    text = " ".join(words)
    expected = textwrap.wrap(
        text,
        30,
        initial_indent="  ",
        subsequent_indent="    ",
        break_on_hyphens=False,
        break_long_words=False,
    ) or ["  "]
    assert wrap_cells(text, 30, "  ", "    ") == expected


def test_status_wraps_a_japanese_update_to_the_terminal(
    runner: CliRunner, site: SiteFactory
) -> None:
    site.incident(
        "2026-11-22-api-errors.md",
        ACTIVE.replace("A **bad deploy** is being rolled back.", JAPANESE),
    )
    output = status(runner, site, columns=50)[1].splitlines()
    start = next(i for i, line in enumerate(output) if "データベース" in line)
    update = output[start : start + 3]
    assert all(display_width(line) <= 50 for line in update), update
    assert "".join(line.strip() for line in update).endswith("お知らせします。"), update
