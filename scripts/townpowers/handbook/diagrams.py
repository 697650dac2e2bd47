"""Route diagrams for the handbooks: who an application passes through, by mode (graphviz SVG).

Window staff need to see at a glance where a file goes next. Each mode has its own route; the
district department is named concretely for the town's district. Diagrams are rendered by
graphviz's ``dot`` with a CJK font (without one, Chinese falls back to Japanese glyph forms),
cached by their source text, and embedded in the handbook as inline SVG.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess

from ..model import Mode

FONT = "Noto Sans CJK SC"


class DiagramError(Exception):
    """graphviz is missing or failed."""


def _node(name: str, label: str, fill: str) -> str:
    text = html.escape(label).replace("\n", "<br/>")
    return f'{name} [label=<{text}>, fillcolor="{fill}"];'


def route_source(mode: Mode, town: str, department: str, enforcement: bool = False) -> str:
    """The DOT source of one mode's route for one town and district department.

    Enforcement (penalties, coercion, inspections) has no applicant: a case starts from a lead
    and the town's part is investigating.
    """
    if enforcement:
        return _enforcement_source(mode, town, department)
    applicant = _node("a", "申请人", "#F1F1F1")
    if mode is Mode.DIRECT:
        nodes = [
            applicant,
            _node("t", f"{town}便民服务中心\n受理、审查、决定\n（以{department}名义）", "#C9DAF8"),
            _node("r", "办结、送达", "#D9EAD3"),
        ]
        edges = ['a -> t [label="申请"]', "t -> r"]
    elif mode is Mode.WINDOW:
        nodes = [
            applicant,
            _node("t", f"{town}综合服务窗口\n受理、核对材料", "#C9DAF8"),
            _node("d", f"{department}\n审查、决定", "#FCE5CD"),
            _node("r", "镇窗口送达", "#D9EAD3"),
        ]
        edges = ['a -> t [label="申请"]', 't -> d [label="转递"]', 'd -> r [label="结果"]']
    elif mode is Mode.REVIEW:
        nodes = [
            applicant,
            _node("t", f"{town}便民服务中心\n受理、现场核查\n提出审核意见", "#C9DAF8"),
            _node("d", f"{department}\n审批", "#FCE5CD"),
            _node("r", "办结、送达", "#D9EAD3"),
        ]
        edges = ['a -> t [label="申请"]', 't -> d [label="审核意见"]', "d -> r"]
    else:
        nodes = [
            applicant,
            _node("t", f"{town}人民政府\n依法受理、决定", "#C9DAF8"),
            _node("r", "办结、送达", "#D9EAD3"),
        ]
        edges = ['a -> t [label="申请"]', "t -> r"]
    return _digraph(nodes, edges)


def _enforcement_source(mode: Mode, town: str, department: str) -> str:
    lead = _node("a", "线索\n巡查、举报、移送", "#F1F1F1")
    if mode is Mode.DIRECT:
        nodes = [
            lead,
            _node("t", f"{town}（受委托）\n立案、调查、决定\n（以{department}名义）", "#C9DAF8"),
            _node("r", "送达、执行", "#D9EAD3"),
        ]
        edges = ["a -> t", "t -> r"]
    elif mode is Mode.STATUTORY:
        nodes = [
            lead,
            _node("t", f"{town}人民政府\n依法检查、处理", "#C9DAF8"),
            _node("r", "处理结果", "#D9EAD3"),
        ]
        edges = ["a -> t", "t -> r"]
    else:
        town_part = "受委托现场检查\n调查取证" if mode is Mode.REVIEW else "发现线索"
        nodes = [
            lead,
            _node("t", f"{town}\n{town_part}", "#C9DAF8"),
            _node("d", f"{department}\n审查、作出决定", "#FCE5CD"),
            _node("r", "送达、执行", "#D9EAD3"),
        ]
        edges = ["a -> t", 't -> d [label="移送案卷"]', "d -> r"]
    return _digraph(nodes, edges)


def _digraph(nodes: list[str], edges: list[str]) -> str:
    return "\n".join(
        [
            "digraph route {",
            f'  graph [rankdir=LR, fontname="{FONT}", bgcolor="transparent", pad="0.1"];',
            f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=10, '
            'color="#666666"];',
            f'  edge [fontname="{FONT}", fontsize=9, color="#444444"];',
            *(f"  {n}" for n in nodes),
            *(f"  {e};" for e in edges),
            "}",
        ]
    )


@functools.lru_cache(maxsize=512)
def render_svg(source: str) -> str:
    """SVG markup for a DOT source (no XML prolog, ready to embed)."""
    dot = shutil.which("dot")
    if dot is None:
        raise DiagramError("找不到 graphviz 的 dot 命令；make pdf 会自动安装 graphviz")
    result = subprocess.run(
        [dot, "-Tsvg"], input=source, capture_output=True, text=True, check=False, timeout=60
    )
    if result.returncode != 0:
        raise DiagramError(f"graphviz 失败：{result.stderr.strip()}")
    svg = result.stdout
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    # graphviz numbers its elements (id="node1"...); several diagrams on one page would
    # define the same anchors, and the ids are not needed
    return re.sub(r'\s(?:id|class)="[^"]*"', "", svg)


def route_svg(mode: Mode, town: str, department: str, enforcement: bool = False) -> str:
    """The rendered route diagram."""
    return render_svg(route_source(mode, town, department, enforcement))
