"""The ``townpowers`` command line.

Exit status: 0 success, 1 findings at or above ``check --fail-on``, 2 invalid catalog or usage
error (nothing is written then). Messages meant
for officials are Chinese; each diagnostic is ``path:line:col: severity: message [code]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .. import __version__, synth
from ..checks import Options, check, default_jobs, load_catalog
from ..checks.report import WRITERS, list_rules
from ..checks.review import ReviewError, Stamp, review
from ..checks.run import PARALLEL_MIN_FILES
from ..diagnostics import Diagnostic, Severity
from ..diff.compare import cmd_diff
from ..exports.document import catalog_document
from ..model import lawtext
from ..model.catalog import Catalog
from ..util.files import dumps, write_atomic
from ..yamlio.schemas import schema_documents

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2


def _default_catalog() -> Path:
    return Path(os.environ.get("TOWNPOWERS_CATALOG", "catalog"))


def _color(stream: TextIO) -> bool:
    return (
        stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"
    )


def print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    """Compiler-style lines, coloured only on a terminal."""
    colors = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
    use = _color(stream)
    for d in diagnostics:
        line = d.format()
        if use:
            word = f"{d.severity.word}:"
            line = line.replace(word, f"{colors[d.severity]}{word}\033[0m", 1)
        print(line, file=stream)


def _load(path: Path, stream: TextIO) -> Catalog | None:
    cat, diagnostics = load_catalog(path)
    if cat is None:
        print_diagnostics(diagnostics, stream)
        print(f"目录无效：发现 {len(diagnostics)} 个错误，未生成任何输出。", file=stream)
    return cat


def cmd_validate(args: argparse.Namespace) -> int:
    """Load and validate; report every problem."""
    cat = _load(args.catalog, sys.stdout)
    if cat is None:
        return EXIT_INVALID
    print(cat.summary())
    return EXIT_OK


FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def _codes(values: list[str] | None) -> list[str]:
    return [c.strip() for v in values or () for c in v.split(",") if c.strip()]


def cmd_check(args: argparse.Namespace) -> int:
    """Run every rule; report in the chosen format; exit by the --fail-on threshold."""
    if args.list_rules:
        list_rules(sys.stdout, as_json=args.format == "json")
        return EXIT_OK
    options = Options(
        select=_codes(args.select), ignore=_codes(args.ignore), reference_date=args.reference_date
    )
    jobs = args.jobs if args.jobs is not None else default_jobs()
    result = check(args.catalog, options, jobs=jobs, keep_catalogs=False)
    stream: TextIO = sys.stdout
    if args.output:
        path = Path(args.output)
        with _capture() as buffer:
            WRITERS[args.format](result, buffer)
        write_atomic(path, buffer.getvalue())
    else:
        WRITERS[args.format](result, stream)
    if not result.loaded:
        return EXIT_INVALID
    threshold = FAIL_ON.get(args.fail_on)
    if threshold is not None and any(d.severity >= threshold for d in result.diagnostics()):
        return EXIT_FINDINGS
    return EXIT_OK


class _capture:
    """A text buffer context (reports written to a file are written whole, atomically)."""

    def __enter__(self) -> io.StringIO:
        self.buffer = io.StringIO()
        return self.buffer

    def __exit__(self, *exc: object) -> None:
        return None


def cmd_review(args: argparse.Namespace) -> int:
    """Confirm references: renew their fingerprints, recording who and when."""
    if not (args.all or args.suspect or args.power or args.law):
        print("请指定要审核的范围：--power、--law、--suspect 或 --all", file=sys.stderr)
        return EXIT_INVALID
    cat = _load(args.catalog, sys.stderr)
    if cat is None:
        return EXIT_INVALID
    unknown = [p for p in _codes(args.power) if p not in cat.powers] + [
        law for law in _codes(args.law) if law not in cat.instruments
    ]
    if unknown:
        print(f"error: 目录中没有：{'、'.join(unknown)}", file=sys.stderr)
        return EXIT_INVALID
    stamp = Stamp(args.by, args.date or dt.date.today())
    try:
        done = review(
            cat,
            stamp,
            powers=set(_codes(args.power)) or None,
            laws=set(_codes(args.law)) or None,
            only_suspect=args.suspect,
        )
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    for power_id, n in sorted(done.items()):
        print(f"{power_id}: 已审核 {n} 条依据")
    print(
        f"共审核 {sum(done.values())} 条依据（{len(done)} 个事项），审核人：{stamp.by}，日期：{stamp.date}。"
    )
    return EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是 YYYY-MM-DD 格式的日期：{text}") from None


def _jobs(text: str) -> int | None:
    if text == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数或 auto：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数或 auto：{text}")
    return value


def cmd_handbook(args: argparse.Namespace) -> int:
    """Build training handbooks (PDF): one town, one department, or all of them."""
    from ..handbook import Job, build_many, jobs_for_all  # WeasyPrint loads only when needed

    cat = _load(args.catalog, sys.stderr)
    if cat is None:
        return EXIT_INVALID
    jobs: list[Job] = []
    for town in _codes(args.town):
        if town not in cat.towns:
            print(f"error: 目录中没有镇“{town}”（可用：{'、'.join(cat.towns)}）", file=sys.stderr)
            return EXIT_INVALID
        jobs.append(Job("town", town))
    if args.dept or args.district:
        if not (args.dept and args.district):
            print("error: 部门手册需要同时指定 --dept 和 --district", file=sys.stderr)
            return EXIT_INVALID
        if (args.district, args.dept) not in cat.departments:
            print(f"error: {args.district} 没有“{args.dept}”类部门", file=sys.stderr)
            return EXIT_INVALID
        jobs.append(Job("department", args.dept, args.district))
    if args.all:
        jobs = jobs_for_all(cat)
    if not jobs:
        print("请指定 --town、--dept 和 --district，或 --all", file=sys.stderr)
        return EXIT_INVALID
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
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    """Generate a synthetic catalog of the requested size."""
    try:
        counts = synth.generate(
            args.output, args.towns, args.grants, args.seed, args.source, args.powers
        )
    except synth.SynthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"已生成 {args.output}：{counts['towns']} 个镇、{counts['powers']} 个事项、"
        f"{counts['grants']} 项赋权。"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the normalized catalog (only when it is valid)."""
    if args.format in ("xlsx", "csv") and args.output in (None, "-"):
        print(f"error: --format {args.format} 需要用 --out 指定输出文件夹", file=sys.stderr)
        return EXIT_INVALID
    cat = _load(args.catalog, sys.stderr)
    if cat is None:
        return EXIT_INVALID
    if args.format in ("xlsx", "csv"):
        return _export_books(cat, Path(args.output), args.format)
    text = dumps(catalog_document(cat))
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_atomic(Path(args.output), text)
        print(f"已写入 {args.output}", file=sys.stderr)
    return EXIT_OK


