"""Chinese numerals, 款/项 cutting and fingerprints."""

from __future__ import annotations

import pytest

from townpowers.model import lawtext


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十一", 111),
        ("一千零一十", 1010),
        ("二百三十四", 234),
    ],
)
def test_chinese_numbers_both_ways(text: str, value: int) -> None:
    assert lawtext.chinese_number(text) == value
    assert lawtext.to_chinese(value) == text


def test_every_number_round_trips() -> None:
    for n in range(1, 2000):
        assert lawtext.chinese_number(lawtext.to_chinese(n)) == n


@pytest.mark.parametrize("bad", ["", "甲", "十a"])
def test_bad_numerals_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        lawtext.chinese_number(bad)


def test_article_number_labels() -> None:
    assert lawtext.article_number("第四十一条") == (41, 0)
    assert lawtext.article_number("第十七条之一") == (17, 1)
    assert lawtext.article_number("二（二）") is None


ARTICLE = """违反本法规定，有下列行为之一，由主管部门责令改正：
（一）随意倾倒生活垃圾的；
（二）擅自关闭处理设施的。
单位有前款第一项行为的，处罚款。
个人有前款第一项行为的，处一百元以上五百元以下的罚款。"""


def test_paragraphs_attach_items_to_their_paragraph() -> None:
    parts = lawtext.paragraphs(ARTICLE)
    assert [len(p.items) for p in parts] == [2, 0, 0]
    assert parts[0].items[1].startswith("（二）")


def test_cut_whole_paragraph_item() -> None:
    assert lawtext.cut(ARTICLE) == ARTICLE
    assert lawtext.cut(ARTICLE, 2) == "单位有前款第一项行为的，处罚款。"
    assert lawtext.cut(ARTICLE, 1) == "\n".join(ARTICLE.splitlines()[:3])
    assert lawtext.cut(ARTICLE, 1, 2) == "（二）擅自关闭处理设施的。"
    assert lawtext.cut(ARTICLE, None, 1) == "（一）随意倾倒生活垃圾的；"
    assert lawtext.cut(ARTICLE, 4) is None
    assert lawtext.cut(ARTICLE, 1, 3) is None
    assert lawtext.cut(ARTICLE, 2, 1) is None


def test_half_width_item_markers() -> None:
    text = "申请按照下列程序办理：\n(一)提出申请；\n(二)调查核实。"
    assert len(lawtext.paragraphs(text)) == 1
    assert lawtext.cut(text, 1, 2) == "(二)调查核实。"


def test_reference_label() -> None:
    assert lawtext.reference_label("第一百一十一条", 1, 1) == "第一百一十一条第一款第（一）项"
    assert lawtext.reference_label("第八条", None, None) == "第八条"


def test_fingerprint_ignores_layout_not_wording() -> None:
    a = lawtext.fingerprint("第一款。\n第二款。")
    assert a == lawtext.fingerprint("  第一款。  \n\n第二款。\n")
    assert a != lawtext.fingerprint("第一款。\n第二款！")
    assert len(a) == 12


def test_read_law_file(tmp_path) -> None:
    path = tmp_path / "law.md"
    path.write_text(
        "# 某法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n"
        "第一条 为了测试，制定本法。\n\n第二条　本法适用于：\n\n（一）甲；\n\n（二）乙。\n\n"
        "前款规定不适用于丙。\n\n## 第二章 附则\n\n第三条 本法自公布之日起施行。\n",
        encoding="utf-8",
    )
    articles = lawtext.read_law_file(path)
    assert list(articles) == ["第一条", "第二条", "第三条"]
    assert articles["第二条"] == "本法适用于：\n（一）甲；\n（二）乙。\n前款规定不适用于丙。"


def test_references_in_running_text() -> None:
    """Articles named in reasoning: a title, then bare numbers continuing it, ranges expanded."""
    text = (
        "依第八条，《城乡规划法》第四十一条第一款和《山东省城乡规划条例》第五十六条规定"
        "（条例第五十七条只适用于住宅）；见《森林法》第五十八条至第六十条，"
        "《行政处罚法》（2021年修订）第二十四条，第一百一十一条第一款第（一）项。"
    )
    found = [(r.title, r.label()) for r in lawtext.references(text)]
    assert found == [
        (None, "第八条"),
        ("城乡规划法", "第四十一条第一款"),
        ("山东省城乡规划条例", "第五十六条"),
        ("山东省城乡规划条例", "第五十七条"),
        ("森林法", "第五十八条"),
        ("森林法", "第五十九条"),
        ("森林法", "第六十条"),
        ("行政处罚法", "第二十四条"),
        ("行政处罚法", "第一百一十一条第一款第（一）项"),
    ]
    assert lawtext.references("没有提到任何条文。") == []
