"""Charts for the progress dashboard, drawn as plain SVG (no plotting library, no JavaScript).

Each chart is a standalone SVG file with a white card, a <title> and <desc> for screen readers,
and the figures written on the chart itself, so it reads the same in the browser, in print and
when saved. Catalog text is XML-escaped before it goes in. The palette is Okabe-Ito, which stays
distinguishable for colour-blind readers; status is never told by colour alone (legends, labels).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei',sans-serif"
GREEN, SKY, ORANGE, GREY, VERMILLION, BLUE, PURPLE, LIGHT = (
    "#009E73",
    "#56B4E9",
    "#E69F00",
    "#999999",
    "#D55E00",
    "#0072B2",
    "#CC79A7",
    "#DDDDDD",
)


def text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK characters are square, Latin ones about half as wide."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


class Svg:
    """A tiny SVG writer: elements are appended as text, all text content escaped."""

    def __init__(self, width: float, height: float, title: str, desc: str) -> None:
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-labelledby="t d" font-family="{_attr(FONT)}" font-size="13">',
            f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>',
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff" rx="6"/>',
        ]

    def add(self, tag: str, content: str | None = None, **attrs: object) -> None:
        """One element; attribute names use ``_`` for ``-``; ``content`` is escaped text."""
        rendered = " ".join(
            f'{k.rstrip("_").replace("_", "-")}="{_attr(v)}"' for k, v in attrs.items()
        )
        if content is None:
            self.parts.append(f"<{tag} {rendered}/>")
        else:
            self.parts.append(f"<{tag} {rendered}>{escape(content)}</{tag}>")

    def text(self, x: float, y: float, content: str, **attrs: object) -> None:
        """A text label."""
        self.add("text", content, x=f"{x:.1f}", y=f"{y:.1f}", **attrs)

    def legend(self, x: float, y: float, items: Sequence[tuple[str, str]]) -> None:
        """A one-line legend of coloured squares."""
        for label, colour in items:
            self.add("rect", x=f"{x:.1f}", y=f"{y - 10:.1f}", width=12, height=12, fill=colour)
            self.text(x + 16, y, label, fill="#333")
            x += 16 + text_width(label, 13) + 18

    def render(self) -> str:
        """The finished document."""
        return "\n".join([*self.parts, "</svg>"]) + "\n"


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a stacked bar chart: a label and its segments (name, value, colour)."""

    label: str
    segments: tuple[tuple[str, int, str], ...]
    note: str = ""

    @property
    def total(self) -> int:
        """Sum of the segments."""
        return sum(v for _, v, _ in self.segments)


def stacked_bars(title: str, desc: str, bars: Sequence[Bar], unit: str = "项") -> str:
    """Horizontal stacked bars, one row per label, each segment's figure written inside it."""
    size = 13
    label_w = max((text_width(b.label, size) for b in bars), default=40) + 16
    note_w = max((text_width(b.note, 12) for b in bars), default=0)
    plot_w = 520.0
    row_h, top = 26, 56
    width = label_w + plot_w + 70 + note_w + 16
    height = top + row_h * len(bars) + 20
    svg = Svg(width, height, title, desc)
    svg.text(12, 22, title, font_size=15, font_weight="bold", fill="#222")
    seen: dict[str, str] = {}
    for bar in bars:
        for name, _, colour in bar.segments:
            seen.setdefault(name, colour)
    svg.legend(12, 44, list(seen.items()))
    peak = max((b.total for b in bars), default=0) or 1
    for i, bar in enumerate(bars):
        y = top + i * row_h
        svg.text(label_w - 8, y + 16, bar.label, text_anchor="end", fill="#222")
        x = label_w
        for _name, value, colour in bar.segments:
            if value <= 0:
                continue
            w = plot_w * value / peak
            svg.add("rect", x=f"{x:.1f}", y=y + 4, width=f"{w:.1f}", height=row_h - 8, fill=colour)
            if w >= text_width(str(value), 11) + 4:
                svg.text(
                    x + w / 2,
                    y + 17,
                    str(value),
                    text_anchor="middle",
                    font_size=11,
                    fill="#fff" if colour in (GREEN, BLUE, VERMILLION, GREY) else "#111",
                )
            x += w
        svg.text(x + 6, y + 17, f"{bar.total} {unit}", fill="#333", font_size=12)
        if bar.note:
            svg.text(label_w + plot_w + 70, y + 17, bar.note, fill="#555", font_size=12)
    return svg.render()


@dataclass(frozen=True, slots=True)
class Mark:
    """A milestone on the timeline: which row, when, which step (number), and its colour."""

    row: int
    date: dt.date
    step: int
    colour: str
    hollow: bool = False


