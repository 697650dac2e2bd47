"""Shared fixtures: the repository layout, the mini catalog, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def mini_catalog(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid catalog, at <tmp>/catalog."""
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", target)
    return target


@pytest.fixture
def reference_catalog(tmp_path: Path) -> Path:
    """A writable copy of the shipped reference catalog, at <tmp>/catalog."""
    target = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", target)
    return target


def run_cli(
    *args: str, cwd: Path | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m townpowers`` as a user would, capturing text output."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "townpowers", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
