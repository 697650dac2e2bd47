"""Shared pieces of the benchmark scripts: timed runs with peak memory, medians, machine facts.

Every measurement runs the step in a fresh process, as a user would, so interpreter start-up and
imports are part of the figure. Memory is the peak of the whole process tree (the checker and the
handbook fork workers): a sampler sums the resident set of the process and its descendants every
``INTERVAL`` seconds, and the kernel's own peak of the largest single process (``wait4``) covers
spikes between two samples. Summing RSS counts pages that forked workers share once per process,
so the figure errs on the high side, which is the safe side for a memory target.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "_build" / "bench"
INTERVAL = 0.1
_PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 4 / 1024


class BenchError(Exception):
    """A measured step failed: the benchmark must not report a figure for it."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One run: wall seconds, peak MiB of the process tree, and what the process printed."""

    wall: float
    peak_mib: float
    stdout: str = ""


def _tree_rss_mib(root: int) -> float:
    """Resident MiB of ``root`` and all its descendants, from one scan of /proc."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    # plain os calls: this scan runs ten times a second beside the measured process
    for name in os.listdir("/proc"):  # noqa: PTH208
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:  # noqa: PTH123
                stat = f.read()
        except OSError:  # the process ended during the scan
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        pid = int(name)
        parent[pid] = int(fields[1])
        rss[pid] = int(fields[21])
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total * _PAGE_MIB


class _Sampler(threading.Thread):
    """Polls the tree's memory until stopped; keeps the maximum."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak = pid, 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, _tree_rss_mib(self.pid))
            self._stop_event.wait(INTERVAL)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.peak


def run(
    args: Sequence[str],
    *,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    ok: Sequence[int] = (0,),
) -> Sample:
    """Run ``args`` once; raise :class:`BenchError` (with the end of stderr) if it fails."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(args), cwd=cwd, env=full_env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        sampler = _Sampler(proc.pid)
        sampler.start()
        # wait4, not wait: its usage is this run's alone (the largest process of the tree),
        # where getrusage(RUSAGE_CHILDREN) would remember every earlier run's peak too
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = max(sampler.stop(), usage.ru_maxrss / 1024)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read()
    if proc.returncode not in ok:
        tail = stderr.decode("utf-8", "replace")[-3000:]
        raise BenchError(f"{' '.join(args[:6])}… 退出码 {proc.returncode}\n{tail}")
    return Sample(wall, peak, stdout)


def summary(samples: Sequence[Sample]) -> dict[str, Any]:
    """Median, spread and peak of several runs of one step."""
    walls = [s.wall for s in samples]
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "peak_mib": round(max(s.peak_mib for s in samples), 1),
        "runs": len(samples),
    }


def _fit(points: list[tuple[int, float]]) -> tuple[float, float, float]:
    """Least-squares line through (towns, seconds): slope, intercept, R²."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((v - mean) ** 2 for v in ys)
    residual = sum((v - (slope * t + intercept)) ** 2 for t, v in points)
    return slope, intercept, 1 - residual / total if total else 1.0


def growth(scales: list[dict[str, Any]], steps: Sequence[str]) -> dict[str, dict[str, float]]:
    """For each step measured at two scales or more: cost from the smallest to the largest."""
    out: dict[str, dict[str, float]] = {}
    for step in steps:
        points = sorted(
            (s["towns"], s["steps"][step]["median_s"]) for s in scales if step in s["steps"]
        )
        if len(points) < 2 or points[0][0] == points[-1][0]:
            continue
        (t0, v0), (t1, v1) = points[0], points[-1]
        slope, intercept, r2 = _fit(points)
        out[step] = {
            "from_towns": t0,
            "to_towns": t1,
            "towns_ratio": round(t1 / t0, 2),
            "time_ratio": round(v1 / v0, 2),
            "ms_per_town_from": round(v0 / t0 * 1000, 1),
            "ms_per_town_to": round(v1 / t1 * 1000, 1),
            "slope_s_per_100_towns": round(slope * 100, 3),
            "intercept_s": round(intercept, 2),
            "r2": round(r2, 4),
        }
    return out


