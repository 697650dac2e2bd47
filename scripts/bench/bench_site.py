#!/usr/bin/env python3
"""Benchmark the site build: clean, no-op, after editing one power's text, after renaming it.

Works on a scratch copy of docs/ and the catalog (the reference catalog, or a synthetic one with
--towns), so the repository is never touched. Each step runs several times; the median wall
time, the spread, peak memory (largest process) and the ratio to the clean build are printed
and written to _build/bench/site-<label>.json. A benchmark, not a test: quote medians and ratios.

    python scripts/bench_site.py                  # reference catalog, 3 runs per step
    python scripts/bench_site.py --towns 200 --grants 40 --runs 1
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import OUT, ROOT, BenchError, machine, run, sphinx_html, synth_catalog

POWER = "ZRZY-XK-001"


def build(work: Path, clean: bool) -> tuple[float, float]:
    """One sphinx-build of the scratch copy: (wall seconds, peak RSS MiB)."""
    html = work / "html"
    if clean:
        shutil.rmtree(html, ignore_errors=True)
        shutil.rmtree(work / "docs" / "generated", ignore_errors=True)
    args = sphinx_html(ROOT, work / "catalog", work / "docs", html)
    try:
        sample = run(args)
    except BenchError as exc:
        sys.exit(f"build failed:\n{exc}")
    return sample.wall, sample.peak_mib


def edit(path: Path, pattern: str, variants: tuple[str, str], run: int) -> None:
    """Change one line of a power file, alternating between two variants so each run edits."""
    text = path.read_text(encoding="utf-8")
    new = re.sub(pattern, variants[run % 2], text, count=1, flags=re.M)
    if new == text:
        sys.exit(f"edit pattern {pattern!r} did not match {path}")
    path.write_text(new, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--towns", type=int, default=0, help="synthetic catalog (0: reference)")
    parser.add_argument("--grants", type=int, default=40)
    args = parser.parse_args()
    label = f"synth-{args.towns}x{args.grants}" if args.towns else "reference"
    work = OUT / f"site-{label}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns("generated"))
    if args.towns:
        shutil.copytree(synth_catalog(args.towns, args.grants), work / "catalog")
    else:
        shutil.copytree(ROOT / "catalog", work / "catalog")
    power = work / "catalog" / "powers" / f"{POWER}.yaml"
    steps: dict[str, list[tuple[float, float]]] = {
        "clean": [],
        "noop": [],
        "edit": [],
        "rename": [],
    }
    for run_no in range(args.runs):
        steps["clean"].append(build(work, clean=True))
        steps["noop"].append(build(work, clean=False))
        edit(
            power,
            r"^    - 镇组织现场踏勘.*$",
            (
                "    - 镇组织现场踏勘，核定建房位置、面积和高度（一）。",
                "    - 镇组织现场踏勘，核定建房位置、面积和高度（二）。",
            ),
            run_no,
        )
        steps["edit"].append(build(work, clean=False))
        edit(
            power,
            r"^name: .*$",
            (
                "name: 乡村建设规划许可证核发（农村村民住宅）",
                "name: 乡村建设规划许可证核发（农村村民住宅建设）",
            ),
            run_no,
        )
        steps["rename"].append(build(work, clean=False))
    pages = sum(1 for _ in (work / "html").rglob("*.html"))
    clean = statistics.median(w for w, _ in steps["clean"])
    info = machine()
    print(
        f"machine: {info['cpu_model']}, {info['cpus']} CPUs, Python {info['python']}; "
        f"catalog: {label}; {pages} HTML pages; {args.runs} runs"
    )
    print(f"{'step':<8} {'median s':>9} {'min–max s':>12} {'peak MiB':>9} {'× clean':>8}")
    results = {}
    for name, samples in steps.items():
        walls = [w for w, _ in samples]
        median = statistics.median(walls)
        peak = max(m for _, m in samples)
        results[name] = {
            "median_s": round(median, 2),
            "min_s": round(min(walls), 2),
            "max_s": round(max(walls), 2),
            "peak_mib": round(peak),
            "ratio_to_clean": round(median / clean, 2),
        }
        print(
            f"{name:<8} {median:>9.2f} {min(walls):>5.2f}–{max(walls):<6.2f} {peak:>9.0f} "
            f"{median / clean:>8.2f}"
        )
    (OUT / f"site-{label}.json").write_text(
        json.dumps(
            {
                "machine": info,
                "catalog": label,
                "pages": pages,
                "runs": args.runs,
                "steps": results,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
