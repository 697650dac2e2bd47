"""Commands about the catalog itself: ``validate``, ``check``, ``review``, ``schema``, ``law-text``."""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import io
import json
import sys
from pathlib import Path
from typing import TextIO

from ..changes import ChangeRefused, stamping
from ..changes.apply import write_generated
from ..changes.stamping import Stamp, StampError
from ..checks import CATEGORIES, RULES, Options, check, default_jobs
from ..checks.report import WRITERS, list_rules
from ..checks.run import PARALLEL_MIN_FILES
from ..diagnostics import Severity
from ..model import lawtext
from ..util.files import write_atomic
from ..views import reviewqueue
from ..views.reviewedtext import with_git_texts
from ..yamlio.schemas import folder_profile, schema_documents
from .common import Exit, cannot_write, catalog_arg, codes, date_arg, fail, jobs_arg, load
from .parser import suggest

FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def cmd_validate(args: argparse.Namespace) -> int:
    """Load and validate; report every problem."""
    cat = load(args.catalog, sys.stdout)
    if cat is None:
        return Exit.INVALID
    print(cat.summary())
    return Exit.OK


def unknown_rules(patterns: list[str]) -> list[str]:
    """Lines naming each ``--select``/``--ignore`` pattern that matches no rule or category.

    A misspelt code would otherwise select nothing and report "检查通过": a false green in CI.
    """
    names = [*RULES, *CATEGORIES, *CATEGORIES.values()]
    out = []
    for pattern in patterns:
        if any(fnmatch.fnmatchcase(n, pattern) for n in names):
            continue
        close = suggest(pattern, names)
        hint = f"；您是不是要用：{'、'.join(close)}？" if close else ""
        out.append(f"没有规则或类别“{pattern}”{hint}")
    return out


def cmd_check(args: argparse.Namespace) -> int:
    """Run every rule; report in the chosen format; exit by the --fail-on threshold."""
    if args.list_rules:
        list_rules(sys.stdout, as_json=args.format == "json")
        return Exit.OK
    select, ignore = codes(args.select), codes(args.ignore)
    unknown = unknown_rules([*select, *ignore])
    if unknown:
        for line in unknown:
            print(f"error: {line}", file=sys.stderr)
        print("全部规则见 townpowers check --list-rules。", file=sys.stderr)
        return Exit.INVALID
    options = Options(select=select, ignore=ignore, reference_date=args.reference_date)
    jobs = args.jobs if args.jobs is not None else default_jobs()
    result = check(args.catalog, options, jobs=jobs, keep_town_lists=False)
    if args.output:
        buffer = io.StringIO()
        WRITERS[args.format](result, buffer)
        try:
            write_atomic(Path(args.output), buffer.getvalue())
        except OSError as exc:
            return cannot_write(args.output, exc)
    else:
        stream: TextIO = sys.stdout
        WRITERS[args.format](result, stream)
    if not result.loaded:
        return Exit.INVALID
    threshold = FAIL_ON.get(args.fail_on)
    if threshold is not None and any(d.severity >= threshold for d in result.diagnostics()):
        return Exit.FINDINGS
    return Exit.OK


def cmd_review(args: argparse.Namespace) -> int:
    """Confirm references: show old -> new wording, renew fingerprints, keep the history."""
    if not (args.all or args.suspect or args.power or args.law):
        return fail("请指定要审核的范围：--power、--law、--suspect 或 --all")
    problems = stamping.reviewer_problems(args.by)
    if problems:  # the loader's own rules for the field, before anything is read or written
        return fail(
            f"审核人（--by {json.dumps(args.by, ensure_ascii=False)}）无效：{'；'.join(problems)}"
        )
    cat = load(args.catalog, sys.stderr)
    if cat is None:
        return Exit.INVALID
    unknown = [p for p in codes(args.power) if p not in cat.powers] + [
        law for law in codes(args.law) if law not in cat.instruments
    ]
    if unknown:
        return fail(f"目录中没有：{'、'.join(unknown)}")
    stamp = Stamp(args.by, args.date or dt.date.today())
    planned = reviewqueue.plan(
        cat,
        powers=set(codes(args.power)) or None,
        laws=set(codes(args.law)) or None,
        restamp=args.restamp,
    )
    planned = with_git_texts(cat, planned)  # a text amended in place: the reviewed one from git
    for item in planned:
        print(_describe(item))
    if args.dry_run:  # what a review would stamp, per power
        done: dict[str, int] = {}
        for item in planned:
            done[item.power] = done.get(item.power, 0) + 1
    else:
        try:
            stamped = stamping.apply(cat, planned, stamp)
        except (StampError, ChangeRefused) as exc:
            return fail(str(exc))
        except OSError as exc:
            return cannot_write(args.catalog, exc)
        if stamped.refused:
            for found in stamped.refused:
                print(found.diagnostic.format(), file=sys.stderr)
            return fail(f"审核后的目录有 {len(stamped.refused)} 个错误，未写入任何文件")
        done = stamped.done
    verb = "将审核" if args.dry_run else "已审核"
    for power_id, n in sorted(done.items()):
        print(f"{power_id}: {verb} {n} 条依据")
    tail = "（--dry-run，未写入）" if args.dry_run else ""
    print(
        f"{'将审核' if args.dry_run else '共审核'} {sum(done.values())} 条依据（{len(done)} 个事项），"
        f"审核人：{stamp.by}，日期：{stamp.date}。{tail}"
    )
    if not planned and not args.restamp:
        print("没有未审核或文本已变化的依据；要重新确认未变化的依据，加 --restamp。")
    return Exit.OK


