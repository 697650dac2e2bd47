#!/usr/bin/env python3
"""The benchmark suite: every costly step, at several catalog sizes, against the floor.

For each scale (the reference catalog, labelled as such, and synthetic catalogs from
`townpowers synth` with the same number of grants per town) it measures, each in a fresh process
as a user would run it: the floor (parse every YAML file with the loader's composer and write the
same bytes back), load and validate, check (2 workers), page generation without Sphinx, a clean
HTML build, an incremental rebuild after one power's guide text changed, and one town's handbook.
For each: the median wall time of several runs, the spread, the peak memory of the process tree
and the ratio to the floor; then the growth of each step from the smallest to the largest scale.
Results go to _build/bench/bench.json and a chart to _build/bench/bench.svg.

    python scripts/bench.py                     # full suite (about an hour on 2 cores)
    python scripts/bench.py --quick             # tiny catalog, one run: a smoke test (_build/bench/quick)
    python scripts/bench.py --scales 20,100 --steps check,html --runs 5
    python scripts/bench.py --replot            # chart and tables again from bench.json

Numbers vary with the machine's load; quote medians and ratios, and the load recorded with them.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchlib, benchchart, townpowers

import benchchart
from benchlib import (
    OUT,
    ROOT,
    BenchError,
    Sample,
    growth,
    loadavg,
    machine,
    run,
    sphinx_html,
    summary,
    synth_catalog,
    targets,
)

PY = sys.executable
STEPS = ("floor", "validate", "check", "pages", "html", "noop", "incremental", "anchor", "handbook")
#: Steps measured inside the alternating build loop (see :func:`measure`).
BUILDS = ("html", "noop", "incremental", "anchor")
CHECK_STEPS = ("floor", "validate", "check")
REFERENCE_TOWNS = 20
EDITED_POWER = "ZRZY-XK-001"
EDIT = (r"^    - 镇组织现场踏勘.*$", "    - 镇组织现场踏勘，核定建房位置、面积和高度（{}）。")


@dataclass(frozen=True, slots=True)
class Scale:
    """One catalog size and the steps measured on it."""

    towns: int
    steps: tuple[str, ...]
    reference: bool = False

    @property
    def label(self) -> str:
        return f"参考目录（{self.towns} 镇）" if self.reference else f"{self.towns:,} 镇"

    @property
    def key(self) -> str:
        return "reference" if self.reference else f"t{self.towns}"


def _counts(catalog: Path) -> dict[str, int]:
    files = [p for p in catalog.rglob("*.yaml") if "schema" not in p.relative_to(catalog).parts]
    grants = sum(
        p.read_text(encoding="utf-8").count("\n  - power: ")
        for p in (catalog / "town-lists").glob("*.yaml")
    )
    return {
        "grants": grants,
        "powers": sum(1 for _ in (catalog / "powers").glob("*.yaml")),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }


def _prepare(scale: Scale, args: argparse.Namespace) -> Path:
    """A writable work folder with the catalog (and docs/ when the site is built)."""
    work: Path = args.out / "work" / scale.key
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if scale.reference:
        source = ROOT / "catalog"
    else:
        source = synth_catalog(scale.towns, args.grants, args.seed, args.powers)
    shutil.copytree(source, work / "catalog")
    if {"html", "noop", "incremental"} & set(scale.steps):
        shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns("generated"))
    return work


def _anchor(work: Path) -> int:
    """Generate the anchor project (not timed); returns its traced objects (needs)."""
    made = run(
        [
            PY,
            str(ROOT / "scripts" / "bench" / "anchor.py"),
            str(work / "catalog"),
            str(work / "anchor-src"),
        ]
    )
    return int(json.loads(made.stdout.splitlines()[-1])["needs"])


def _anchor_build(work: Path) -> list[str]:
    """sphinx-build of the anchor as its own project would run it (its conf.py, defaults)."""
    return [
        PY,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        "html",
        str(work / "anchor-src"),
        str(work / "anchor-html"),
    ]


def _sphinx(work: Path) -> list[str]:
    """sphinx-build as `make html` runs it, on the work copy of docs/ and the catalog."""
    return sphinx_html(ROOT, work / "catalog", work / "docs", work / "html")


def _edit_power(work: Path, run_no: int) -> None:
    """Change one line of one power's guide (alternating, so that every run is an edit)."""
    path = work / "catalog" / "powers" / f"{EDITED_POWER}.yaml"
    text = path.read_text(encoding="utf-8")
    new = re.sub(EDIT[0], EDIT[1].format("一二"[run_no % 2]), text, count=1, flags=re.M)
    if new == text:
        raise BenchError(f"{path} 中没有找到要修改的办事流程")
    path.write_text(new, encoding="utf-8")


