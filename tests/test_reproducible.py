"""One commit gives a byte-identical published site wherever it is built.

A reviewer must be able to verify a published site against its commit, so a build on a laptop,
in CI and on the publishing server must give the same bytes. Two checkouts in different folders,
with different hash seeds, are built and published as ``make html`` does, and every published
file is compared.
"""

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


SPHINX = (sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html")
CHECKOUT = ("catalog", "docs", "templates", "locale", "scripts", "conf.py")


def build(base: Path, hash_seed: str) -> Path:
    """A copy of the repository at ``base`` built and published (``base/site``)."""
    ignore = shutil.ignore_patterns("generated", "__pycache__", "*.egg-info", "_build")
    for name in CHECKOUT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, base / name, ignore=ignore)
        else:
            shutil.copy2(source, base / name)
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}  # set and dict order must not leak out
    work = base / "_build" / "work"
    subprocess.run(
        [*SPHINX, "-c", str(base), str(base / "docs"), str(work)],
        cwd=base,
        env=env,
        check=True,
        capture_output=True,
        timeout=900,
    )
    subprocess.run(
        [sys.executable, "-m", "townpowers", "publish", str(work), str(base / "site")],
        cwd=base,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return base


def test_two_checkouts_publish_byte_identical_sites(tmp_path: Path) -> None:
    a = build(tmp_path / "one" / "checkout", "1")
    b = build(tmp_path / "another-place" / "repo", "2")
    generated = digest(a / "docs" / "generated")
    assert len(generated) > 200
    assert generated == digest(b / "docs" / "generated")
    left, right = digest(a / "site"), digest(b / "site")
    assert len(left) > 300 and "needs.json" in left and "api/index.json" in left
    assert "schema_violations.json" not in left  # a validation report with timings
    # the published manifest is part of what is compared: the same digests in any folder
    assert "SHA256SUMS" in left and "api/manifest.json" in left
    assert "_static/feeds/changes.xml" in left
    differing = sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))
    assert differing == []
    charts = digest(a / "site" / "_images", "*.svg")
    assert charts
