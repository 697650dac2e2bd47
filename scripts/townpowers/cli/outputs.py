"""Commands that produce something from a catalog: ``handbook``, ``diff``, ``synth``."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from .. import synth
from ..checks import default_jobs, load_catalog
from ..model.catalog import Catalog
from .common import Exit, catalog_arg, codes, default_catalog, fail, jobs_arg, load, resolve


def cmd_handbook(args: argparse.Namespace) -> int:
    """Build training handbooks (PDF): one town, one department, or all of them."""
    from ..handbook import Job, build_many, jobs_for_all  # WeasyPrint loads only when needed

    cat = load(args.catalog, sys.stderr)
    if cat is None:
        return Exit.INVALID
    jobs: list[Job] = []
    try:
        for town in codes(args.town):
            jobs.append(Job("town", resolve(town, cat.towns, "镇")))
        if args.dept or args.district:
            if not (args.dept and args.district):
                return fail("部门手册需要同时指定 --dept 和 --district")
            district = resolve(args.district, cat.districts, "区（市）")
            kind = resolve(args.dept, cat.kinds, "部门类别")
            if (district, kind) not in cat.departments:
                return fail(f"{cat.districts[district].name}没有“{cat.kinds[kind].name}”类部门")
            jobs.append(Job("department", kind, district))
    except LookupError as exc:
        return fail(str(exc))
    if args.all:
        jobs = jobs_for_all(cat)
    if not jobs:
        return fail("请指定 --town、--dept 和 --district，或 --all")
    workers = args.jobs if args.jobs is not None else default_jobs()
    results = build_many(cat, jobs, args.output_dir, args.templates, args.docs, workers)
    failed = 0
    for job, result in results:
        if isinstance(result, str):
            failed += 1
            print(f"{job.output(args.output_dir)}: error: 手册生成失败：{result}", file=sys.stderr)
        else:
            print(f"已生成 {result.path}（{result.pages} 页）")
    if failed:
        print(f"{failed} 本手册生成失败，未写入。", file=sys.stderr)
        return Exit.FINDINGS
    return Exit.OK


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare OLD and NEW; exit 0 when they are equal, 1 when they differ, 2 on invalid input."""
    from ..diff.compare import SourceError, compare, materialize
    from ..diff.report import render_json, render_text

    repo = Path(args.repo) if args.repo else Path.cwd()
    loaded: list[Catalog] = []
    try:
        with ExitStack() as stack:
            for side, spec in (("旧目录", args.old), ("新目录", args.new)):
                cat, diagnostics = load_catalog(stack.enter_context(materialize(spec, repo)))
                if cat is not None:
                    loaded.append(cat)
                    continue
                for d in diagnostics:
                    print(f"{side}（{spec}）：{d.format()}", file=sys.stderr)
                print(
                    f"{side}（{spec}）无效：发现 {len(diagnostics)} 个错误，未作比较。",
                    file=sys.stderr,
                )
    except SourceError as exc:
        return fail(str(exc))
    if len(loaded) < 2:
        return Exit.INVALID
    changes = compare(loaded[0], loaded[1])
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(changes, args.old, args.new))
    return Exit.FINDINGS if changes else Exit.OK


def cmd_synth(args: argparse.Namespace) -> int:
    """Generate a synthetic catalog of the requested size."""
    try:
        counts = synth.generate(
            args.output, args.towns, args.grants, args.seed, args.source, args.powers
        )
    except synth.SynthError as exc:
        return fail(str(exc))
    print(
        f"已生成 {args.output}：{counts['towns']} 个镇、{counts['powers']} 个事项、"
        f"{counts['grants']} 项赋权。"
    )
    return Exit.OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``townpowers`` parser."""
    p = sub.add_parser("handbook", help="生成培训手册（PDF）：一镇一册，或部门手册")
    p.add_argument(
        "--town",
        action="append",
        metavar="镇",
        help="镇的手册（标识或名称，如 mushi 或 木石镇；可重复）",
    )
    p.add_argument("--dept", metavar="部门类别", help="部门手册：部门类别标识")
    p.add_argument("--district", metavar="区（市）", help="部门手册：区（市）标识")
    p.add_argument("--all", action="store_true", help="全部镇和部门的手册")
    p.add_argument("--output-dir", type=Path, default=Path("_build/pdf"), help="输出文件夹")
    p.add_argument("--templates", type=Path, default=Path("templates"), help="模板文件夹")
    p.add_argument("--docs", type=Path, default=Path("docs"), help="页面文件夹（术语表、通知）")
    p.add_argument(
        "--jobs", type=jobs_arg, default=None, metavar="N", help="并行进程数（默认 auto）"
    )
    catalog_arg(p)
    p.set_defaults(func=cmd_handbook)

    p = sub.add_parser(
        "diff",
        help="比较两个目录（文件夹或 git 版本）：赋权、事项、法律依据、条文、部门的变化",
        description="退出码：0 没有差别，1 有差别，2 目录无效或用法错误。",
    )
    p.add_argument(
        "old", metavar="OLD", help="旧目录：文件夹，或 git 版本 REV、REV:路径（默认路径 catalog）"
    )
    p.add_argument("new", metavar="NEW", help="新目录：文件夹，或 git 版本 REV、REV:路径")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="输出格式（默认 text）"
    )
    p.add_argument("--repo", type=Path, metavar="DIR", help="git 版本所在的仓库（默认当前文件夹）")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("synth", help="生成合成目录（性能测试用；核心数据取自现有目录）")
    p.add_argument("output", type=Path, help="输出文件夹（会被替换）")
    p.add_argument("--towns", type=int, default=20, help="镇数")
    p.add_argument("--grants", type=int, default=30, help="每镇赋权事项数")
    p.add_argument(
        "--powers", type=int, default=None, help="事项数（默认与源目录相同；多出的是源事项的变体）"
    )
    p.add_argument("--seed", type=int, default=1, help="随机种子（相同参数生成相同文件）")
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=default_catalog(),
        help="提供核心数据的目录（默认 ./catalog）",
    )
    p.set_defaults(func=cmd_synth)
