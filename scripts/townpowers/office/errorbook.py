"""The error workbook: the office's own workbook with every problem at its cell.

A terminal report is read by whoever ran the import; the office that has to fix the list works
in Excel. So a refused import also writes a copy of the input workbook in which every problem
cell is highlighted (red for errors, yellow for warnings) and carries the message (and hint) as a
cell comment, and whose first sheet lists every problem with a link to its cell. The office
corrects the copy and sends it back; importing it again reads it like any workbook: the problem
sheet is recognized and skipped, and the marks of an earlier check are removed before new ones
are made, so the copy of a copy never accumulates old comments.

An ``.xlsx`` input is copied with openpyxl (styles, widths, formulas and the office's own
comments kept; pictures and charts are not, which openpyxl cannot copy). An ``.xls`` or CSV input
is rebuilt from its cells and merged ranges as an ``.xlsx`` workbook. The catalog is never
touched: this is a report.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..diagnostics import Severity
from ..sheets.read import Grid, Issue, Place, column_letter
from ..sheets.write import save_book, sheet_titles
from ..util.text import visible, xml_text
from .read import PROBLEM_HEADER, PROBLEM_SHEET

AUTHOR = "townpowers 导入检查"
#: Starts the part of a comment this check wrote (an office's own comment text is kept before it).
MARK = "【导入检查】"
FILLS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFEB9C"}
WORDS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def error_book_path(source: Path) -> Path:
    """Where the error workbook goes by default: beside the input, ``<名称>-问题.xlsx``."""
    return source.with_name(f"{source.stem}-问题.xlsx")


def write_error_book(source: Path, grids: list[Grid], issues: list[Issue], out: Path) -> None:
    """Write the marked copy of ``source`` (read as ``grids``) to ``out``, atomically.

    Never fails on the content: a value a workbook cannot hold (a NUL or ESC from a CSV file)
    is written escaped (``<U+0000>``), and everything that could not be copied as it was is
    listed in the first sheet; when even marking the copy fails, the workbook holds the
    problem sheet alone and says so there. (A failed write, such as a full disk, still raises
    :class:`OSError` for the caller to report.)
    """
    lost: list[Issue] = []
    try:
        book = _copy(source, grids, lost)
        _mark(book, grids, issues)
    except OSError:
        raise
    except Exception as exc:  # the copy cannot be marked: the problem list alone
        from openpyxl import Workbook  # type: ignore[import-untyped]

        book = Workbook()
        book.remove(book.active)
        lost.append(
            Issue.make(
                "sheet-notice",
                f"未能复制原表格并标注问题（{visible(str(exc))[:120] or type(exc).__name__}），"
                "本工作簿只列出问题",
                Place(str(source)),
            )
        )
    _problem_sheet(book, [*issues, *lost], _single(book))
    save_book(book, out)


def _single(book: Any) -> str | None:
    """The one sheet's title (issues of a CSV file name no sheet), else ``None``."""
    return book.worksheets[0].title if len(book.worksheets) == 1 else None


