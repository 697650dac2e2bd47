"""What a reviewer tracing a legal basis reads on the site and in objects.inv (issue 23)."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util.inventory import InventoryFile

from townpowers.site.anchors import term_id

LAW = "generated/laws/chengxiang-guihua-fa.html"


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _article(built_site: Path, law: str, key: str, next_key: str) -> str:
    html = (built_site / law).read_text(encoding="utf-8")
    start = html.index(f'id="article-chengxiang-guihua-fa-{key}"')
    return html[start : html.index(f'id="article-chengxiang-guihua-fa-{next_key}"')]


def test_a_law_texts_source_is_a_citation_to_open(built_site: Path) -> None:
    html = (built_site / LAW).read_text(encoding="utf-8")
    row = html[html.index("文本出处") : html.index("本库录入条文")]
    assert 'href="https://flk.npc.gov.cn"' in row
    copy = re.search(r'href="(https://github\.com/LawRefBook/Laws/blob/2f4c5c2/[^"]+)"', row)
    assert copy is not None and copy[1].endswith(".md")
    assert "城乡规划法(2019-04-23)" in _text(row)
    assert "@2f4c5c2" not in row and "行政法/" not in _text(row)


def test_quoted_articles_number_their_paragraphs(built_site: Path) -> None:
    html = _article(built_site, LAW, "a41", "a44")
    article = _text(html)
    assert [m for m in re.findall(r"〔第(.)款〕", article)] == ["一", "二", "三", "四"]
    assert "**" not in article  # the number is bold, not literal asterisks
    assert "〔<strong>第一款</strong>〕" in html
    power = (built_site / "generated" / "powers" / "ZRZY-XK-001.html").read_text(encoding="utf-8")
    assert "〔第二款〕在乡、村庄规划区内使用原有宅基地" in _text(power)  # cites 第四十一条第二款


def test_a_power_citing_several_paragraphs_is_listed_once(built_site: Path) -> None:
    article = _article(built_site, LAW, "a41", "a44")
    supported = article[article.index("本条支撑的事项") :]
    assert supported.count('href="../powers/ZRZY-XK-002.html') == 1
    assert "设定依据（第四十一条第一款）、实施依据（第四十一条第三款）" in _text(supported)


def test_the_supervisor_hop_reaches_the_districts_department(built_site: Path) -> None:
    power = (built_site / "generated" / "powers" / "ZRZY-XK-001.html").read_text(encoding="utf-8")
    row = power[power.index("承接镇所在区（市）的监管部门") :]
    row = row[: row.index("</tr>")]
    assert 'href="../departments/tengzhou-ziranziyuan.html' in row
    assert "滕州市自然资源局" in _text(row)


def test_objects_inv_names_articles_with_their_law(built_site: Path) -> None:
    with (built_site / "objects.inv").open("rb") as f:
        inventory = InventoryFile.load(f, "", lambda base, uri: uri)
    articles = {k: v for k, v in inventory["std:label"].items() if k.startswith("article-")}
    assert articles
    assert all(v.display_name.startswith("《") for v in articles.values())
    assert articles["article-chengxiang-guihua-fa-a41"].display_name == "《城乡规划法》第四十一条"


def test_glossary_anchors_come_from_the_term(built_site: Path) -> None:
    glossary = (built_site / "glossary.html").read_text(encoding="utf-8")
    ids = re.findall(r'<dt id="([^"]+)"', glossary)
    assert ids and not [i for i in ids if re.fullmatch(r"term-\d+", i)]
    assert "term-直接下放" in ids
    power = (built_site / "generated" / "powers" / "ZRZY-XK-001.html").read_text(encoding="utf-8")
    assert "glossary.html#term-直接下放" in power
    with (built_site / "objects.inv").open("rb") as f:
        inventory = InventoryFile.load(f, "", lambda base, uri: uri)
    assert inventory["std:term"]["直接下放"].uri == "glossary.html#term-直接下放"


def test_a_term_id_does_not_depend_on_the_terms_before_it() -> None:
    assert term_id("直接下放", set()) == term_id("直接下放", {"term-双十镇", "term-0"})
    assert term_id("互联网+监管", set()) == "term-互联网-监管"
    taken: set[str] = set()
    assert [term_id("甲", taken), term_id("甲", taken)] == ["term-甲", "term-甲-2"]
