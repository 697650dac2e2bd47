"""Data-driven rule cases: tests/cases/rule_cases.yaml (a change -> the exact findings)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from townpowers.checks import RULES, Options, check

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "rule_cases.yaml").read_text("utf-8"))


def apply(case: dict, root: Path) -> None:
    """Apply a case's edits, files and removals to a copy of the mini catalog."""
    for name in case.get("remove", []):
        (root / name).unlink()
    for name, text in case.get("files", {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for name, pairs in case.get("edits", {}).items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"{name}: text to replace not found: {old!r}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")


def options(case: dict) -> Options:
    raw = case.get("options", {})
    date = raw.get("reference_date")
    return Options(
        select=raw.get("select", ()),
        ignore=raw.get("ignore", ()),
        reference_date=date
        if isinstance(date, dt.date) or date is None
        else dt.date.fromisoformat(date),
    )


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", root)
    return root


def test_the_mini_catalog_is_clean(catalog: Path) -> None:
    result = check(catalog)
    assert result.diagnostics() == [] and result.waived() == []


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict, catalog: Path) -> None:
    apply(case, catalog)
    result = check(catalog, options(case))
    lines = [d.format().split("\n")[0] for d in result.diagnostics()]
    assert lines == case["expect"]
    waived = [f"{d.location()}: {d.code} {w.reason}" for d, w in result.waived()]
    assert waived == case.get("waived", [])


def test_streaming_gives_the_same_findings(catalog: Path, monkeypatch) -> None:
    """The parallel, streaming path reports exactly what the in-memory path reports."""
    import townpowers.checks.run as run

    for case in CASES:
        if case.get("options"):
            continue
        shutil.rmtree(catalog)
        shutil.copytree(FIXTURES / "mini" / "catalog", catalog)
        apply(case, catalog)
        serial = check(catalog)
        monkeypatch.setattr(run, "PARALLEL_MIN_FILES", 1)
        streamed = check(catalog, jobs=2, keep_town_lists=False)
        monkeypatch.setattr(run, "PARALLEL_MIN_FILES", 64)
        assert [d.format() for d in streamed.diagnostics()] == [
            d.format() for d in serial.diagnostics()
        ], case["name"]
        assert len(streamed.waived()) == len(serial.waived())


def test_every_rule_has_a_triggering_case() -> None:
    loader_cases = yaml.safe_load(
        (Path(__file__).parent / "cases" / "loader_cases.yaml").read_text("utf-8")
    )
    triggered = {
        line.rsplit("[", 1)[1].rstrip("]") for c in CASES + loader_cases for line in c["expect"]
    }
    triggered |= {line.split(": ", 1)[1].split()[0] for c in CASES for line in c.get("waived", [])}
    missing = [code for code in RULES if code not in triggered]
    assert missing == []
