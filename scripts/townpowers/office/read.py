"""Reading a department's 权责清单 as offices write it: headers, merged cells, section rows.

Offices do not write one table layout. Sheets start with a title row merged across the table,
headers span two rows under merged parents (监管 over 监管责任主体 and 监管措施), a 职权类型 cell
is merged down over the rows of its type or given once in a heading row (“一、行政许可（共12项）”),
and the same column goes by several names (事项名称, 权力名称, 职权名称; the dialects are in
:mod:`townpowers.office.columns`). A district's workbook has a sheet per department, often
named after it and without a 实施主体 column. This module finds the header in each sheet, names
each column by its canonical name, and turns every data row into a :class:`Record` whose cells
keep their place, so that every later problem is reported at the cell it concerns. Rows are
never dropped silently: a row is data, a heading, empty, or an error; a column is read, named
as not imported, or reported as unknown with the closest known name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..sheets.cells import text_issues
from ..sheets.read import Grid, Issue, Place, is_empty
from .columns import (
    JOINED,
    REQUIRED,
    clean,
    column_name,
    describe_closest,
    header_key,
    not_imported,
    rank,
)

HEADER_ROWS = 10
#: The sheet of problems an error workbook starts with (see :mod:`townpowers.office.errorbook`);
#: a workbook an office corrected and sent back still has it, and it is not data.
PROBLEM_SHEET = "导入问题"
PROBLEM_HEADER = ("序号", "位置", "级别", "问题", "提示", "代码")
_HEADING = re.compile(r"^[一二三四五六七八九十百]+[、.．]|^[（(][一二三四五六七八九十]+[）)]")


def cell_text(value: Any) -> str | None:
    """A cell's value as text (``None`` when empty): numbers without ``.0``, dates ISO."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Header:
    """Where a sheet's header is, which columns it names, and which it does not read."""

    row: int
    columns: dict[str, list[int]]  # canonical -> columns, the preferred name first
    names: dict[int, str]  # column -> the header text as written (for messages)
    unknown: list[str] = field(default_factory=list)  # header texts of no known column
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (text, why) not imported

    def place(self, grid: Grid, row: int, canon: str) -> Place:
        """The place of a canonical column's cell in a row."""
        c = self.columns[canon][0]
        return grid.place(row, c, self.names[c])


def _header_text(grid: Grid, r: int, c: int) -> tuple[str | None, str]:
    """The canonical name at header cell (r, c), combining a merged parent in row r-1."""
    child = grid.filled(r, c)
    if r > 1:
        parent = grid.filled(r - 1, c)
        same = grid.merge_of(r, c) is not None and grid.merge_of(r, c) == grid.merge_of(r - 1, c)
        if isinstance(parent, str) and isinstance(child, str) and not same:
            combined = column_name(parent + child)
            if combined:
                return combined, clean(parent) + clean(child)
        if is_empty(child) and not same:
            return column_name(parent), clean(str(parent or ""))
    return column_name(child), clean(str(child or ""))


def find_header(grid: Grid) -> Header | None:
    """The header: the row among the first ten that names the most known columns (>= 2)."""
    best: Header | None = None
    for r in range(1, min(HEADER_ROWS, grid.height) + 1):
        columns: dict[str, list[int]] = {}
        names: dict[int, str] = {}
        for c in range(1, grid.width + 1):
            canon, text = _header_text(grid, r, c)
            if canon:
                columns.setdefault(canon, []).append(c)
                names[c] = text
        if len(columns) >= 2 and (best is None or len(columns) > len(best.columns)):
            best = Header(r, columns, names)
    if best is None:
        return None
    for canon, cols in best.columns.items():
        if canon not in JOINED:  # the preferred name is read (实施主体 before 承办单位)
            cols.sort(key=lambda c: (rank(best.names[c]), c))
    for c in range(1, grid.width + 1):
        value = grid.filled(best.row, c)  # a name merged down from the row above counts
        bounds = grid.merge_of(best.row, c)
        if c in best.names or not isinstance(value, str) or is_empty(value):
            continue
        if bounds is not None and bounds[1] != c:  # one name merged across: reported once
            continue
        why = not_imported(value)
        if why is not None:
            best.skipped.append((clean(value), why))
        else:
            best.unknown.append(clean(value))
    return best


