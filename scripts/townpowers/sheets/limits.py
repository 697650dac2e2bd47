"""Hard limits on the spreadsheets import reads, so that no file can exhaust memory or time.

A 1.3 MB ``.xlsx`` can hold 20 MB of sheet XML (360 000 rows), and a template that was
formatted down to row 1 048 576 claims a million rows; read naively, either takes gigabytes and
minutes and ends in a ``MemoryError`` (or the kernel's OOM killer picks a victim on a shared
server). So every reader (:mod:`.read`, :mod:`.xls`) streams and checks, before or while it
reads, the limits below, and a file over one is refused with a Chinese message naming the limit
and the command-line option that raises it (``import-xlsx --max-rows`` …): a genuinely large
权责清单 can still be imported on purpose.

Rows and columns count up to the last non-empty cell: formatted but empty cells after it (what
Excel and WPS leave behind) cost nothing and are never stored.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, fields
from pathlib import Path

from ..diagnostics import Severity, register
from .grid import CATEGORY, Issue, Place

register(
    "sheet-limit",
    Severity.ERROR,
    "表格超出读取上限",
    "工作簿的工作表数、某个工作表的行数、列数或单元格数，或者解压后的大小超过了导入的上限。"
    "上限防止一个文件耗尽内存；确实需要导入这样大的清单时，用消息中给出的 import-xlsx 选项调高上限。",
    CATEGORY,
)

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What one import may read (defaults: see docs/spreadsheets.md, “读取上限”)."""

    #: Uncompressed bytes of one part of an ``.xlsx`` package (a sheet's XML, shared strings);
    #: also the size of a CSV or ``.xls`` file (one part, read whole).
    part_mb: int = 64
    #: Uncompressed bytes of all parts of an ``.xlsx`` package together.
    total_mb: int = 256
    #: Sheets of one workbook.
    sheets: int = 100
    #: Rows of one sheet, up to its last non-empty row.
    rows: int = 50_000
    #: Columns of one sheet, up to its last non-empty column.
    columns: int = 200
    #: Cells kept from the whole file (each stored row counts up to its last non-empty cell).
    cells: int = 1_000_000


DEFAULT = Limits()
#: The command-line option of each limit, and what it counts (for messages and ``--help``).
OPTIONS: dict[str, tuple[str, str]] = {
    "part_mb": ("--max-part-mb", "工作簿中单个部件解压后的大小、CSV 或 .xls 文件的大小（MB）"),
    "total_mb": ("--max-total-mb", "工作簿解压后的总大小（MB）"),
    "sheets": ("--max-sheets", "工作表数"),
    "rows": ("--max-rows", "每个工作表的行数（到最后一个非空行）"),
    "columns": ("--max-columns", "每个工作表的列数（到最后一个非空列）"),
    "cells": ("--max-cells", "整个文件保留的单元格数"),
}
assert set(OPTIONS) == {f.name for f in fields(Limits)}


class LimitExceeded(Exception):
    """A file goes over a limit (carries the located issue to report)."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def over(limits: Limits, name: str, found: str, place: Place) -> LimitExceeded:
    """The refusal for limit ``name`` (``found``: what the file has, in words)."""
    option, what = OPTIONS[name]
    value = getattr(limits, name)
    return LimitExceeded(
        Issue.make(
            "sheet-limit",
            f"超出读取上限：{what}上限为 {value}，{found}，未读取该文件",
            place,
            f"确认文件无误后，可用 import-xlsx {option} 调高上限；工作表末尾多余的空行、"
            "空列可在 Excel 中删除后另存。",
        )
    )


def check_package(path: Path, shown: str, limits: Limits) -> None:
    """Refuse an ``.xlsx`` package whose parts would unpack beyond the limits, before any is
    read (the zip reader stops at each part's declared size, so the declaration binds)."""
    with zipfile.ZipFile(path) as package:
        total = 0
        for info in package.infolist():
            if info.file_size > limits.part_mb * MB:
                raise over(
                    limits,
                    "part_mb",
                    f"部件 {info.filename} 解压后有 {info.file_size / MB:.1f} MB",
                    Place(shown),
                )
            total += info.file_size
        if total > limits.total_mb * MB:
            raise over(limits, "total_mb", f"解压后共 {total / MB:.1f} MB", Place(shown))


def check_file_size(path: Path, shown: str, limits: Limits) -> None:
    """Refuse a CSV or ``.xls`` file larger than the part limit, before reading it."""
    size = path.stat().st_size
    if size > limits.part_mb * MB:
        raise over(limits, "part_mb", f"文件有 {size / MB:.1f} MB", Place(shown))


class Counter:
    """Counts a file's sheets, rows, columns and cells as they are read, and refuses the first
    one over its limit (at its place)."""

    def __init__(self, limits: Limits, shown: str) -> None:
        self.limits = limits
        self.shown = shown
        self.cells = 0

    def sheets(self, count: int) -> None:
        """Before any sheet is read."""
        if count > self.limits.sheets:
            raise over(self.limits, "sheets", f"该工作簿有 {count} 个工作表", Place(self.shown))

    def row(self, sheet: str, row: int, width: int) -> None:
        """A non-empty row ``row`` (1-based) of ``width`` cells to its last non-empty one."""
        where = Place(self.shown, sheet, row)
        if row > self.limits.rows:
            raise over(self.limits, "rows", f"第{row}行仍有内容", where)
        if width > self.limits.columns:
            raise over(self.limits, "columns", f"第{row}行第{width}列仍有内容", where)
        self.cells += width
        if self.cells > self.limits.cells:
            raise over(self.limits, "cells", f"读到此行已有 {self.cells} 个单元格", where)
