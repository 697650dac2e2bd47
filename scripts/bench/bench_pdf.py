#!/usr/bin/env python3
"""Benchmark the training handbooks: one town handbook, all twenty, all department handbooks.

Each step runs `townpowers handbook` as a user would (a fresh process, the reference catalog)
several times; the median wall time, spread, peak memory and pages are printed and written to
_build/bench/pdf.json. A benchmark, not a test: quote medians.

    python scripts/bench_pdf.py              # 3 runs of one town, 1 run of the sets
    python scripts/bench_pdf.py --runs 1
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import OUT, ROOT, BenchError, machine, run


def _run(args: list[str], out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    try:
        sample = run(
            [sys.executable, "-m", "townpowers", "handbook", *args, "--output-dir", str(out)]
        )
    except BenchError as exc:
        sys.exit(str(exc))
    return sample.wall, sample.peak_mib


def pages(folder: Path) -> int:
    return sum(len(PdfReader(p).pages) for p in folder.rglob("*.pdf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the one-town step")
    parser.add_argument("--set-runs", type=int, default=1, help="runs of the all-towns steps")
    args = parser.parse_args()
    out = OUT / "pdf"
    every_town = [arg for town in _towns() for arg in ("--town", town)]
    steps = [
        ("一镇（木石镇）", ["--town", "mushi"], args.runs),
        ("二十镇", every_town, args.set_runs),
        ("全部（镇和部门）", ["--all"], args.set_runs),
    ]
    info = machine()
    print(f"machine: {info['cpu_model']}, {info['cpus']} CPUs, Python {info['python']}")
    print(
        f"{'step':<12} {'median s':>9} {'min–max s':>12} {'peak MiB':>9} {'PDFs':>5} {'pages':>6}"
    )
    results = {}
    for label, step_args, runs in steps:
        samples = [_run(step_args, out) for _ in range(runs)]
        walls = [w for w, _ in samples]
        median = statistics.median(walls)
        count = sum(1 for _ in out.rglob("*.pdf"))
        n_pages = pages(out)
        results[label] = {
            "median_s": round(median, 1),
            "min_s": round(min(walls), 1),
            "max_s": round(max(walls), 1),
            "peak_mib": round(max(m for _, m in samples)),
            "pdfs": count,
            "pages": n_pages,
            "runs": runs,
        }
        print(
            f"{label:<12} {median:>9.1f} {min(walls):>5.1f}–{max(walls):<6.1f} "
            f"{max(m for _, m in samples):>9.0f} {count:>5} {n_pages:>6}"
        )
    (OUT / "pdf.json").write_text(
        json.dumps(
            {"machine": info, "steps": results},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


def _towns() -> list[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from townpowers.checks import load_catalog

    cat, _ = load_catalog(ROOT / "catalog")
    assert cat is not None
    return list(cat.towns)


if __name__ == "__main__":
    sys.exit(main())
