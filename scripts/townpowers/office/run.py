"""Importing a department's (or a district's) 权责清单 as a whole: all rows or nothing.

Every row is mapped first (:mod:`townpowers.office.plan`) and every problem collected. Only when
none remains are the new and updated power files staged, as one
:class:`~townpowers.changes.Changeset` checked at the rules level (the loader and every rule,
as ``townpowers check``); a finding in an imported item is reported at the row (and cell) the
item came from, one in another file (a town's grant of an imported item) under the rows of the
items it is about (by the finding's subjects), and any error the catalog did not already have
blocks the import. Only a catalog that passes is changed, all files as one set.

The report is grouped by sheet (a district sends one workbook with a sheet per department):
each sheet's problems in reading order under a line saying how many of its rows would import.
A refused import also writes the error workbook (:mod:`townpowers.office.errorbook`): the
office's workbook with every problem at its cell, to fix in Excel and send back.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..changes import ChangeRefused, Changeset, Level
from ..checks import load_catalog
from ..diagnostics import Diagnostic, Severity
from ..model import PowerFile
from ..sheets.read import Grid, Issue, Place, is_empty
from ..sheets.tables import kinds
from ..sheets.workbooks import TOWN_SIGNATURE
from ..yamlio.write import schema_ref
from .errorbook import error_book_path, write_error_book
from .mapping import power_type
from .plan import Planned, Planner, Settings
from .read import Reading, SheetReading, read_records


class Outcome(enum.Enum):
    """How an import ended (the command line turns it into an exit status)."""

    INVALID_CATALOG = "invalid-catalog"  # the catalog does not load, or --district names none
    REFUSED = "refused"  # the workbook has problems: nothing written
    IMPORTED = "imported"  # written (or, with dry_run, would be)


@dataclass
class OfficeImport:
    """The result of an import: its outcome, the report lines in reading order, every problem
    found (for the error workbook) and where that workbook was written."""

    outcome: Outcome
    lines: list[str] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)
    error_book: Path | None = None

    def report(self, reading: Reading, issues: list[Issue], rows: Sequence[Issue] = ()) -> None:
        """Add the issues grouped by sheet, each sheet's under a line counting the rows that
        would import; ``rows`` are further problems of rows (found elsewhere), only counted."""
        self.problems = [*issues, *rows]
        by_sheet: dict[tuple[str, str], list[Issue]] = {}
        for issue in sorted(issues, key=Issue.sort_key):
            by_sheet.setdefault((issue.place.file, issue.place.sheet), []).append(issue)
        bad_rows = {
            (i.place.file, i.place.sheet, i.place.row)
            for i in self.problems
            if i.severity >= Severity.ERROR and i.place.row
        }
        for key in [k for k in by_sheet if not k[1]]:  # the file itself, CSV files
            if not any(s.grid.is_csv and s.grid.file == key[0] for s in reading.sheets):
                self.lines.extend(i.format() for i in by_sheet.pop(key))
        for sheet in reading.sheets:
            grid = sheet.grid
            key = (grid.file, "" if grid.is_csv else grid.name)
            self.lines.append(_sheet_line(sheet, bad_rows))
            self.lines.extend(i.format() for i in by_sheet.pop(key, []))
        for found in by_sheet.values():
            self.lines.extend(i.format() for i in found)


def _sheet_line(sheet: SheetReading, bad_rows: set[tuple[str, str, int]]) -> str:
    """``工作表“X”：数据 N 行，可以导入 M 行，有问题 K 行``."""
    grid = sheet.grid
    name = f"文件“{grid.file}”" if grid.is_csv else f"工作表“{grid.name}”"
    if sheet.header is None:
        return f"{name}：没有可识别的表头，已跳过"
    if sheet.refused:
        below = sum(1 for r in grid.rows[sheet.header.row :] if not all(is_empty(v) for v in r))
        return f"{name}：表头缺少必需的列，表头下的 {below} 行都不能导入"
    sheet_key = "" if grid.is_csv else grid.name
    bad = sum(1 for r in sheet.rows if (grid.file, sheet_key, r) in bad_rows)
    if not bad:
        return f"{name}：数据 {len(sheet.rows)} 行，全部可以导入"
    return (
        f"{name}：数据 {len(sheet.rows)} 行，可以导入 {len(sheet.rows) - bad} 行，有问题 {bad} 行"
    )


def _header_comments(path: Path) -> str:
    """The comment lines at the top of a file being rewritten (its schema line excepted)."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        if not line.startswith("# yaml-language-server"):
            lines.append(line)
    return "".join(lines)


