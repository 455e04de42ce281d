"""Charts as inline SVG, drawn at build time: no script, no library in the browser.

Each chart is a list of horizontal bars, one row per quarter or component, with its label
above the bar, so it stays readable on a 360 px wide phone. Colours come from classes that
the site's stylesheet maps to its status colours (light and dark palettes), text is
`currentColor`; there are no `style` attributes or `<style>` elements, which the page's
Content-Security-Policy would refuse. Every text is escaped. Each chart carries a summary
in `aria-label`, and the page shows the same numbers in a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 320
ROW = 52  # a label line, a value line and a bar
BAR = 14
LABEL_BASELINE = 13
VALUE_BASELINE = 28


@dataclass(frozen=True)
class Segment:
    value: float
    css: str
    """A class the stylesheet colours, e.g. `sg-fill-critical`."""


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> float:
        return sum(s.value for s in self.segments)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_chart(
    bars: Sequence[Bar],
    summary: str,
    *,
    scale_to: float | None = None,
    marker: float | None = None,
    marker_label: str = "",
) -> Markup:
    """Stacked horizontal bars, scaled so the largest total (or `scale_to`) fills a row.

    `marker` draws a vertical line at that value (an error budget's 100 %).
    """
    largest = max([scale_to or 0.0, *(b.total for b in bars), marker or 0.0])
    height = ROW * max(len(bars), 1) + (16 if marker is not None else 0)
    parts = [
        f'<svg class="sg-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
        f'{height}" width="{WIDTH}" height="{height}" role="img" aria-label="{escape(summary)}"'
        ' focusable="false">'
    ]
    for index, bar in enumerate(bars):
        top = index * ROW
        parts.append(
            f'<text x="0" y="{top + LABEL_BASELINE}" fill="currentColor" font-size="12" '
            f'font-weight="600">{escape(bar.label)}</text>'
            f'<text x="0" y="{top + VALUE_BASELINE}" fill="currentColor" font-size="11">'
            f"{escape(bar.value_text)}</text>"
        )
        bar_top = top + VALUE_BASELINE + 5
        parts.append(
            f'<rect class="sg-chart-track" x="0" y="{bar_top}" width="{WIDTH}" height="{BAR}"'
            ' rx="2"/>'
        )
        x = 0.0
        for segment in bar.segments:
            if segment.value <= 0 or largest <= 0:
                continue
            width = WIDTH * segment.value / largest
            parts.append(
                f'<rect class="{escape(segment.css)}" x="{_number(x)}" y="{bar_top}" '
                f'width="{_number(max(width, 1.5))}" height="{BAR}"/>'
            )
            x += width
    if marker is not None and largest > 0:
        at = _number(min(WIDTH - 1, WIDTH * marker / largest))
        bottom = ROW * max(len(bars), 1)
        parts.append(
            f'<line class="sg-chart-marker" x1="{at}" y1="0" x2="{at}" y2="{bottom}"'
            ' stroke="currentColor" stroke-width="1.5" stroke-dasharray="3 2"/>'
        )
        anchor = "end" if WIDTH * marker / largest > WIDTH / 2 else "start"
        parts.append(
            f'<text x="{at}" y="{bottom + 12}" fill="currentColor" font-size="11" '
            f'text-anchor="{anchor}">{escape(marker_label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