def problem_sheet(grid: Grid) -> bool:
    """Whether a sheet is the problem list of an error workbook (not data)."""
    return (
        grid.name == PROBLEM_SHEET
        and len(grid.rows) > 0
        and tuple(header_key(v) for v in grid.rows[0][: len(PROBLEM_HEADER)]) == PROBLEM_HEADER
    )


@dataclass
class Record:
    """One data row of a 权责清单: canonical column -> (text, place), and its sheet's context."""

    grid: Grid
    row: int
    cells: dict[str, tuple[str, Place]] = field(default_factory=dict)
    heading_type: str | None = None  # 职权类型 from a heading row or the sheet name
    sheet_owner: str | None = None  # 实施主体 (a department kind) from the sheet's name or title
    context: str = ""  # the sheet's name and title rows (which may name the district)
    header: Header | None = None

    @property
    def place(self) -> Place:
        """The row itself."""
        return self.grid.place(self.row)

    def text(self, canon: str) -> str | None:
        """The cell text of a canonical column (``None`` when empty or absent)."""
        entry = self.cells.get(canon)
        return entry[0] if entry else None

    def at(self, canon: str) -> Place:
        """The place of a canonical column's cell (the row when the sheet has no such column)."""
        entry = self.cells.get(canon)
        if entry:
            return entry[1]
        if self.header and canon in self.header.columns:
            return self.header.place(self.grid, self.row, canon)
        return self.place

    def has_column(self, canon: str) -> bool:
        """Whether the sheet has this column."""
        return self.header is not None and canon in self.header.columns


@dataclass
class SheetReading:
    """What one sheet gave: its header (``None``: skipped or refused) and its data rows."""

    grid: Grid
    header: Header | None
    rows: list[int] = field(default_factory=list)  # data rows, read or refused
    refused: bool = False  # the header lacks a required column: no row of it is read


@dataclass
class Reading:
    """Every sheet's records, the errors and notices found while reading, sheet by sheet."""

    records: list[Record] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)
    sheets: list[SheetReading] = field(default_factory=list)


def _heading(grid: Grid, r: int, header: Header) -> str | None:
    """The text of a section row: one horizontally merged cell, or a lone numbered title
    outside the name columns (“一、行政许可”)."""
    filled = [(c, v) for c, v in enumerate(grid.rows[r - 1], start=1) if not is_empty(v)]
    if len(filled) != 1:
        return None
    c, value = filled[0]
    bounds = grid.merge_of(r, c)
    if bounds and bounds[0] == bounds[2] == r and bounds[3] > bounds[1]:
        return str(value)
    names = {*header.columns.get("职权名称", []), *header.columns.get("子项", [])}
    if isinstance(value, str) and c not in names and _HEADING.match(value.strip()):
        return value
    return None


def _context(grid: Grid, header: Header) -> str:
    """The sheet's name and the texts above its header (a title such as “××局权责清单”)."""
    texts = [grid.name]
    for r in range(1, header.row):
        texts += [str(v) for v in grid.rows[r - 1] if not is_empty(v)]
    return " ".join(texts)


def _column_notice(grid: Grid, header: Header) -> Issue | None:
    """One notice naming the header's columns that are not read, and why."""
    parts = []
    if header.skipped:
        reasons: dict[str, list[str]] = {}
        for text, why in header.skipped:
            reasons.setdefault(why, []).append(text)
        parts += [f"不导入的列：{'、'.join(texts)}（{why}）" for why, texts in reasons.items()]
    for canon, cols in header.columns.items():
        if canon not in JOINED and len(cols) > 1:
            used = header.names[cols[0]]
            others = "、".join(f"“{header.names[c]}”" for c in cols[1:])
            parts.append(f"{others}与“{used}”都表示{canon}，按“{used}”导入")
    if header.unknown:
        parts.append("不认识的列：" + "、".join(describe_closest(t) for t in header.unknown))
    if not parts:
        return None
    return Issue.make(
        "sheet-notice",
        "；".join(parts),
        grid.place(header.row),
        "不认识的列如果应当导入，请把列名改为 docs/spreadsheets.md 中列出的写法。"
        if header.unknown
        else "",
    )


