"""Spreadsheet commands: ``export``, ``import-xlsx``, ``template-xlsx``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..diagnostics import Severity
from ..exports.document import catalog_document
from ..model.catalog import Catalog
from ..util.files import dumps, write_atomic
from ..views.version import VersionStamp, version_stamp
from .common import (
    Exit,
    cannot_write,
    catalog_arg,
    date_arg,
    default_catalog,
    fail,
    load,
    positive_arg,
)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the normalized catalog (only when it is valid), as it is or ``--as-of`` a date."""
    if args.format in ("xlsx", "csv", "docx") and args.output in (None, "-"):
        return fail(f"--format {args.format} 需要用 --out 指定输出文件夹")
    cat = load(args.catalog, sys.stderr)
    if cat is None:
        return Exit.INVALID
    stamp = version_stamp(cat, args.as_of)
    if args.as_of is None:
        return _export(cat, args, stamp)
    from ..views.asof import write_as_of

    with tempfile.TemporaryDirectory(prefix="townpowers-as-of-") as tmp:
        past = load(write_as_of(cat, args.as_of, Path(tmp) / cat.root.name), sys.stderr)
        if past is None:
            return fail(f"目录在 {args.as_of.isoformat()} 的状况无法载入（见上面的问题）")
        return _export(past, args, stamp)


def _export(cat: Catalog, args: argparse.Namespace, stamp: VersionStamp) -> int:
    """One export of ``cat``, carrying ``stamp`` (the version it shows)."""
    if args.format in ("xlsx", "csv", "docx"):
        return _export_books(cat, Path(args.output), args.format, stamp)
    text = dumps({**catalog_document(cat), "stamp": stamp.record()})
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return Exit.OK
    try:
        write_atomic(Path(args.output), text)
    except OSError as exc:
        return cannot_write(args.output, exc)
    print(f"已写入 {args.output}", file=sys.stderr)
    return Exit.OK


def _export_books(cat: Catalog, out: Path, fmt: str, stamp: VersionStamp) -> int:
    """一镇一单 and the lossless 目录, as workbooks or CSV folders; or the 一镇一单 as Word
    attachments."""
    from ..sheets.workbooks import export_books
    from ..sheets.write import SheetWriteError
    from ..util.filenames import OutsideOutput

    if out.exists() and not out.is_dir():
        return fail(f"{out} 已存在且不是文件夹")
    try:
        written = export_books(cat, out, fmt, stamp.words())
    except SheetWriteError as exc:
        return fail(f"无法写出表格：{exc}")
    except OutsideOutput as exc:
        return fail(str(exc))
    except OSError as exc:
        return cannot_write(out, exc)
    books = sorted({p.parent if fmt in ("csv", "docx") else p for p in written})
    print("已写入 " + "、".join(str(b) for b in books), file=sys.stderr)
    return Exit.OK


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    """Import a spreadsheet: a department's 权责清单, or a catalog workbook made by export."""
    from ..sheets.read import read_book
    from ..sheets.tableread import marker_version

    grids, issues = read_book(args.file, str(args.file), _limits(args))
    if not grids:
        for issue in sorted(issues, key=lambda i: i.sort_key()):
            print(issue.format())
        print("无法导入，未写入任何文件。")
        # a file over a reading limit is refused like invalid input (exit 2), see sheets/limits
        return Exit.INVALID if any(i.code == "sheet-limit" for i in issues) else Exit.FINDINGS
    if marker_version(grids) is not None:
        if args.district is not None or args.errors is not None:
            return fail("--district 和 --errors 只用于导入部门的权责清单")
        return _import_catalog_book(args, grids, issues)
    return _import_office(args, grids, issues)


def _limit_args(p: argparse.ArgumentParser) -> None:
    """The reading limits (see sheets/limits.py), each overridable for a genuinely large list."""
    from ..sheets.limits import DEFAULT, OPTIONS

    group = p.add_argument_group("读取上限（超出时拒绝该文件，退出码 2）")
    for name, (option, what) in OPTIONS.items():
        group.add_argument(
            option,
            dest=f"limit_{name}",
            type=positive_arg,
            metavar="N",
            default=getattr(DEFAULT, name),
            help=f"{what}，默认 %(default)s",
        )


def _limits(args: argparse.Namespace) -> Any:
    """The limits of this run, from the command line."""
    from ..sheets.limits import OPTIONS, Limits

    return Limits(**{name: getattr(args, f"limit_{name}") for name in OPTIONS})


