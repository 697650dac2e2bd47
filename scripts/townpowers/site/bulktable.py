"""Big generated tables as one node each: the ``bulk-table`` directive.

A town's list, a power's towns or a department's grants is a table of hundreds or thousands of
rows. Parsed as Markdown, every cell became a paragraph, text and a pending cross-reference (a
100-town site had 730,000 docutils nodes, most of them in such tables), and every Sphinx
transform, the reference resolver, the search indexer and the HTML writer walked them all; a
serial build also keeps each page's tree in memory until it is written.

The template still decides the content, written as an ordinary pipe table inside the fence::

    :::{bulk-table}
    | 事项 | 状态 |
    | --- | ---: |
    | [某事项](#power-x) | 已实施 |
    :::

The directive reads the rows with a parser for exactly the inline markup the templates emit
(backslash escapes, ``[text](#label)`` and ``[text](#term "title")`` links, ``[text](https://…)``
and ``**bold**``) and keeps them in one :class:`BulkTable` node as tuples of strings. Links are
resolved once per page when Sphinx resolves the page (:func:`resolve`): a dictionary lookup in
the standard domain's labels and glossary terms (or the core site's inventory, for a district
shard), with a build warning for a label that does not exist, as MyST gives. The HTML writer
emits the same markup the Markdown table produced (the theme's scrolling container, the
``table`` class the phone layout and print styles use, the same link classes), so readers see no
difference. Search still finds a page by what its tables say (木石镇临时救助 finds 木石镇's list):
the node carries each distinct cell text once as a text child, which the indexer reads and the
HTML writer skips, so a list of a thousand rows naming forty powers gives the indexer forty texts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import shards

logger = logging.getLogger(__name__)

#: One segment of a cell: plain text, or ("ref", text, target, title) before resolution and
#: ("a", text, href, title, classes) after it, ("url", text, url), ("strong", text).
Segment = str | tuple[str, ...]
Cell = tuple[Segment, ...]

_SPECIAL = re.compile(r"[\\\[\]*`<_{|]")
_TOKEN = re.compile(
    r"\\(?P<esc>[!-/:-@\[-`{-~])"
    r"|\[(?P<text>(?:\\.|[^\]\\])*)\]\((?P<dest>[^\s)]+)(?: \"(?P<title>(?:\\.|[^\"\\])*)\")?\)"
    r"|\*\*(?P<strong>(?:\\.|[^*\\])+)\*\*"
    r"|(?P<bad>[\[\]*`<_{|])"
)
_ONE_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(#([^\s)]+)\)")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CELLS = re.compile(r"((?:\\.|[^\\|])*)\|")
_ALIGN = re.compile(r"^\s*(:?)-{3,}(:?)\s*$")


class TableSyntaxError(ValueError):
    """A ``bulk-table`` whose text the directive cannot read (a template bug)."""


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


@functools.lru_cache(maxsize=1 << 16)
def parse_cell(text: str) -> Cell:
    """A cell's inline markup as segments (raises :class:`TableSyntaxError` on anything else).

    Cells repeat (a power's link on every town's list, a mode, a status), so results are
    remembered; the common shapes (plain text, one link) skip the general scanner.
    """
    text = text.strip()
    if not _SPECIAL.search(text):
        return (text,) if text else ()
    one = _ONE_LINK.fullmatch(text)
    if one is not None:
        label = one[1]
        return (("ref", _unescape(label) if "\\" in label else label, one[2], ""),)
    out: list[Segment] = []
    plain: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        plain.append(text[pos : m.start()])
        pos = m.end()
        if m["esc"] is not None:
            plain.append(m["esc"])
            continue
        if m["bad"] is not None:
            raise TableSyntaxError(f"表格单元格中有不支持的标记“{m['bad']}”：{text}")
        if plain:
            out.append("".join(plain))
            plain = []
        if m["strong"] is not None:
            out.append(("strong", _unescape(m["strong"])))
        elif m["dest"].startswith("#"):
            out.append(("ref", _unescape(m["text"]), m["dest"][1:], _unescape(m["title"] or "")))
        elif re.match(r"https?://", m["dest"]):
            out.append(("url", _unescape(m["text"]), m["dest"]))
        else:
            raise TableSyntaxError(f"表格单元格中的链接目标应为 #标签 或 http(s) 地址：{text}")
    plain.append(text[pos:])
    if any(plain):
        out.append("".join(plain))
    return tuple(s for s in out if s != "")


def _split_row(line: str) -> list[str]:
    """The cells of one pipe-table line (``\\|`` is an escaped pipe, not a separator)."""
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|") and len(line) > 1):
        raise TableSyntaxError(f"表格的每一行应以“|”开始和结束：{line}")
    if "\\" not in line:
        return line[1:-1].split("|")
    cells = _CELLS.findall(line, 1)
    if sum(len(c) + 1 for c in cells) != len(line) - 1:
        raise TableSyntaxError(f"表格行的末尾是转义的“|”：{line}")
    return cells


Row = tuple[Cell, ...]


def parse_table(lines: list[str]) -> tuple[tuple[str, ...], Row, tuple[Row, ...]]:
    """(column alignments, header cells, rows) of a pipe table's lines."""
    lines = [line for line in lines if line.strip()]
    if len(lines) < 2:
        raise TableSyntaxError("表格至少要有表头和分隔行")
    head = [parse_cell(c) for c in _split_row(lines[0])]
    aligns: list[str] = []
    for spec in _split_row(lines[1]):
        m = _ALIGN.match(spec)
        if m is None:
            raise TableSyntaxError(f"表格的第二行应为分隔行（--- 或 ---:）：{lines[1]}")
        aligns.append("center" if m[1] and m[2] else "right" if m[2] else "left" if m[1] else "")
    if len(aligns) != len(head):
        raise TableSyntaxError(f"分隔行有 {len(aligns)} 列，表头有 {len(head)} 列")
    rows: list[Row] = []
    for line in lines[2:]:
        cells = _split_row(line)
        if len(cells) != len(head):
            raise TableSyntaxError(f"这一行有 {len(cells)} 列，表头有 {len(head)} 列：{line}")
        rows.append(tuple(parse_cell(c) for c in cells))
    return tuple(aligns), tuple(head), tuple(rows)