def timeline(
    title: str,
    desc: str,
    rows: Sequence[str],
    marks: Sequence[Mark],
    lines: Sequence[tuple[dt.date, str, str]],
    start: dt.date,
    end: dt.date,
    legend: Sequence[tuple[str, str]],
    steps: Sequence[str],
) -> str:
    """Milestones per row on a date axis, with deadline and reference-date lines.

    Each mark carries its step's number in a circle (①…⑤ in the key), so the chart reads without
    colour; hollow marks are milestones not done by the reference date, drawn at that date.
    """
    label_w = max((text_width(r, 13) for r in rows), default=40) + 20
    plot_w, row_h, top = 640.0, 34, 92
    width = label_w + plot_w + 30
    height = top + row_h * len(rows) + 40
    span = max((end - start).days, 1)

    def x_of(day: dt.date) -> float:
        return label_w + plot_w * (day - start).days / span

    svg = Svg(width, height, title, desc)
    svg.text(12, 22, title, font_size=15, font_weight="bold", fill="#222")
    svg.legend(12, 44, legend)
    key = "　".join(f"{i + 1} {s}" for i, s in enumerate(steps))
    svg.text(12, 66, key, fill="#333", font_size=12)
    bottom = top + row_h * len(rows)
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            x = x_of(month)
            svg.add("line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=top - 6, y2=bottom, stroke="#eee")
            svg.text(
                x, bottom + 16, f"{month.month}月", text_anchor="middle", fill="#666", font_size=11
            )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for i, row in enumerate(rows):
        y = top + i * row_h + row_h / 2
        svg.text(label_w - 10, y + 5, row, text_anchor="end", fill="#222")
        svg.add(
            "line", x1=label_w, x2=label_w + plot_w, y1=f"{y:.1f}", y2=f"{y:.1f}", stroke="#ccc"
        )
    for day, label, colour in lines:
        x = x_of(day)
        svg.add(
            "line",
            x1=f"{x:.1f}",
            x2=f"{x:.1f}",
            y1=top - 8,
            y2=bottom,
            stroke=colour,
            stroke_dasharray="4 3",
            stroke_width=1.5,
        )
        svg.text(x, top - 12, label, text_anchor="middle", fill=colour, font_size=11)
    per_slot: dict[tuple[int, int], int] = {}
    for m in sorted(marks, key=lambda m: (m.row, m.date, m.step)):
        x = x_of(m.date)
        slot = (m.row, round(x / 12))
        nudge = per_slot.get(slot, 0)
        per_slot[slot] = nudge + 1
        y = top + m.row * row_h + row_h / 2 + (nudge % 3 - 1) * 8 * (nudge > 0)
        x += 11 * (nudge // 3) if nudge else 0
        fill = "#fff" if m.hollow else m.colour
        svg.add(
            "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=8, fill=fill, stroke=m.colour, stroke_width=2
        )
        svg.text(
            x,
            y + 4,
            str(m.step),
            text_anchor="middle",
            font_size=10,
            font_weight="bold",
            fill=m.colour if m.hollow else "#fff",
        )
    return svg.render()


def step_line(
    title: str,
    desc: str,
    points: Sequence[tuple[dt.date, int]],
    lines: Sequence[tuple[dt.date, str, str]],
    start: dt.date,
    end: dt.date,
    total: int,
) -> str:
    """A cumulative count over time (a step line), with the total as a ceiling."""
    label_w, plot_w, plot_h, top = 56.0, 640.0, 220.0, 60
    width, height = label_w + plot_w + 40, top + plot_h + 40
    span = max((end - start).days, 1)
    peak = max(total, 1)

    def x_of(day: dt.date) -> float:
        return label_w + plot_w * (min(max(day, start), end) - start).days / span

    def y_of(value: int) -> float:
        return top + plot_h - plot_h * value / peak

    svg = Svg(width, height, title, desc)
    svg.text(12, 22, title, font_size=15, font_weight="bold", fill="#222")
    for frac in (0, 0.25, 0.5, 0.75, 1):
        value = round(peak * frac)
        y = y_of(value)
        svg.add(
            "line", x1=label_w, x2=label_w + plot_w, y1=f"{y:.1f}", y2=f"{y:.1f}", stroke="#eee"
        )
        svg.text(label_w - 6, y + 4, str(value), text_anchor="end", fill="#666", font_size=11)
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            svg.text(
                x_of(month),
                top + plot_h + 16,
                f"{month.month}月",
                text_anchor="middle",
                fill="#666",
                font_size=11,
            )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for day, label, colour in lines:
        x = x_of(day)
        svg.add(
            "line",
            x1=f"{x:.1f}",
            x2=f"{x:.1f}",
            y1=top - 6,
            y2=top + plot_h,
            stroke=colour,
            stroke_dasharray="4 3",
            stroke_width=1.5,
        )
        svg.text(x, top - 10, label, text_anchor="middle", fill=colour, font_size=11)
    path = [f"M{x_of(start):.1f},{y_of(0):.1f}"]
    last = 0
    for day, value in points:
        path.append(f"H{x_of(day):.1f}V{y_of(value):.1f}")
        last = value
    path.append(f"H{x_of(end):.1f}")
    svg.add("path", d="".join(path), fill="none", stroke=GREEN, stroke_width=2.5)
    svg.text(
        label_w + plot_w - 4,
        y_of(last) - 6,
        f"{last} / {total}",
        text_anchor="end",
        fill=GREEN,
        font_weight="bold",
    )
    return svg.render()
