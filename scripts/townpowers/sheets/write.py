"""Writing spreadsheets: office-ready ``.xlsx`` workbooks and CSV files Excel opens as is.

Workbooks get a bold, frozen header, an autofilter and column widths that fit Chinese text;
text is always stored as text, so a cell whose text begins with ``=`` is never a formula. CSV
files are UTF-8 with a BOM (Excel reads them without an import dialog) and carry the formula
injection guard of :func:`townpowers.sheets.read.guard`. Files are replaced atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..util.files import UMASK, write_atomic
from .read import column_letter, guard

#: Excel's limit on the text of one cell.
CELL_LIMIT = 32767
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r]")
#: Excel's limit on a sheet title, the characters it forbids there (written as ``－``) and the
#: characters no title should hold.
SHEET_TITLE_LIMIT = 31
_TITLE_FORBIDDEN = str.maketrans({c: "－" for c in "[]:*?/\\"})
_TITLE_DROPPED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


class SheetWriteError(Exception):
    """A value cannot be stored in a spreadsheet cell (the message says which and why)."""


@dataclass
class SheetOut:
    """A sheet to write: header rows (frozen, filtered on the last one) and data rows."""

    name: str
    header: list[list[str]]
    rows: list[list[Any]]
    title: str = ""  # a title row above the header, merged across it (xlsx only)


def _check_text(text: str, sheet: SheetOut, row: int) -> None:
    """Refuse text a cell cannot hold, naming the sheet and row."""
    if len(text) > CELL_LIMIT:
        raise SheetWriteError(
            f"工作表“{sheet.name}”第{row}行：文字有 {len(text)} 个字符，超过单元格上限 {CELL_LIMIT}"
        )
    if _BAD_CHARS.search(text):
        raise SheetWriteError(f"工作表“{sheet.name}”第{row}行：文字含有回车符或其他控制字符")


def sheet_titles(names: Sequence[str]) -> list[str]:
    """Titles Excel accepts for sheets named ``names``, distinct, in order: the one place a
    sheet title is made (catalog text such as a town name may hold ``[]:*?/\\``, control
    characters, a leading ``'``, or pass 31 characters; a title openpyxl refuses would end the
    export with a traceback, and Excel compares titles case-insensitively)."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        title = _TITLE_DROPPED.sub("", name.translate(_TITLE_FORBIDDEN)).strip().strip("'")
        title = title[:SHEET_TITLE_LIMIT] or "Sheet"
        if title.casefold() in seen or title.casefold() == "history":
            digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:4]
            title = title[: SHEET_TITLE_LIMIT - 5] + "~" + digest
        n = 1
        while title.casefold() in seen:  # a hash collision: count on
            n += 1
            title = f"{title[: SHEET_TITLE_LIMIT - 3]}~{n}"
        seen.add(title.casefold())
        out.append(title)
    return out


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet (CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _widths(sheet: SheetOut) -> list[float]:
    """Column widths from the longest line of each column (first 300 rows)."""
    count = max([len(r) for r in sheet.header] + [len(r) for r in sheet.rows[:300]] + [0])
    widths = [8.0] * count
    for row in [*sheet.header, *sheet.rows[:300]]:
        for i, value in enumerate(row):
            if value is None:
                continue
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            longest = max((display_width(line) for line in text.splitlines()), default=0)
            widths[i] = max(widths[i], min(60.0, longest + 2.0))
    return widths


def write_xlsx(
    path: Path,
    sheets: Sequence[SheetOut],
    keywords: str = "",
    fixed_time: bool = False,
    description: str = "",
) -> None:
    """Write a workbook atomically: bold frozen header, autofilter, column widths, text as text.

    ``fixed_time`` stamps the document properties with a constant time, for files that are
    committed and regenerated (the template).
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    titles = sheet_titles([spec.name for spec in sheets])
    for spec, title in zip(sheets, titles, strict=True):
        sheet = book.create_sheet(title)
        top = 1 if spec.title else 0
        width = max([len(r) for r in spec.header] + [1])
        if spec.title:
            sheet.cell(1, 1).value = spec.title
            sheet.cell(1, 1).data_type = "s"
            sheet.cell(1, 1).font = Font(bold=True, size=14)
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        for r, values in enumerate([*spec.header, *spec.rows], start=1 + top):
            for c, value in enumerate(values, start=1):
                if value is None:
                    continue
                cell = sheet.cell(r, c)
                if isinstance(value, str):
                    _check_text(value, spec, r)
                    cell.value = value
                    cell.data_type = "s"  # never a formula, whatever the text begins with
                    if "\n" in value:
                        cell.alignment = wrap
                elif isinstance(value, dt.date):
                    cell.value = value
                    cell.number_format = "yyyy-mm-dd"
                else:
                    cell.value = value
                if r <= top + len(spec.header):
                    cell.font = bold
                    cell.fill = fill
        heads = top + len(spec.header)
        sheet.freeze_panes = f"A{heads + 1}"
        if spec.header:
            last = heads + len(spec.rows)
            sheet.auto_filter.ref = f"A{heads}:{column_letter(width)}{last}"
        for i, w in enumerate(_widths(spec), start=1):
            sheet.column_dimensions[column_letter(i)].width = w
    book.properties.creator = "townpowers"
    book.properties.keywords = keywords or None
    book.properties.description = description or None  # the catalog version it shows
    if fixed_time:
        stamp = dt.datetime(2021, 4, 20)
        book.properties.created = stamp
        book.properties.modified = stamp
    save_book(book, path)


def save_book(book: Any, path: Path) -> None:
    """Save an openpyxl workbook atomically (a temporary file beside it, then renamed), with
    the permissions an ordinary new file gets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as handle:
        tmp = Path(handle.name)
    try:
        book.save(tmp)
        tmp.chmod(0o666 & ~UMASK)  # not the temporary file's private 0600
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def csv_cell(value: Any) -> str:
    """A value as CSV text: dates ISO, booleans TRUE/FALSE, text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return guard(value)
    return str(value)


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """CSV text as Excel reads it without asking: UTF-8 with BOM, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def write_csv(path: Path, sheet: SheetOut) -> bool:
    """Write one sheet as a CSV file atomically; returns whether the file changed."""
    for r, values in enumerate(sheet.rows, start=len(sheet.header) + 1):
        for value in values:
            if isinstance(value, str) and "\x00" in value:
                raise SheetWriteError(f"{path.name} 第{r}行：文字含有控制字符")
    return write_atomic(path, csv_text([*sheet.header, *sheet.rows]))
