#!/usr/bin/env python3
"""Peak memory and time of the worst hostile-files cases (the bound docs/spreadsheets.md states).

Each case runs ``townpowers import-xlsx`` in a fresh process on a file of the corpus
(``tests/hostilebooks.py``) into a copy of the mini catalog, and reads the child's peak
resident set from ``getrusage(RUSAGE_CHILDREN)``:

* a 3.7 MB ``.xlsx`` whose sheet XML is 28 MB (360 000 rows): refused at row 50 001;
* 10⁵ real rows: refused at the row limit;
* 200 sheets: refused at the sheet limit;
* a template with one styled empty cell at XFD1048576: imported;
* a CSV with a NUL in every column: refused with its error workbook written.

    python scripts/bench/hostile_memory.py [--json FILE]

Prints one line per case (exit code, seconds, peak MB) and the worst peak; ``make bench`` runs
it first. Figures on a loaded machine are indicative: the memory, not the time, is the bound.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import hostilebooks as hb  # noqa: E402

CASES: dict[str, Callable[[Path], Path]] = {
    "360k-row sheet XML (refused)": lambda d: hb.sheet_bomb(d / "bomb.xlsx"),
    "100000 real rows (refused)": lambda d: hb.many_rows(d / "rows.xlsx", 100_000),
    "200 sheets (refused)": lambda d: hb.many_sheets(d / "sheets.xlsx", 200),
    "styled cell at XFD1048576 (imported)": lambda d: hb.far_styled_cell(d / "far.xlsx"),
    "CSV with NUL in every column (refused)": lambda d: hb.csv_with(d / "nul.csv", "\x00"),
}


def run(name: str, build: Callable[[Path], Path], work: Path) -> dict[str, object]:
    """One case in a child process whose peak RSS is all the child's own."""
    folder = work / str(len(list(work.iterdir())))
    folder.mkdir()
    catalog = folder / "catalog"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini" / "catalog", catalog)
    path = build(folder)
    script = (
        "import resource, subprocess, sys, json, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([r.returncode, time.perf_counter() - t, peak]))\n"
    )
    command = [
        sys.executable,
        "-m",
        "townpowers",
        "import-xlsx",
        str(path),
        "--catalog",
        str(catalog),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    out = subprocess.run(
        [sys.executable, "-c", script, *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    code, seconds, peak_kb = json.loads(out.stdout)
    return {
        "case": name,
        "exit": code,
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_kb / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        for name, build in CASES.items():
            row = run(name, build, Path(tmp))
            rows.append(row)
            print(
                f"{row['case']:<40} exit {row['exit']}  {row['seconds']:>6.2f} s  {row['peak_mb']:>7.1f} MB"
            )
    worst = max(rows, key=lambda r: float(str(r["peak_mb"])))
    print(f"worst peak: {worst['peak_mb']} MB ({worst['case']})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