def import_office(
    catalog: Path,
    source: Path,
    grids: list[Grid],
    notices: list[Issue],
    settings: Settings,
    dry_run: bool = False,
    error_book: Path | None = None,
) -> OfficeImport:
    """Import a 权责清单 (``grids`` read from ``source``) into the catalog folder ``catalog``
    (see the module docstring). Nothing is written to the catalog unless the outcome is
    ``IMPORTED``; a refused workbook's marked copy goes to ``error_book`` (default: beside it)."""
    changeset: Changeset[Place] = Changeset(catalog, Level.RULES)  # before anything is read
    cat, diagnostics = load_catalog(catalog)
    if cat is None:
        result = OfficeImport(Outcome.INVALID_CATALOG, [d.format() for d in diagnostics])
        result.lines.append(f"目录无效：发现 {len(diagnostics)} 个错误，未导入。")
        return result
    if settings.district is not None:
        found = next(
            (d.id for d in cat.districts.values() if settings.district in (d.id, d.name)), None
        )
        if found is None:
            names = "、".join(f"{d.id}（{d.name}）" for d in cat.districts.values())
            return OfficeImport(
                Outcome.INVALID_CATALOG,
                [f"--district “{settings.district}”不是目录中的区（市）：{names}"],
            )
        settings.district = found
    published = next((g for g in grids if _is_town_list(g)), None)
    if published is not None:
        refused = Issue.make(
            "sheet-header",
            "这是 townpowers export 导出的一镇一单（各镇的赋权目录），不是部门的权责清单",
            published.place(1),
            "权责清单按 templates/spreadsheets/权责清单模板.xlsx 填写；完整目录请导入 目录.xlsx。",
        )
        result = OfficeImport(Outcome.REFUSED, [refused.format(), "未写入任何文件。"])
        return result
    planner = Planner(cat, settings)
    reading = read_records(
        grids, lambda t: getattr(power_type(t), "value", None), planner.resolver.kind_in
    )
    planned = [p for p in (planner.plan(r) for r in reading.records) if p is not None]
    errors = reading.errors + planner.issues
    if not reading.records and not errors:
        errors.append(
            Issue.make(
                "sheet-header",
                "没有找到任何权责清单数据行",
                Place(str(source)),
                "表头应包含 职权名称、职权类型、职权依据、实施主体 等列（见 docs/spreadsheets.md）。",
            )
        )
    if errors:
        result = OfficeImport(Outcome.REFUSED)
        result.report(reading, [*notices, *reading.notices, *errors])
        result.lines.append(f"发现 {len(errors)} 个错误，未写入任何文件。")
        _error_book(result, source, grids, error_book)
        return result
    changed = [p for p in planned if p.status != "未变"]
    located, blocking, others, row_issues = _stage_and_check(changeset, changed)
    result = OfficeImport(Outcome.IMPORTED)
    result.report(reading, [*notices, *reading.notices, *located], row_issues)
    result.lines.extend(others)
    if blocking:
        result.outcome = Outcome.REFUSED
        result.lines.append(f"导入后的目录有 {blocking} 个错误，未写入任何文件。")
        _error_book(result, source, grids, error_book)
        return result
    try:
        result.lines.extend(_write(changeset, planned, changed, dry_run))
    except ChangeRefused as exc:
        result.outcome = Outcome.REFUSED
        result.lines.append(str(exc))
    return result


