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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .grid import CATEGORY, Grid, Issue, Place, column_letter, is_empty, trim
from .limits import (
    DEFAULT,
    Counter,
    LimitExceeded,
    Limits,
    check_file_size,
    check_package,
    over,
)

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


def read_book(
    path: Path, display: str | None = None, limits: Limits = DEFAULT
) -> tuple[list[Grid], list[Issue]]:
    """Every sheet of an ``.xlsx`` or ``.xls`` workbook, a CSV file, or a folder of CSV files.

    Returns no grids (and errors) when the file is unusable or over one of ``limits`` (see
    :mod:`.limits`); notices (GBK decoding) come with grids. Never raises for a user's file.
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
        counter = Counter(limits, shown)
        try:
            counter.sheets(len(files))
        except LimitExceeded as exc:
            return [], [exc.issue]
        for file in files:
            grid, found = read_csv(file, f"{shown.rstrip('/')}/{file.name}", limits, counter)
            issues += found
            if any(i.code == "sheet-limit" for i in found):
                return [], found
            if grid is not None:
                grids.append(grid)
        return grids, issues
    if path.suffix.lower() == ".csv":
        grid, issues = read_csv(path, shown, limits)
        return ([grid] if grid is not None else []), issues
    return read_xlsx(path, shown, limits)


def read_xlsx(path: Path, shown: str, limits: Limits = DEFAULT) -> tuple[list[Grid], list[Issue]]:
    """The sheets of a workbook (values as computed by Excel, merged ranges kept); an old
    ``.xls`` workbook is recognized by its content, whatever its name, and read alike.

    The package's declared sizes are checked before anything is unpacked, then every sheet is
    streamed (openpyxl's read-only parser, one row at a time): only non-empty cells are kept,
    rows and columns count to the last non-empty cell, and the first limit passed stops the
    reading, so memory stays bounded by the limits whatever the file claims.
    """
    import openpyxl  # type: ignore[import-untyped]  # only the spreadsheet commands need it

    where = Place(shown)
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        return [], [Issue.make("sheet-file", f"无法读取文件：{exc.strerror}", where)]
    if magic == _OLE_MAGIC:  # Excel 97-2003 (.xls), or an .xlsx with a password
        from .xls import read_xls

        return read_xls(path, shown, limits)
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
        check_package(path, shown, limits)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it does not read
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except LimitExceeded as exc:
        return [], [exc.issue]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError) as exc:
        return [], [_corrupt(where, exc)]
    except Exception as exc:  # openpyxl raises many kinds for broken parts of a package
        return [], [_corrupt(where, exc)]
    counter = Counter(limits, shown)
    try:
        sheets = book.worksheets
        counter.sheets(len(sheets))
        grids = [_stream_sheet(book, sheet, shown, counter) for sheet in sheets]
    except LimitExceeded as exc:
        return [], [exc.issue]
    except MemoryError:  # limits raised beyond what this machine holds
        return [], [
            Issue.make("sheet-limit", "内存不足，无法读取该文件（已调高的读取上限过大）", where)
        ]
    except Exception as exc:  # a broken sheet part shows only when it is parsed
        return [], [_corrupt(where, exc)]
    finally:
        book.close()
    if not any(grid.rows for grid in grids):
        return [], [Issue.make("sheet-file", "工作簿中没有任何数据", where)]
    return grids, []


def _stream_sheet(book: Any, sheet: Any, shown: str, counter: Counter) -> Grid:
    """One sheet, parsed row by row, keeping non-empty cells only (limits checked per row).

    openpyxl's worksheet parser is driven directly: its read-only sheet would pad every row to
    the widest one and every gap with empty rows (a styled cell at XFD1048576 makes that a
    million rows of 16 384 cells), and it does not expose merged ranges.
    """
    from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]
    from openpyxl.worksheet._reader import WorkSheetParser  # type: ignore[import-untyped]

    rows: list[list[Any]] = []
    merged: list[tuple[int, int, int, int]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, cells in parser.parse():
            parser.row_dimensions.clear()  # row heights: not needed, and unbounded
            kept = [(c["column"], c["value"]) for c in cells if not is_empty(c["value"])]
            if not kept:
                continue
            width = max(column for column, _ in kept)
            counter.row(sheet.title, index, width)
            values: list[Any] = [None] * width
            for column, value in kept:
                values[column - 1] = value
            while len(rows) < index - 1:
                rows.append([])
            rows.append(values)
        if parser.merged_cells is not None:
            for cell_range in parser.merged_cells.mergeCell:
                c0, r0, c1, r1 = range_boundaries(cell_range.ref)
                if r0 is not None and c0 is not None:
                    merged.append((r0, c0, r1, c1))
    return Grid(shown, sheet.title, trim(rows), merged)


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


def read_csv(
    path: Path, shown: str, limits: Limits = DEFAULT, counter: Counter | None = None
) -> tuple[Grid | None, list[Issue]]:
    """One CSV file as a grid named after the file (without ``.csv``), within ``limits``
    (``counter``: shared by the files of one folder)."""
    where = Place(shown)
    counter = counter or Counter(limits, shown)
    try:
        check_file_size(path, shown, limits)
        data = path.read_bytes()
    except LimitExceeded as exc:
        return None, [exc.issue]
    except OSError as exc:
        return None, [Issue.make("sheet-file", f"无法读取文件：{exc.strerror}", where)]
    text, issues = decode_text(data, where)
    del data
    if text is None:
        return None, issues
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows: list[list[Any]] = []
    reader = csv.reader(_lines(text, delimiter, shown, limits), delimiter=delimiter)
    counter.shown = shown
    empty = 0  # empty rows not yet stored: only a later non-empty row makes them rows
    try:
        for record in reader:
            values = [None if value == "" else unguard(value) for value in record]
            width = len(values)
            while width and is_empty(values[width - 1]):
                width -= 1
            if not width:
                empty += 1
                continue
            counter.row("", len(rows) + empty + 1, width)
            rows.extend([] for _ in range(empty))
            empty = 0
            rows.append(values[:width])
    except LimitExceeded as exc:
        return None, [*issues, exc.issue]
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


#: Excel's last column: no spreadsheet program writes a wider row.
EXCEL_COLUMNS = 16_384


def _lines(text: str, delimiter: str, shown: str, limits: Limits) -> Iterator[str]:
    """The CSV text line by line, refusing a line with more separators than Excel has columns
    (the CSV reader would build the whole row first)."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(delimiter) >= EXCEL_COLUMNS:
            raise over(
                limits,
                "columns",
                f"第{number}行有 {line.count(delimiter) + 1} 列（Excel 最多 {EXCEL_COLUMNS} 列）",
                Place(shown, "", number),
            )
        yield line


def guard(text: str) -> str:
    """CSV text with the formula-injection guard (a leading ``'``) where needed."""
    return "'" + text if _FORMULA_START.match(text) else text


def unguard(text: str) -> str:
    """The inverse of :func:`guard` (exactly one ``'`` removed)."""
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text, 1) else text
