"""Reading old Excel 97-2003 workbooks (``.xls``) into the same grids as ``.xlsx``.

Many 权责清单 still circulate as ``.xls``. They are read with xlrd (which reads ``.xls`` only)
into :class:`~townpowers.sheets.read.Grid` exactly as :func:`~townpowers.sheets.read.read_xlsx`
reads a workbook: 1-based rows and columns, merged ranges, dates as dates, error cells as their
text (``#N/A``), trailing empty cells dropped. So everything after reading (headers, messages,
locations) is the same for an ``.xls`` file and its ``.xlsx`` twin.

An ``.xls`` file and a password-protected ``.xlsx`` workbook are both OLE compound files; the
latter holds an ``EncryptedPackage`` stream, which is how the two are told apart for the message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .grid import Grid, Issue, Place, is_empty, trim
from .limits import DEFAULT, Counter, LimitExceeded, Limits, check_file_size

_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_xls(path: Path, shown: str, limits: Limits = DEFAULT) -> tuple[list[Grid], list[Issue]]:
    """The sheets of an ``.xls`` workbook (or a located message why it cannot be read).

    The file's size is checked before it is read (xlrd reads it whole), the sheet count before
    any sheet is parsed, and each sheet (loaded one at a time) against the row, column and cell
    limits up to its last non-empty cell.
    """
    import xlrd

    where = Place(shown)
    try:
        check_file_size(path, shown, limits)
        data = path.read_bytes()
    except LimitExceeded as exc:
        return [], [exc.issue]
    except OSError as exc:
        return [], [Issue.make("sheet-file", f"无法读取文件：{exc.strerror}", where)]
    if _ENCRYPTED_PACKAGE in data:
        return [], [
            Issue.make(
                "sheet-file",
                "工作簿设置了打开密码，无法读取",
                where,
                "在 Excel 或 WPS 中取消打开密码（文件→信息→保护工作簿）后再导入。",
            )
        ]
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors, ...
        detail = str(exc).strip() or type(exc).__name__
        if "encrypt" in detail.lower():
            return [], [
                Issue.make(
                    "sheet-file",
                    "工作簿设置了打开密码，无法读取",
                    where,
                    "在 Excel 或 WPS 中取消打开密码后再导入。",
                )
            ]
        return [], [
            Issue.make(
                "sheet-file",
                f"文件已损坏，或不是 Excel 工作簿（{detail[:120]}）",
                where,
                "在 Excel 或 WPS 中打开并另存为“Excel 工作簿（*.xlsx）”后再导入。",
            )
        ]
    counter = Counter(limits, shown)
    try:
        counter.sheets(book.nsheets)
        grids = []
        for index in range(book.nsheets):
            grids.append(_grid(book, book.sheet_by_index(index), shown, counter))
            book.unload_sheet(index)
    except LimitExceeded as exc:
        return [], [exc.issue]
    except Exception as exc:  # a broken sheet shows only when it is loaded
        detail = str(exc).strip() or type(exc).__name__
        return [], [Issue.make("sheet-file", f"文件已损坏（{detail[:120]}）", where)]
    finally:
        book.release_resources()
    if not any(grid.rows for grid in grids):
        return [], [Issue.make("sheet-file", "工作簿中没有任何数据", where)]
    return grids, []


def _grid(book: Any, sheet: Any, shown: str, counter: Counter) -> Grid:
    """One sheet as a grid (merged ranges converted to 1-based inclusive bounds); rows counted
    to the last non-empty one, each to its last non-empty cell."""
    rows: list[list[Any]] = []
    empty = 0
    for r in range(sheet.nrows):
        values = [_value(book, sheet.cell(r, c)) for c in range(sheet.row_len(r))]
        width = len(values)
        while width and is_empty(values[width - 1]):
            width -= 1
        if not width:
            empty += 1
            continue
        counter.row(sheet.name, r + 1, width)
        rows.extend([] for _ in range(empty))
        empty = 0
        rows.append(values[:width])
    merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
    return Grid(shown, sheet.name, trim(rows), merged)


def _value(book: Any, cell: Any) -> Any:
    """A cell's value as openpyxl gives it for ``.xlsx``: text, number, bool, datetime."""
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        value = float(cell.value)
        return int(value) if value.is_integer() else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    value = cell.value
    return value if isinstance(value, str) else str(value)
