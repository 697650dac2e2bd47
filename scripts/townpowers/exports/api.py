"""The static JSON API published with the site: an index, one file per town, power and instrument.

A program that wants one town's 一镇一单 should not have to download the whole catalog: it reads
``api/index.json`` and follows the ``url`` of the town it needs. Each file is self-contained
(names resolved, legal text quoted) and carries ``format``/``format_version`` like the catalog
export. The JSON Schemas are built from the same model declarations as the YAML schemas (nested
objects are ``$defs`` of the model), so the API cannot drift from the data it publishes; they are
published under ``api/schema/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import (
    DepartmentKind,
    District,
    Entrustment,
    Evaluation,
    InstrumentFile,
    LedgerFile,
    PowerFile,
    Readiness,
    StatusEvent,
    Town,
    ids,
    lawtext,
)
from ..model.catalog import Catalog
from ..model.schema import model_schema, plain
from ..util.files import dumps, write_atomic

FORMAT = "townpowers-api"
FORMAT_VERSION = 1
ROOT = "api"
SITE_PAGES = "generated"


def _page(kind: str, ident: str) -> str:
    return f"{SITE_PAGES}/{kind}/{ident}.html"


def _dept(cat: Catalog, district: str, kind: str | None) -> dict[str, Any] | None:
    """A district department by kind; ``None`` for a statutory town power (the town decides)."""
    if kind is None:
        return None
    dept = cat.department(district, kind)
    ident = ids.department_id(district, kind)
    return {
        "id": ident,
        "kind": kind,
        "name": dept.name if dept else None,
        "page": _page("departments", ident) if dept else None,
    }


def _head(kind: str) -> dict[str, Any]:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind}


def town_document(cat: Catalog, town: Town) -> dict[str, Any]:
    """One town with its catalog, every grant resolved."""
    entry = cat.town_lists.get(town.id)
    grants = []
    for grant in entry.grants if entry else ():
        power = cat.powers[grant.power]
        decision = grant.decision
        grants.append(
            {
                "power": power.id,
                "power_name": power.name,
                "power_url": f"../powers/{power.id}.json",
                "power_page": _page("powers", power.id),
                "mode": grant.mode.value,
                "current_mode": grant.current_mode.value,
                "status": grant.status.value,
                "in_force_since": plain(grant.in_force_since),
                "decided": plain(decision.date) if decision else None,
                "document": decision.document if decision else None,
                "delegating_department": _dept(cat, town.district, power.owner),
                "deciding_department": _dept(cat, town.district, power.approver or power.owner),
                "supervisors": [_dept(cat, town.district, k) for k in power.supervision.bodies],
                "history": plain(grant.history),
                "readiness": plain(grant.readiness),
                "evaluations": plain(grant.evaluations),
                "provincial_decision": grant.provincial_decision,
                "entrustment": plain(grant.entrustment),
                "note": grant.note,
            }
        )
    district = cat.districts[town.district]
    return {
        **_head("town"),
        "town": plain(town),
        "district": {"id": district.id, "name": district.name},
        "page": _page("towns", town.id),
        "catalog_provenance": plain(entry.provenance) if entry else None,
        "grants": grants,
    }


def power_document(cat: Catalog, power_id: str) -> dict[str, Any]:
    """One power with its legal bases quoted and the towns that hold it."""
    power = cat.powers[power_id]
    data = plain(power)
    bases = []
    for basis, out in zip(power.bases, data["bases"], strict=True):
        law = cat.instruments[basis.law]
        article = cat.article(basis.law, basis.article)
        assert article is not None  # resolved by the loader
        bases.append(
            {
                **out,
                "instrument_title": law.title,
                "instrument_url": f"../laws/{law.id}.json",
                "article_id": ids.article_id(law.id, article),
                "label": lawtext.reference_label(basis.article, basis.paragraph, basis.item),
                "quote": cat.quote(basis),
                "verification": article.verification.value,
            }
        )
    towns = [
        {
            "town": t.id,
            "town_name": t.name,
            "url": f"../towns/{t.id}.json",
            "current_mode": g.current_mode.value,
            "status": g.status.value,
            "in_force_since": plain(g.in_force_since),
        }
        for t, g in cat.grants()
        if g.power == power_id
    ]
    return {
        **_head("power"),
        "power": data,
        "bases": bases,
        "page": _page("powers", power.id),
        "towns": towns,
    }


def law_document(
    cat: Catalog, law_id: str, cited: dict[tuple[str, str], list[str]]
) -> dict[str, Any]:
    """One legal instrument, every article verbatim, with the powers resting on it."""
    law = cat.instruments[law_id]
    data = plain(law)
    articles = [
        {
            "id": ids.article_id(law.id, a),
            "number": a.number,
            "fingerprint": lawtext.fingerprint(a.text),
            "powers": [
                {"id": p, "url": f"../powers/{p}.json"} for p in cited.get((law.id, a.number), [])
            ],
        }
        for a in law.articles
    ]
    return {
        **_head("instrument"),
        "instrument": data,
        "page": _page("laws", law.id),
        "articles": articles,
    }


def index_document(cat: Catalog) -> dict[str, Any]:
    """What the API has, with the URL of each file (relative to ``api/``)."""
    counts = {t: len(e.grants) for t, e in cat.town_lists.items()}
    return {
        **_head("index"),
        "catalog": plain(cat.meta),
        "needs": "../needs.json",
        "schemas": {k: f"schema/{k}.schema.json" for k in ("index", "town", "power", "instrument")},
        "districts": [plain(d) for d in cat.districts.values()],
        "ledger": plain(cat.ledger),
        "department_kinds": [plain(k) for k in cat.kinds.values()],
        "departments": [
            {
                "id": ids.department_id(d, k),
                "district": d,
                "kind": k,
                "name": dept.name,
                "page": _page("departments", ids.department_id(d, k)),
            }
            for (d, k), dept in sorted(cat.departments.items())
        ],
        "towns": [
            {
                "id": t.id,
                "name": t.name,
                "district": t.district,
                "category": t.category.value,
                "grants": counts.get(t.id, 0),
                "url": f"towns/{t.id}.json",
                "page": _page("towns", t.id),
            }
            for t in cat.towns.values()
        ],
        "powers": [
            {
                "id": p.id,
                "name": p.name,
                "domain": p.domain.value,
                "type": p.type.value,
                "owner": p.owner,
                "level": p.level.value,
                "url": f"powers/{p.id}.json",
                "page": _page("powers", p.id),
            }
            for p in sorted(cat.powers.values(), key=lambda p: p.id)
        ],
        "instruments": [
            {
                "id": law.id,
                "title": law.title,
                "short_title": law.short_title,
                "articles": len(law.articles),
                "url": f"laws/{law.id}.json",
                "page": _page("laws", law.id),
            }
            for law in cat.instruments.values()
        ],
    }


def documents(cat: Catalog) -> dict[str, Any]:
    """Every API file: path under ``api/`` -> JSON-ready document."""
    cited: dict[tuple[str, str], list[str]] = {}
    for power in sorted(cat.powers.values(), key=lambda p: p.id):
        for basis in power.bases:
            users = cited.setdefault((basis.law, basis.article), [])
            if power.id not in users:
                users.append(power.id)
    out: dict[str, Any] = {"index.json": index_document(cat)}
    for town in cat.towns.values():
        out[f"towns/{town.id}.json"] = town_document(cat, town)
    for power_id in sorted(cat.powers):
        out[f"powers/{power_id}.json"] = power_document(cat, power_id)
    for law_id in cat.instruments:
        out[f"laws/{law_id}.json"] = law_document(cat, law_id, cited)
    for name, schema in schemas().items():
        out[f"schema/{name}"] = schema
    return out


def write(cat: Catalog, out_dir: Path) -> list[str]:
    """Write the API under ``out_dir`` (only files that changed); remove files no longer made.

    Returns the paths written or removed.
    """
    changed = []
    wanted = set()
    for rel, doc in documents(cat).items():
        path = out_dir / rel
        wanted.add(path)
        if write_atomic(path, dumps(doc)):
            changed.append(rel)
    if out_dir.is_dir():
        for old in sorted(out_dir.rglob("*.json")):
            if old not in wanted:
                old.unlink()
                changed.append(str(old.relative_to(out_dir)))
    return changed


# --- JSON Schemas --------------------------------------------------------------------------------

_S: dict[str, Any] = {"type": "string"}
_NS: dict[str, Any] = {"type": ["string", "null"]}
_DATE: dict[str, Any] = {"type": ["string", "null"], "format": "date"}


def _obj(props: dict[str, Any], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        "required": list(props),
    }
    if description:
        out["description"] = description
    return out


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _schema(
    name: str, title: str, root: dict[str, Any], models: tuple[type, ...]
) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for cls in models:
        defs[cls.__name__] = model_schema(cls, defs)
    props = {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "kind": {"const": name},
        **root["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://townpowers.invalid/api/schema/{name}.schema.json",
        "title": title,
        **_obj(props),
        "$defs": dict(sorted(defs.items())),
    }


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema of each API file kind."""
    dept = _obj({"id": _S, "kind": _S, "name": _NS, "page": _NS}, "区（市）的具体部门")
    grant = _obj(
        {
            "power": _S,
            "power_name": _S,
            "power_url": _S,
            "power_page": _S,
            "mode": _S,
            "current_mode": _S,
            "status": _S,
            "in_force_since": _DATE,
            "decided": _DATE,
            "document": _NS,
            "delegating_department": {"anyOf": [dept, {"type": "null"}]},
            "deciding_department": {"anyOf": [dept, {"type": "null"}]},
            "supervisors": {"type": "array", "items": dept},
            "history": {"type": "array", "items": _ref("StatusEvent")},
            "readiness": {"anyOf": [_ref("Readiness"), {"type": "null"}]},
            "evaluations": {"type": "array", "items": _ref("Evaluation")},
            "provincial_decision": _NS,
            "entrustment": {"anyOf": [_ref("Entrustment"), {"type": "null"}]},
            "note": _NS,
        },
        "一项赋权（法定本级事项没有下放部门和决定部门，两者为 null）",
    )
    town = _obj(
        {
            "town": _ref("Town"),
            "district": _obj({"id": _S, "name": _S}),
            "page": _S,
            "catalog_provenance": {"type": ["object", "null"]},
            "grants": {"type": "array", "items": grant},
        }
    )
    power = _obj(
        {
            "power": _ref("PowerFile"),
            "bases": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [
                        "law",
                        "article",
                        "instrument_title",
                        "instrument_url",
                        "article_id",
                        "label",
                        "quote",
                        "verification",
                    ],
                    "description": "依据（同 power.bases，另附法律文件标题和引用的原文）",
                },
            },
            "page": _S,
            "towns": {
                "type": "array",
                "items": _obj(
                    {
                        "town": _S,
                        "town_name": _S,
                        "url": _S,
                        "current_mode": _S,
                        "status": _S,
                        "in_force_since": _DATE,
                    }
                ),
            },
        }
    )
    instrument = _obj(
        {
            "instrument": _ref("InstrumentFile"),
            "page": _S,
            "articles": {
                "type": "array",
                "items": _obj(
                    {
                        "id": _S,
                        "number": _S,
                        "fingerprint": _S,
                        "powers": {"type": "array", "items": _obj({"id": _S, "url": _S})},
                    }
                ),
            },
        }
    )
    entry = {"type": "array", "items": {"type": "object", "required": ["id", "url", "page"]}}
    index = _obj(
        {
            "catalog": {"type": "object"},
            "needs": _S,
            "schemas": {"type": "object", "additionalProperties": _S},
            "districts": {"type": "array", "items": _ref("District")},
            "ledger": {"anyOf": [_ref("LedgerFile"), {"type": "null"}]},
            "department_kinds": {"type": "array", "items": _ref("DepartmentKind")},
            "departments": {
                "type": "array",
                "items": _obj({"id": _S, "district": _S, "kind": _S, "name": _S, "page": _S}),
            },
            "towns": entry,
            "powers": entry,
            "instruments": entry,
        }
    )
    return {
        "index.schema.json": _schema(
            "index", "API 索引", index, (District, DepartmentKind, LedgerFile)
        ),
        "town.schema.json": _schema(
            "town",
            "一个镇的赋权目录",
            town,
            (Town, StatusEvent, Readiness, Evaluation, Entrustment),
        ),
        "power.schema.json": _schema("power", "一个权力事项", power, (PowerFile,)),
        "instrument.schema.json": _schema(
            "instrument", "一部法律文件", instrument, (InstrumentFile,)
        ),
    }
