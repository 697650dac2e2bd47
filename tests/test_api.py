"""The static JSON API: every file valid against its published schema, links that resolve."""

from __future__ import annotations

import copy
import json
import posixpath
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from townpowers.checks import load_catalog
from townpowers.exports import api
from townpowers.model.catalog import Catalog


@pytest.fixture(scope="module")
def cat() -> Catalog:
    catalog, diagnostics = load_catalog(ROOT / "catalog")
    assert diagnostics == [] and catalog is not None
    return catalog


@pytest.fixture(scope="module")
def docs(cat: Catalog) -> dict:
    return api.documents(cat)


def validator(docs: dict, kind: str) -> jsonschema.Draft202012Validator:
    schema = docs[f"schema/{kind}.schema.json"]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_one_file_per_town_power_and_instrument(cat: Catalog, docs: dict) -> None:
    assert {p for p in docs if p.startswith("towns/")} == {f"towns/{t}.json" for t in cat.towns}
    assert {p for p in docs if p.startswith("powers/")} == {f"powers/{p}.json" for p in cat.powers}
    assert {p for p in docs if p.startswith("laws/")} == {
        f"laws/{law}.json" for law in cat.instruments
    }


def test_every_file_is_valid_against_its_schema(docs: dict) -> None:
    for path, doc in docs.items():
        if path.startswith("schema/"):
            continue
        validator(docs, doc["kind"]).validate(doc)


@pytest.mark.parametrize(
    ("path", "mutate"),
    [
        ("towns/mushi.json", lambda d: d["grants"][0].update(extra=1)),
        ("towns/mushi.json", lambda d: d["grants"][0]["history"][0].update(status="已批准")),
        ("towns/mushi.json", lambda d: d["grants"][0]["evaluations"][0].update(cases=-1)),
        ("towns/mushi.json", lambda d: d["grants"][0].pop("supervisors")),
        ("powers/MZ-GF-001.json", lambda d: d["power"].pop("supervision")),
        ("laws/shehui-jiuzhu-banfa.json", lambda d: d["articles"][0].update(powers="MZ-GF-001")),
        ("index.json", lambda d: d.update(format_version=2)),
    ],
)
def test_schema_rejects_wrong_documents(docs: dict, path: str, mutate) -> None:
    doc = copy.deepcopy(docs[path])
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        validator(docs, doc["kind"]).validate(doc)


def test_relative_links_resolve(docs: dict) -> None:
    index = docs["index.json"]
    for section in ("towns", "powers", "instruments"):
        for entry in index[section]:
            assert entry["url"] in docs, entry
    targets = []
    for path, doc in docs.items():
        links = [g["power_url"] for g in doc.get("grants", [])] if doc.get("kind") == "town" else []
        links += [t["url"] for t in doc.get("towns", [])] if doc.get("kind") == "power" else []
        links += [b["instrument_url"] for b in doc.get("bases", [])]
        links += [p["url"] for a in doc.get("articles", []) for p in a.get("powers", [])]
        targets += [posixpath.normpath(posixpath.join(posixpath.dirname(path), u)) for u in links]
    assert len(targets) > 1000
    assert sorted(set(targets) - set(docs)) == []


def test_power_file_lists_towns_and_quotes_law(cat: Catalog, docs: dict) -> None:
    doc = docs["powers/ZRZY-XK-006.json"]
    holders = sorted(t["town"] for t in doc["towns"])
    assert holders == sorted(t.id for t, g in cat.grants() if g.power == "ZRZY-XK-006")
    for basis in doc["bases"]:
        article = cat.article(basis["law"], basis["article"])
        assert article is not None and basis["quote"] in article.text.replace("\n", "")


def test_write_only_changes_and_removes_stale(cat: Catalog, tmp_path: Path) -> None:
    out = tmp_path / "api"
    first = api.write(cat, out)
    assert "index.json" in first and "schema/town.schema.json" in first
    (out / "towns" / "gone.json").write_text("{}", encoding="utf-8")
    assert api.write(cat, out) == ["towns/gone.json"]
    assert not (out / "towns" / "gone.json").exists()
    assert api.write(cat, out) == []
    town = json.loads((out / "towns" / "mushi.json").read_text(encoding="utf-8"))
    assert town["town"]["name"] == "木石镇"
