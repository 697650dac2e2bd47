"""Reading spreadsheet files into cell grids with positions (writing: :mod:`.write`).

Everything that reads a user's spreadsheet is here, so that every way such a file can be
unusable (missing, not a workbook, encrypted, corrupt, empty, in the wrong encoding) ends as a
located, Chinese message and never as a traceback.

Two safety rules hold in both directions:

* text is always stored as text: an ``.xlsx`` cell whose text begins with ``=`` is written as a
  string, never as a formula;
* CSV cells that a spreadsheet program would run as a formula (text beginning with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return) are written with a leading ``'`` (the usual CSV
  injection guard), and exactly that one ``'`` is removed on import. Text that itself begins
  with ``'`` before such a character gets one more ``'``, so the rule is reversible.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..diagnostics import Severity, lookup, register

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

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


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
        return text


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


def read_book(path: Path, display: str | None = None) -> tuple[list[Grid], list[Issue]]:
    """Every sheet of an ``.xlsx`` or ``.xls`` workbook, a CSV file, or a folder of CSV files.

    Returns no grids (and errors) when the file is unusable; notices (GBK decoding) come with
    grids. Never raises for a user's file.
    """
    shown = display or str(path)
    where = Place(shown)
    if not path.exists():
        return [], [Issue.make("sheet-file", f"文件不存在：{path}", where)]
    if not path.is_dir() and not path.is_file():  # a FIFO or device would block or never end
        return [], [Issue.make("sheet-file", f"不是普通文件：{path}", where)]
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
        if not files:
            return [], [Issue.make("sheet-file", "文件夹中没有 CSV 文件", where)]
        grids: list[Grid] = []
        issues: list[Issue] = []
        for file in files:
            grid, found = read_csv(file, f"{shown.rstrip('/')}/{file.name}")
            issues += found
            if grid is not None:
                grids.append(grid)
        return grids, issues
    if path.suffix.lower() == ".csv":
        grid, issues = read_csv(path, shown)
        return ([grid] if grid is not None else []), issues
    return read_xlsx(path, shown)


def read_xlsx(path: Path, shown: str) -> tuple[list[Grid], list[Issue]]:
    """The sheets of a workbook (values as computed by Excel, merged ranges kept); an old
    ``.xls`` workbook is recognized by its content, whatever its name, and read alike."""
    import openpyxl  # type: ignore[import-untyped]  # only the spreadsheet commands need it

    where = Place(shown)
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        return [], [Issue.make("sheet-file", f"无法读取文件：{exc.strerror}", where)]
    if magic == _OLE_MAGIC:  # Excel 97-2003 (.xls), or an .xlsx with a password
        from .xls import read_xls

        return read_xls(path, shown)
    if magic != _XLSX_MAGIC:
        return [], [
            Issue.make(
                "sheet-file",
                "不是 Excel 工作簿（.xlsx、.xls），也不是 .csv 文件",
                where,
                "导入 .xlsx、.xls 工作簿或 .csv 文件；其他格式请先在 Excel 或 WPS 中另存为 .xlsx。",
            )
        ]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it does not read
            book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError) as exc:
        return [], [_corrupt(where, exc)]
    except Exception as exc:  # openpyxl raises many kinds for broken parts of a package
        return [], [_corrupt(where, exc)]
    grids = []
    for sheet in book.worksheets:
        rows = [
            list(r)
            for r in sheet.iter_rows(
                min_row=1, max_row=sheet.max_row, max_col=sheet.max_column, values_only=True
            )
        ]
        merged = [
            (m.min_row, m.min_col, m.max_row, m.max_col)
            for m in sheet.merged_cells.ranges
            if m.min_row is not None and m.min_col is not None
        ]
        grids.append(Grid(shown, sheet.title, trim(rows), merged))
    book.close()
    if not any(grid.rows for grid in grids):
        return [], [Issue.make("sheet-file", "工作簿中没有任何数据", where)]
    return grids, []


def _corrupt(where: Place, exc: BaseException) -> Issue:
    """The message for a file that is not a readable workbook."""
    detail = str(exc).strip() or type(exc).__name__
    return Issue.make(
        "sheet-file",
        f"文件已损坏，或不是 Excel 工作簿（{detail[:120]}）",
        where,
        "在 Excel 或 WPS 中打开并另存为“Excel 工作簿（*.xlsx）”后再导入。",
    )


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


def decode_text(data: bytes, where: Place) -> tuple[str | None, list[Issue]]:
    """UTF-8 (with or without BOM), else GB18030 with a notice, else a located error.

    Chinese Excel saves "CSV" in the ANSI code page, which is GBK (GB18030 is its superset), so
    refusing such files would refuse what offices produce every day; the notice says which
    encoding was used so that a wrong guess is visible, and text in any other encoding fails
    on the header check with the header named.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data.count(b"\n", 0, first.start) + 1
        column = first.start - (data.rfind(b"\n", 0, first.start) + 1) + 1
        return None, [
            Issue.make(
                "sheet-encoding",
                f"文件既不是 UTF-8 也不是 GBK/GB18030 编码（第{line}行第{column}个字节处）",
                Place(where.file, where.sheet, line, 0),
                "在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”后再导入。",
            )
        ]
    return text, [
        Issue.make(
            "sheet-notice",
            "文件不是 UTF-8 编码，已按 GBK/GB18030（中文 Windows 的 Excel 默认）读取",
            where,
            "若文字显示为乱码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。",
        )
    ]


def read_csv(path: Path, shown: str) -> tuple[Grid | None, list[Issue]]:
    """One CSV file as a grid named after the file (without ``.csv``)."""
    where = Place(shown)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Issue.make("sheet-file", f"无法读取文件：{exc.strerror}", where)]
    text, issues = decode_text(data, where)
    if text is None:
        return None, issues
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            rows.append([None if value == "" else unguard(value) for value in record])
    except csv.Error as exc:
        return None, [
            *issues,
            Issue.make(
                "sheet-file",
                f"CSV 格式错误：{exc}",
                Place(shown, "", reader.line_num, 0),
            ),
        ]
    if not any(rows):
        return None, [*issues, Issue.make("sheet-file", "CSV 文件中没有任何数据", where)]
    return Grid(shown, path.stem, trim(rows), is_csv=True), issues


def guard(text: str) -> str:
    """CSV text with the formula-injection guard (a leading ``'``) where needed."""
    return "'" + text if _FORMULA_START.match(text) else text


def unguard(text: str) -> str:
    """The inverse of :func:`guard` (exactly one ``'`` removed)."""
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text, 1) else text