def _once(step: str, scale: Scale, work: Path) -> Sample:
    """One run of a non-build step (set-up outside the timing)."""
    catalog = str(work / "catalog")
    town = "mushi" if scale.reference else "t00000"
    if step in ("floor", "pages"):  # both in benchwork.py, writing into work/<step>
        shutil.rmtree(work / step, ignore_errors=True)
        script = str(ROOT / "scripts" / "bench" / "benchwork.py")
        return run([PY, script, step, catalog, str(work / step)])
    if step == "validate":
        return run([PY, "-m", "townpowers", "validate", catalog])
    if step == "check":
        return run([PY, "-m", "townpowers", "check", "--jobs", "2", catalog])
    if step == "handbook":
        shutil.rmtree(work / "pdf", ignore_errors=True)
        return run(
            [
                PY,
                "-m",
                "townpowers",
                "handbook",
                "--town",
                town,
                "--output-dir",
                str(work / "pdf"),
                catalog,
            ]
        )
    raise ValueError(step)


def _report(scale: Scale, step: str, n: int, runs: int, s: Sample) -> None:
    print(
        f"  [{scale.label}] {benchchart.LABELS[step]} 第 {n}/{runs} 次：{s.wall:.2f} 秒，"
        f"峰值 {s.peak_mib:,.0f} MiB（负载 {loadavg()[0]}）",
        flush=True,
    )


def measure(scale: Scale, work: Path, args: argparse.Namespace) -> dict[str, list[Sample]]:
    """Every wanted step at this scale; a slow step stops after its first run."""
    samples: dict[str, list[Sample]] = {}
    for step in (s for s in scale.steps if s not in BUILDS):
        runs = args.runs
        samples[step] = []
        while len(samples[step]) < runs:
            s = _once(step, scale, work)
            samples[step].append(s)
            if s.wall > args.slow_after:
                runs = len(samples[step])
            _report(scale, step, len(samples[step]), runs, s)
    builds = [s for s in BUILDS if s in scale.steps]
    if builds:
        # one round builds the site clean, rebuilds it unchanged, after an edit, and builds the
        # anchor: every step sees the machine's load of the same minutes
        runs = args.runs
        got: dict[str, list[Sample]] = {b: [] for b in builds}
        site = [b for b in builds if b != "anchor"]
        while len(got[builds[0]]) < runs:
            if site:
                shutil.rmtree(work / "html", ignore_errors=True)
                shutil.rmtree(work / "docs" / "generated", ignore_errors=True)
                s = run(_sphinx(work))
                if "html" in got:
                    got["html"].append(s)
                    if s.wall > args.slow_after:
                        runs = len(got["html"])
                    _report(scale, "html", len(got["html"]), runs, s)
            if "noop" in got:
                s = run(_sphinx(work))
                got["noop"].append(s)
                _report(scale, "noop", len(got["noop"]), runs, s)
            if "incremental" in got:
                _edit_power(work, len(got["incremental"]))
                s = run(_sphinx(work))
                got["incremental"].append(s)
                _report(scale, "incremental", len(got["incremental"]), runs, s)
            if "anchor" in got:
                shutil.rmtree(work / "anchor-html", ignore_errors=True)
                s = run(_anchor_build(work))
                got["anchor"].append(s)
                if s.wall > args.slow_after:  # a slow anchor ends the rounds too
                    runs = len(got["anchor"])
                _report(scale, "anchor", len(got["anchor"]), runs, s)
        samples.update({k: v for k, v in got.items() if v})
    return {s: samples[s] for s in STEPS if s in samples}


def compare(figures: dict[str, dict[str, Any]], objects: int | None) -> None:
    """Per traced object: milliseconds of the site's and the anchor's clean builds, and how
    many times cheaper the site is (the same objects on both sides, so the ratio of times)."""
    if not objects:
        return
    for step in ("html", "anchor"):
        if step in figures:
            figures[step]["ms_per_object"] = round(figures[step]["median_s"] / objects * 1000, 3)
            figures[step]["traced_objects"] = objects
    if "html" in figures and "anchor" in figures:
        figures["html"]["anchor_over_site"] = round(
            figures["anchor"]["median_s"] / figures["html"]["median_s"], 2
        )


