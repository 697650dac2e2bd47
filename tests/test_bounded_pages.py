"""Pages that would grow with the province stay bounded: a power held by many towns counts them
by district and leaves the names to its districts' pages, which link back to every town.

Page generation only (no Sphinx): a synthetic catalog with more towns than a power page lists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from townpowers.checks import check
from townpowers.site import names
from townpowers.site.pages import TOWNS_LISTED_UP_TO, generate
from townpowers.site.rendering import Page, environment
from townpowers.site.shards import CORE, SHARD_BASE, Plan
from townpowers.views import edition
from townpowers.views.glossary import read_glossary

GLOSSARY = ROOT / "docs" / "glossary.md"
TOWNS = TOWNS_LISTED_UP_TO + 12


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("big") / "catalog"
    result = run_cli("synth", str(out), "--towns", str(TOWNS), "--grants", "40")
    assert result.returncode == 0, result.stderr
    return out


def _pages(catalog: Path, plan_for: str | None = None) -> dict[str, str]:
    result = check(catalog)
    assert result.catalog is not None
    shown = edition.public_view(result.catalog)
    plan = Plan(shown, plan_for) if plan_for else None
    made: list[Page] = generate(
        shown, environment(ROOT / "templates"), result, None, False, plan, read_glossary(GLOSSARY)
    )
    return {p.path: p.text for p in made}


def _town_links(text: str) -> set[str]:
    return set(re.findall(r"\(#(town-[a-z0-9]+)\)", text))


def test_a_power_of_many_towns_counts_them_by_district(big: Path) -> None:
    pages = _pages(big)
    result = check(big)
    assert result.catalog is not None
    held: dict[str, set[str]] = {}
    for town, grant in result.catalog.grants():
        held.setdefault(grant.power, set()).add(town.id)
    many = sorted(p for p, towns in held.items() if len(towns) > TOWNS_LISTED_UP_TO)
    assert len(many) == len(held)  # every power of this catalog is held by too many towns
    for power in many:
        text = pages[f"powers/{power}.md"]
        assert _town_links(text) == set()  # no town named: the page does not grow with towns
        assert f"本事项已赋予 {len(held[power])} 个镇" in text
        districts = set(re.findall(r"\(#(district-[a-z]+)-powers\)", text))
        assert districts  # each district's count links to the district's list
        listed: set[str] = set()
        for d in districts:
            district_page = pages[f"districts/{d.removeprefix('district-')}.md"]
            assert f"({names.district_powers_label(d.removeprefix('district-'))})=" in district_page
            row = next(
                line
                for line in district_page.splitlines()
                if f"(#{names.power_label(power)})" in line and line.startswith("|")
            )
            listed |= _town_links(row)
        # every town holding the power is named on its district's page: links both ways
        assert listed == {names.town_label(t) for t in held[power]}


def test_a_power_of_few_towns_lists_them() -> None:
    """The reference catalog (20 towns): every power page names its towns, as before."""
    pages = _pages(ROOT / "catalog")
    result = check(ROOT / "catalog")
    assert result.catalog is not None
    held: dict[str, set[str]] = {}
    for town, grant in result.catalog.grants():
        held.setdefault(grant.power, set()).add(town.id)
    for power, towns in held.items():
        text = pages[f"powers/{power}.md"]
        assert _town_links(text) == {names.town_label(t) for t in towns}
        assert "下表按区（市）汇总" not in text
    assert not any("各事项承接的镇" in t for p, t in pages.items() if p.startswith("districts/"))


def test_a_sharded_core_links_to_the_districts_lists(big: Path) -> None:
    core = _pages(big, CORE)
    summarized = [t for p, t in core.items() if p.startswith("powers/") and "个镇。下表按区" in t]
    assert summarized
    assert re.search(
        re.escape(SHARD_BASE) + r"[a-z]+/generated/districts/[a-z]+\.html#district-[a-z]+-powers",
        summarized[0],
    )