def _describe(item: reviewqueue.Planned) -> str:
    """One basis a review confirms: which, why, and the wording then and now."""
    basis = item.basis
    head = f"{item.power} {item.label}（{item.reason}"
    if basis.reviewed is not None:
        head += f"，上次审核：{basis.reviewed.by} {basis.reviewed.date}"
    lines = [head + "）"]
    runs = item.changes()
    if runs:
        lines.append(f"  改动：{lawtext.marked(runs, context=20)}")
    elif item.reason == "文本已变化":
        lines.append(
            "  上次审核时的文本不在目录中，git 历史中也没有找到"
            "（请在法律文件中保留旧版本，见 docs/howto.md）"
        )
        lines.append(f"  现在：{item.new_text}")
    return "\n".join(lines)


def cmd_schema(args: argparse.Namespace) -> int:
    """Regenerate the JSON Schemas, or check that the committed ones are current."""
    folder: Path = args.dir
    stale = []
    texts = {}
    profile = folder_profile(folder.parent)
    for name, document in schema_documents(profile.vocabularies() if profile else None).items():
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        path = folder / name
        if args.check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current != text:
                stale.append(name)
            continue
        texts[name] = text
    if texts:  # catalog/schema/ is under the catalog folder: written as one set
        try:
            for name in write_generated(folder, texts):
                print(f"已更新 {folder / name}")
        except (OSError, ChangeRefused) as exc:
            return cannot_write(folder, exc) if isinstance(exc, OSError) else fail(str(exc))
    if stale:
        print(
            "以下 JSON Schema 与模型不一致，请运行 townpowers schema：" + "、".join(stale),
            file=sys.stderr,
        )
        return Exit.FINDINGS
    return Exit.OK


def cmd_law_text(args: argparse.Namespace) -> int:
    """Print an article of a published law file verbatim (an aid for catalog authors)."""
    try:
        articles = lawtext.read_law_file(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.file}: error: 无法读取法律文本：{exc}", file=sys.stderr)
        return Exit.INVALID
    missing = [a for a in args.articles if a not in articles]
    if missing:
        print(f"{args.file}: error: 文件中没有{'、'.join(missing)}", file=sys.stderr)
        return Exit.INVALID
    for label in args.articles:
        text = articles[label]
        print(f"- number: {label}\n  text: |-")
        for line in text.splitlines():
            print(f"    {line}")
    return Exit.OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``townpowers`` parser."""
    p = sub.add_parser("validate", help="加载并校验目录，报告全部问题")
    catalog_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "check", help="运行全部检查规则（链接、孤立、合法性、承接保障、进度、可疑链接）"
    )
    p.add_argument("--format", choices=sorted(WRITERS), default="text", help="报告格式")
    p.add_argument("-o", "--output", help="把报告写入文件（默认标准输出）")
    p.add_argument(
        "--select",
        action="append",
        metavar="规则",
        help="只运行这些规则（代码或类别，逗号分隔，可用 * 通配）",
    )
    p.add_argument("--ignore", action="append", metavar="规则", help="不运行这些规则")
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "info", "never"],
        default="warning",
        help="达到此级别的问题使退出码为 1（默认 warning）",
    )
    p.add_argument(
        "--reference-date",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="进度检查的参照日期（默认 catalog.yaml 的 reference_date）",
    )
    p.add_argument(
        "--jobs",
        type=jobs_arg,
        default=None,
        metavar="N",
        help=f"并行进程数（默认 auto：镇目录不少于 {PARALLEL_MIN_FILES} 个时用全部处理器）",
    )
    p.add_argument("--list-rules", action="store_true", help="列出全部规则及其说明")
    catalog_arg(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "review",
        help="审核法律依据：显示条文的改动，按当前文本更新指纹，记录审核人和日期，保留审核历史",
        description="默认只审核范围内未审核的和所引文本已变化的依据；未变化的依据保留原审核记录。",
    )
    p.add_argument("--by", required=True, help="审核人")
    p.add_argument("--date", type=date_arg, help="审核日期（默认今天）")
    p.add_argument("--power", action="append", metavar="编码", help="只审核这些事项的依据")
    p.add_argument("--law", action="append", metavar="标识", help="只审核引用这些法律文件的依据")
    p.add_argument("--suspect", action="store_true", help="全部事项中未审核的和文本已变化的依据")
    p.add_argument(
        "--all", action="store_true", help="全部事项（同 --suspect；加 --restamp 则包括未变化的）"
    )
    p.add_argument(
        "--restamp",
        action="store_true",
        help="也重新确认文本未变化的依据（原审核记录移入 review_history）",
    )
    p.add_argument("--dry-run", action="store_true", help="只显示将审核哪些依据及其改动，不写入")
    catalog_arg(p)
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("schema", help="由模型生成 catalog/schema/ 中的 JSON Schema")
    p.add_argument("--dir", type=Path, default=Path("catalog/schema"), help="输出文件夹")
    p.add_argument("--check", action="store_true", help="只检查是否与模型一致")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("law-text", help="从公开法律文本文件中逐字取出条文")
    p.add_argument("file", type=Path, help="法律文本文件（Markdown，每条以“第N条”开头）")
    p.add_argument("articles", nargs="+", help="条号，如 第四十一条")
    p.set_defaults(func=cmd_law_text)