def _error_book(result: OfficeImport, source: Path, grids: list[Grid], out: Path | None) -> None:
    """Write the marked copy of the refused workbook and say where (or why it could not)."""
    path = out or error_book_path(source)
    try:
        write_error_book(source, grids, result.problems, path)
    except OSError as exc:
        result.lines.append(f"无法写出标注问题的工作簿 {path}：{exc.strerror or exc}")
        return
    result.error_book = path
    result.lines.append(
        f"已写出标注问题的工作簿：{path}（每个问题标在所在单元格并附批注，第一个工作表列出全部问题；"
        "在 Excel 中修改后重新导入）"
    )


def _stage_and_check(
    changeset: Changeset[Place], changed: list[Planned]
) -> tuple[list[Issue], int, list[str], list[Issue]]:
    """Check the catalog as it would be: issues in imported items (located at their rows),
    the number of blocking (new) errors, new errors elsewhere (as the checker prints them, and
    as issues at the rows of the imported items they are about)."""
    if not changed:
        return [], 0, [], []
    kind = next(k for k in kinds() if k.cls is PowerFile)
    for p in changed:
        path = changeset.root / p.rel
        p.header = _header_comments(path) if path.is_file() else ""
        p.text = changeset.stage_data(
            p.rel,
            PowerFile,
            p.data,
            schema_ref(kind.pattern, kind.schema),
            p.header,
            origin=p.record.place,
            places=p.places,
        )
    verdict = changeset.check()
    located: list[Issue] = []
    elsewhere: list[Diagnostic] = []
    for found in verdict.findings:
        d = found.diagnostic
        if found.staged and found.source is not None:
            located.append(Issue(d.code, d.message, found.source, d.hint, d.severity))
        elif found.blocks:  # errors the catalog had before the import are not the import's
            elsewhere.append(d)
    texts = [_with_rows(d, changed) for d in elsewhere]
    at_rows = [
        Issue(d.code, f"导入后目录中出现错误：{d.format().splitlines()[0]}", p.record.place,
              d.hint, d.severity)
        for d in elsewhere
        for p in _naming(d, changed)
    ]  # fmt: skip
    return located, len(verdict.blocking), texts, at_rows


def _is_town_list(grid: Grid) -> bool:
    """Whether a sheet is a published 一镇一单 (its header has the export's own columns)."""
    return bool(grid.rows) and {v for v in grid.rows[0] if isinstance(v, str)} >= TOWN_SIGNATURE


def _naming(d: Diagnostic, changed: list[Planned]) -> list[Planned]:
    """The imported items a finding in another file is about (its subjects: the power, or a
    grant of it, or anything written in its file)."""
    ids = {s.id for s in d.subjects}
    files = {s.path for s in d.subjects}
    return [
        p
        for p in changed
        if p.power_id in ids or any(f.endswith(f"/{p.rel}") or f == p.rel for f in files)
    ]


def _with_rows(d: Diagnostic, changed: list[Planned]) -> str:
    """A finding in another file (a town's grant of an imported item) with the rows of the
    imported items it is about."""
    rows = [p.record.place.text() for p in _naming(d, changed)]
    return d.format() + "".join(f"\n    来自：{row}" for row in rows)


def _write(
    changeset: Changeset[Place], planned: list[Planned], changed: list[Planned], dry_run: bool
) -> list[str]:
    """Apply the changeset (all files as one set); say what was done, row by row."""
    lines = []
    if changed and not dry_run:
        changeset.apply()
    for p in changed:
        where = p.record.place.text()
        target = changeset.shown / p.rel
        lines.append(f"{p.status} {p.power_id} {p.data['name']}（{where}）→ {target}")
    counts = {s: sum(1 for p in planned if p.status == s) for s in ("新建", "更新", "未变")}
    done = "（--dry-run，未写入）" if dry_run else f"；写入 {len(changed)} 个文件"
    lines.append(
        f"新建 {counts['新建']} 项、更新 {counts['更新']} 项、未变 {counts['未变']} 项{done}。"
    )
    return lines