def _import_office(args: argparse.Namespace, grids: list[Any], notices: list[Any]) -> int:
    """A department's 权责清单 into the catalog folder's ``powers/``."""
    from ..office.plan import Settings
    from ..office.run import Outcome, import_office

    if args.out is not None or args.force or args.into is not None:
        return fail("--out、--into 和 --force 只用于导入 export 导出的目录工作簿")
    if args.errors is not None and args.errors.suffix.lower() != ".xlsx":
        return fail("--errors 的文件名应以 .xlsx 结尾（标注问题的工作簿总是 .xlsx 格式）")
    if args.by is not None:
        from ..changes.stamping import reviewer_problems

        problems = reviewer_problems(args.by)
        if problems:  # the loader's rules for a reviewer, before the workbook is mapped
            return fail(f"审核人（--by）无效：{'；'.join(problems)}")
    settings = Settings(args.domain, args.level, args.by, district=args.district)
    try:
        result = import_office(
            args.catalog, args.file, grids, notices, settings, args.dry_run, args.errors
        )
    except OSError as exc:
        return cannot_write(f"目录 {args.catalog}", exc)
    for line in result.lines:
        print(line)
    return {
        Outcome.INVALID_CATALOG: Exit.INVALID,
        Outcome.REFUSED: Exit.FINDINGS,
        Outcome.IMPORTED: Exit.OK,
    }[result.outcome]


def _import_catalog_book(args: argparse.Namespace, grids: list[Any], notices: list[Any]) -> int:
    """Rebuild a whole catalog from an exported 目录 workbook (or CSV folder) into --out."""
    from ..sheets.workbooks import ImportRefused, import_catalog

    if args.into is not None:
        if args.out is not None or args.force:
            return fail("--into 不能与 --out、--force 同时使用")
        return _update_catalog(args, grids, notices)
    if args.out is None:
        return fail(
            "这是导出的目录工作簿：用 --into 目录文件夹 把修改导回现有目录（只改动有变化的记录），"
            "或用 --out 导入到新文件夹"
        )
    try:
        result = import_catalog(grids, args.out, args.force, args.dry_run)
    except ImportRefused as exc:
        return fail(str(exc))
    except OSError as exc:
        return cannot_write(args.out, exc)
    for issue in sorted([*notices, *result.issues], key=lambda i: i.sort_key()):
        print(issue.format())
    if result.issues:
        errors = sum(1 for i in result.issues if i.severity >= Severity.ERROR)
        print(f"发现 {errors} 个错误，未写入任何文件。")
        return Exit.FINDINGS
    action = "检查通过（--dry-run，未写入）" if args.dry_run else f"已写入 {args.out}"
    print(f"{action}：{result.files} 个目录文件。{result.summary}")
    return Exit.OK


def _update_catalog(args: argparse.Namespace, grids: list[Any], notices: list[Any]) -> int:
    """An edited 目录 workbook into the catalog folder (``--catalog``): only what changed."""
    from ..changes import ChangeRefused
    from ..diff.compare import compare
    from ..diff.report import render_text
    from ..sheets.merge import apply_update, plan_update

    try:
        update = plan_update(grids, args.into)
    except OSError as exc:
        return cannot_write(args.into, exc)
    for issue in sorted([*notices, *update.issues], key=lambda i: i.sort_key()):
        print(issue.format())
    if update.issues:
        errors = sum(1 for i in update.issues if i.severity >= Severity.ERROR)
        print(f"发现 {errors} 个错误，目录未改动。")
        return Exit.FINDINGS
    assert update.old is not None and update.new is not None
    changes = compare(update.old, update.new)
    if changes:
        sys.stdout.write(render_text(changes, str(args.into), str(args.file)))
    elif update.changed:
        print(
            "赋权、事项、依据、条文和部门（townpowers diff 比较的对象）没有变化；下列文件中其他字段有修改。"
        )
    for label, rels in (
        ("新建", update.created),
        ("修改", update.changed),
        ("删除", update.removed),
    ):
        for rel in rels:
            print(f"{label} {args.into / rel}")
    if not args.dry_run:
        try:
            apply_update(update)
        except ChangeRefused as exc:
            return fail(str(exc))
        except OSError as exc:
            return cannot_write(args.into, exc)
    touched = len(update.created) + len(update.changed) + len(update.removed)
    tail = "（--dry-run，未写入）" if args.dry_run else ""
    print(f"目录中 {touched} 个文件有变化，其余文件未改动。{tail}")
    return Exit.OK


