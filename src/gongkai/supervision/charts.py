"""The dashboard's charts, drawn on the server as SVG by pygal: no script, nothing fetched.

pygal writes a ``<script>`` with the chart's configuration (and, unless told otherwise, a tag
loading its tooltip script from the web). The charts here are read, not played with: every script
and comment is removed, so the SVG refers to nothing outside the page. The labels are Chinese, so
the style names a CJK font first. A chart is a pure function of its numbers: the same numbers give
the same SVG, kept in a small per-process cache (drawing takes a few milliseconds a chart).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pygal
from pygal.style import Style

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'
STYLE = Style(
    font_family=FONT,
    background="transparent",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#9aa5b1",
    colors=("#1d5fa8", "#c0392b", "#7f8c8d", "#e0a100", "#2e8b57", "#6c3483"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    legend_font_size=12,
)
_CONFIG = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "width": 640,
    "height": 320,
    "print_values": True,
    "print_zeroes": False,
    "legend_at_bottom": True,
    "explicit_size": False,
}
_SCRIPTS = re.compile(r"<script\b.*?</script>", re.S)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)

Series = tuple[tuple[str, tuple[int, ...]], ...]


def _svg(chart: pygal.graph.graph.Graph) -> str:
    text = str(chart.render(is_unicode=True))
    return _COMMENTS.sub("", _SCRIPTS.sub("", text))


@lru_cache(maxsize=512)
def bar_chart(title: str, labels: tuple[str, ...], series: Series, *, stacked: bool = False) -> str:
    """Vertical bars: one group per label, one bar (or stack part) per series."""
    kind = pygal.StackedBar if stacked else pygal.Bar
    chart = kind(title=title, show_legend=len(series) > 1, **_CONFIG)
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return _svg(chart)


@lru_cache(maxsize=512)
def horizontal_bar_chart(title: str, items: tuple[tuple[str, int], ...]) -> str:
    """One horizontal bar per item (an outcome mix), its number printed beside it."""
    chart = pygal.HorizontalBar(title=title, show_legend=False, **_CONFIG)
    chart.x_labels = [label for label, _ in items]
    chart.add("件数", [value for _, value in items])
    return _svg(chart)


@lru_cache(maxsize=512)
def pie_chart(title: str, items: tuple[tuple[str, int], ...]) -> str:
    """Shares of a whole (report timeliness), each slice labelled in the legend; none for 0."""
    chart = pygal.Pie(title=title, inner_radius=0.45, **_CONFIG)
    for label, value in items:
        if value:
            chart.add(f"{label}（{value}）", [value])
    return _svg(chart)