def _export_books(cat: Catalog, out: Path, fmt: str) -> int:
    """一镇一单 and the lossless 目录, as workbooks or CSV folders."""
    from ..sheets.workbooks import export_books
    from ..sheets.write import SheetWriteError

    if out.exists() and not out.is_dir():
        print(f"error: {out} 已存在且不是文件夹", file=sys.stderr)
        return EXIT_INVALID
    try:
        written = export_books(cat, out, fmt)
    except SheetWriteError as exc:
        print(f"error: 无法写出表格：{exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"error: 无法写入 {out}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    books = sorted({p.parent if fmt == "csv" else p for p in written})
    print("已写入 " + "、".join(str(b) for b in books), file=sys.stderr)
    return EXIT_OK


def _print_issues(issues: Sequence[Any], stream: TextIO) -> None:
    """Spreadsheet issues in reading order (file, sheet, row, column)."""
    for issue in sorted(issues, key=lambda i: i.sort_key()):
        print(issue.format(), file=stream)


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    """Import a spreadsheet: a department's 权责清单, or a catalog workbook made by export."""
    from ..sheets.read import read_book
    from ..sheets.tableread import marker_version

    grids, issues = read_book(args.file, str(args.file))
    if not grids:
        _print_issues(issues, sys.stdout)
        print("无法导入，未写入任何文件。")
        return EXIT_FINDINGS
    if marker_version(grids) is not None:
        return _import_catalog_book(args, grids, issues)
    from ..office.run import run_office_import

    try:
        return run_office_import(args, grids, issues)
    except OSError as exc:
        print(f"error: 无法写入目录 {args.catalog}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID


def _import_catalog_book(args: argparse.Namespace, grids: list[Any], notices: list[Any]) -> int:
    """Rebuild a whole catalog from an exported 目录 workbook (or CSV folder) into --out."""
    from ..sheets.workbooks import ImportRefused, import_catalog

    if args.out is None:
        print("error: 这是导出的目录工作簿：用 --out 指定导入到的新文件夹", file=sys.stderr)
        return EXIT_INVALID
    try:
        result = import_catalog(grids, args.out, args.force, args.dry_run)
    except ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"error: 无法写入 {args.out}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    _print_issues([*notices, *result.issues], sys.stdout)
    if result.issues:
        errors = sum(1 for i in result.issues if i.severity >= Severity.ERROR)
        print(f"发现 {errors} 个错误，未写入任何文件。")
        return EXIT_FINDINGS
    action = "检查通过（--dry-run，未写入）" if args.dry_run else f"已写入 {args.out}"
    print(f"{action}：{result.files} 个目录文件。{result.summary}")
    return EXIT_OK


def cmd_template_xlsx(args: argparse.Namespace) -> int:
    """Write the 权责清单 template workbook (with instructions and example rows)."""
    from ..office.template import write_template

    try:
        write_template(args.out)
    except OSError as exc:
        print(f"error: 无法写入 {args.out}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"已写入 {args.out}", file=sys.stderr)
    return EXIT_OK


def _domain(text: str) -> str:
    """A --domain value, checked against the model so a typo fails before any reading."""
    from ..model import Domain

    allowed = [d.value for d in Domain]
    if text not in allowed:
        raise argparse.ArgumentTypeError(f"领域应为：{'、'.join(allowed)}")
    return text


def cmd_schema(args: argparse.Namespace) -> int:
    """Regenerate the JSON Schemas, or check that the committed ones are current."""
    folder: Path = args.dir
    stale = []
    for name, document in schema_documents().items():
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        path = folder / name
        if args.check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current != text:
                stale.append(name)
        elif write_atomic(path, text):
            print(f"已更新 {path}")
    if stale:
        print(
            "以下 JSON Schema 与模型不一致，请运行 townpowers schema：" + "、".join(stale),
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_law_text(args: argparse.Namespace) -> int:
    """Print an article of a published law file verbatim (an aid for catalog authors)."""
    try:
        articles = lawtext.read_law_file(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.file}: error: 无法读取法律文本：{exc}", file=sys.stderr)
        return EXIT_INVALID
    missing = [a for a in args.articles if a not in articles]
    if missing:
        print(f"{args.file}: error: 文件中没有{'、'.join(missing)}", file=sys.stderr)
        return EXIT_INVALID
    for label in args.articles:
        text = articles[label]
        print(f"- number: {label}\n  text: |-")
        for line in text.splitlines():
            print(f"    {line}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the commands)."""
    parser = argparse.ArgumentParser(
        prog="townpowers", description="双十镇精准定向赋权知识库：目录校验、导出与生成。"
    )
    parser.add_argument("--version", action="version", version=f"townpowers {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def catalog_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "catalog",
            nargs="?",
            type=Path,
            default=_default_catalog(),
            metavar="CATALOG",
            help="目录文件夹（默认 ./catalog）",
        )

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
        type=_date,
        metavar="YYYY-MM-DD",
        help="进度检查的参照日期（默认 catalog.yaml 的 reference_date）",
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help=f"并行进程数（默认 auto：镇目录不少于 {PARALLEL_MIN_FILES} 个时用全部处理器）",
    )
    p.add_argument("--list-rules", action="store_true", help="列出全部规则及其说明")
    catalog_arg(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "review", help="审核法律依据：按所引条文的当前文本更新指纹，记录审核人和日期"
    )
    p.add_argument("--by", required=True, help="审核人")
    p.add_argument("--date", type=_date, help="审核日期（默认今天）")
    p.add_argument("--power", action="append", metavar="编码", help="只审核这些事项的依据")
    p.add_argument("--law", action="append", metavar="标识", help="只审核引用这些法律文件的依据")
    p.add_argument("--suspect", action="store_true", help="只审核可疑的和未审核的依据")
    p.add_argument("--all", action="store_true", help="审核全部依据")
    catalog_arg(p)
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("handbook", help="生成培训手册（PDF）：一镇一册，或部门手册")
    p.add_argument("--town", action="append", metavar="镇", help="镇的手册（可重复）")
    p.add_argument("--dept", metavar="部门类别", help="部门手册：部门类别标识")
    p.add_argument("--district", metavar="区（市）", help="部门手册：区（市）标识")
    p.add_argument("--all", action="store_true", help="全部镇和部门的手册")
    p.add_argument("--output-dir", type=Path, default=Path("_build/pdf"), help="输出文件夹")
    p.add_argument("--templates", type=Path, default=Path("templates"), help="模板文件夹")
    p.add_argument("--docs", type=Path, default=Path("docs"), help="页面文件夹（术语表、通知）")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N", help="并行进程数（默认 auto）")
    catalog_arg(p)
    p.set_defaults(func=cmd_handbook)

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
        default=_default_catalog(),
        help="提供核心数据的目录（默认 ./catalog）",
    )
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser(
        "export",
        help="导出规范化的目录（json），或一镇一单和完整目录的表格（xlsx、csv）",
        description="xlsx：写出 一镇一单.xlsx（每镇一个工作表）和 目录.xlsx（完整目录，可由 "
        "import-xlsx 原样导回）；csv：写出 一镇一单/<镇名>.csv 和 目录/<表>.csv。",
    )
    p.add_argument("--format", choices=["json", "xlsx", "csv"], default="json", help="输出格式")
    p.add_argument(
        "-o", "--output", "--out", help="输出文件（json，默认标准输出）或文件夹（xlsx、csv）"
    )
    catalog_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-xlsx",
        help="导入表格：部门的权责清单（写入 powers/），或 export 导出的目录工作簿",
        description="FILE 是部门的权责清单（.xlsx 或 .csv）时，事项写入 --catalog 的 powers/；"
        "是 export 导出的目录（目录.xlsx 或 目录/ 文件夹）时，完整目录写入 --out。"
        "有任何问题都不写入任何文件。退出码：0 成功，1 表格有问题，2 用法错误或目录无效。",
    )
    p.add_argument("file", type=Path, metavar="FILE", help=".xlsx 工作簿、.csv 文件或 CSV 文件夹")
    p.add_argument(
        "--catalog",
        type=Path,
        default=_default_catalog(),
        help="权责清单导入到的目录（默认 ./catalog）",
    )
    p.add_argument("--out", type=Path, help="目录工作簿导入到的文件夹（新建，或空文件夹）")
    p.add_argument("--force", action="store_true", help="--out 不是空文件夹时替换其内容")
    p.add_argument("--domain", type=_domain, help="表格没有“领域”列时，事项所属的领域")
    p.add_argument(
        "--level", choices=["县级", "市级"], help="表格没有“层级”列时，事项的层级（默认县级）"
    )
    p.add_argument("--by", metavar="审核人", help="记录审核：每条法律依据按所引条文记录指纹")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.set_defaults(func=cmd_import_xlsx)

    p = sub.add_parser("template-xlsx", help="生成权责清单的表格模板（含填写说明和示例）")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("templates/spreadsheets/权责清单模板.xlsx"),
        help="输出文件（默认 templates/spreadsheets/权责清单模板.xlsx）",
    )
    p.set_defaults(func=cmd_template_xlsx)

    p = sub.add_parser("schema", help="由模型生成 catalog/schema/ 中的 JSON Schema")
    p.add_argument("--dir", type=Path, default=Path("catalog/schema"), help="输出文件夹")
    p.add_argument("--check", action="store_true", help="只检查是否与模型一致")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("law-text", help="从公开法律文本文件中逐字取出条文")
    p.add_argument("file", type=Path, help="法律文本文件（Markdown，每条以“第N条”开头）")
    p.add_argument("articles", nargs="+", help="条号，如 第四十一条")
    p.set_defaults(func=cmd_law_text)

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``townpowers`` and ``python -m townpowers``."""
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
