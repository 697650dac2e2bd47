"""For the people the powers serve: topics, everyday words, a town's facts, names not ids.

These read the catalog and generate pages without Sphinx; the built site and the browser are
tested in test_site.py and test_browser.py.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from townpowers.checks import CheckResult, check, load_catalog
from townpowers.exports.document import catalog_document
from townpowers.model import GrantStatus
from townpowers.model.catalog import Catalog
from townpowers.model.powers import applied_for
from townpowers.site import assets
from townpowers.site.identifiers import NEED_ID, clean_svg, need_titles, strip_need_titles
from townpowers.site.pages import generate, search_dictionary, term_link
from townpowers.site.rendering import environment
from townpowers.util.files import dumps
from townpowers.views import edition
from townpowers.views.glossary import GlossaryError, read_glossary
from townpowers.views.relations import Views
from townpowers.views.services import STEP_WORD, Services

GLOSSARY = ROOT / "docs" / "glossary.md"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    catalog, diagnostics = load_catalog(ROOT / "catalog")
    assert catalog is not None, diagnostics
    return catalog


@pytest.fixture(scope="module")
def services(cat: Catalog) -> Services:
    return Services(cat, Views(cat))


def test_every_power_people_apply_for_is_a_step_of_a_topic(cat: Catalog) -> None:
    stepped = {s.power for t in cat.topics.values() for s in t.steps}
    asked = {p.id for p in cat.powers.values() if applied_for(p)}
    assert len(asked) == 31 and asked <= stepped
    enforcement = {p.id for p in cat.powers.values() if not applied_for(p)}
    assert not enforcement & stepped  # reminders (related), never steps
    assert {"jianfang", "kaidian", "baitan", "jiuzhu", "hongbaishi", "huodong", "kanshu"} <= set(
        cat.topics
    )


def test_reference_catalog_checks_clean_with_topics_and_windows() -> None:
    result = check(ROOT / "catalog")
    assert result.diagnostics() == []
    assert all(t.service_centre is not None for t in result.catalog.towns.values())  # type: ignore[union-attr]


def test_an_everyday_word_leads_to_one_guide(services: Services) -> None:
    page_of = {f"power:{p}": f"g/powers/{p}" for p in services.cat.powers}
    page_of |= {f"topic:{t}": f"g/topics/{t}" for t in services.cat.topics}
    vocabulary = services.vocabulary(page_of)
    for word, pages in vocabulary.items():
        guides = [p for p, w in pages if p.startswith("g/powers/") and w == STEP_WORD]
        assert len(guides) <= 1, (word, pages)
    assert vocabulary["盖房子"][0] == ("g/powers/NY-XK-001", STEP_WORD)
    assert vocabulary["开饭店"][0][0] == "g/powers/SC-XK-004"
    assert vocabulary["五保户"][0][0] == "g/powers/MZ-QR-001"
    assert vocabulary["摆摊"][0][0] == "g/topics/baitan"  # a topic's own word: its page
    assert vocabulary["申请低保"][0][0] == "g/powers/MZ-GF-001"  # a step's plain action
    assert services.words_of("NY-XK-001")[:2] == ["盖房子", "盖房"]


def test_mode_counts_summarise_without_listing_towns(cat: Catalog, services: Services) -> None:
    counts, elsewhere = services.mode_counts("ZRZY-XK-001")
    live = [
        g.current_mode
        for _t, g in cat.grants()
        if g.power == "ZRZY-XK-001" and g.status is GrantStatus.IN_FORCE
    ]
    assert dict(counts) == dict(Counter(live)) and elsewhere == len(cat.towns) - len(live)


def test_town_facts_say_where_to_go_and_hold_nothing_internal(cat: Catalog) -> None:
    public = edition.public_view(cat)
    facts = Services(public, Views(public)).town_facts(public.towns["mushi"])
    assert facts["centre"]["name"] == "木石镇便民服务中心" and facts["centre"]["status"] == "示意"
    grant = facts["grants"]["NY-XK-001"]
    assert grant["mode"] == "法定本级" and grant["where"] == "镇便民服务中心"
    # statutory: the town's own power since the law took effect, no district decision
    assert grant["since"] == "2020年1月1日" and grant["document"] is None
    granted = facts["grants"]["FG-QT-001"]
    assert granted["since"].startswith("2021年") and "滕政发" in granted["document"]
    assert facts["departments"]["nongye"] == "滕州市农业农村局"
    text = json.dumps(facts, ensure_ascii=False)
    public = dumps(catalog_document(edition.public_view(cat)))  # a role may also be a place
    secrets = {
        v
        for v in edition.catalog_internal_values(cat)
        if isinstance(v, str) and len(v) >= 4 and v not in public
    }
    assert secrets and [v for v in secrets if v in text] == []


def test_glossary_first_sentences_explain_the_jargon() -> None:
    glossary = read_glossary(GLOSSARY)
    for word in ("法定本级", "设定依据", "实质性审核", "前移服务窗口", "直接下放", "便民服务中心"):
        short = glossary[word].short
        assert short.endswith("。") and len(short) <= 40, (word, short)
        assert short != glossary[word].definition  # the notice's details follow it
        assert "通知" not in short  # plain words first, the notice's wording after
    assert glossary["法定本级"].short == "法律本来就规定由镇里办的事，不是这次下放的。"


def test_glossary_errors_are_reported(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="无法读取"):
        read_glossary(tmp_path / "missing.md")
    page = tmp_path / "g.md"
    page.write_text("# 术语\n\n没有术语块。\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="glossary"):
        read_glossary(page)


def test_term_links_to_the_glossary_with_its_first_sentence() -> None:
    term = term_link(read_glossary(GLOSSARY))
    link = term("实质性审核")
    assert link.startswith('[实质性审核](#实质性审核 "') and "提出审核意见" in link
    assert term("直接下放", "下放").startswith("[下放](#直接下放 ")
    with pytest.raises(KeyError, match="术语表"):
        term("没有的术语")
    assert term_link(None)("直接下放") == "直接下放"


def test_need_ids_leave_tooltips_and_diagrams(cat: Catalog) -> None:
    html = '<a href="x.html#ART_X_A1" title="PWR_NY_XK_001">《x》第一条</a><a title="保留">y</a>'
    assert (
        strip_need_titles(html) == '<a href="x.html#ART_X_A1">《x》第一条</a><a title="保留">y</a>'
    )
    titles = need_titles(cat)
    assert titles["PWR_NY_XK_001"] == "农村村民宅基地审批"
    assert titles["ART_TUDI_GUANLI_FA_A62"] == "《土地管理法》第六十二条"
    svg = (
        '<ns0:g id="node1"><ns0:title>PWR_NY_XK_001</ns0:title>'
        '<ns0:a ns1:href="../p.html#PWR_NY_XK_001" ns1:title="PWR_NY_XK_001">'
        '<ns0:text x="8">权力事项</ns0:text>\n<ns0:text x="8">PWR_NY_XK_001</ns0:text>\n</ns0:a>'
        "<ns0:title>PWR_NY_XK_001&#45;&gt;ART_TUDI_GUANLI_FA_A62</ns0:title></ns0:g>"
    )
    cleaned = clean_svg(svg, titles)
    visible = re.sub(r'href="[^"]*"', "", cleaned)
    assert NEED_ID.findall(visible) == []
    assert "<ns0:title>农村村民宅基地审批</ns0:title>" in cleaned
    assert 'ns1:title="农村村民宅基地审批"' in cleaned and "#PWR_NY_XK_001" in cleaned
    assert "《土地管理法》第六十二条" in cleaned and "权力事项" in cleaned


def test_browser_data_is_one_file_per_town(cat: Catalog, services: Services) -> None:
    pages = assets.town_view_pages(cat, services, lambda t: f"d/{t.district}/{t.id}.html")
    assert len(pages) == len(cat.towns) + 1
    by_path = {p.path: p.text for p in pages}
    mushi = by_path["static/town-view/mushi.js"]
    assert mushi.startswith("TownView.receive(") and mushi.endswith(");\n")
    data = json.loads(mushi.removeprefix("TownView.receive(").removesuffix(");\n"))
    assert data["id"] == "mushi" and data["grants"] and data["page"] == "d/tengzhou/mushi.html"
    index = json.loads(
        by_path["static/town-view/index.js"]
        .removeprefix("TownView.receiveIndex(")
        .removesuffix(");\n")
    )
    assert {t["id"] for t in index} == set(cat.towns)
    vocab = assets.vocabulary_page(services, "generated")
    first, second = vocab.text.splitlines()
    words = json.loads(first.removeprefix("window.TownpowersVocabulary = (").removesuffix(");"))
    assert words["开饭店"][0] == ["generated/powers/SC-XK-004", STEP_WORD]
    # the same file: what each result says about its page, what an empty search offers
    search = json.loads(second.removeprefix("window.TownpowersSearch = (").removesuffix(");"))
    assert search["summaries"]["generated/powers/SC-XK-004"].startswith("行政许可")
    assert [t[0] for t in search["topics"]] == [t.title for t in cat.topics.values()]
    assert ["generated/powers/YJ-CF-002", 1] in search["guards"]["generated/powers/YJ-XK-001"]


def test_search_dictionary_holds_the_everyday_words(cat: Catalog) -> None:
    words = {line.split()[0] for line in search_dictionary(cat, None).splitlines()}
    assert {"盖房子", "开饭店", "五保户", "我要建房", "申请宅基地", "摆地摊"} <= words


def _pages(catalog: Path) -> list[str]:
    result = check(catalog)
    assert isinstance(result, CheckResult) and result.catalog is not None
    shown = edition.public_view(result.catalog)
    env = environment(ROOT / "templates")
    made = generate(shown, env, result, None, False, None, read_glossary(GLOSSARY))
    return [p.path for p in made]


def test_pages_grow_with_towns_plus_powers_not_their_product(tmp_path: Path) -> None:
    """A town adds its page, its usage evaluation, its data file and its change feed; nothing
    per town x power."""
    sizes = {}
    for towns in (20, 50):
        out = tmp_path / f"t{towns}"
        result = run_cli("synth", str(out), "--towns", str(towns), "--grants", "30")
        assert result.returncode == 0, result.stderr
        sizes[towns] = _pages(out)
    added = sorted(set(sizes[50]) - set(sizes[20]))
    per_town = Counter(re.sub(r"t\d{5}", "<town>", p) for p in added)
    assert per_town == {
        "towns/<town>.md": 30,
        "progress/evaluation/<town>.md": 30,
        "static/town-view/<town>.js": 30,
        "static/feeds/towns/<town>.xml": 30,
    }
    assert len(sizes[50]) - len(sizes[20]) == 4 * 30
    pages_md = [p for p in sizes[50] if p.endswith(".md")]
    assert sum(1 for p in pages_md if p.startswith("topics/")) == 1 + 11
