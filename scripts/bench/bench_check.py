#!/usr/bin/env python3
"""Benchmark `townpowers check` on synthetic catalogs up to the size of a province.

Prints, for each catalog size and worker count, the median wall time of several runs, the
spread, peak memory (of the process tree, see benchlib) and time per grant, then the growth from
the smallest to the largest size. Results also go to _build/bench/check.json. This is a benchmark,
not a test: figures vary with the machine's load, which is why medians and ratios are quoted.
scripts/bench.py runs the check at the same sizes together with every other step.

    python scripts/bench_check.py                 # 100, 300, 900, 1800 towns x 40 grants
    python scripts/bench_check.py --towns 50 --runs 1   # a quick smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import OUT, BenchError, machine, run, synth_catalog


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, nargs="+", default=[100, 300, 900, 1800])
    parser.add_argument("--grants", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", nargs="+", default=["1", "auto"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        f"{'towns':>6} {'grants':>7} {'jobs':>5} {'median s':>9} {'min–max s':>12} "
        f"{'peak MiB':>9} {'µs/grant':>9}"
    )
    for towns in args.towns:
        catalog = synth_catalog(towns, args.grants, args.seed)
        grants = towns * args.grants
        for jobs in args.jobs:
            walls, peaks = [], []
            for _ in range(args.runs):
                try:
                    sample = run(
                        [sys.executable, "-m", "townpowers", "check", "--jobs", jobs, str(catalog)]
                    )
                except BenchError as exc:
                    print(f"check failed on {catalog}: {exc}", file=sys.stderr)
                    return 1
                walls.append(sample.wall)
                peaks.append(sample.peak_mib)
            median = statistics.median(walls)
            row = {
                "towns": towns,
                "grants": grants,
                "jobs": jobs,
                "runs": args.runs,
                "median_s": round(median, 3),
                "min_s": round(min(walls), 3),
                "max_s": round(max(walls), 3),
                "peak_mib": round(max(peaks), 1),
                "us_per_grant": round(median / grants * 1e6, 1),
            }
            results.append(row)
            print(
                f"{towns:>6} {grants:>7} {jobs:>5} {median:>9.2f} "
                f"{min(walls):>5.2f}–{max(walls):<6.2f} {max(peaks):>9.0f} "
                f"{row['us_per_grant']:>9.1f}"
            )
    for jobs in args.jobs:
        rows = [r for r in results if r["jobs"] == jobs]
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            print(
                f"jobs={jobs}: {last['towns'] / first['towns']:.0f}x the towns took "
                f"{last['median_s'] / first['median_s']:.1f}x the time "
                f"(µs per grant {first['us_per_grant']} -> {last['us_per_grant']})"
            )
    (OUT / "check.json").write_text(
        json.dumps(
            {"machine": machine(), "results": results},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
