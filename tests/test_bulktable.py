"""The bulk-table directive: big generated tables read without the Markdown parser, one node each.

What the templates emit (escaped catalog text, links to labels and glossary terms, external links,
bold) must come out as the Markdown table did; anything else is a template bug and fails loudly.
"""

from __future__ import annotations

import pytest

from townpowers.site.bulktable import (
    BulkTable,
    TableSyntaxError,
    as_docutils_table,
    parse_cell,
    parse_table,
    resolve,
    to_html,
)
from townpowers.site.names import xref
from townpowers.site.rendering import cell, link, md


def test_plain_and_escaped_text_reads_back_verbatim() -> None:
    hostile = "a|b <script> [x](#y) **z** `c` {ref}`t` \\ 100% (示意)"
    assert parse_cell(cell(hostile)) == (hostile,)
    assert parse_cell("已实施") == ("已实施",)
    assert parse_cell(" ") == ()


def test_links_terms_urls_and_bold() -> None:
    text = (
        f"{xref('镇（示意）[1]', 'town-mushi')}，"
        '[直接下放](#直接下放 "镇里受理\\"决定\\"")；'
        f"{link('https://example.org/a?b=1')} **第\\*一**"
    )
    assert parse_cell(text) == (
        ("ref", "镇（示意）[1]", "town-mushi", ""),
        "，",
        ("ref", "直接下放", "直接下放", '镇里受理"决定"'),
        "；",
        ("url", "https://example.org/a?b=1", "https://example.org/a?b=1"),
        " ",
        ("strong", "第*一"),
    )


@pytest.mark.parametrize(
    "bad", ["`code`", "<b>x</b>", "{ref}`x`", "*em*", "[x](relative.html)", "a_b"]
)
def test_markup_the_templates_never_emit_is_an_error(bad: str) -> None:
    with pytest.raises(TableSyntaxError):
        parse_cell(bad)


def test_table_shape_is_checked() -> None:
    aligns, head, rows = parse_table(
        ["| 事项 | 件数 | 中 |", "| --- | ---: | :---: |", f"| {md('a|b')} | 3 | x |", ""]
    )
    assert aligns == ("", "right", "center")
    assert head == (("事项",), ("件数",), ("中",))
    assert rows == ((("a|b",), ("3",), ("x",)),)
    with pytest.raises(TableSyntaxError, match="列"):
        parse_table(["| a | b |", "| --- | --- |", "| 1 |"])
    with pytest.raises(TableSyntaxError, match="分隔行"):
        parse_table(["| a |", "| x |"])
    with pytest.raises(TableSyntaxError, match="开始和结束"):
        parse_table(["| a |", "| --- |", "1"])


def _node() -> BulkTable:
    odd = md('<x>&"@')
    aligns, head, rows = parse_table(
        [
            "| 镇 | 件数 |",
            "| --- | ---: |",
            f"| {xref('木石镇', 'town-mushi')} | 3 |",
            f"| {xref('无此镇', 'town-none')} | {odd} |",
        ]
    )
    return BulkTable(aligns=aligns, head=head, rows=rows)


def test_links_resolve_once_and_missing_targets_warn() -> None:
    node = _node()
    warned: list[str] = []
    targets = {"town-mushi": ("../towns/mushi.html#town-mushi", "std std-ref")}
    resolve(node, targets.get, lambda message, _node: warned.append(message))
    assert warned == ["找不到链接目标“town-none”（无此镇）"]
    html = to_html(node)
    assert (
        '<td><p><a class="reference internal" href="../towns/mushi.html#town-mushi">'
        '<span class="std std-ref">木石镇</span></a></p></td>'
    ) in html
    assert '<td class="text-right"><p>&lt;x&gt;&amp;&quot;&#64;</p></td>' in html  # escaped
    assert '<th class="head text-right"><p>件数</p></th>' in html
    assert html.startswith('<div class="pst-scrollable-table-container"><table class="table">')
    assert html.count('<tr class="row-even">') == 1 and html.count('<tr class="row-odd">') == 2


def test_other_builders_get_an_ordinary_table() -> None:
    table = as_docutils_table(_node())
    assert table.astext().split() == ["镇", "件数", "木石镇", "3", "无此镇", '<x>&"@']
