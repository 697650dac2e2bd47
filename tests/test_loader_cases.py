"""Data-driven loader cases: tests/cases/loader_cases.yaml (input files -> exact diagnostics)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from townpowers.checks import load_catalog

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "loader_cases.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict, mini_catalog: Path) -> None:
    for name in case.get("remove", []):
        (mini_catalog / name).unlink()
    for name, text in case.get("files", {}).items():
        data = text.encode(case.get("encoding", "utf-8"))
        if case.get("bom"):
            data = b"\xef\xbb\xbf" + data
        path = mini_catalog / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    catalog, diagnostics = load_catalog(mini_catalog)
    lines = [d.format().split("\n")[0] for d in diagnostics]
    assert lines == case["expect"]
    assert (catalog is None) == bool(case["expect"])
    for index, fragment in (case.get("hints") or {}).items():
        assert fragment in diagnostics[int(index)].hint, diagnostics[int(index)].hint
