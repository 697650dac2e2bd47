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
    Article,
    Basis,
    DepartmentKind,
    District,
    InstrumentFile,
    LedgerFile,
    PowerFile,
    Town,
    ids,
)
from ..model.catalog import Catalog
from ..model.schema import model_schema, plain, vocabularies
from ..util.files import dumps, write_atomic
from ..views.version import version_stamp
from .records import (
    ArticleExtras,
    BasisQuote,
    DepartmentRef,
    GrantRecord,
    article_record,
    grant_record,
    merged_schema,
    quoted_basis,
)

FORMAT = "townpowers-api"
FORMAT_VERSION = 1
ROOT = "api"
SITE_PAGES = "generated"


def _page(kind: str, ident: str) -> str:
    return f"{SITE_PAGES}/{kind}/{ident}.html"


def _with_page(dept: dict[str, Any] | None) -> dict[str, Any] | None:
    """A resolved department with the address of its page (none when the district lacks it);
    ``None`` stays ``None`` (a statutory town power has no delegating department)."""
    if dept is None:
        return None
    return {**dept, "page": _page("departments", dept["id"]) if dept["name"] else None}


def _head(kind: str) -> dict[str, Any]:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind}


def town_document(cat: Catalog, town: Town) -> dict[str, Any]:
    """One town with its catalog, every grant resolved (the records of the JSON export, with
    links to the power's file and page and to each department's page)."""
    entry = cat.town_lists.get(town.id)
    grants = []
    for grant in entry.grants if entry else ():
        record = plain(grant_record(cat, town, grant))
        for key in ("delegating_department", "deciding_department"):
            record[key] = _with_page(record[key])
        record["supervisors"] = [_with_page(d) for d in record["supervisors"]]
        record["power_url"] = f"../powers/{grant.power}.json"
        record["power_page"] = _page("powers", grant.power)
        grants.append(record)
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
    bases = [
        {**quoted_basis(cat, basis), "instrument_url": f"../laws/{basis.law}.json"}
        for basis in power.bases
    ]
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
        "power": plain(power),
        "bases": bases,
        "page": _page("powers", power.id),
        "towns": towns,
    }


def law_document(
    cat: Catalog, law_id: str, cited: dict[tuple[str, str], list[str]]
) -> dict[str, Any]:
    """One legal instrument, every article verbatim, with the powers resting on it."""
    law = cat.instruments[law_id]
    articles = [
        {
            **article_record(law.id, a),
            "powers": [
                {"id": p, "url": f"../powers/{p}.json"} for p in cited.get((law.id, a.number), [])
            ],
        }
        for a in law.articles
    ]
    return {
        **_head("instrument"),
        "instrument": plain(law),
        "page": _page("laws", law.id),
        "articles": articles,
    }


def index_document(cat: Catalog) -> dict[str, Any]:
    """What the API has, with the URL of each file (relative to ``api/``)."""
    counts = {t: len(e.grants) for t, e in cat.town_lists.items()}
    return {
        **_head("index"),
        "catalog": plain(cat.meta),
        "stamp": version_stamp(cat).record(),
        "manifest": "manifest.json",
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
                "category": t.category,
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
                "domain": p.domain,
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
    with vocabularies(cat.profile.vocabularies()):
        api_schemas = schemas()
    for name, schema in api_schemas.items():
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
        if write_atomic(path, dumps(doc, compact=True)):
            changed.append(rel)
    if out_dir.is_dir():
        for old in sorted(out_dir.rglob("*.json")):
            if old not in wanted:
                old.unlink()
                changed.append(str(old.relative_to(out_dir)))
    return changed


# --- JSON Schemas --------------------------------------------------------------------------------
# Every record is derived from its model declaration (see :mod:`.records`); only what the API
# adds (links, counts) is written here.

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


def _extended(schema: dict[str, Any], links: dict[str, Any]) -> dict[str, Any]:
    """A derived object schema with the API's link fields added (all required)."""
    return {
        **schema,
        "properties": {**schema["properties"], **links},
        "required": [*schema.get("required", []), *links],
    }


def _schema(name: str, title: str, root: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
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
    town_defs: dict[str, Any] = {}
    grant = _extended(model_schema(GrantRecord, town_defs), {"power_url": _S, "power_page": _S})
    town_defs["DepartmentRef"] = _extended(town_defs["DepartmentRef"], {"page": _NS})
    town_root = _obj(
        {
            "town": model_schema(Town, town_defs),
            "district": _obj({"id": _S, "name": _S}),
            "page": _S,
            "catalog_provenance": {"type": ["object", "null"]},
            "grants": {"type": "array", "items": grant},
        }
    )
    power_defs: dict[str, Any] = {}
    basis = _extended(merged_schema(Basis, BasisQuote, defs=power_defs), {"instrument_url": _S})
    power_root = _obj(
        {
            "power": model_schema(PowerFile, power_defs),
            "bases": {"type": "array", "items": basis},
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
    law_defs: dict[str, Any] = {}
    article = _extended(
        merged_schema(ArticleExtras, Article, defs=law_defs),
        {"powers": {"type": "array", "items": _obj({"id": _S, "url": _S})}},
    )
    law_root = _obj(
        {
            "instrument": model_schema(InstrumentFile, law_defs),
            "page": _S,
            "articles": {"type": "array", "items": article},
        }
    )
    index_defs: dict[str, Any] = {}
    entry = {"type": "array", "items": {"type": "object", "required": ["id", "url", "page"]}}
    index_root = _obj(
        {
            "catalog": {"type": "object"},
            "stamp": _obj(
                {
                    "version": _S,
                    "date": _DATE,
                    "commit": _NS,
                    "clean": {"type": ["boolean", "null"]},
                    "as_of": _DATE,
                },
                "目录版本；在 git 仓库中构建时另有提交和工作区是否与提交一致",
            ),
            "manifest": _S,
            "needs": _S,
            "schemas": {"type": "object", "additionalProperties": _S},
            "districts": {"type": "array", "items": model_schema(District, index_defs)},
            "ledger": {"anyOf": [model_schema(LedgerFile, index_defs), {"type": "null"}]},
            "department_kinds": {
                "type": "array",
                "items": model_schema(DepartmentKind, index_defs),
            },
            "departments": {
                "type": "array",
                "items": _extended(
                    model_schema(DepartmentRef, index_defs), {"district": _S, "page": _S}
                ),
            },
            "towns": entry,
            "powers": entry,
            "instruments": entry,
        }
    )
    return {
        "index.schema.json": _schema("index", "API 索引", index_root, index_defs),
        "town.schema.json": _schema("town", "一个镇的赋权目录", town_root, town_defs),
        "power.schema.json": _schema("power", "一个权力事项", power_root, power_defs),
        "instrument.schema.json": _schema("instrument", "一部法律文件", law_root, law_defs),
    }
