"""Reading a department's 权责清单 as offices write it: headers, merged cells, section rows.

Offices do not write one table layout. Sheets start with a title row merged across the table,
headers span two rows under merged parents (监管 over 监管责任主体 and 监管措施), a 职权类型 cell
is merged down over the rows of its type or given once in a heading row (“一、行政许可（共12项）”),
and the same column goes by several names (事项名称, 权力名称, 职权名称). This module finds the
header in each sheet, names each column by its canonical name, and turns every data row into a
:class:`Record` whose cells keep their place, so that every later problem is reported at the
cell it concerns. Rows are never dropped silently: a row is data, a heading, empty, or an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..sheets.read import Grid, Issue, Place, is_empty

#: Canonical column -> the names offices use for it (compared without spaces and notes).
COLUMNS: dict[str, tuple[str, ...]] = {
    "序号": ("序号", "编号", "顺序号"),
    "事项编码": ("事项编码", "编码", "权力编码", "职权编码", "事项代码", "基本编码"),
    "职权类型": ("职权类型", "事项类型", "权力类型", "类别", "职权类别", "权力类别", "事项类别"),
    "职权名称": (
        "职权名称",
        "事项名称",
        "权力名称",
        "职权事项",
        "主项名称",
        "权力事项名称",
        "权力事项",
        "职权名称主项",
    ),
    "子项": ("子项", "子项名称", "职权名称子项"),
    "职权依据": ("职权依据", "设定依据", "法律依据", "实施依据", "依据", "设定和实施依据"),
    "实施主体": ("实施主体", "承办机构", "责任主体", "实施部门", "实施机关", "行使主体"),
    "责任事项": ("责任事项", "责任事项内容"),
    "监管措施": ("监管措施", "事中事后监管措施", "事中事后监管", "监管方式"),
    "监管责任主体": ("监管责任主体", "监管主体", "监管部门", "监管责任单位", "监管单位"),
    "领域": ("领域", "所属领域"),
    "层级": ("层级", "行使层级", "权力层级"),
    "备注": ("备注", "说明"),
}
#: Columns a 权责清单 sheet must have (职权类型 may instead come from the sheet's name).
REQUIRED = ("职权名称", "职权类型", "职权依据", "实施主体")
#: Columns whose texts are joined when a sheet has several (设定依据 and 实施依据).
JOINED = frozenset({"职权依据"})
HEADER_ROWS = 10
_SYNONYMS = {name: canon for canon, names in COLUMNS.items() for name in names}
_NOTE = re.compile(r"[（(][^（）()]*[）)]")
_SPACE = re.compile(r"[\s\u3000]+")
_HEADING = re.compile(r"^[一二三四五六七八九十百]+[、.．]|^[（(][一二三四五六七八九十]+[）)]")


def clean(text: str) -> str:
    """Cell text without spaces and line breaks (as offices wrap long names)."""
    return _SPACE.sub("", text)


def column_name(text: Any) -> str | None:
    """The canonical column a header text names, if any (``事项名称（全称）`` -> 职权名称)."""
    if not isinstance(text, str):
        return None
    key = _NOTE.sub("", clean(text)).strip("*＊:：")
    return _SYNONYMS.get(key)


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
    """Where a sheet's header is and which columns it names."""

    row: int
    columns: dict[str, list[int]]
    names: dict[int, str]  # column -> the header text as written (for messages)

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
    return best


@dataclass
class Record:
    """One data row of a 权责清单: canonical column -> (text, place), and its sheet's context."""

    grid: Grid
    row: int
    cells: dict[str, tuple[str, Place]] = field(default_factory=dict)
    heading_type: str | None = None  # 职权类型 from a heading row or the sheet name
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


def read_records(grids: list[Grid], type_of: Any) -> tuple[list[Record], list[Issue], list[Issue]]:
    """Every data row of every sheet, the errors, and notices (skipped sheets).

    ``type_of`` maps a text to a power type (or ``None``); it decides which heading rows and
    sheet names name a type.
    """
    records: list[Record] = []
    errors: list[Issue] = []
    notices: list[Issue] = []
    for grid in grids:
        header = find_header(grid)
        if header is None:
            notices.append(
                Issue.make(
                    "sheet-notice",
                    "没有可识别的表头（如 职权名称、职权类型、职权依据、实施主体），已跳过该工作表",
                    grid.place(),
                )
            )
            continue
        sheet_type = type_of(grid.name) if grid.name else None
        missing = [
            name
            for name in REQUIRED
            if name not in header.columns and not (name == "职权类型" and sheet_type)
        ]
        if missing:
            found = [
                f"{header.names[cols[0]]}（{canon}）" for canon, cols in header.columns.items()
            ]
            errors.append(
                Issue.make(
                    "sheet-header",
                    f"第{header.row}行的表头缺少必需的列：" + "、".join(missing),
                    grid.place(header.row),
                    "已识别的列：" + "、".join(found) + "。列名可用的写法见 docs/spreadsheets.md。",
                )
            )
            continue
        records += _rows(grid, header, sheet_type, type_of, errors)
    return records, errors, notices


def _rows(
    grid: Grid, header: Header, sheet_type: str | None, type_of: Any, errors: list[Issue]
) -> list[Record]:
    """The data rows of a sheet under its header (headings set the type)."""
    out = []
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
        record = Record(grid, r, heading_type=current, header=header)
        for canon, cols in header.columns.items():
            texts = []
            for c in cols if canon in JOINED else cols[:1]:
                text = cell_text(grid.filled(r, c))
                if text:
                    texts.append(text)
            if texts:
                c = cols[0]
                record.cells[canon] = ("\n".join(texts), grid.place(r, c, header.names[c]))
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
    return out