def cmd_template_xlsx(args: argparse.Namespace) -> int:
    """Write the 权责清单 template workbook (with instructions and example rows)."""
    from ..office.template import write_template
    from ..yamlio.schemas import folder_profile

    profile = folder_profile(args.catalog)
    if profile is None:
        return fail(
            f"{args.catalog} 中没有有效的 profile.yaml（模板的用语取自辖区概况）："
            f"运行 townpowers check {args.catalog} 查看问题"
        )
    try:
        write_template(args.out, profile)
    except OSError as exc:
        return cannot_write(args.out, exc)
    print(f"已写入 {args.out}", file=sys.stderr)
    return Exit.OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``townpowers`` parser."""
    p = sub.add_parser(
        "export",
        help="导出规范化的目录（json），一镇一单和完整目录的表格（xlsx、csv），或一镇一单正式附件（docx）",
        description="xlsx：写出 一镇一单.xlsx（每镇一个工作表）和 目录.xlsx（完整目录，可由 "
        "import-xlsx 原样导回）；csv：写出 一镇一单/<镇名>.csv 和 目录/<表>.csv；"
        "docx：写出 一镇一单附件/<镇名>.docx（各区（市）政府公布的正式附件）。",
    )
    p.add_argument(
        "--format", choices=["json", "xlsx", "csv", "docx"], default="json", help="输出格式"
    )
    p.add_argument(
        "-o", "--output", "--out", help="输出文件（json，默认标准输出）或文件夹（xlsx、csv、docx）"
    )
    p.add_argument(
        "--as-of",
        type=date_arg,
        metavar="DATE",
        help="导出目录在某日的状况（YYYY-MM-DD）：只含该日及以前记录的状态变化",
    )
    catalog_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-xlsx",
        help="导入表格：部门的权责清单（写入 powers/），或 export 导出的目录工作簿",
        description="FILE 是部门或区（市）的权责清单（.xlsx、.xls 或 .csv）时，事项写入 --catalog "
        "的 powers/，有问题时不写入目录，并在表格旁写出标注问题的工作簿；"
        "是 export 导出的目录（目录.xlsx 或 目录/ 文件夹）时，完整目录写入 --out。"
        "有任何问题都不写入目录。退出码：0 成功，1 表格有问题，2 用法错误或目录无效。",
    )
    p.add_argument(
        "file", type=Path, metavar="FILE", help=".xlsx 或 .xls 工作簿、.csv 文件或 CSV 文件夹"
    )
    p.add_argument(
        "--catalog",
        type=Path,
        default=default_catalog(),
        help="权责清单导入到的目录文件夹（默认 ./catalog）",
    )
    p.add_argument(
        "--into",
        type=Path,
        metavar="CATALOG",
        help="把编辑过的目录工作簿导回这个现有目录：只改动有变化的记录，保留注释和格式",
    )
    p.add_argument("--out", type=Path, help="目录工作簿导入到的文件夹（新建，或空文件夹）")
    p.add_argument("--force", action="store_true", help="--out 不是空文件夹时替换其内容")
    p.add_argument(
        "--domain", help="表格没有“领域”列时，事项所属的领域（profile.yaml 的 domains 之一）"
    )
    p.add_argument(
        "--level", choices=["县级", "市级"], help="表格没有“层级”列时，事项的层级（默认县级）"
    )
    p.add_argument("--by", metavar="审核人", help="记录审核：每条法律依据按所引条文记录指纹")
    p.add_argument(
        "--district",
        metavar="区（市）",
        help="权责清单所属的区（市）标识（如 tengzhou）：表格中的事项编码记为该区（市）的编码；"
        "不指定时按编码开头的区划代码、实施主体或工作表名判断",
    )
    p.add_argument(
        "--errors",
        type=Path,
        metavar="FILE",
        help="有问题时写出标注问题的工作簿到此（默认在表格旁：<名称>-问题.xlsx）",
    )
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    _limit_args(p)
    p.set_defaults(func=cmd_import_xlsx)

    p = sub.add_parser("template-xlsx", help="生成权责清单的表格模板（含填写说明和示例）")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("templates/spreadsheets/权责清单模板.xlsx"),
        help="输出文件（默认 templates/spreadsheets/权责清单模板.xlsx）",
    )
    catalog_arg(p)
    p.set_defaults(func=cmd_template_xlsx)
