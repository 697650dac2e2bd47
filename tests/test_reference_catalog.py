"""The shipped reference catalog: complete, legally consistent, and quoting law verbatim."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter

import pytest

from conftest import ROOT, SOURCES
from townpowers.checks import load_catalog
from townpowers.checks.authority import authority
from townpowers.exports.document import catalog_document
from townpowers.model import (
    Domain,
    GrantStatus,
    Mode,
    PowerLevel,
    PowerType,
    Route,
    Verification,
    lawtext,
)
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
        if grant["current_mode"] == "法定本级":  # the town's own power: nobody delegates it
            assert grant["delegating_department"] is None, grant
            assert grant["deciding_department"] is None, grant
        else:
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
    """Every grant's mode rests on a basis that authorizes the act it hands the town, read
    from the law files' authorizations (not from the power's own list of modes)."""
    for town, grant in cat.grants():
        power = cat.powers[grant.power]
        auth = authority(cat, power)
        mode = grant.current_mode
        where = f"{town.id}/{power.id}"
        assert mode in power.delegation.modes, where
        if mode is Mode.DIRECT:
            assert power.type is not PowerType.COERCION, where
            path, problems = auth.direct(grant)
            assert path is not None and problems == [], (where, problems)
            assert not path.specific.auth.general, where
            if path.route is Route.ENTRUSTMENT:
                assert auth.unmet_conditions(path, grant) == [], where
        if mode is Mode.STATUTORY:
            assert auth.statutory, where
            assert power.level is PowerLevel.TOWN and power.owner is None, where
        else:
            assert not auth.statutory, where
        if mode is Mode.REVIEW and power.type in (PowerType.PENALTY, PowerType.INSPECTION):
            assert auth.investigation, where


def test_general_clauses_never_justify_a_decision_alone(cat: Catalog) -> None:
    """Without its specific grounds no power could be handed down directly: the general
    clauses (《行政许可法》第二十四条, 《行政处罚法》第二十条) and the clauses giving the town
    only part of a procedure (《山东省乡镇人民政府工作条例》第八条, 《社会救助暂行办法》第四条)
    authorize no decision by themselves."""
    general = 0
    for power in cat.powers.values():
        auth = authority(cat, power)
        general += len(auth.general)
        for path in auth.paths:
            assert not path.specific.auth.general, power.id
        decisive = [g for g in auth.grounds if auth.act in g.auth.acts and not g.auth.general]
        stripped = dataclasses.replace(
            auth, grounds=tuple(g for g in auth.grounds if g not in decisive)
        )
        assert stripped.paths == () and stripped.statutory == (), power.id
    assert general > 0


def test_the_articles_the_reasoning_relies_on_are_stored_and_linked(cat: Catalog) -> None:
    """《行政处罚法》第二十一条、第二十四条, 《行政强制法》第十三条、第十七条 and
    《安全生产法》第一百一十五条 are stored and named by the powers' reasoning or bases."""
    named = {
        (r.law.id, r.article.number)
        for p in cat.powers.values()
        for r in cat.reasoning(p)
        if r.law is not None and r.article is not None
    }
    named |= {(b.law, b.article) for p in cat.powers.values() for b in p.bases}
    for key in [
        ("xingzheng-chufa-fa", "第二十一条"),
        ("xingzheng-chufa-fa", "第二十四条"),
        ("xingzheng-qiangzhi-fa", "第十三条"),
        ("xingzheng-qiangzhi-fa", "第十七条"),
        ("anquan-shengchan-fa", "第一百一十五条"),
    ]:
        assert cat.article(*key) is not None, key
        assert key in named, key
    unresolved = [
        (p.id, r.ref.label())
        for p in cat.powers.values()
        for r in cat.reasoning(p)
        if r.article is None
    ]
    assert unresolved == []


def test_statutory_town_powers_are_listed_as_statutory(cat: Catalog) -> None:
    for power in cat.powers.values():
        if power.delegation.modes == (Mode.STATUTORY,):
            for _town, grant in ((t, g) for t, g in cat.grants() if g.power == power.id):
                assert grant.current_mode is Mode.STATUTORY


def test_dates_follow_the_notice(cat: Catalog) -> None:
    """The first batch is requested by the end of May and in force by the end of July; later
    additions (动态管理) come after the deadline and never take effect before their law does.
    Statutory town powers are not granted at all: they are the town's from the day their law
    took effect, with no request and no district decision."""
    notice, deadlines = cat.meta.notice.date, cat.meta.deadlines
    batches = Counter()
    for town, grant in cat.grants():
        where = f"{town.id}/{grant.power}"
        if grant.current_mode is Mode.STATUTORY:
            assert [e.status for e in grant.history] == [GrantStatus.IN_FORCE], where
            since = authority(cat, cat.powers[grant.power]).statutory_since()
            assert grant.in_force_since == since, where
            assert grant.readiness is None, where
            batches["statutory"] += 1
            continue
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
        ready = grant.readiness
        assert ready is not None and ready.training and ready.system_login and ready.staff, where
        assert ready.training <= grant.in_force_since, where
    assert batches["first"] > 10 * batches["later"] > 0
    assert batches["statutory"] > 0


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
    """Where the published text has a commencement clause with a date, it is the cited version's
    in-force date, and the first effective date (`effective`) is not after it; `effective` is
    the text's own date only when the catalog does not say it came earlier (unverified)."""
    laws = LAWS
    for instrument in cat.instruments.values():
        if instrument.source.path is None:
            continue
        starts = instrument.version.in_force_from or instrument.version.date
        assert instrument.effective <= starts, instrument.id
        if "effective" in instrument.unverified:
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


def test_the_reading_of_the_modes_quotes_the_notice() -> None:
    """docs/modes.md quotes 通知二（二） verbatim, as published."""
    seed = (SOURCES / "notice-2021-04-20.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "modes.md").read_text(encoding="utf-8")
    quoted = [line[2:] for line in page.splitlines() if line.startswith("> ")]
    assert quoted and all(q in seed for q in quoted)
    assert any("对不能直接下放也不能服务窗口前移的事项" in q for q in quoted)


def test_illustrative_contacts_cannot_ring_anyone() -> None:
    """Illustrative phone numbers are ones no subscriber can have: after the area code, a local
    number never starts with 0 or 1."""
    phones = re.findall(
        r"phone: ([0-9+][0-9 -]+)",
        "".join(p.read_text("utf-8") for p in ROOT.glob("catalog/**/*.yaml")),
    )
    assert len(phones) > 500
    for phone in phones:
        area, local = phone.split("-", 1)
        assert area == "0632" and local[0] in "01", phone
