"""Spreadsheet cells as typed field values, every mismatch reported at its cell.

Excel stores every number as a float and shows dates as numbers with a format; CSV has only
text. A cell is therefore accepted as what its field means: an integral float for an integer,
a date (or ``YYYY-MM-DD`` text) for a date, TRUE/FALSE or 是/否 for a boolean, a number for a
text field only as its digits (codes like 370481 typed into a cell). Anything else is reported
with the value found and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..model.textpolicy import suspicious, text_problem
from .read import Grid, Issue, Place, is_empty
from .tables import SEP, Column

_TRUE = {"true", "是", "TRUE", "True"}
_FALSE = {"false", "否", "FALSE", "False"}
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_INT = re.compile(r"[+-]?\d+")
#: Returned after a problem was reported.
BAD: Any = object()


def text_issues(grid: Grid) -> list[Issue]:
    """Every cell whose text the catalog's text policy refuses (a control character other than
    newline: NUL, ESC, BEL …), at its cell, the character shown escaped (``U+001B``). The
    office importers apply this to every sheet they read; names and identifiers are further
    held to the model's rules when the imported records are loaded."""
    out = []
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and suspicious(value):
                problem = text_problem(value)
                if problem is not None:
                    out.append(
                        Issue.make(
                            "sheet-value",
                            f"单元格{problem.message}",
                            grid.place(r, c),
                            problem.hint,
                        )
                    )
    return out


def convert(column: Column, value: Any, where: Place, issues: list[Issue]) -> Any:
    """A cell's value as the field's type (``BAD`` after reporting a problem)."""
    if is_empty(value):
        return None
    if column.kind == "presence":
        return _bool(value, where, issues)
    if column.kind == "joined":
        if not isinstance(value, str):
            value = text_of(value)
        items = [v.strip() for v in value.split(SEP)]
        out = [_scalar(column, v, where, issues) for v in items if v]
        return BAD if any(v is BAD for v in out) else out
    return _scalar(column, value, where, issues)


def text_of(value: Any) -> str:
    """A cell value as text (integral floats without ``.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _scalar(column: Column, value: Any, where: Place, issues: list[Issue]) -> Any:
    """One value as the column's scalar type."""
    kind = column.type.kind
    if kind == "str":
        if isinstance(value, bool | dt.date):
            return _wrong(value, "文本", where, issues)
        return value if isinstance(value, str) else text_of(value)
    if kind == "int":
        if isinstance(value, bool):
            return _wrong(value, "整数", where, issues)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INT.fullmatch(value.strip()):
            return int(value.strip())
        return _wrong(value, "整数", where, issues)
    if kind == "bool":
        return _bool(value, where, issues)
    if kind == "date":
        return _date(value, where, issues)
    if kind == "enum":
        text = value.strip() if isinstance(value, str) else text_of(value)
        allowed = [m.value for m in column.type.target]
        if text in allowed:
            return text
        issues.append(
            Issue.make(
                "sheet-value",
                f"“{_short(text)}”不是允许的值",
                where,
                "允许的值：" + "、".join(allowed),
            )
        )
        return BAD
    raise AssertionError(kind)  # pragma: no cover - lists and models are not cells


def _bool(value: Any, where: Place, issues: list[Issue]) -> Any:
    """TRUE/FALSE (or 是/否) as a boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in _TRUE:
        return True
    if isinstance(value, str) and value.strip() in _FALSE:
        return False
    issues.append(
        Issue.make(
            "sheet-value", f"应为 TRUE 或 FALSE（是或否），实际是“{_short(text_of(value))}”", where
        )
    )
    return BAD


def _date(value: Any, where: Place, issues: list[Issue]) -> Any:
    """An Excel date, or YYYY-MM-DD (or YYYY/M/D) text, as a date."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date()
        return _wrong(value, "日期（不含时间）", where, issues)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE.fullmatch(value.strip())
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                issues.append(Issue.make("sheet-value", f"不是有效日期：“{value}”", where))
                return BAD
    return _wrong(value, "日期（YYYY-MM-DD）", where, issues)


def _wrong(value: Any, expected: str, where: Place, issues: list[Issue]) -> Any:
    """Report a value of the wrong type, saying what was found."""
    shown = value.isoformat() if isinstance(value, dt.date) else text_of(value)
    what = (
        "日期"
        if isinstance(value, dt.date)
        else "数字"
        if isinstance(value, int | float) and not isinstance(value, bool)
        else "布尔值"
        if isinstance(value, bool)
        else "文字"
    )
    issues.append(
        Issue.make("sheet-value", f"应为{expected}，实际是{what}“{_short(shown)}”", where)
    )
    return BAD


def _short(text: str, limit: int = 40) -> str:
    """Long text cut for messages."""
    return text if len(text) <= limit else text[:limit] + "…"