def read_records(grids: list[Grid], type_of: Any, owner_of: Any) -> Reading:
    """Every data row of every sheet, the errors, and notices (skipped sheets, columns).

    ``type_of`` maps a text to a power type (or ``None``); it decides which heading rows and
    sheet names name a type. ``owner_of`` maps a sheet's name and title to the department kind
    it names (or ``None``); a sheet without a 实施主体 column takes its rows' department from it.
    """
    reading = Reading()
    for grid in grids:
        if problem_sheet(grid):
            continue
        reading.errors += text_issues(grid)  # the catalog's text policy, at each cell
        header = find_header(grid)
        sheet = SheetReading(grid, header)
        reading.sheets.append(sheet)
        if header is None:
            reading.notices.append(
                Issue.make(
                    "sheet-notice",
                    "没有可识别的表头（如 职权名称、职权类型、职权依据、实施主体），已跳过该工作表",
                    grid.place(),
                )
            )
            continue
        sheet_type = type_of(grid.name) if grid.name else None
        context = _context(grid, header)
        sheet_owner = owner_of(context) if "实施主体" not in header.columns else None
        bases = "职权依据" in header.columns or "权力来源" in header.columns
        missing = [
            name
            for name in REQUIRED
            if name not in header.columns
            and not (name == "职权类型" and sheet_type)
            and not (name == "实施主体" and sheet_owner)
            and not (name == "职权依据" and bases)
        ]
        notice = _column_notice(grid, header)
        if notice is not None:
            reading.notices.append(notice)
        if missing:
            sheet.refused = True
            reading.errors.append(_missing(grid, header, missing))
            continue
        records, rows = _rows(grid, header, sheet_type, type_of, reading.errors)
        for record in records:
            record.sheet_owner = sheet_owner
            record.context = context
        reading.records += records
        sheet.rows = rows
    return reading


def _missing(grid: Grid, header: Header, missing: list[str]) -> Issue:
    """The error of a header without a required column, naming the closest unknown column."""
    found = [f"{header.names[cols[0]]}（{canon}）" for canon, cols in header.columns.items()]
    hint = "已识别的列：" + "、".join(found) + "。列名可用的写法见 docs/spreadsheets.md。"
    among = tuple(missing)
    close = [describe_closest(t, among) for t in header.unknown]
    close = [c for c in close if "最接近" in c]
    if close:
        hint += "表头中不认识的列：" + "、".join(close) + "；如果就是所缺的列，请改用已知的列名。"
    return Issue.make(
        "sheet-header",
        f"第{header.row}行的表头缺少必需的列：" + "、".join(missing),
        grid.place(header.row),
        hint,
    )


def _cells(grid: Grid, header: Header, r: int, record: Record) -> None:
    """The row's text per canonical column; 法律依据 written under 权力来源 joins 职权依据."""
    for canon, cols in header.columns.items():
        texts = []
        for c in cols if canon in JOINED else cols[:1]:
            text = cell_text(grid.filled(r, c))
            if text:
                texts.append(text)
        if texts:
            c = cols[0]
            record.cells[canon] = ("\n".join(texts), grid.place(r, c, header.names[c]))
    source = record.cells.get("权力来源")
    if source and "《" in source[0]:
        basis = record.cells.get("职权依据")
        record.cells["职权依据"] = (
            (basis[0] + "\n" + source[0], basis[1]) if basis else (source[0], source[1])
        )


def _rows(
    grid: Grid, header: Header, sheet_type: str | None, type_of: Any, errors: list[Issue]
) -> tuple[list[Record], list[int]]:
    """The data rows of a sheet under its header (headings set the type), and their numbers."""
    out = []
    rows = []
    current = sheet_type
    for r in range(header.row + 1, grid.height + 1):
        raw = grid.rows[r - 1]
        if all(is_empty(v) for v in raw):
            continue
        heading = _heading(grid, r, header)
        if heading is not None:
            named = type_of(heading)
            if named:
                current = named
            continue
        rows.append(r)
        record = Record(grid, r, heading_type=current, header=header)
        _cells(grid, header, r, record)
        if not record.text("职权名称"):
            errors.append(
                Issue.make(
                    "sheet-row",
                    "这一行有内容，但职权名称为空",
                    record.at("职权名称"),
                    "填写职权名称；说明性的文字请写在表格之外或单独的工作表中。",
                )
            )
            continue
        out.append(record)
    return out, rows
