"""Running a check: load, run both rule scopes, account for waivers; serially or streamed.

Serial mode keeps every town list in memory (the Sphinx build needs them to render pages).
Streaming mode (``jobs > 1``, many town files) loads the core once, forks workers that each read
their share of the town files one at a time, run the town rules on it and keep only findings and
aggregates, so a province-sized catalog is checked in linear time, on all cores, in bounded memory.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Severity, register
from ..model import TownListFile, Waiver
from ..model.catalog import Catalog
from ..util.files import CHANGE_JOURNAL
from ..yamlio.load import bulk_allocation, display_path, load_core, read_town_list
from .engine import (
    RULES,
    Aggregates,
    Context,
    Options,
    Outcome,
    all_waivers,
    gate_codes,
    run_scope,
    town_waivers,
)

register(
    "unfinished-change",
    Severity.ERROR,
    "目录的上一次写入没有完成",
    "一次导入或审核整组写入目录时被中断（例如进程被杀掉），目录中只有这一组文件的一部分。"
    "下一次写入目录的命令（导入、审核）开始时会先把这一组写完；在此之前目录不能使用。"
    "不要手工删除 .townpowers-change.json。",
    "文件",
)
register(
    "unused-waiver",
    Severity.WARNING,
    "豁免没有对应的检查结果",
    "豁免的规则在该对象上没有报告任何问题：问题可能已经解决，请删除这条豁免，"
    "以免将来掩盖新的问题。",
    "豁免",
)
register(
    "waiver-unknown-rule",
    Severity.ERROR,
    "豁免了不存在的规则",
    "waivers 中的 rule 必须是已有的规则代码（townpowers check --list-rules），可以使用 * 通配。",
    "豁免",
)

#: Below this many town lists, forking workers costs more than it saves.
PARALLEL_MIN_FILES = 64


@dataclass
class CheckResult:
    """Everything a check run found."""

    catalog: Catalog | None
    load_diagnostics: list[Diagnostic]
    outcome: Outcome = field(default_factory=Outcome)

    @property
    def loaded(self) -> bool:
        """Whether the catalog loaded without structural errors (rules ran fully)."""
        return self.catalog is not None and not any(
            d.severity >= Severity.ERROR for d in self.load_diagnostics
        )

    def diagnostics(self) -> list[Diagnostic]:
        """Load diagnostics and (unwaived) findings, sorted by location."""
        return sorted(self.load_diagnostics + self.outcome.findings, key=Diagnostic.sort_key)

    def waived(self) -> list[tuple[Diagnostic, Waiver]]:
        """Waived findings with their waivers, sorted by location."""
        return sorted(self.outcome.waived, key=lambda p: p[0].sort_key())


def _waiver_checks(
    waivers: list[Waiver], used: set[tuple[str, int, int]], options: Options
) -> list[Diagnostic]:
    out = []
    for w in waivers:
        where = (w.loc.path, w.loc.line, w.loc.column)
        if not any(fnmatch.fnmatchcase(code, w.rule) for code in RULES):
            out.append(
                Diagnostic.make(
                    "waiver-unknown-rule",
                    f"豁免了不存在的规则“{w.rule}”",
                    *where,
                    hint="可用的规则见 townpowers check --list-rules。",
                )
            )
        elif where not in used and any(
            options.wants(c) for c in RULES if fnmatch.fnmatchcase(c, w.rule)
        ):
            out.append(
                Diagnostic.make(
                    "unused-waiver", f"对“{w.rule}”的豁免没有对应的检查结果，可以删除", *where
                )
            )
    return out


def _check_town(
    ctx: Context, entry: TownListFile, aggregates: Aggregates, outcome: Outcome
) -> None:
    aggregates.add(entry)
    found = run_scope(ctx, "town", entry)
    outcome.extend(found)
    # waivers written in a town file can only be used by town rules on that very file
    outcome.findings.extend(
        _waiver_checks(list(town_waivers(entry)), found.used_waivers, ctx.options)
    )


# --- streaming workers (state inherited through fork) -----------------------------------------

_STATE: tuple[Catalog, Options] | None = None


def _work(paths: list[str]) -> tuple[list[Diagnostic], Outcome, Aggregates]:
    assert _STATE is not None
    cat, options = _STATE
    ctx = Context(cat, options, Aggregates())
    diagnostics: list[Diagnostic] = []
    outcome, aggregates = Outcome(), Aggregates()
    with bulk_allocation():
        for name in paths:
            path = Path(name)
            entry, problems = read_town_list(path, display_path(cat.root, path), cat.towns)
            diagnostics.extend(problems)
            if entry is not None:
                _check_town(ctx, entry, aggregates, outcome)
    return diagnostics, outcome, aggregates


def default_jobs() -> int:
    """Worker processes for streaming: the usable CPUs."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check(
    root: Path, options: Options | None = None, jobs: int = 1, keep_town_lists: bool = True
) -> CheckResult:
    """Load the catalog at ``root`` and run every wanted rule once.

    With load errors only the rules declared ``degraded=True`` run, every one of them the
    caller did not ignore (they skip references into tables whose file failed), so an author
    still sees every broken reference in the same run.
    """
    global _STATE
    options = options or Options()
    cat, diagnostics, paths = load_core(root)
    if (root / CHANGE_JOURNAL).is_file():  # part of a set written by a killed process
        diagnostics.append(
            Diagnostic.make(
                "unfinished-change",
                "目录的上一次写入被中断，只写入了一部分",
                display_path(root, root / CHANGE_JOURNAL),
                hint="再运行一次写入目录的命令（如 townpowers import-xlsx … --into 或 review）会先把它写完。",
            )
        )
    result = CheckResult(cat, diagnostics)
    if cat is None:
        return result
    core_ok = not any(d.severity >= Severity.ERROR for d in diagnostics)
    if not core_ok:  # only degraded rules hold up (they skip the tables that lost a file)
        options = dataclasses.replace(options, select=(), degraded=True)
    aggregates = Aggregates()
    outcome = result.outcome
    ctx = Context(cat, options, aggregates)
    streaming = jobs > 1 and len(paths) >= PARALLEL_MIN_FILES and not keep_town_lists
    if streaming:
        _STATE = (cat, options)
        try:
            chunks = [[str(p) for p in paths[i :: jobs * 4]] for i in range(jobs * 4)]
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as ex:
                for problems, found, agg in ex.map(_work, chunks):
                    diagnostics.extend(problems)
                    outcome.extend(found)
                    aggregates.merge(agg)
        finally:
            _STATE = None
    else:
        with bulk_allocation():
            seen: set[str] = set()
            for path in paths:
                entry, problems = read_town_list(path, display_path(root, path), cat.towns)
                diagnostics.extend(problems)
                if entry is None:
                    continue
                if entry.town in seen:  # reported below from the aggregates
                    aggregates.list_files[entry.town].append(entry.loc.path)
                    continue
                seen.add(entry.town)
                if keep_town_lists:
                    cat.town_lists[entry.town] = entry
                _check_town(ctx, entry, aggregates, outcome)
    for town, unsorted in aggregates.list_files.items():
        files = sorted(unsorted)
        for extra in files[1:]:
            diagnostics.append(
                Diagnostic.make(
                    "duplicate-id",
                    f"镇“{town}”的赋权目录重复",
                    extra,
                    0,
                    0,
                    hint=f"已在 {files[0]} 中定义。",
                )
            )
    loaded = core_ok and not any(d.severity >= Severity.ERROR for d in diagnostics)
    if not loaded:  # a town file failed: orphan and waiver accounting would mislead
        options = dataclasses.replace(options, select=(), degraded=True)
        ctx = Context(cat, options, aggregates)
    outcome.extend(run_scope(ctx, "catalog"))
    if loaded:
        outcome.findings.extend(
            _waiver_checks(list(all_waivers(cat)), outcome.used_waivers, options)
        )
    result.load_diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    return result


def load_catalog(root: Path) -> tuple[Catalog | None, list[Diagnostic]]:
    """Load a catalog that is structurally valid and whose every reference resolves.

    This is what exports and pages are generated from: ``None`` (with every diagnostic) when
    anything is broken, so nothing downstream renders half-valid data.
    """
    result = check(root, Options(select=sorted(gate_codes())))
    errors = [d for d in result.diagnostics() if d.severity >= Severity.ERROR]
    if errors or result.catalog is None:
        return None, errors or result.diagnostics()
    return result.catalog, []
