"""What a handbook contains: the data its templates receive, for a town or a department.

A town handbook (一镇一册) covers the town's grants; a department handbook covers the grants of
the department's district that it delegates, decides or supervises. Both end with the full text
of every article they cite and the glossary. Texts that exist once in the project (the notice,
the glossary) are read from the hand-written pages rather than written again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Article, Basis, InstrumentFile, PowerFile
from ..model.catalog import Catalog
from ..model.ids import article_key, department_id
from ..views.glossary import read_glossary
from ..views.relations import GrantRow, Views

#: The notice's tasks quoted in every handbook's brief (verbatim from docs/notice.md).
NOTICE_TASKS = ("(二)", "(三)", "(四)", "（五）", "（六）")


@dataclass(frozen=True)
class CitedArticle:
    """An article quoted in a handbook's appendix, with the powers citing it."""

    law: InstrumentFile
    article: Article
    anchor: str
    powers: list[PowerFile]


def power_anchor(power_id: str) -> str:
    """Anchor of a power's section in a handbook."""
    return f"power-{power_id}".lower()


def article_anchor(law_id: str, article: Article) -> str:
    """Anchor of an article in a handbook's appendix."""
    return f"art-{law_id}-{article_key(article)}".lower()


def glossary(docs: Path) -> list[tuple[str, str]]:
    """(term, definition) pairs of docs/glossary.md's glossary block."""
    return [(t.term, t.definition) for t in read_glossary(docs / "glossary.md").values()]


def notice_brief(docs: Path) -> list[str]:
    """The notice's paragraphs on the tasks handbooks serve, verbatim (annotations left out)."""
    text = (docs / "notice.md").read_text(encoding="utf-8")
    text = re.sub(r":::\{admonition\}.*?\n:::\n", "", text, flags=re.S)
    return [p.strip() for p in text.split("\n\n") if p.strip().startswith(NOTICE_TASKS)]


def cited_articles(cat: Catalog, powers: list[PowerFile]) -> list[CitedArticle]:
    """Every article the powers cite, in law then article order, each once."""
    found: dict[tuple[str, str], CitedArticle] = {}
    for power in powers:
        for basis in power.bases:
            article = cat.article(basis.law, basis.article)
            if article is None:
                continue
            key = (basis.law, basis.article)
            if key not in found:
                found[key] = CitedArticle(
                    cat.instruments[basis.law], article, article_anchor(basis.law, article), []
                )
            if power not in found[key].powers:
                found[key].powers.append(power)
    order = {law: i for i, law in enumerate(cat.instruments)}
    return sorted(found.values(), key=lambda c: (order[c.law.id], c.law.articles.index(c.article)))


def _by_domain(cat: Catalog, rows: list[GrantRow]) -> list[tuple[str, list[GrantRow]]]:
    return [
        (d, sorted((r for r in rows if r.power.domain == d), key=lambda r: r.power.id))
        for d in cat.profile.domain_names
        if any(r.power.domain == d for r in rows)
    ]


def town_context(cat: Catalog, views: Views, town_id: str, docs: Path) -> dict[str, Any]:
    """Everything a town handbook shows."""
    town = cat.towns[town_id]
    rows = views.by_town.get(town_id, [])
    powers = sorted({r.power.id: r.power for r in rows}.values(), key=lambda p: p.id)
    return {
        "kind": "town",
        "town": town,
        "district": cat.districts[town.district],
        "rows": rows,
        "domains": _by_domain(cat, rows),
        "progress": views.progress(rows),
        "articles": cited_articles(cat, powers),
        "glossary": glossary(docs),
        "notice": notice_brief(docs),
        "history": views.history_groups(town_id),
    }


def department_context(
    cat: Catalog, views: Views, district_id: str, kind_id: str, docs: Path
) -> dict[str, Any]:
    """Everything a department handbook shows."""
    district = cat.districts[district_id]
    dept = cat.departments[(district_id, kind_id)]
    roles = views.department_rows(district_id, kind_id)
    owned = [p for p in views.roles.get(kind_id, {}).get("owner", [])]
    decided = [p for p in views.roles.get(kind_id, {}).get("approver", [])]
    supervised = [p for p in views.roles.get(kind_id, {}).get("supervisor", [])]
    powers = sorted({p.id: p for p in owned + decided + supervised}.values(), key=lambda p: p.id)
    towns = views.towns_of(district)
    matrix = [
        (
            p,
            [
                next((r for r in views.by_power.get(p.id, []) if r.town.id == t.id), None)
                for t in towns
            ],
        )
        for p in powers
    ]
    rows_by_power = {
        p.id: [r for r in views.by_district.get(district_id, []) if r.power.id == p.id]
        for p in powers
    }
    return {
        "kind": "department",
        "dept": dept,
        "dept_id": department_id(district_id, kind_id),
        "district": district,
        "kind_entry": cat.kinds[kind_id],
        "powers": powers,
        "owned": {p.id for p in owned},
        "decided": {p.id for p in decided},
        "supervised": {p.id for p in supervised},
        "towns": towns,
        "matrix": matrix,
        "rows_by_power": rows_by_power,
        "roles": roles,
        "articles": cited_articles(cat, powers),
        "glossary": glossary(docs),
        "notice": notice_brief(docs),
    }


def basis_anchor(cat: Catalog, basis: Basis) -> str | None:
    """Anchor of a basis's article in the appendix (``None`` if it dangles)."""
    article = cat.article(basis.law, basis.article)
    return None if article is None else article_anchor(basis.law, article)
