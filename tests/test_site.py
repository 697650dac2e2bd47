"""The published site, read as files: every object has its page, links go both ways, in Chinese."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, sphinx_build
from townpowers.checks import load_catalog
from townpowers.model import ids
from townpowers.site.names import article_label, dept_label, power_label, town_label

pytestmark = pytest.mark.slow

CAT, _ = load_catalog(ROOT / "catalog")
assert CAT is not None


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_every_object_has_its_page(built_site: Path) -> None:
    for power in CAT.powers:
        assert (built_site / "generated" / "powers" / f"{power}.html").is_file(), power
    for law in CAT.instruments:
        html = page(built_site, f"generated/laws/{law}.html")
        for article in CAT.instruments[law].articles:
            assert f'id="{article_label(law, article)}"' in html, (law, article.number)
    for district, kind in CAT.departments:
        assert (
            built_site / "generated" / "departments" / f"{ids.department_id(district, kind)}.html"
        ).is_file()
    for kind in CAT.kinds:
        assert (built_site / "generated" / "departments" / "kinds" / f"{kind}.html").is_file()
    for town in CAT.towns:
        assert (built_site / "generated" / "towns" / f"{town}.html").is_file()
    for district in CAT.districts:
        assert (built_site / "generated" / "districts" / f"{district}.html").is_file()


def test_every_page_is_in_the_navigation_and_the_search_index(built_site: Path) -> None:
    index = (built_site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    docnames = set(data["docnames"])
    for html in built_site.rglob("*.html"):
        rel = html.relative_to(built_site).with_suffix("").as_posix()
        if rel in ("genindex", "search", "permalink") or rel.startswith("_"):  # not pages
            continue
        assert rel in docnames, rel
    # every power page is listed on its section index (which has the section sidebar); a power
    # page leads back to it through the breadcrumbs and to its neighbours through prev/next
    index = page(built_site, "generated/powers/index.html")
    for power in CAT.powers:
        assert f"{power}.html" in index, power
    power = page(built_site, "generated/powers/ZRZY-XK-001.html")
    assert 'class="breadcrumb-item"><a href="index.html"' in power.replace("\n", "")
    assert "ZRZY-XK-002.html" in power and "ZRZY-QZ-001.html" in power  # prev / next


def test_links_go_both_ways(built_site: Path) -> None:
    power_html = page(built_site, "generated/powers/NY-XK-001.html")
    law = CAT.instruments["tudi-guanli-fa"]
    article = next(a for a in law.articles if a.number == "第六十二条")
    assert f"../laws/tudi-guanli-fa.html#{article_label(law.id, article)}" in hrefs(power_html)
    law_html = page(built_site, "generated/laws/tudi-guanli-fa.html")
    assert f"../powers/NY-XK-001.html#{power_label('NY-XK-001')}" in hrefs(law_html)
    # town <-> power
    town_html = page(built_site, "generated/towns/mushi.html")
    assert f"../powers/NY-XK-001.html#{power_label('NY-XK-001')}" in hrefs(town_html)
    assert f"../towns/mushi.html#{town_label('mushi')}" in hrefs(power_html)
    # department <-> power (the department of the town's district)
    assert f"../departments/tengzhou-nongye.html#{dept_label('tengzhou', 'nongye')}" in hrefs(
        power_html
    )
    dept_html = page(built_site, "generated/departments/tengzhou-nongye.html")
    assert f"../powers/NY-XK-001.html#{power_label('NY-XK-001')}" in hrefs(dept_html)


def test_power_page_is_a_service_guide_with_quoted_law(built_site: Path) -> None:
    html = page(built_site, "generated/powers/ZRZY-XK-001.html")
    for heading in (
        "办事指南",
        "到哪里办、谁决定",
        "受理条件",
        "申请材料",
        "办理流程",
        "时限、收费和联系方式",
        "法律依据",
        "赋权方式与法律理由",
        "监管",
        "承接的镇",
    ):
        assert f">{heading}<" in html, heading
    quoted = CAT.quote(CAT.powers["ZRZY-XK-001"].bases[1])
    assert quoted is not None and quoted in html  # the article text, verbatim
    assert "双随机一公开" in html and "滕州市自然资源局" in html


def test_town_page_shows_catalog_and_history(built_site: Path) -> None:
    html = page(built_site, "generated/towns/mushi.html")
    for heading in ("目录", "按赋权方式", "变更记录", "产业发展", "民生保障"):
        assert f">{heading}<" in html
    assert "滕政发〔2021〕9号" in html
    assert "驻镇帮扶" not in html  # readiness is in the internal edition only (test_editions)


def test_needs_json_holds_the_traced_objects(built_site: Path) -> None:
    needs = json.loads((built_site / "needs.json").read_text(encoding="utf-8"))
    version = needs["versions"][needs["current_version"]]["needs"]
    by_type: dict[str, int] = {}
    for need in version.values():
        by_type[need["type"]] = by_type.get(need["type"], 0) + 1
    articles = sum(len(law.articles) for law in CAT.instruments.values())
    assert by_type == {
        "power": len(CAT.powers),
        "article": articles,
        "law": len(CAT.instruments),
        "kind": len(CAT.kinds),
        "dept": len(CAT.departments),
        "town": len(CAT.towns),
        "district": len(CAT.districts),
    }
    power = version["PWR_NY_XK_001"]
    assert "ART_TUDI_GUANLI_FA_A62" in power["basis"]
    assert "PWR_NY_XK_001" in version["ART_TUDI_GUANLI_FA_A62"]["basis_back"]


def test_diagrams_use_svg_with_a_cjk_font(built_site: Path) -> None:
    svgs = list((built_site / "_images").glob("needflow-*.svg"))
    assert len(svgs) == 8  # one per domain
    text = svgs[0].read_text(encoding="utf-8")
    assert "Noto Sans CJK SC" in text
    html = page(built_site, "generated/trace/diagrams.html")
    assert "领域：权力事项、法律依据与监管责任主体的关系图" in html


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre", "svg"):
            self.skip += 1
        for key, value in attrs:
            if key in ("aria-label", "title", "placeholder", "alt") and value:
                self.words += _latin_words(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre", "svg"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.words += _latin_words(data)


def _latin_words(text: str) -> list[str]:
    """Latin words of some text, leaving out identifiers (need ids, power codes) and URLs."""
    tokens = re.findall(r"[A-Za-z][A-Za-z0-9_-]*", re.sub(r"https?://\S+", "", text))
    return [
        t
        for t in tokens
        if len(t) >= 3 and not re.fullmatch(r"[A-Z0-9_-]+", t) and not re.search(r"\d", t)
    ]


ALLOWED_LATIN = {
    "Ctrl",
    "JavaScript",
    "LawRefBook",
    "Laws",
    "YAML",
    "JSON",
    "Schema",
    "townpowers",
    "check",
    "review",
    "waivers",
    "rule",
    "reason",
    "date",
    "fingerprint",
    "Doorstop",
    "Noto",
    "Sans",
    "CJK",
    "Python",
    "Debian",
    "jieba",
    "html",
    "https",
    "http",
    "www",
    "com",
    "news",
    "show",
    "doc",
    "detailArticle",
    "source",
    "zzrb",
    "weimomishe",
    "jinshusy",
    "newaircloud",
    "gxczw",
    "szxw",
    "catalog",
    "town-lists",
    "powers",
    "laws",
    "departments",
    "kinds",
    "pre",
    "commit",
    "hooks",
    "repo",
    "rev",
    "yaml",
    "select",
    "ignore",
    "format",
    "junit",
    "github",
    "fail",
    "reference",
    "list",
    "rules",
    "suspect",
    "power",
    "law",
    "synth",
    "towns",
    "grants",
    "runs",
    "scripts",
    "bench",
    "python",
}


def test_no_english_left_in_the_interface(built_site: Path) -> None:
    for rel in (
        "index.html",
        "search.html",
        "genindex.html",
        "generated/powers/ZRZY-XK-001.html",
        "generated/towns/mushi.html",
        "generated/laws/xingzheng-xuke-fa.html",
        "generated/trace/diagrams.html",
        "generated/check-report.html",
        "generated/topics/index.html",
        "generated/topics/kaidian.html",
    ):
        parser = _Visible()
        parser.feed(page(built_site, rel))
        stray = {w for w in parser.words for part in w.split() if part not in ALLOWED_LATIN}
        assert stray == set(), (rel, stray)


def test_incremental_rebuild_shows_a_renamed_power_everywhere(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("generated"))
    out = tmp_path / "html"
    sphinx_build(tmp_path / "docs", out, catalog, check=True)
    old, new = "农村村民宅基地审批", "农村村民住宅用地审批"
    path = catalog / "powers" / "NY-XK-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"name: {old}\n", f"name: {new}\n"),
        encoding="utf-8",
    )
    sphinx_build(tmp_path / "docs", out, catalog, check=True)  # incremental: no -E
    stale = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if re.search(f"{old}(?!事项)", p.read_text(encoding="utf-8")) and p.name != "guide.html"
    ]  # the guide's search example names the old wording
    assert stale == []
    showing = [p for p in out.rglob("*.html") if new in p.read_text(encoding="utf-8")]
    assert len(showing) > 40  # the power, towns, laws, departments, indexes, sidebars
    raw = (out / "searchindex.js").read_text(encoding="utf-8")
    titles = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])["titles"]
    assert new in titles and old not in titles


def test_indexer_adds_dictionary_compounds_inside_longer_words(tmp_path: Path) -> None:
    from townpowers.site.search import SearchChineseTerms

    terms = tmp_path / "dict.txt"
    terms.write_text("规划许可 100000 n\n乡村建设规划许可证 100000 n\n", encoding="utf-8")
    words = SearchChineseTerms({"dict": str(terms)}).split("乡村建设规划许可证核发")
    assert "规划许可" in words and "乡村建设规划许可证" in words
    plain = SearchChineseTerms({}).split("乡村建设规划许可证核发")
    assert "规划许可" not in plain


def test_enforcement_items_read_as_enforcement_not_applications(built_site: Path) -> None:
    html = page(built_site, "generated/powers/NY-CF-001.html")  # a penalty
    for heading in ("执法指引", "由谁办理、谁决定", "适用情形", "案卷材料", "执法程序"):
        assert f">{heading}<" in html, heading
    assert ">申请材料<" not in html and ">受理条件<" not in html


def test_progress_ledger_and_evaluation_pages(built_site: Path) -> None:
    import xml.etree.ElementTree as ET

    dashboard = page(built_site, "generated/progress/index.html")
    for heading in ("工作节点", "赋权事项的状态", "实施进度", "用权情况", "图中的数据"):
        assert f">{heading}<" in dashboard, heading
    charts = re.findall(r'<img alt="([^"]+)" src="([^"]+\.svg)"', dashboard)
    assert len(charts) == 6
    for _alt, src in charts:
        svg = (built_site / "generated" / "progress" / src).resolve()
        root = ET.parse(svg).getroot()  # well-formed, with a title for screen readers
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
    ledger = page(built_site, "generated/progress/ledger.html")
    assert "逾期完成" in ledger and "晚 3 天" in ledger  # 峄城区 reported on 2021-08-03
    for district in CAT.districts.values():
        assert district.name in ledger
    evaluation = page(built_site, "generated/progress/evaluation/index.html")
    assert "下次动态调整的候选" in evaluation
    for town in CAT.towns:
        html = page(built_site, f"generated/progress/evaluation/{town}.html")
        assert "已实施但从未使用的事项" in html
    mushi = page(built_site, "generated/progress/evaluation/mushi.html")
    unused = [
        CAT.powers[g.power].name
        for g in CAT.town_lists["mushi"].grants
        if g.evaluations and sum(e.cases for e in g.evaluations) == 0
    ]
    assert unused and all(name in mushi for name in unused)


def test_json_api_is_published_with_the_site(built_site: Path) -> None:
    api = built_site / "api"
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    assert {t["id"] for t in index["towns"]} == set(CAT.towns)
    for section in ("towns", "powers", "instruments"):
        for entry in index[section]:
            assert (api / entry["url"]).is_file(), entry["url"]
            assert (built_site / entry["page"]).is_file(), entry["page"]
    for name in index["schemas"].values():
        assert (api / name).is_file()
    assert (built_site / index["needs"].removeprefix("../")).is_file()


def test_every_local_link_resolves(built_site: Path) -> None:
    from townpowers.site.sharding import check_links

    assert check_links(built_site) == []


def test_mode_reasoning_is_shown_where_a_reviewer_looks(built_site: Path) -> None:
    """A power page shows what each cited article lets the town do and which articles the
    rules accept for its mode; a law page lists the powers whose reasoning names an article;
    the reading of the notice's three modes is one page that quotes the notice."""
    direct = page(built_site, "generated/powers/ZRZY-XK-005.html")
    assert ">依据授权镇做什么<" in direct
    assert "直接下放的依据：《森林法》第五十七条第三款、《行政许可法》第二十四条" in direct
    assert "一般规定" in direct and "向社会公告" in direct
    departing = page(built_site, "generated/powers/NY-XK-002.html")
    assert "偏离通知顺序的理由" in departing and "按通知规定的顺序应为：前移服务窗口" in departing
    statutory = page(built_site, "generated/powers/NY-XK-001.html")
    assert "实施主体" in statutory and "原实施部门" not in statutory
    assert "自2020年1月1日起由镇依法行使" in statutory
    assert "法律直接规定，不需要决定" in statutory
    law = page(built_site, "generated/laws/xingzheng-chufa-fa.html")
    section = law[law.index('id="article-xingzheng-chufa-fa-a24"') :]
    assert f"../powers/YJ-CF-001.html#{power_label('YJ-CF-001')}" in hrefs(section)
    assert "赋权方式的法律理由" in section
    modes = page(built_site, "modes.html")
    assert "对不能直接下放也不能服务窗口前移的事项" in modes
    assert any("modes.html" in h for h in hrefs(direct))


