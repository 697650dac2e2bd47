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
#: The published texts the catalog quotes (laws, the notice), kept with the catalog.
SOURCES = ROOT / "catalog" / "sources"
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


def sphinx_build(
    src_docs: Path, out: Path, catalog: Path, *extra: str, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Build a copy of docs/ against ``catalog`` as `make html` does (warnings are errors)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-c",
            str(ROOT),
            "-D",
            f"townpowers_catalog={catalog}",
            "-D",
            f"townpowers_templates={ROOT / 'templates'}",
            *extra,
            str(src_docs),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference catalog's site, built once per test session; returns the HTML folder."""
    base = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "docs", base / "docs", ignore=shutil.ignore_patterns("generated"))
    sphinx_build(base / "docs", base / "html", ROOT / "catalog", check=True)
    return base / "html"
