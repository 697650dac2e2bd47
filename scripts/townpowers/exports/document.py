"""Exports that other programs rely on: the normalized catalog JSON and the JSON Schemas.

The JSON document is the project's stable interface for scripts: every object with its id, every
reference both as the id written in YAML and resolved (names, concrete departments, quoted article
text). Its shape is versioned by ``format_version``; fields are only ever added within a version.
"""

from __future__ import annotations

from typing import Any

from ..model import ids, lawtext
from ..model.catalog import Catalog
from ..model.schema import plain

FORMAT = "townpowers-catalog"
FORMAT_VERSION = 1


def _named(cat: Catalog, district: str, kind: str) -> dict[str, str | None]:
    dept = cat.department(district, kind)
    return {
        "id": ids.department_id(district, kind),
        "kind": kind,
        "name": dept.name if dept else None,
    }


def catalog_document(cat: Catalog) -> dict[str, Any]:
    """The whole normalized catalog as one JSON-ready document."""
    instruments = []
    for law in cat.instruments.values():
        data = plain(law)
        data["articles"] = [
            {
                "id": ids.article_id(law.id, a),
                **plain(a),
                "paragraphs": [p.text() for p in lawtext.paragraphs(a.text)],
                "fingerprint": lawtext.fingerprint(a.text),
            }
            for a in law.articles
        ]
        instruments.append(data)
    powers = []
    for power in cat.powers.values():
        data = plain(power)
        for basis, out in zip(power.bases, data["bases"], strict=True):
            article = cat.article(basis.law, basis.article)
            assert article is not None  # resolved by the loader
            out.update(
                instrument_title=cat.instruments[basis.law].title,
                article_id=ids.article_id(basis.law, article),
                label=lawtext.reference_label(basis.article, basis.paragraph, basis.item),
                quote=cat.quote(basis),
                verification=article.verification.value,
                current_fingerprint=lawtext.fingerprint(article.text),
            )
        powers.append(data)
    grants = []
    for town, grant in cat.grants():
        power = cat.powers[grant.power]
        decision = grant.decision
        grants.append(
            {
                "town": town.id,
                "town_name": town.name,
                "district": town.district,
                "power": power.id,
                "power_name": power.name,
                "status": grant.status.value,
                "mode": grant.mode.value,
                "current_mode": grant.current_mode.value,
                "in_force_since": plain(grant.in_force_since),
                "decided": plain(decision.date) if decision else None,
                "document": decision.document if decision else None,
                "delegating_department": _named(cat, town.district, power.owner),
                "deciding_department": _named(cat, town.district, power.approver or power.owner),
                "supervisors": [_named(cat, town.district, k) for k in power.supervision.bodies],
                "history": plain(grant.history),
                "readiness": plain(grant.readiness),
                "evaluations": plain(grant.evaluations),
                "provincial_decision": grant.provincial_decision,
                "note": grant.note,
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "catalog": plain(cat.meta),
        "districts": [plain(d) for d in cat.districts.values()],
        "towns": [
            {
                **plain(t),
                "district_name": cat.districts[t.district].name,
                "grant_count": len(cat.town_lists[t.id].grants) if t.id in cat.town_lists else 0,
            }
            for t in cat.towns.values()
        ],
        "department_kinds": [plain(k) for k in cat.kinds.values()],
        "departments": [
            {"id": ids.department_id(d, k), "district": d, **plain(dept)}
            for (d, k), dept in sorted(cat.departments.items())
        ],
        "instruments": instruments,
        "powers": powers,
        "grants": grants,
        "ledger": plain(cat.ledger),
        "topics": [plain(t) for t in cat.topics.values()],
    }
