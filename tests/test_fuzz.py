"""The fuzz script runs (a smoke run of the documented 1000-case run) and finds no crash."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_fuzz_smoke_run_finds_no_crash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench" / "fuzz.py"),
            "--cases",
            "150",
            "--seed",
            "11",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "150 例" in result.stdout and "崩溃 0 例" in result.stdout
    assert list(tmp_path.iterdir()) == []
