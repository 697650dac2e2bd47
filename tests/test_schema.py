"""The committed JSON Schemas are generated from the model and accept the shipped catalog."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema_rs
import pytest
import yaml

from conftest import ROOT
from townpowers.yamlio.load import LAYOUT
from townpowers.yamlio.schemas import folder_profile, schema_documents


def test_committed_schemas_are_current() -> None:
    profile = folder_profile(ROOT / "catalog")
    assert profile is not None
    for name, document in schema_documents(profile.vocabularies()).items():
        committed = json.loads((ROOT / "catalog" / "schema" / name).read_text(encoding="utf-8"))
        assert committed == document, f"{name} is stale: run `townpowers schema`"


def _as_json(value):
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _files():
    for pattern, _cls, name in LAYOUT:
        if pattern.endswith("/*"):
            paths = [
                p
                for p in sorted((ROOT / "catalog" / pattern[:-2]).glob("*.yaml"))
                if p.name != "kinds.yaml"
            ]
        else:
            paths = [ROOT / "catalog" / pattern]
        for path in paths:
            yield pytest.param(path, name, id=str(path.relative_to(ROOT / "catalog")))


@pytest.mark.parametrize(("path", "schema_name"), list(_files()))
def test_shipped_files_validate_against_their_schema(path: Path, schema_name: str) -> None:
    """What an editor's YAML language server checks agrees with the loader."""
    schema = json.loads((ROOT / "catalog" / "schema" / f"{schema_name}.schema.json").read_text())
    instance = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(instance)]
    assert errors == []


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads((ROOT / "catalog" / "schema" / "town-list.schema.json").read_text())
    validator = jsonschema_rs.validator_for(schema)
    good = {
        "town": "mushi",
        "provenance": {"status": "示意"},
        "grants": [
            {
                "power": "MZ-GF-002",
                "mode": "直接下放",
                "history": [{"status": "需求提出", "date": "2021-05-10"}],
            }
        ],
    }
    assert validator.is_valid(good)
    bad_mode = json.loads(json.dumps(good))
    bad_mode["grants"][0]["mode"] = "下放"
    assert not validator.is_valid(bad_mode)
    unknown = json.loads(json.dumps(good))
    unknown["grants"][0]["moed"] = "直接下放"
    assert not validator.is_valid(unknown)
    bad_date = json.loads(json.dumps(good))
    bad_date["grants"][0]["history"][0]["date"] = "2021-5-10"
    assert not validator.is_valid(bad_date)


def test_every_catalog_file_names_its_schema() -> None:
    """Editors find the schema through the first-line modeline."""
    for path in (ROOT / "catalog").rglob("*.yaml"):
        if "schema" in path.parts:
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} missing"