def targets(scales: list[dict[str, Any]], reference_towns: int) -> list[dict[str, Any]]:
    """The issue's targets, judged on the medians (and the peak) actually measured."""
    found: list[dict[str, Any]] = []

    def at(towns: int, step: str, reference: bool | None = None) -> dict[str, Any] | None:
        for s in scales:
            wanted = reference is None or s["reference"] == reference
            if s["towns"] == towns and step in s["steps"] and wanted:
                return dict(s["steps"][step])
        return None

    def add(name: str, limit: str, figures: dict[str, Any] | None, met: bool, value: str) -> None:
        if figures is not None:
            found.append({"name": name, "limit": limit, "value": value, "met": met})

    for step, name, limit_s in (
        ("html", "参考目录全新构建", 10),
        ("noop", "参考目录无变化时重新构建", 2),
        ("incremental", "参考目录改一个事项后增量构建", 2),
    ):
        figures = at(reference_towns, step, True)
        if figures:
            median = figures["median_s"]
            add(name, f"{limit_s} 秒以内", figures, median <= limit_s, f"{median:.1f} 秒")
    big = at(500, "html")
    if big:
        add(
            "500 镇全新构建", "100 秒以内", big, big["median_s"] <= 100, f"{big['median_s']:.0f} 秒"
        )
        add(
            "500 镇全新构建内存峰值",
            "1 GiB 以内",
            big,
            big["peak_mib"] <= 1024,
            f"{big['peak_mib']:,.0f} MiB",
        )
    for s in scales:
        site = s["steps"].get("html", {})
        if "anchor_over_site" in site:
            add(
                f"{s['label']}：每个追溯对象比普通 sphinx-needs 项目便宜",
                "3 倍以上",
                site,
                site["anchor_over_site"] >= 3,
                f"{site['anchor_over_site']:.2f} 倍",
            )
    province = at(1800, "check")
    if province:
        add(
            "1,800 镇检查",
            "5 秒以内",
            province,
            province["median_s"] < 5,
            f"{province['median_s']:.2f} 秒",
        )
    return found


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages (other work on a shared machine shows here)."""
    return [round(x, 2) for x in os.getloadavg()]


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    """What the figures were measured on, and from which commit."""
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in _read("/proc/cpuinfo").splitlines()
            if ln.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    mem_kib = next(
        (
            int(ln.split()[1])
            for ln in _read("/proc/meminfo").splitlines()
            if ln.startswith("MemTotal:")
        ),
        0,
    )
    os_name = next(
        (
            ln.split("=", 1)[1].strip('"')
            for ln in _read("/etc/os-release").splitlines()
            if ln.startswith("PRETTY_NAME=")
        ),
        platform.system(),
    )
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "ram_gib": round(mem_kib / 2**20, 1),
        "os": f"{os_name}（Linux {platform.release()}）",
        "python": platform.python_version(),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": commit + ("（含未提交的修改）" if dirty else ""),
    }


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=30
        )
    except OSError:
        return ""
    return done.stdout.strip()


def synth_catalog(towns: int, grants: int, seed: int = 1, powers: int | None = None) -> Path:
    """Generate (or reuse) the synthetic catalog of this size under _build/bench/catalogs.

    The cache key includes a hash of the generator and the reference catalog, so a change to
    either makes a new catalog instead of silently benchmarking a stale one.
    """
    digest = hashlib.sha256()
    digest.update((ROOT / "scripts" / "townpowers" / "synth.py").read_bytes())
    for path in sorted((ROOT / "catalog").rglob("*.yaml")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    key = f"{towns}x{grants}x{powers or 'src'}-s{seed}-{digest.hexdigest()[:10]}"
    target = OUT / "catalogs" / key / "catalog"
    marker = target.parent / "done"
    if not marker.exists():
        shutil.rmtree(target.parent, ignore_errors=True)
        args = ["synth", str(target), "--towns", str(towns), "--grants", str(grants)]
        args += ["--seed", str(seed), "--from", str(ROOT / "catalog")]
        if powers:
            args += ["--powers", str(powers)]
        subprocess.run(
            [sys.executable, "-m", "townpowers", *args], check=True, stdout=subprocess.DEVNULL
        )
        marker.write_text("ok\n", encoding="utf-8")
    return target


def sphinx_html(tree: Path, catalog: Path, src: Path, out: Path) -> list[str]:
    """``sphinx-build`` as ``make html`` runs it: ``tree``'s conf.py and templates, the given
    catalog, warnings as errors, quiet."""
    return [
        *(sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"),
        *("-c", str(tree)),
        *("-D", f"townpowers_catalog={catalog}"),
        *("-D", f"townpowers_templates={tree / 'templates'}"),
        *(str(src), str(out)),
    ]
