"""The shipped reference catalog: complete, legally consistent, and quoting law verbatim."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from conftest import ROOT, SOURCES
from townpowers.checks import load_catalog
from townpowers.exports.document import catalog_document
from townpowers.model import Competence, Domain, GrantStatus, Mode, PowerType, Verification, lawtext
from townpowers.model.catalog import Catalog

LAWS = SOURCES / "laws"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    catalog, diagnostics = load_catalog(ROOT / "catalog")
    assert diagnostics == []
    assert catalog is not None
    return catalog


@pytest.fixture(scope="module")
def doc(cat: Catalog) -> dict:
    return catalog_document(cat)


def test_counts_in_the_json_export(doc: dict) -> None:
    assert len(doc["districts"]) == 6
    assert len(doc["towns"]) >= 20
    assert len(doc["powers"]) >= 40
    for power in doc["powers"]:
        quotes = [b["quote"] for b in power["bases"] if b["quote"].strip()]
        assert quotes, power["id"]
        assert any(b["verification"] == "已核对原文" for b in power["bases"]), power["id"]
    assert {p["domain"] for p in doc["powers"]} == {d.value for d in Domain}
    assert {"直接下放", "前移服务窗口", "实质性审核"} <= {g["current_mode"] for g in doc["grants"]}


def test_every_grant_resolves_its_departments(doc: dict) -> None:
    for grant in doc["grants"]:
        assert grant["delegating_department"]["name"], grant
        assert grant["deciding_department"]["name"], grant
        assert all(s["name"] for s in grant["supervisors"]), grant


def test_towns_and_their_provenance(cat: Catalog) -> None:
    categories = Counter(t.category.value for t in cat.towns.values())
    assert categories == {"示范镇": 10, "特色镇": 10}
    for town in cat.towns.values():
        if town.category.value == "示范镇":
            assert town.provenance.status.value in ("推断", "有来源")
            assert town.provenance.sources, town.id
        else:
            assert town.provenance.status.value == "示意", town.id
    assert {t.district for t in cat.towns.values()} == set(cat.districts)


def test_every_town_has_a_realistic_catalog(cat: Catalog) -> None:
    for town in cat.towns.values():
        grants = cat.town_lists[town.id].grants
        assert 15 <= len(grants) <= 40, (town.id, len(grants))


def test_modes_agree_with_the_law(cat: Catalog) -> None:
    for town, grant in cat.grants():
        power = cat.powers[grant.power]
        mode = grant.current_mode
        where = f"{town.id}/{power.id}"
        assert mode in power.delegation.modes, where
        competences = {cat.article(b.law, b.article).competence for b in power.bases}
        if mode is Mode.DIRECT:
            assert power.type is not PowerType.COERCION, where
            assert competences & {Competence.ALLOWS_ENTRUSTMENT, Competence.NAMES_TOWN}, where
        if mode is Mode.STATUTORY:
            assert Competence.NAMES_TOWN in competences, where
        if Competence.NAMES_TOWN in competences and mode is not Mode.STATUTORY:
            # a statute naming the town is about part of the procedure only (intake, review)
            assert mode is not Mode.DIRECT or Competence.ALLOWS_ENTRUSTMENT in competences, where


def test_statutory_town_powers_are_listed_as_statutory(cat: Catalog) -> None:
    for power in cat.powers.values():
        if power.delegation.modes == (Mode.STATUTORY,):
            for _town, grant in ((t, g) for t, g in cat.grants() if g.power == power.id):
                assert grant.current_mode is Mode.STATUTORY


def test_dates_follow_the_notice(cat: Catalog) -> None:
    """The first batch is requested by the end of May and in force by the end of July; later
    additions (动态管理) come after the deadline and never take effect before their law does."""
    notice, deadlines = cat.meta.notice.date, cat.meta.deadlines
    batches = Counter()
    for town, grant in cat.grants():
        where = f"{town.id}/{grant.power}"
        requested = grant.last(GrantStatus.REQUESTED)
        assert requested is not None and requested.date >= notice, where
        decided = grant.decision
        assert decided is not None and decided.document, where
        assert grant.in_force_since is not None, where
        if requested.date <= deadlines.city_demands:
            batches["first"] += 1
            assert grant.in_force_since <= deadlines.in_force, where
        else:
            batches["later"] += 1
            assert requested.date > deadlines.in_force, where
        for basis in cat.powers[grant.power].bases:
            law = cat.instruments[basis.law]
            assert (law.version.in_force_from or law.effective) <= grant.in_force_since, where
        if grant.current_mode is not Mode.STATUTORY:
            ready = grant.readiness
            assert ready is not None and ready.training and ready.system_login and ready.staff, (
                where
            )
            assert ready.training <= grant.in_force_since, where
    assert batches["first"] > 10 * batches["later"] > 0


def test_articles_are_verbatim_copies_of_the_published_text(cat: Catalog) -> None:
    laws = LAWS
    checked = 0
    for instrument in cat.instruments.values():
        if instrument.source.path is None:
            continue
        published = lawtext.read_law_file(laws / instrument.source.path)
        for article in instrument.articles:
            if article.verification is Verification.VERIFIED:
                assert article.text == published[article.number], (instrument.id, article.number)
                checked += 1
    assert checked >= 60


def test_instrument_dates_are_those_the_text_states(cat: Catalog) -> None:
    """Where the published text has a commencement clause with a date, `effective` matches it."""
    laws = LAWS
    for instrument in cat.instruments.values():
        if instrument.source.path is None or "effective" in instrument.unverified:
            continue
        published = lawtext.read_law_file(laws / instrument.source.path)
        for text in published.values():
            match = re.search(
                r"(?:本法|本条例|本办法)自(\d{4})年(\d{1,2})月(\d{1,2})日起施行", text
            )
            if match:
                stated = dt.date(int(match[1]), int(match[2]), int(match[3]))
                assert instrument.effective == stated, instrument.id


def test_notice_page_is_the_published_text() -> None:
    seed = (SOURCES / "notice-2021-04-20.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "notice.md").read_text(encoding="utf-8")

    def letters(text: str) -> str:
        text = re.sub(r":::\{admonition\}.*?\n:::\n", "", text, flags=re.S)  # our annotations
        return re.sub(r"[\s#\-]", "", text)

    body = seed.split("# 枣庄市人民政府办公室\n", 1)[1]
    assert letters(body) in letters(page)


def test_every_cited_source_file_is_in_the_repository(cat: Catalog) -> None:
    """Each instrument names its published text under catalog/sources/laws, and every text
    kept there is one the catalog cites (the folder is evidence, not a library)."""
    cited = {i.source.path for i in cat.instruments.values() if i.source.path}
    assert all((LAWS / path).is_file() for path in cited), sorted(
        p for p in cited if not (LAWS / p).is_file()
    )
    kept = {str(p.relative_to(LAWS)) for p in LAWS.rglob("*.md")}
    assert kept == cited
