"""The benchmark's chart (plain SVG, drawn by hand) and its Chinese tables.

Time against towns on log-log axes: a step whose cost grows linearly in towns is a straight line
of slope one, a fixed cost is flat, and the floor is the lowest line, so the distance between a
step and the floor reads as the ratio the table quotes. The SVG style is the progress dashboard's
(townpowers.site.charts): white card, title and description for screen readers, CJK font, the
Okabe-Ito palette, every line named at its end, not told by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from townpowers.site.charts import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, Svg

COLOURS = (GREY, BLUE, GREEN, SKY, VERMILLION, ORANGE, PURPLE, "#000000")
LABELS = {
    "floor": "下限（只解析并写回 YAML）",
    "validate": "加载并校验",
    "check": "检查（2 个进程）",
    "pages": "生成页面（不经 Sphinx）",
    "html": "全新构建网站",
    "noop": "无变化时重新构建",
    "incremental": "改一个事项后增量构建",
    "anchor": "锚点：普通 sphinx-needs 项目全新构建",
    "handbook": "一镇培训手册（PDF）",
}


def _ticks(lo: float, hi: float) -> list[float]:
    """1-2-5 ticks covering [lo, hi] on a log axis."""
    out: list[float] = []
    for exp in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for m in (1, 2, 5):
            v = m * 10.0**exp
            if lo <= v <= hi:
                out.append(v)
    return out


def _fmt(v: float) -> str:
    return f"{v:g}" if v >= 1 else f"{v:.2g}"


def chart(data: dict[str, Any]) -> str:
    """Median wall time of every step against the number of towns (log-log)."""
    series: dict[str, list[tuple[int, float, str]]] = {}
    for scale in data["scales"]:
        for step, figures in scale["steps"].items():
            series.setdefault(step, []).append(
                (scale["towns"], figures["median_s"], scale["label"])
            )
    steps = [s for s in LABELS if s in series]
    towns = [t for points in series.values() for t, _, _ in points]
    times = [v for points in series.values() for _, v, _ in points]
    x_lo, x_hi = min(towns) / 1.3, max(towns) * 1.3
    y_lo, y_hi = min(times) / 1.6, max(times) * 1.6
    if x_hi / x_lo < 10:
        x_lo, x_hi = x_lo / 3, x_hi * 3
    if y_hi / y_lo < 10:
        y_lo, y_hi = y_lo / 3, y_hi * 3
    left, top, plot_w, plot_h = 70.0, 70.0, 560.0, 380.0
    # room for the longest label at the end of its line (a CJK character is about 12 px wide)
    label_w = 30.0 + max(sum(12.0 if ord(c) > 0x2E80 else 6.5 for c in LABELS[s]) for s in steps)
    width, height = left + plot_w + label_w, top + plot_h + 60

    def x(v: float) -> float:
        return left + plot_w * math.log(v / x_lo) / math.log(x_hi / x_lo)

    def y(v: float) -> float:
        return top + plot_h * (1 - math.log(v / y_lo) / math.log(y_hi / y_lo))

    machine = data["machine"]
    title = "各步骤耗时随镇数的增长（中位数，对数坐标）"
    desc = (
        f"{machine['cpus']} 个处理器，{machine['date'][:10]}；每镇 {data['settings']['grants']} "
        "项赋权。"
        + "；".join(
            f"{LABELS[s]}：" + "、".join(f"{t} 镇 {v:.2f} 秒" for t, v, _ in series[s])
            for s in steps
        )
    )
    svg = Svg(width, height, title, desc)
    svg.text(12, 24, title, font_size=15, font_weight="bold", fill="#222")
    svg.text(
        12,
        46,
        f"{machine['cpu_model']}，{machine['cpus']} 个处理器；每镇 {data['settings']['grants']} "
        f"项赋权；{machine['date'][:10]}",
        font_size=12,
        fill="#555",
    )
    svg.add("rect", x=left, y=top, width=plot_w, height=plot_h, fill="none", stroke="#bbb")
    for v in _ticks(y_lo, y_hi):
        svg.add(
            "line", x1=left, x2=left + plot_w, y1=f"{y(v):.1f}", y2=f"{y(v):.1f}", stroke="#eee"
        )
        svg.text(left - 6, y(v) + 4, _fmt(v), text_anchor="end", font_size=11, fill="#555")
    for t in sorted(set(towns)):
        svg.add("line", x1=f"{x(t):.1f}", x2=f"{x(t):.1f}", y1=top, y2=top + plot_h, stroke="#eee")
        svg.text(x(t), top + plot_h + 16, str(t), text_anchor="middle", font_size=11, fill="#555")
    axis = "镇数（合成目录每镇赋权数相同"
    axis += "；20 为参考目录）" if any(s["reference"] for s in data["scales"]) else "）"
    svg.text(
        left + plot_w / 2, top + plot_h + 38, axis, text_anchor="middle", font_size=12, fill="#333"
    )
    svg.text(18, top + plot_h / 2, "秒", font_size=12, fill="#333")
    # a guide of slope one (cost proportional to towns) through the middle of the plot
    mid_x, mid_y = math.sqrt(x_lo * x_hi), math.sqrt(y_lo * y_hi)
    span = min(x_hi / mid_x, y_hi / mid_y, mid_x / x_lo, mid_y / y_lo)
    svg.add(
        "line",
        x1=f"{x(mid_x / span):.1f}",
        y1=f"{y(mid_y / span):.1f}",
        x2=f"{x(mid_x * span):.1f}",
        y2=f"{y(mid_y * span):.1f}",
        stroke="#ccc",
        stroke_width=1,
        stroke_dasharray="2 3",
    )
    svg.text(
        x(mid_x * span) - 4,
        y(mid_y * span) + 14,
        "与镇数成正比",
        text_anchor="end",
        font_size=11,
        fill="#999",
    )
    ends: list[tuple[float, str, str]] = []
    for i, step in enumerate(steps):
        colour = COLOURS[i % len(COLOURS)]
        points = sorted(series[step])
        svg.add(
            "polyline",
            points=" ".join(f"{x(t):.1f},{y(v):.1f}" for t, v, _ in points),
            fill="none",
            stroke=colour,
            stroke_width=2,
            stroke_dasharray="5 3" if step == "floor" else "none",
        )
        for t, v, label in points:
            svg.add("circle", cx=f"{x(t):.1f}", cy=f"{y(v):.1f}", r=3.5, fill=colour)
            svg.add("title", f"{LABELS[step]}，{label}：{v:.2f} 秒")
        t, v, _ = points[-1]
        ends.append((y(v), LABELS[step], colour))
    # labels at the right edge, pushed apart so that lines ending close together stay readable
    ends.sort()
    placed: list[float] = []
    for pos, _, _ in ends:
        placed.append(max(pos, placed[-1] + 15) if placed else pos)
    overflow = placed[-1] - (top + plot_h) if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
    for (pos, label, colour), at in zip(ends, placed, strict=True):
        svg.add(
            "line",
            x1=left + plot_w + 2,
            x2=left + plot_w + 10,
            y1=f"{pos:.1f}",
            y2=f"{at:.1f}",
            stroke=colour,
        )
        svg.text(left + plot_w + 14, at + 4, label, font_size=12, fill=colour)
    return svg.render()


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def matrix(data: dict[str, Any]) -> str:
    """Steps by scales: median seconds (times the floor), then peak MiB; the compact view."""
    scales = data["scales"]
    head = _row(["步骤", *(s["label"] for s in scales)])
    rule = _row(["---", *("---:" for _ in scales)])
    times, peaks = [head, rule], [head, rule]
    for step, label in LABELS.items():
        cells = [s["steps"].get(step) for s in scales]
        if not any(cells):
            continue
        times.append(_row([label, *(_time(c) for c in cells)]))
        peaks.append(_row([label, *("—" if c is None else f"{c['peak_mib']:,.0f}" for c in cells)]))
    note = ["", "¹ 只运行了 1 次（第一次超过 --slow-after 秒，或 --runs 1）。"]
    if not any(c["runs"] == 1 for s in scales for c in s["steps"].values()):
        note = []
    return "\n".join(
        [
            "中位数（秒；括号内为下限的倍数）：",
            "",
            *times,
            *note,
            "",
            "内存峰值（MiB）：",
            "",
            *peaks,
        ]
    )


def _time(c: dict[str, Any] | None) -> str:
    if c is None:
        return "—"
    ratio = "" if c.get("ratio_to_floor") is None else f"（×{c['ratio_to_floor']:.1f}）"
    once = "¹" if c["runs"] == 1 else ""
    return f"{c['median_s']:.2f}{once}{ratio}"


def anchor_table(data: dict[str, Any]) -> list[str]:
    """The site against the plain sphinx-needs project with the same traced objects."""
    rows = [s for s in data["scales"] if "anchor_over_site" in s["steps"].get("html", {})]
    if not rows:
        return []
    out = [
        "",
        "与普通 sphinx-needs 项目（锚点，同样的追溯对象，同一轮交替构建）比较：",
        "",
        _row(
            [
                "规模",
                "追溯对象",
                "本站（秒）",
                "锚点（秒）",
                "本站每对象（毫秒）",
                "锚点每对象（毫秒）",
                "本站便宜的倍数",
                "本站峰值（MiB）",
                "锚点峰值（MiB）",
            ]
        ),
        _row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ]
    for scale in rows:
        site, anchor = scale["steps"]["html"], scale["steps"]["anchor"]
        out.append(
            _row(
                [
                    scale["label"],
                    f"{site['traced_objects']:,}",
                    f"{site['median_s']:.2f}",
                    f"{anchor['median_s']:.2f}",
                    f"{site['ms_per_object']:.2f}",
                    f"{anchor['ms_per_object']:.2f}",
                    f"{site['anchor_over_site']:.2f}",
                    f"{site['peak_mib']:,.0f}",
                    f"{anchor['peak_mib']:,.0f}",
                ]
            )
        )
    return out


def tables(data: dict[str, Any]) -> str:
    """The results as Markdown tables (the console output, and what docs/benchmarks.md quotes)."""
    lines = [
        matrix(data),
        "",
        "明细：",
        "",
        _row(
            [
                "规模",
                "步骤",
                "中位数（秒）",
                "最快–最慢（秒）",
                "内存峰值（MiB）",
                "次数",
                "相对下限",
            ]
        ),
        _row(["---", "---", "---:", "---:", "---:", "---:", "---:"]),
    ]
    for scale in data["scales"]:
        for step, f in scale["steps"].items():
            lines.append(
                _row(
                    [
                        scale["label"],
                        LABELS[step],
                        f"{f['median_s']:.2f}",
                        f"{f['min_s']:.2f}–{f['max_s']:.2f}",
                        f"{f['peak_mib']:,.0f}",
                        str(f["runs"]),
                        "—" if f["ratio_to_floor"] is None else f"{f['ratio_to_floor']:.1f}",
                    ]
                )
            )
    if data["growth"]:
        lines += [
            "",
            _row(
                ["步骤", "镇数", "时间倍数", "每镇（毫秒）", "每增加 100 镇（秒）", "线性拟合 R²"]
            ),
            _row(["---", "---:", "---:", "---:", "---:", "---:"]),
        ]
        for step, g in data["growth"].items():
            lines.append(
                _row(
                    [
                        LABELS[step],
                        f"{g['from_towns']}→{g['to_towns']}（{g['towns_ratio']:.0f} 倍）",
                        f"{g['time_ratio']:.1f}",
                        f"{g['ms_per_town_from']:.0f}→{g['ms_per_town_to']:.0f}",
                        f"{g['slope_s_per_100_towns']:.2f}",
                        f"{g['r2']:.3f}",
                    ]
                )
            )
    lines += anchor_table(data)
    if data["targets"]:
        lines += ["", _row(["目标", "要求", "测得", "结论"]), _row(["---", "---", "---", "---"])]
        for t in data["targets"]:
            lines.append(
                _row([t["name"], t["limit"], t["value"], "达到" if t["met"] else "未达到"])
            )
    return "\n".join(lines) + "\n"
