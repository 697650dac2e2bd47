"""Soft line breaks between Chinese characters disappear; elsewhere they stay spaces."""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

from townpowers.site.linebreaks import JoinChineseLines

SOURCE = """\
其余步骤都以它为
单位，结果写入
`bench.json` 和
图表（见下）。

English words
stay apart, 中文和
English 之间保留空格。

```text
代码块里
的换行不动
```
"""


def _paragraphs() -> list[str]:
    document = publish_doctree(SOURCE, parser=Parser())
    JoinChineseLines(document).apply()
    return [p.astext() for p in document.findall(nodes.paragraph)] + [
        b.astext() for b in document.findall(nodes.literal_block)
    ]


def test_breaks_between_chinese_go_and_others_stay() -> None:
    first, second, code = _paragraphs()
    assert first == "其余步骤都以它为单位，结果写入\nbench.json 和图表（见下）。"
    assert second == "English words\nstay apart, 中文和\nEnglish 之间保留空格。"
    assert code.rstrip("\n") == "代码块里\n的换行不动"


def test_breaks_inside_one_text_node_and_inline_code() -> None:
    document = publish_doctree("x\n", parser=Parser())
    paragraph = nodes.paragraph("", "", nodes.Text("甲\n乙 a\nb"), nodes.literal("", "丙\n丁"))
    document += paragraph
    JoinChineseLines(document).apply()
    assert paragraph.astext() == "甲乙 a\nb丙\n丁"