def _mark(book: Any, grids: list[Grid], issues: list[Issue]) -> None:
    """Highlight every problem cell and attach its messages as a comment."""
    from openpyxl.comments import Comment  # type: ignore[import-untyped]
    from openpyxl.styles import PatternFill  # type: ignore[import-untyped]

    widths = {grid.name[:31]: grid.width for grid in grids}
    single = book.worksheets[0].title if len(book.worksheets) == 1 else None
    marks: dict[tuple[str, int, int], list[Issue]] = defaultdict(list)
    for issue in sorted(issues, key=Issue.sort_key):
        sheet = issue.place.sheet or single
        if (
            sheet
            and sheet in book.sheetnames
            and issue.place.row
            and issue.severity > Severity.INFO
        ):
            ws = book[sheet]
            row, column = _origin(ws, issue.place.row, issue.place.column or 1)
            marks[(sheet, row, column)].append(issue)
            if not issue.place.column:  # a row's problem: the row is marked to its last value
                # (not to ws.max_column: one styled cell at XFD makes that 16 384 cells a row)
                width = widths.get(sheet, 0) or min(ws.max_column, 200)
                for c in range(1, width + 1):
                    _fill(ws, issue.place.row, c, issue.severity, PatternFill)
    for (sheet, row, column), found in marks.items():
        ws = book[sheet]
        worst = max(i.severity for i in found)
        _fill(ws, row, column, worst, PatternFill)
        cell = ws.cell(row, column)
        text = xml_text("\n".join(_comment_line(i, row) for i in found))
        own = cell.comment.text.rstrip() + "\n" if cell.comment is not None else ""
        comment = Comment(own + MARK + "\n" + text, AUTHOR)
        comment.width = 320
        comment.height = min(600, 40 + 18 * (text.count("\n") + len(text) // 24 + 1))
        cell.comment = comment


def _copy(source: Path, grids: list[Grid], lost: list[Issue]) -> Any:
    """The input as an openpyxl workbook, without the marks of an earlier check."""
    from openpyxl import Workbook, load_workbook

    try:
        with source.open("rb") as handle:
            is_xlsx = handle.read(4) == b"PK\x03\x04"
        if is_xlsx:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # features openpyxl does not keep
                book = load_workbook(source)
            _unmark(book)
            return book
    except Exception:  # read already succeeded once; rebuild from the cells read
        pass
    book = Workbook()
    book.remove(book.active)
    for grid, title in zip(grids, sheet_titles([g.name for g in grids]), strict=True):
        ws = book.create_sheet(title)
        for r, values in enumerate(grid.rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    if isinstance(value, str):
                        safe = xml_text(value)
                        if safe != value:  # a NUL or ESC from a CSV: no workbook can hold it
                            lost.append(
                                Issue.make(
                                    "sheet-notice",
                                    "单元格含有工作簿不能保存的控制字符，复制时写作 <U+XXXX> 形式",
                                    Place(grid.file, "" if grid.is_csv else title, r, c),
                                )
                            )
                        value = safe
                    ws.cell(r, c).value = value
                    if isinstance(value, str):
                        ws.cell(r, c).data_type = "s"  # text stays text, never a formula
        for r0, c0, r1, c1 in grid.merged:
            if (r0, c0) != (r1, c1):
                ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
    return book


def _unmark(book: Any) -> None:
    """Remove an earlier check's problem sheet, fills and comment parts."""
    from openpyxl.styles import PatternFill

    if PROBLEM_SHEET in book.sheetnames:
        book.remove(book[PROBLEM_SHEET])
    ours = set(FILLS.values())
    for ws in book.worksheets:
        # the stored cells only: iter_rows() would visit max_row × max_column cells, a million
        # rows of 16 384 for one styled cell at XFD1048576
        for cell in list(ws._cells.values()):
            if cell.fill is not None and cell.fill.fgColor.rgb in ours:
                cell.fill = PatternFill(fill_type=None)
            comment = cell.comment
            if comment is not None and MARK in comment.text:
                kept = comment.text[: comment.text.index(MARK)].rstrip()
                cell.comment = None
                if kept:
                    from openpyxl.comments import Comment

                    cell.comment = Comment(kept, comment.author or "")


def _origin(ws: Any, row: int, column: int) -> tuple[int, int]:
    """The cell that holds a merged range's value and comment (the cell itself otherwise)."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, column


def _fill(ws: Any, row: int, column: int, severity: Severity, fill_cls: Any) -> None:
    """Highlight a cell (an error's red is not turned yellow by a warning)."""
    row, column = _origin(ws, row, column)
    cell = ws.cell(row, column)
    if cell.fill is not None and cell.fill.fgColor.rgb == FILLS[Severity.ERROR]:
        return
    cell.fill = fill_cls("solid", fgColor=FILLS[severity])


def _comment_line(issue: Issue, row: int) -> str:
    """One problem as a comment says it (naming the row when the cell is merged over rows)."""
    where = f"第{issue.place.row}行：" if issue.place.row != row else ""
    text = f"{WORDS[issue.severity]}：{where}{issue.message}"
    return text + (f"\n提示：{issue.hint}" if issue.hint else "")


def _where(place: Place) -> str:
    """A place without the file name (the problem sheet lives in that file)."""
    full = place.text()
    return full[len(place.file) :].strip() or "整个文件"


def _problem_sheet(book: Any, issues: list[Issue], single: str | None) -> None:
    """The first sheet: every problem, in reading order, linked to its cell."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink  # type: ignore[import-untyped]

    order = {name: i for i, name in enumerate(book.sheetnames)}

    def reading_order(issue: Issue) -> tuple[int, int, int, str]:
        """Sheets in workbook order (not by name), then rows and columns."""
        p = issue.place
        return (order.get(p.sheet or single or "", -1), p.row, p.column, issue.message)

    ws = book.create_sheet(PROBLEM_SHEET, 0)
    for c, name in enumerate(PROBLEM_HEADER, start=1):
        ws.cell(1, c).value = name
        ws.cell(1, c).font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, issue in enumerate(sorted(issues, key=reading_order), start=1):
        r = n + 1
        values = [
            n,
            xml_text(visible(_where(issue.place))),
            WORDS[issue.severity],
            xml_text(visible(issue.message)),
            xml_text(visible(issue.hint)) or None,
        ]
        for c, value in enumerate([*values, issue.code], start=1):
            cell = ws.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
                cell.alignment = wrap
        sheet = issue.place.sheet or single
        if sheet and sheet in book.sheetnames and sheet != PROBLEM_SHEET:
            target = f"{column_letter(issue.place.column or 1)}{issue.place.row or 1}"
            quoted = "'" + sheet.replace("'", "''") + "'"
            link = ws.cell(r, 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quoted}!{target}")
            link.font = Font(color="FF0563C1", underline="single")
        if issue.severity > Severity.INFO:
            ws.cell(r, 3).fill = PatternFill("solid", fgColor=FILLS[issue.severity])
    for letter, width in zip("ABCDEF", (6, 36, 6, 60, 50, 16), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
