"""Exports that other programs rely on: the normalized catalog JSON and the JSON Schemas.

The JSON document is the project's stable interface for scripts: every object with its id, every
reference both as the id written in YAML and resolved (names, concrete departments, quoted article
text). Its shape is versioned by ``format_version``; fields are only ever added within a version.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import ids, lawtext
from .loading import LAYOUT, Catalog
from .schema import as_data, json_schema

FORMAT = "townpowers-catalog"
FORMAT_VERSION = 1


def plain(value: Any) -> Any:
    """Model objects as JSON-ready data: enums by value, dates in ISO form, no locations."""
    return as_data(value, iso_dates=True)


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
                "grant_count": len(cat.catalogs[t.id].grants) if t.id in cat.catalogs else 0,
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
    }


def dumps(document: Any) -> str:
    """Deterministic JSON text (sorted where order carries no meaning, UTF-8, trailing newline)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _current_umask()


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` via a temporary file and rename; skip if unchanged.

    Returns whether the file changed. A crash mid-write never leaves a truncated file.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file private (0600); a published file must be readable like any
        # other the user creates, or a web server running as another user cannot serve it
        os.fchmod(fd, 0o666 & ~UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, one per catalog file kind."""
    out: dict[str, dict[str, Any]] = {}
    for _pattern, cls, name in LAYOUT:
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        out[f"{name}.schema.json"] = json_schema(
            cls, doc, f"https://townpowers.invalid/schema/{name}.schema.json"
        )
    return out
