"""Cell grids with positions, and the located issues every spreadsheet reader reports.

A sheet is read into a :class:`Grid` (1-based rows and columns, merged ranges) whatever the file
was (``.xlsx``, ``.xls``, CSV), so everything after reading is the same for every format; a
problem is an :class:`Issue` at a :class:`Place` (file, sheet, row, column). The diagnostic
codes of spreadsheets are registered here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..diagnostics import Severity, lookup, register
from ..util.text import visible

CATEGORY = "表格"
register(
    "sheet-file",
    Severity.ERROR,
    "表格文件无法使用",
    "文件不存在、不是 Excel 工作簿（.xlsx 或 .xls）或 CSV 文件、设置了打开密码、文件损坏，"
    "或者工作簿中没有任何数据。在 Excel 或 WPS 中另存为不加密的 .xlsx 后再导入。",
    CATEGORY,
)
register(
    "sheet-encoding",
    Severity.ERROR,
    "CSV 文件的编码无法识别",
    "CSV 文件应以 UTF-8（Excel 的“CSV UTF-8”）或 GBK/GB18030（中文 Windows 上 Excel 的“CSV”）保存。",
    CATEGORY,
)
register(
    "sheet-notice",
    Severity.INFO,
    "表格导入提示",
    "不影响导入的情况，例如按 GBK 编码读取了 CSV 文件、跳过了没有表头的工作表。",
    CATEGORY,
)
register(
    "sheet-header",
    Severity.ERROR,
    "表头不符合要求",
    "缺少必需的列、出现了不认识的列，或者找不到表头。消息列出缺少的列和已识别的列。",
    CATEGORY,
)
register(
    "sheet-value",
    Severity.ERROR,
    "单元格的值不符合要求",
    "类型不对（如整数列中写了文字、日期无效）、不是允许的值之一、必填的单元格为空。",
    CATEGORY,
)
register(
    "sheet-row",
    Severity.ERROR,
    "表格行无法对应",
    "行的位置关系不对：下级行找不到上级行、序号重复、同一事项出现两次、有内容的行缺少名称。",
    CATEGORY,
)
register(
    "sheet-reference",
    Severity.ERROR,
    "引用了目录中没有的对象",
    "职权依据引用的法律文件或条文、实施主体或监管责任主体在目录中找不到。"
    "法律文件及其条文须先逐字照录公开文本录入目录（laws/），不会由导入编造。",
    CATEGORY,
)
register(
    "sheet-write",
    Severity.ERROR,
    "无法写出表格",
    "内容无法放进表格单元格（如超过 Excel 单元格 32767 个字符的上限，或含有控制字符）。",
    CATEGORY,
)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value is in a spreadsheet (1-based row and column; 0 when not known)."""

    file: str
    sheet: str = ""
    row: int = 0
    column: int = 0
    header: str = ""

    def text(self) -> str:
        """``文件 工作表“X” 第R行 第C列（C，列名）`` (CSV files have no sheet or letter)."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            letter = f"{column_letter(self.column)}，" if self.sheet else ""
            name = f"{letter}{self.header}" if self.header else letter.rstrip("，")
            parts.append(f"第{self.column}列" + (f"（{name}）" if name else ""))
        elif self.header:
            parts.append(f"“{self.header}”列")
        return " ".join(parts)

    def at(self, row: int, column: int = 0, header: str = "") -> Place:
        """Another place in the same sheet."""
        return Place(self.file, self.sheet, row, column, header)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a spreadsheet, at a place; codes are registered diagnostics."""

    code: str
    message: str
    place: Place
    hint: str = ""
    severity: Severity = Severity.ERROR

    @classmethod
    def make(cls, code: str, message: str, place: Place, hint: str = "") -> Issue:
        """An issue whose severity comes from the diagnostic registry."""
        return cls(code, message, place, hint, lookup(code).severity)

    def sort_key(self) -> tuple[str, str, int, int, str]:
        """By file, sheet, row, column: the order a person reads the workbook in."""
        p = self.place
        return (p.file, p.sheet, p.row, p.column, self.message)

    def format(self) -> str:
        """``place: severity: message [code]`` with the hint on a second line."""
        text = f"{self.place.text()}: {self.severity.word}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return visible(text)  # a cell's ESC sequence is shown escaped, never run


def column_letter(index: int) -> str:
    """Excel column letters of a 1-based column index (1 -> A, 28 -> AB)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Grid:
    """One sheet (or CSV file) as rows of cell values, with its merged ranges."""

    file: str
    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    is_csv: bool = False  # a CSV file: places name no sheet

    @property
    def height(self) -> int:
        """Number of rows."""
        return len(self.rows)

    @property
    def width(self) -> int:
        """Number of columns of the widest row."""
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, column: int) -> Any:
        """The stored value at (row, column), 1-based; ``None`` outside the grid."""
        if 1 <= row <= len(self.rows):
            values = self.rows[row - 1]
            if 1 <= column <= len(values):
                return values[column - 1]
        return None

    @cached_property
    def _origins(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        """Every cell covered by a merged range -> that range (computed once)."""
        out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        height, width = self.height, self.width
        for bounds in self.merged:
            r0, c0, r1, c1 = bounds
            # clipped to the cells that exist: a range merged over a whole column stays cheap
            for r in range(r0, min(r1, height) + 1):
                for c in range(c0, min(c1, width) + 1):
                    out[(r, c)] = bounds
        return out

    def merge_of(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        """The merged range ``(min_row, min_col, max_row, max_col)`` covering a cell, if any."""
        return self._origins.get((row, column))

    def filled(self, row: int, column: int) -> Any:
        """The value shown at a cell: a merged range shows its top-left value everywhere."""
        bounds = self._origins.get((row, column))
        if bounds is None:
            return self.cell(row, column)
        return self.cell(bounds[0], bounds[1])

    def place(self, row: int = 0, column: int = 0, header: str = "") -> Place:
        """A place in this sheet (a CSV file's places name only the file)."""
        return Place(self.file, "" if self.is_csv else self.name, row, column, header)


def is_empty(value: Any) -> bool:
    """Whether a cell holds nothing (blank text counts as nothing)."""
    return value is None or (isinstance(value, str) and not value.strip())


# --- reading ------------------------------------------------------------------------------------


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells and rows (Excel keeps formatted but empty ones)."""
    out = []
    for row in rows:
        end = len(row)
        while end and is_empty(row[end - 1]):
            end -= 1
        out.append(row[:end])
    while out and not out[-1]:
        out.pop()
    return out