# --- for the people the powers serve (issue 14) ------------------------------------------------


def visible_text(html: str) -> str:
    """What a reader can see or hear: text outside scripts and styles, and tooltips, labels."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.skip = 0
            self.parts: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style"):
                self.skip += 1
            self.parts += [v for k, v in attrs if k in ("title", "alt", "aria-label") and v]

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style"):
                self.skip -= 1

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_public_pages_show_no_internal_identifier(built_site: Path) -> None:
    """Need boxes, tooltips, diagrams and the search index name objects; ids stay internal."""
    from townpowers.site.identifiers import NEED_ID

    shown = {}
    for html in built_site.rglob("*.html"):
        found = NEED_ID.findall(visible_text(html.read_text(encoding="utf-8")))
        if found:
            shown[html.relative_to(built_site).as_posix()] = found[:3]
    for svg in (built_site / "_images").glob("*.svg"):
        text = re.sub(r'href="[^"]*"', "", svg.read_text(encoding="utf-8"))
        if NEED_ID.search(text):
            shown[svg.name] = NEED_ID.findall(text)[:3]
    raw = (built_site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    needs = json.loads((built_site / "needs.json").read_text(encoding="utf-8"))
    version = needs["versions"][needs["current_version"]]["needs"]
    # every need id (as the index stores words, in lower case); a code name on the maintainers'
    # pages such as cat.town_lists is not an object's id
    need_ids = {i.lower() for i in version}
    assert len(need_ids) > 100
    indexed = [t for t in index["terms"] if t in need_ids]
    assert shown == {} and indexed == []
    power = page(built_site, "generated/powers/NY-XK-001.html")
    assert 'id="PWR_NY_XK_001"' in power  # the anchor other pages link to is still there
    assert ">《土地管理法》第六十二条</a>" in power  # the need box names what it links to


def test_topic_pages_walk_the_steps(built_site: Path) -> None:
    home = page(built_site, "index.html")
    for topic in CAT.topics.values():
        assert f"generated/topics/{topic.id}.html#topic-{topic.id}" in hrefs(home), topic.id
        html = page(built_site, f"generated/topics/{topic.id}.html")
        assert f'data-topic="{topic.id}"' in html
        for step in topic.steps:
            assert f"../powers/{step.power}.html#{power_label(step.power)}" in hrefs(html)
            assert f'class="town-step" data-power="{step.power}"' in html
        assert html.count('class="town-step"') == len(topic.steps)
    assert home.index("我要办事") < home.index("关于本知识库")  # the home page leads with them
    jianfang = page(built_site, "generated/topics/jianfang.html")
    assert ">第一步：申请宅基地<" in jianfang and ">第二步：办乡村建设规划许可证<" in jianfang
    assert "20 个镇为" in jianfang  # where to go, summarised by mode, not listed by town
    index = page(built_site, "generated/topics/index.html")
    assert all(t.title in index for t in CAT.topics.values())


def test_guides_carry_the_town_view_and_the_everyday_words(built_site: Path) -> None:
    html = page(built_site, "generated/powers/NY-XK-001.html")
    # a statutory power (法定本级) is the town's own: no district department decides it
    assert '<div class="town-view" data-power="NY-XK-001" data-decider="">' in html
    permit = page(built_site, "generated/powers/ZRZY-XK-001.html")
    assert '<div class="town-view" data-power="ZRZY-XK-001" data-decider="shenpi">' in permit
    assert html.index('class="town-view"') < html.index('class="need_container')  # town first
    assert ">常见说法<" in html and "盖房子、盖房" in html
    assert "../topics/jianfang.html#topic-jianfang" in hrefs(html)
    enforcement = page(built_site, "generated/powers/NY-CF-001.html")
    assert ">相关主题<" in enforcement and "../topics/jianfang.html#topic-jianfang" in hrefs(
        enforcement
    )


def test_town_page_names_its_window_and_is_remembered(built_site: Path) -> None:
    html = page(built_site, "generated/towns/mushi.html")
    centre = CAT.towns["mushi"].service_centre
    assert centre is not None
    for value in (centre.name, centre.address, centre.phone, "来源状况：示意"):
        assert value in html, value
    assert '<div class="town-context" data-town="mushi" hidden></div>' in html


def test_terms_of_art_explain_themselves(built_site: Path) -> None:
    from townpowers.views.glossary import read_glossary

    glossary = read_glossary(ROOT / "docs" / "glossary.md")
    html = page(built_site, "generated/powers/NY-XK-001.html")
    for word in ("法定本级", "设定依据", "法定时限", "监管责任主体"):
        link = re.search(
            rf'<a class="reference internal" href="../../glossary.html#(term-{word})" '
            rf'title="{glossary[word].short}"><span class="xref myst std std-term">{word}</span>',
            html,
        )
        assert link, word
        assert f'id="{link[1]}"' in page(built_site, "glossary.html")
    town = page(built_site, "generated/towns/mushi.html")
    assert f'title="{glossary["前移服务窗口"].short}"' in town


def test_browser_data_is_published_beside_the_pages(built_site: Path) -> None:
    static = built_site / "_static"
    for town in CAT.towns:
        data = (static / "town-view" / f"{town}.js").read_text(encoding="utf-8")
        assert data.startswith("TownView.receive(") and f'"id":"{town}"' in data
    assert (static / "town-view" / "index.js").is_file()
    assert "盖房子" in (static / "search-vocab.js").read_text(encoding="utf-8")
    assert "_static/search-vocab.js" in page(built_site, "search.html")
    assert "search-vocab.js" not in page(built_site, "index.html")  # only the search page
    assert "_static/townpowers.js" in page(built_site, "generated/powers/NY-XK-001.html")


def test_search_finds_a_page_by_what_its_tables_say(built_site: Path) -> None:
    """Big tables are one node each; their words still reach the search index, once each."""
    raw = (built_site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    mushi = index["docnames"].index("generated/towns/mushi")
    for word in ("临时救助", "宅基地"):  # only in the town's list of grants, not its prose
        found = index["terms"][word]
        assert mushi in (found if isinstance(found, list) else [found]), word