def parse_scales(text: str, steps: tuple[str, ...]) -> list[Scale]:
    """`20,100` -> scales; 20 is the reference catalog itself (its twenty towns)."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        towns = int(part.removeprefix("s"))
        out.append(Scale(towns, steps, reference=part == str(REFERENCE_TOWNS) or part == "ref"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales",
        default="20,100,200,500",
        help="镇数，逗号分隔；20 即参考目录本身，s20 为合成的 20 镇目录",
    )
    parser.add_argument("--check-scales", default="1800", help="只测下限、校验和检查的规模")
    parser.add_argument("--steps", default=",".join(STEPS), help="要测的步骤，逗号分隔")
    parser.add_argument("--runs", type=int, default=3, help="每步运行次数（取中位数）")
    parser.add_argument(
        "--slow-after", type=float, default=240.0, help="某步第一次运行超过这么多秒时只运行一次"
    )
    parser.add_argument("--grants", type=int, default=40, help="合成目录每镇赋权数")
    parser.add_argument("--powers", type=int, default=None, help="合成目录事项数（默认同参考目录）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, default=None, help=f"结果文件夹（默认 {OUT}，--quick 时 {OUT}/quick）"
    )
    parser.add_argument("--quick", action="store_true", help="冒烟测试：4 镇、每镇 8 项、各 1 次")
    parser.add_argument(
        "--replot", action="store_true", help="不测量：由已有的 bench.json 重新画图、打印表格"
    )
    args = parser.parse_args(argv)
    if args.out is None:  # a smoke run must not overwrite the results of a full one
        args.out = OUT / "quick" if args.quick else OUT
    if args.replot:
        saved = json.loads((args.out / "bench.json").read_text(encoding="utf-8"))
        (args.out / "bench.svg").write_text(benchchart.chart(saved), encoding="utf-8")
        print(benchchart.tables(saved), end="")
        return 0
    steps = tuple(s for s in args.steps.split(",") if s)
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"未知步骤 {sorted(unknown)}；可用：{','.join(STEPS)}")
    if args.quick:
        args.scales, args.check_scales, args.runs, args.grants = "s4", "s8", 1, 8
    scales = parse_scales(args.scales, steps)
    scales += parse_scales(args.check_scales, tuple(s for s in steps if s in CHECK_STEPS))
    info = machine()
    print(
        f"机器：{info['cpu_model']}，{info['cpus']} 个处理器，内存 {info['ram_gib']} GiB，"
        f"{info['os']}，Python {info['python']}；{info['date']}；提交 {info['commit']}",
        flush=True,
    )
    results: list[dict[str, Any]] = []
    load_before = loadavg()
    try:
        for scale in scales:
            work = _prepare(scale, args)
            counts = _counts(work / "catalog")
            print(
                f"{scale.label}：{counts['grants']:,} 项赋权、{counts['powers']} 个事项、"
                f"{counts['files']} 个文件，{counts['bytes'] / 2**20:.1f} MiB",
                flush=True,
            )
            if "anchor" in scale.steps:
                counts["traced_objects"] = _anchor(work)
            measured = measure(scale, work, args)
            figures = {step: summary(samples) for step, samples in measured.items()}
            compare(figures, counts.get("traced_objects"))
            for step, samples in measured.items():
                if step in ("floor", "pages") and samples[-1].stdout.strip():
                    figures[step]["detail"] = json.loads(samples[-1].stdout.splitlines()[-1])
            floor = figures.get("floor", {}).get("median_s")
            for f in figures.values():
                f["ratio_to_floor"] = round(f["median_s"] / floor, 1) if floor else None
            results.append(
                {
                    "label": scale.label,
                    "towns": scale.towns,
                    "reference": scale.reference,
                    **counts,
                    "steps": figures,
                }
            )
    except BenchError as exc:
        print(f"基准测试失败：{exc}", file=sys.stderr)
        return 1
    load_after = loadavg()
    data: dict[str, Any] = {
        "machine": info,
        "load": {"before": load_before, "after": load_after},
        "settings": {
            "runs": args.runs,
            "slow_after_s": args.slow_after,
            "grants": args.grants,
            "powers": args.powers,
            "seed": args.seed,
            "quick": args.quick,
        },
        "scales": results,
    }
    data["growth"] = growth(results, STEPS)
    data["targets"] = targets(results, REFERENCE_TOWNS)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (args.out / "bench.svg").write_text(benchchart.chart(data), encoding="utf-8")
    print()
    print(benchchart.tables(data), end="")
    print(f"\n负载（1/5/15 分钟）：开始 {load_before}，结束 {load_after}")
    print(f"结果：{args.out / 'bench.json'}，图：{args.out / 'bench.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
