"""The synthetic catalog generator and the check benchmark (smoke-sized)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_cli


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_synth_is_deterministic_and_clean(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "catalog", tmp_path / "b" / "catalog"
    for out in (a, b):
        result = run_cli("synth", str(out), "--towns", "70", "--grants", "12", "--seed", "7")
        assert result.returncode == 0, result.stderr
    assert _files(a) == _files(b)
    assert len(list((a / "catalogs").glob("*.yaml"))) == 70
    serial = run_cli("check", "--jobs", "1", str(a))
    streamed = run_cli("check", "--jobs", "2", str(a))  # 70 files: the streaming path
    assert serial.returncode == streamed.returncode == 0, serial.stdout
    assert serial.stdout == streamed.stdout == "检查通过：没有发现问题。\n"


def test_synth_rejects_impossible_sizes(tmp_path: Path) -> None:
    result = run_cli("synth", str(tmp_path / "x"), "--towns", "5", "--grants", "999")
    assert result.returncode == 2 and "每镇最多" in result.stderr


def test_bench_check_prints_figures() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_check.py"),
            "--towns",
            "8",
            "16",
            "--grants",
            "10",
            "--runs",
            "1",
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "median s" in result.stdout and "µs/grant" in result.stdout
    assert "2x the towns took" in result.stdout