class BulkTable(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils is untyped
    """A whole table as one node: ``aligns``, ``head`` and ``rows`` attributes (tuples)."""


class BulkTableDirective(SphinxDirective):
    """``:::{bulk-table}`` with a pipe table as its content."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            aligns, head, rows = parse_table(list(self.content))
        except TableSyntaxError as exc:
            return [self.state.document.reporter.error(str(exc), line=self.lineno)]
        node = BulkTable(aligns=aligns, head=head, rows=rows)
        # what the search indexer reads: each distinct visible text once (see the module's doc)
        seen = dict.fromkeys(t for row in rows for c in row if (t := _text(c).strip()))
        node.extend(nodes.Text(t) for t in seen)
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        return [node]


#: A link target -> (href, classes, title override) or None when it does not exist.
Resolver = Callable[[str], tuple[str, str] | None]


def resolve(node: BulkTable, find: Resolver, warn: Callable[[str, BulkTable], None]) -> None:
    """Replace every ``ref`` segment by an ``a`` segment with its href (warn when missing)."""

    def cell(c: Cell) -> Cell:
        out: list[Segment] = []
        for seg in c:
            if isinstance(seg, tuple) and seg[0] == "ref":
                _, text, target, title = seg
                found = find(target)
                if found is None:
                    warn(f"找不到链接目标“{target}”（{text}）", node)
                    out.append(text)
                else:
                    out.append(("a", text, found[0], title, found[1]))
            else:
                out.append(seg)
        return tuple(out)

    node["head"] = tuple(cell(c) for c in node["head"])
    node["rows"] = tuple(tuple(cell(c) for c in row) for row in node["rows"])


#: What the docutils HTML writer escapes in text and attribute values (``HTMLTranslator.encode``).
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"})


def _escape(text: str) -> str:
    return text.translate(_ENTITIES)


def _segment_html(seg: Segment) -> str:
    if isinstance(seg, str):
        return _escape(seg)
    kind = seg[0]
    if kind == "a":
        _, text, href, title, classes = seg
        attr = f' title="{_escape(title)}"' if title else ""
        return (
            f'<a class="reference internal" href="{_escape(href)}"{attr}>'
            f'<span class="{classes}">{_escape(text)}</span></a>'
        )
    if kind == "url":
        _, text, url = seg
        return f'<a class="reference external" href="{_escape(url)}">{_escape(text)}</a>'
    if kind == "strong":
        return f"<strong>{_escape(seg[1])}</strong>"
    return _escape(seg[1])  # an unresolved reference: its text


def _cell_html(c: Cell) -> str:
    return "<p>" + "".join(_segment_html(s) for s in c) + "</p>"


def to_html(node: BulkTable) -> str:
    """The table as the docutils HTML writer and the theme write a Markdown table."""
    aligns: tuple[str, ...] = node["aligns"]
    cls = [f' class="text-{a}"' if a else "" for a in aligns]
    head_cls = [f' class="head text-{a}"' if a else ' class="head"' for a in aligns]
    parts = ['<div class="pst-scrollable-table-container"><table class="table">\n<thead>\n']
    parts.append('<tr class="row-odd">')
    heads = zip(head_cls, node["head"], strict=True)
    parts.append("\n".join(f"<th{h}>{_cell_html(c)}</th>" for h, c in heads))
    parts.append("\n</tr>\n</thead>\n<tbody>\n")
    for i, row in enumerate(node["rows"]):
        parts.append(f'<tr class="row-{"even" if i % 2 == 0 else "odd"}">')
        parts.append(
            "\n".join(f"<td{a}>{_cell_html(c)}</td>" for a, c in zip(cls, row, strict=True))
        )
        parts.append("\n</tr>\n")
    parts.append("</tbody>\n</table>\n</div>\n")
    return "".join(parts)


def visit_html(translator: Any, node: BulkTable) -> None:
    """HTML writer: the whole table at once."""
    translator.body.append(to_html(node))
    raise nodes.SkipNode


def _text(c: Cell) -> str:
    return "".join(s if isinstance(s, str) else s[1] for s in c)


def as_docutils_table(node: BulkTable) -> nodes.table:
    """The table as ordinary docutils nodes (for builders other than HTML); links as text."""
    width = len(node["aligns"])
    group = nodes.tgroup(cols=width)
    group += [nodes.colspec(colwidth=1) for _ in range(width)]

    def row(cells: tuple[Cell, ...]) -> nodes.row:
        r = nodes.row()
        for c in cells:
            r += nodes.entry("", nodes.paragraph(text=_text(c)))
        return r

    group += nodes.thead("", row(node["head"]))
    group += nodes.tbody("", *(row(r) for r in node["rows"]))
    return nodes.table("", group)


def sphinx_resolver(app: Sphinx, docname: str) -> Resolver:
    """Find a target as MyST's ``[text](#target)`` does (``myst_ref_domains = ["std"]``):
    a label, then a glossary term; in a district shard also the core site's inventory."""
    std = app.env.get_domain("std")
    labels: dict[str, tuple[str, str, str]] = std.labels  # type: ignore[attr-defined]
    anon: dict[str, tuple[str, str]] = std.anonlabels  # type: ignore[attr-defined]
    terms: dict[str, tuple[str, str]] = std._terms  # type: ignore[attr-defined]
    inventory: dict[str, dict[str, Any]] = getattr(app.env, "intersphinx_inventory", {}) or {}
    shard = app.config.townpowers_shard
    builder = app.builder

    pages: dict[str, str] = {}

    def uri(doc: str, anchor: str) -> str:
        page = pages.get(doc)
        if page is None:
            page = pages[doc] = builder.get_relative_uri(docname, doc)
        return f"{page}#{anchor}"

    def find(target: str) -> tuple[str, str] | None:
        key = target.lower()
        if key in labels:
            doc, anchor, _ = labels[key]
            return uri(doc, anchor), "std std-ref"
        if key in anon:
            doc, anchor = anon[key]
            return uri(doc, anchor), "std std-ref"
        if key in terms:
            doc, anchor = terms[key]
            return uri(doc, anchor), "xref myst std std-term"
        for kind, cls in (("std:label", "std std-ref"), ("std:term", "xref myst std std-term")):
            item = inventory.get(kind, {}).get(key) or inventory.get(kind, {}).get(target)
            if item is not None:
                found = item.uri if hasattr(item, "uri") else item[2]
                if found.startswith(shards.SHARD_BASE) and shard:
                    found = shards.relative_uri(found, docname, shard)
                return found, cls
        return None

    return find


def resolve_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Resolve every bulk table of a page (``doctree-resolved``); other builders than HTML get
    an ordinary docutils table."""
    tables = list(doctree.findall(BulkTable))
    if not tables:
        return
    find = sphinx_resolver(app, docname)
    shard = app.config.townpowers_shard

    def warn(message: str, node: BulkTable) -> None:
        logger.warning(message, location=node, type="townpowers", subtype="bulk-table")

    for table in tables:
        resolve(table, find, warn)
        if shard:  # links written to another shard's page (see shards.Plan.xref)
            _relative_urls(table, docname, shard)
        if app.builder.format != "html":
            table.replace_self(as_docutils_table(table))


def _relative_urls(table: BulkTable, docname: str, shard: str) -> None:
    def fix(c: Cell) -> Cell:
        return tuple(
            ("a", s[1], shards.relative_uri(s[2], docname, shard), "", "std std-ref")
            if isinstance(s, tuple) and s[0] == "url" and s[2].startswith(shards.SHARD_BASE)
            else s
            for s in c
        )

    table["rows"] = tuple(tuple(fix(c) for c in row) for row in table["rows"])
    table["head"] = tuple(fix(c) for c in table["head"])
