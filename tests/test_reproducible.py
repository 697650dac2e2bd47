"""The same catalog gives byte-identical generated sources, needs.json, API and charts."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def digest(root: Path, pattern: str = "*") -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob(pattern))
        if p.is_file()
    }


def build(base: Path, hash_seed: str) -> Path:
    shutil.copytree(ROOT / "docs", base / "docs", ignore=shutil.ignore_patterns("generated"))
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}  # set and dict order must not leak out
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "html",
            "-c",
            str(ROOT),
            str(base / "docs"),
            str(base / "html"),
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=900,
    )
    return base


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a = build(tmp_path / "a", "1")
    b = build(tmp_path / "b", "2")
    generated = digest(a / "docs" / "generated")
    assert len(generated) > 200
    assert generated == digest(b / "docs" / "generated")
    for rel in ("needs.json", "api"):
        left, right = a / "html" / rel, b / "html" / rel
        if left.is_dir():
            assert digest(left) == digest(right), rel
        else:
            assert left.read_bytes() == right.read_bytes(), rel
    charts = digest(a / "html" / "_images", "*.svg")
    assert charts and charts == digest(b / "html" / "_images", "*.svg")
