"""What the villager's search indexes and the overseer's dashboard says (issue 23), on the
reference site as built; the browser behaviour is in tests/test_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from townpowers.checks import load_catalog
from townpowers.model.catalog import Catalog
from townpowers.site import search
from townpowers.site.dashboard import Dashboard
from townpowers.views.relations import Views
from townpowers.views.wording import fee_text, visits_text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def index(built_site: Path) -> dict:  # type: ignore[type-arg]
    raw = (built_site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def cat() -> Catalog:
    loaded, diagnostics = load_catalog(ROOT / "catalog")
    assert loaded is not None, diagnostics
    return loaded


def _files(entry: int | list[int]) -> list[int]:
    return entry if isinstance(entry, list) else [entry]


def test_maintainers_pages_are_not_in_the_search_index(index: dict) -> None:  # type: ignore[type-arg]
    names = index["docnames"]
    hidden = [i for i, d in enumerate(names) if not search.searchable(d)]
    assert {names[i] for i in hidden} >= {
        "architecture",
        "benchmarks",
        "generated/check-report",
        "generated/trace/matrix",
    }
    held = {
        f for table in ("terms", "titleterms") for e in index[table].values() for f in _files(e)
    }
    assert not held & set(hidden)
    assert all(index["titles"][i] == "" for i in hidden)
    # the pages people use are still there
    for page in ("generated/powers/NY-XK-001", "generated/topics/jianfang", "glossary"):
        assert index["titles"][names.index(page)]


def test_function_words_and_rule_prose_are_not_indexed(index: dict) -> None:  # type: ignore[type-arg]
    for word in ("什么", "怎么", "办理", "手续", "需要", "要办"):
        assert word not in index["terms"] and word not in index["titleterms"], word
    assert "依据授权镇做什么" not in index["alltitles"]
    assert set(search.FUNCTION_WORDS) & set(index["terms"]) == set()


def test_fee_and_visits_read_as_sentences(cat: Catalog, built_site: Path) -> None:
    for power in cat.powers.values():
        if power.guide is None:
            continue
        text = fee_text(power.guide)
        assert not re.search(r"^(不收费|收费)（\1。?）$", text), text
    assert visits_text(0) == "不用到现场" and visits_text(2) == "2 次"
    for page in (built_site / "generated" / "powers").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "不收费（不收费。）" not in html, page.name
        assert not re.search(r"<p>到现场次数</p></td>\s*<td><p>\d+</p>", html), page.name


def test_the_dashboard_says_what_its_charts_leave_out(cat: Catalog, built_site: Path) -> None:
    views = Views(cat)
    dash = Dashboard(views)
    in_force = views.progress(views.rows).in_force
    svg = (built_site / "_images" / "in-force-over-time.svg").read_text("utf-8")
    # the curve's last value is its total of granted powers in force
    assert dash.statutory > 0
    html = (built_site / "generated" / "progress" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert f"不含已实施的法定本级事项 {dash.statutory} 项" in text
    assert f"法定本级 {dash.statutory} 项" in svg
    granted_in_force = in_force - dash.statutory
    assert re.search(rf"\b{granted_in_force}\b", svg), granted_in_force
    usage = (built_site / "_images" / "usage-by-town.svg").read_text("utf-8")
    assert f"各镇合计 {dash.statutory} 项" in usage
