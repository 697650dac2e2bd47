"""The normalized catalog as one JSON document (``townpowers export --format json``).

The JSON document is the project's stable interface for scripts: every object with its id, every
reference both as the id written in YAML and resolved (names, concrete departments, quoted article
text). Its shape is versioned by ``format_version``; fields are only ever added within a version.
"""

from __future__ import annotations

from typing import Any

from ..model import ids
from ..model.catalog import Catalog
from ..model.schema import plain
from .records import article_record, grant_record, quoted_basis

FORMAT = "townpowers-catalog"
FORMAT_VERSION = 1


def catalog_document(cat: Catalog) -> dict[str, Any]:
    """The whole normalized catalog as one JSON-ready document."""
    instruments = []
    for law in cat.instruments.values():
        data = plain(law)
        data["articles"] = [article_record(law.id, a) for a in law.articles]
        instruments.append(data)
    powers = []
    for power in cat.powers.values():
        data = plain(power)
        data["bases"] = [quoted_basis(cat, b) for b in power.bases]
        powers.append(data)
    grants = [plain(grant_record(cat, town, grant)) for town, grant in cat.grants()]
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
