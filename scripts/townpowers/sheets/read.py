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
from pathlib import Path
from typing import Any

from .grid import CATEGORY, Grid, Issue, Place, column_letter, is_empty, trim

__all__ = [
    "CATEGORY",
    "Grid",
    "Issue",
    "Place",
    "column_letter",
    "guard",
    "is_empty",
    "read_book",
    "read_csv",
    "read_xlsx",
    "trim",
    "unguard",
]

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


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
