"""Importing a department's 权责清单 as a whole: all rows or nothing.

Every row is mapped first (:mod:`townpowers.office.plan`) and every problem collected (sorted
by sheet, row, column). Only when none remains are the new and updated power files written,
and then into a staging copy of the catalog that the full ``townpowers check`` runs on; an
error it finds in an imported item is reported at the row (and cell) the item came from, and
blocks the import. Only a catalog that passes is changed, file by file atomically.
"""

from __future__ import annotations

import enum
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import check, load_catalog
from ..diagnostics import Severity
from ..model import PowerFile
from ..model.catalog import Catalog
from ..sheets.read import Grid, Issue, Place
from ..sheets.tableread import FileOut
from ..sheets.tables import kinds
from ..sheets.workbooks import TOWN_COLUMNS, Staged
from ..util.files import write_atomic
from .mapping import power_type
from .plan import Planned, Planner, Settings
from .read import read_records


class Outcome(enum.Enum):
    """How an import ended (the command line turns it into an exit status)."""

    INVALID_CATALOG = "invalid-catalog"  # the catalog folder itself does not load
    REFUSED = "refused"  # the workbook has problems: nothing written
    IMPORTED = "imported"  # written (or, with dry_run, would be)


@dataclass
class OfficeImport:
    """The result of an import: its outcome and the report lines, in reading order."""

    outcome: Outcome
    lines: list[str] = field(default_factory=list)

    def issues(self, issues: list[Issue]) -> None:
        """Add issues in reading order (file, sheet, row, column), as one list however found."""
        self.lines.extend(i.format() for i in sorted(issues, key=Issue.sort_key))


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
) -> OfficeImport:
    """Import a 权责清单 (``grids`` read from ``source``) into the catalog folder ``catalog``
    (see the module docstring). Nothing is written unless the outcome is ``IMPORTED``."""
    cat, diagnostics = load_catalog(catalog)
    if cat is None:
        result = OfficeImport(Outcome.INVALID_CATALOG, [d.format() for d in diagnostics])
        result.lines.append(f"目录无效：发现 {len(diagnostics)} 个错误，未导入。")
        return result
    published = next((g for g in grids if _is_town_list(g)), None)
    if published is not None:
        refused = Issue.make(
            "sheet-header",
            "这是 townpowers export 导出的一镇一单（各镇的赋权目录），不是部门的权责清单",
            published.place(1),
            "权责清单按 templates/spreadsheets/权责清单模板.xlsx 填写；完整目录请导入 目录.xlsx。",
        )
        result = OfficeImport(Outcome.REFUSED)
        result.issues([refused])
        result.lines.append("未写入任何文件。")
        return result
    records, errors, skipped = read_records(grids, lambda t: getattr(power_type(t), "value", None))
    planner = Planner(cat, settings)
    planned = [p for p in (planner.plan(r) for r in records) if p is not None]
    errors += planner.issues
    if not records and not errors:
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
        result.issues([*notices, *skipped, *errors])
        result.lines.append(f"发现 {len(errors)} 个错误，未写入任何文件。")
        return result
    changed = [p for p in planned if p.status != "未变"]
    located, blocking, others = _stage_and_check(cat, changed)
    result = OfficeImport(Outcome.IMPORTED)
    result.issues([*notices, *skipped, *located])
    result.lines.extend(others)
    if blocking:
        result.outcome = Outcome.REFUSED
        result.lines.append(f"导入后的目录有 {blocking} 个错误，未写入任何文件。")
        return result
    result.lines.extend(_write(cat, planned, changed, dry_run))
    return result


def _stage_and_check(cat: Catalog, changed: list[Planned]) -> tuple[list[Issue], int, list[str]]:
    """Check the catalog as it would be: issues in imported items (located at their rows),
    the number of blocking errors, and new errors elsewhere (as the checker prints them)."""
    if not changed:
        return [], 0, []
    power_kind = next(k for k in kinds() if k.cls is PowerFile)
    tmp = Path(tempfile.mkdtemp(prefix="townpowers-import-"))
    try:
        stage = tmp / cat.root.name
        shutil.copytree(cat.root, stage)
        staged = Staged(stage)
        for p in changed:
            path = cat.root / p.rel
            p.header = _header_comments(path) if path.is_file() else ""
            out = FileOut(p.rel, power_kind, p.data, p.record.place, p.places)
            p.text = staged.write(out, p.header)
        result = check(stage)
        located: list[Issue] = []
        elsewhere = []
        for d in result.diagnostics():
            issue = staged.locate(d)
            if issue is not None:
                located.append(issue)
            elif d.severity >= Severity.ERROR:
                elsewhere.append(d)
        if elsewhere:  # errors the catalog had before the import are not the import's
            before = {d.format() for d in check(cat.root).diagnostics()}
            elsewhere = [d for d in elsewhere if d.format() not in before]
        blocking = sum(1 for i in located if i.severity >= Severity.ERROR) + len(elsewhere)
        return located, blocking, [_with_rows(d.format(), changed) for d in elsewhere]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _is_town_list(grid: Grid) -> bool:
    """Whether a sheet is a published 一镇一单 (its header is the export's)."""
    return bool(grid.rows) and tuple(grid.rows[0][: len(TOWN_COLUMNS)]) == TOWN_COLUMNS


def _with_rows(text: str, changed: list[Planned]) -> str:
    """A finding in another file (a town's grant of an imported item) with the rows of the
    imported items it names."""
    rows = [
        p.record.place.text()
        for p in changed
        if re.search(rf"(?<![A-Za-z0-9-]){re.escape(p.power_id)}(?![A-Za-z0-9-])", text)
    ]
    return text + "".join(f"\n    来自：{row}" for row in rows)


def _write(
    cat: Catalog, planned: list[Planned], changed: list[Planned], dry_run: bool
) -> list[str]:
    """Write the changed files (each atomically); say what was done, row by row."""
    lines = []
    for p in changed:
        if not dry_run:
            write_atomic(cat.root / p.rel, p.text)
        where = p.record.place.text()
        lines.append(f"{p.status} {p.power_id} {p.data['name']}（{where}）→ {cat.root / p.rel}")
    counts = {s: sum(1 for p in planned if p.status == s) for s in ("新建", "更新", "未变")}
    done = "（--dry-run，未写入）" if dry_run else f"；写入 {len(changed)} 个文件"
    lines.append(
        f"新建 {counts['新建']} 项、更新 {counts['更新']} 项、未变 {counts['未变']} 项{done}。"
    )
    return lines
