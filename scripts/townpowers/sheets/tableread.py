"""Reading the lossless catalog tables (see :mod:`townpowers.sheets.tables`) back into file data.

Every cell is checked against its field's type where it stands (sheet, row, column): text in
an integer column, an impossible date, a value outside an enumeration (the allowed values are
listed), a boolean that is not TRUE/FALSE/是/否, a missing required cell; so are the tables'
shapes: missing or unknown columns, rows whose parent row does not exist, repeated keys. What
the model's constraints check beyond types (patterns, ranges, references across files) is left
to the loader, whose findings are mapped back to cells by the caller.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from .cells import BAD, convert, text_of
from .read import Grid, Issue, Place, is_empty
from .tables import FILE_KEY, INDEX_KEY, MARKER, VERSION, Kind, Table, kinds

Path_ = tuple[str | int, ...]
_FILE_NAME = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff._-]*")


@dataclass
class FileOut:
    """One catalog file to write: its data and where each value came from."""

    rel: str
    kind: Kind
    data: dict[str, Any]
    place: Place
    places: dict[Path_, Place] = field(default_factory=dict)


@dataclass
class _Rec:
    """A row read from a table, its children attached later by their index paths."""

    table: Table
    key: tuple[str, tuple[int, ...]]
    data: Any
    place: Place
    cells: dict[tuple[str, ...], Place] = field(default_factory=dict)
    children: dict[tuple[str, ...], list[tuple[int, _Rec]]] = field(default_factory=dict)


def marker_version(grids: list[Grid]) -> int | None:
    """The format version when a sheet (``说明``) carries the lossless workbook's marker."""
    for grid in grids:
        if grid.cell(1, 1) == MARKER:
            version = grid.cell(1, 2)
            try:
                return int(version)
            except (TypeError, ValueError):
                return 0
    return None


# --- tables -> records --------------------------------------------------------------------------


class _Reader:
    """Reads every table of a lossless workbook, collecting every problem."""

    def __init__(self, grids: list[Grid]) -> None:
        """Index the grids by name."""
        self.grids = {g.name: g for g in grids}
        self.issues: list[Issue] = []
        self.recs: dict[str, dict[tuple[str, tuple[int, ...]], _Rec]] = {}
        #: Keys of rows that had errors: their child rows are not reported again.
        self.failed: dict[str, set[tuple[str, tuple[int, ...]]]] = {}
        self.first = grids[0] if grids else None

    def grid(self, table: Table) -> Grid | None:
        """A table's sheet (by its sheet name) or CSV file (by its full name)."""
        return (
            self.grids.get(table.sheet)
            or self.grids.get(table.name)
            or self.grids.get(table.legacy_sheet)  # format version 1
        )

    def error(self, code: str, message: str, where: Place, hint: str = "") -> None:
        """Collect a problem."""
        self.issues.append(Issue.make(code, message, where, hint))

    def table(self, table: Table) -> list[_Rec]:
        """The rows of one table (the sheet must exist and its header be sound)."""
        grid = self.grid(table)
        recs: dict[tuple[str, tuple[int, ...]], _Rec] = {}
        self.recs[table.name] = recs
        if grid is None:
            first = self.first
            if first is not None and first.is_csv:
                message = f"缺少 CSV 文件“{table.name}.csv”"
                where = Place(first.file.rsplit("/", 1)[0])
            else:
                message = f"缺少工作表“{table.sheet}”"
                where = Place(first.file if first else "")
            hint = "导出的目录包含每个表格（没有数据时只有表头）；请勿删除。"
            self.error("sheet-header", message, where, hint)
            return []
        columns = self.header(table, grid)
        if columns is None:
            return []
        out = []
        for r in range(3, grid.height + 1):
            if all(is_empty(v) for v in grid.rows[r - 1]):
                continue
            rec = self.row(table, grid, r, columns, recs)
            if rec is not None:
                out.append(rec)
        return out

    def header(self, table: Table, grid: Grid) -> dict[str, int] | None:
        """Column key -> column number from row 2; ``None`` after reporting problems."""
        found: dict[str, int] = {}
        known = {c.key for c in table.columns} | set(table.keys)
        ok = True
        for c in range(1, grid.width + 1):
            key = grid.cell(2, c)
            if is_empty(key):
                if any(not is_empty(grid.cell(r, c)) for r in range(3, grid.height + 1)):
                    self.error("sheet-header", "有数据的列缺少字段名（第2行）", grid.place(2, c))
                    ok = False
                continue
            key = str(key).strip()
            if key not in known:
                self.error(
                    "sheet-header",
                    f"不认识的列“{key}”",
                    grid.place(2, c, key),
                    "第2行的字段名由导出生成，请勿修改；可用的列：" + "、".join(sorted(known)),
                )
                ok = False
            elif key in found:
                self.error("sheet-header", f"列“{key}”重复", grid.place(2, c, key))
                ok = False
            else:
                found[key] = c
        missing = [k for k in table.keys if k not in found] + [
            c.key for c in table.columns if c.required and c.key not in found
        ]
        if missing:
            self.error(
                "sheet-header",
                "缺少必需的列：" + "、".join(missing),
                grid.place(2),
                "已识别的列：" + ("、".join(found) or "无"),
            )
            ok = False
        return found if ok else None

    def row(
        self,
        table: Table,
        grid: Grid,
        r: int,
        columns: dict[str, int],
        recs: dict[tuple[str, tuple[int, ...]], _Rec],
    ) -> _Rec | None:
        """One row as a record (keys checked, cells converted); ``None`` after a problem."""
        before = len(self.issues)
        file_key = ""
        if table.by_file:
            c = columns[FILE_KEY]
            raw = grid.filled(r, c)
            text = "" if is_empty(raw) else text_of(raw).strip()
            if not _FILE_NAME.fullmatch(text):
                self.error(
                    "sheet-value",
                    f"文件名“{text}”无效" if text else "文件名为空",
                    grid.place(r, c, FILE_KEY),
                    "文件名（不含 .yaml）由字母、数字、汉字、点、连字符和下划线组成。",
                )
            file_key = text
        index: tuple[int, ...] = ()
        if table.depth:
            c = columns[INDEX_KEY]
            raw = grid.filled(r, c)
            text = "" if is_empty(raw) else (str(raw) if isinstance(raw, int) else raw)
            parts = text.strip().split(".") if isinstance(text, str) and text.strip() else []
            if len(parts) != table.depth or not all(p.isdigit() and int(p) > 0 for p in parts):
                self.error(
                    "sheet-value",
                    f"序号路径“{text_of(raw) if raw is not None else ''}”应为 {table.depth} 个"
                    "正整数，以“.”分隔",
                    grid.place(r, c, INDEX_KEY),
                    "如“3.2”表示上级第3项中的第2项；在 Excel 中请把该列设为文本格式。",
                )
            else:
                index = tuple(int(p) for p in parts)
        values: dict[tuple[str, ...], Any] = {}
        cells: dict[tuple[str, ...], Place] = {}
        presence: dict[tuple[str, ...], bool] = {}
        for column in table.columns:
            at = columns.get(column.key)
            if at is None:
                continue
            where = grid.place(r, at, column.key)
            value = convert(column, grid.filled(r, at), where, self.issues)
            cells[column.path] = where
            if value is BAD:
                continue
            if column.kind == "presence":
                presence[column.path] = bool(value)
            elif value is not None:
                values[column.path] = value
        key = (file_key, index)
        if len(self.issues) > before:
            self.failed.setdefault(table.name, set()).add(key)
            return None
        place = grid.place(r)
        data = self.assemble(table, values, presence, cells, place)
        if data is BAD:
            self.failed.setdefault(table.name, set()).add(key)
            return None
        if key in recs:
            first = recs[key].place.row
            self.error(
                "sheet-row",
                f"与第{first}行的键重复（{FILE_KEY}“{file_key}”{INDEX_KEY}“{'.'.join(map(str, index))}”）"
                if table.depth
                else f"文件名“{file_key}”与第{first}行重复",
                place,
            )
            return None
        rec = _Rec(table, key, data, place, cells)
        recs[key] = rec
        return rec

    def assemble(
        self,
        table: Table,
        values: dict[tuple[str, ...], Any],
        presence: dict[tuple[str, ...], bool],
        cells: dict[tuple[str, ...], Place],
        place: Place,
    ) -> Any:
        """Nested data of a row from its flattened columns; absent optional objects left out."""
        if table.cls is None:  # a list of plain values: one value per row
            if values.get(()) is None:
                self.error("sheet-value", "内容为空", cells.get((), place))
                return BAD
            return values[()]
        data: dict[str, Any] = {}
        absent: set[tuple[str, ...]] = set()
        for column in table.columns:
            for prefix in column.optional:
                if prefix in absent or prefix in presence:
                    continue
                if not any(p[: len(prefix)] == prefix for p in values):
                    absent.add(prefix)
        for prefix, present in presence.items():
            if not present:
                filled = [p for p in values if p[: len(prefix)] == prefix]
                if filled:
                    self.error(
                        "sheet-value",
                        f"“{'.'.join(prefix)}”标为未填写（FALSE），但本行填写了它的内容",
                        cells[prefix],
                        "把该列改为 TRUE，或清空“" + ".".join(filled[0]) + "”等列。",
                    )
                    return BAD
                absent.add(prefix)
        for column in table.columns:
            if any(p in absent for p in column.optional) or (
                column.kind == "presence" and column.path in absent
            ):
                continue
            target = data
            for name in column.path[:-1]:
                target = target.setdefault(name, {})
            if column.kind == "presence":
                target.setdefault(column.path[-1], {})
            elif column.path in values:
                target[column.path[-1]] = values[column.path]
            elif column.required and column.path in cells:
                self.error("sheet-value", "必填的单元格为空", cells[column.path])
        return data

    def attach(self, table: Table, recs: list[_Rec]) -> None:
        """Give each child row to its parent row (by file and index path)."""
        assert table.parent is not None
        parents = self.recs[table.parent.name]
        for rec in recs:
            file_key, index = rec.key
            parent = parents.get((file_key, index[:-1]))
            if parent is None and (file_key, index[:-1]) in self.failed.get(table.parent.name, ()):
                self.failed.setdefault(table.name, set()).add(rec.key)  # reported at the parent
                continue
            if parent is None:
                where = (
                    f"文件“{file_key}”中序号为“{'.'.join(map(str, index[:-1]))}”的行"
                    if index[:-1]
                    else f"文件“{file_key}”的行"
                )
                self.error(
                    "sheet-row",
                    f"找不到上级行：工作表“{table.parent.sheet}”中没有{where}",
                    rec.place,
                )
                continue
            parent.children.setdefault(table.list_path, []).append((index[-1], rec))


def _finish(rec: _Rec, path: Path_, places: dict[Path_, Place], issues: list[Issue]) -> Any:
    """Put child rows into their parent's data (in index order), recording places."""
    places[path] = rec.place
    for rel, where in rec.cells.items():
        places[(*path, *rel)] = where
    for field_path, items in rec.children.items():
        items.sort(key=lambda p: (p[0], p[1].place.row))
        for (a, first), (b, second) in itertools.pairwise(items):
            if a == b:
                issues.append(
                    Issue.make(
                        "sheet-row", f"序号与第{first.place.row}行重复（同一上级中）", second.place
                    )
                )
        target = rec.data
        for name in field_path[:-1]:
            if not isinstance(target, dict) or name not in target:
                for _, child in items:
                    issues.append(
                        Issue.make(
                            "sheet-row",
                            f"上级行没有填写“{'.'.join(field_path[:-1])}”，不能有这一下级行",
                            child.place,
                        )
                    )
                break
            target = target[name]
        else:
            target[field_path[-1]] = [
                _finish(child, (*path, *field_path, i), places, issues)
                for i, (_, child) in enumerate(items)
            ]
    return rec.data


def read_tables(grids: list[Grid]) -> tuple[list[FileOut], list[Issue]]:
    """Catalog files (data and cell places) from a lossless workbook's grids."""
    reader = _Reader(grids)
    version = marker_version(grids)
    first = grids[0].place(1, 1) if grids else Place("")
    if version is None or version < 1:
        return [], [Issue.make("sheet-header", "不是 townpowers 导出的目录工作簿", first)]
    if version > VERSION:
        return [], [
            Issue.make(
                "sheet-header",
                f"工作簿格式第 {version} 版由更新的 townpowers 导出，本版本只能读取第 {VERSION} 版",
                first,
                "升级 townpowers 后再导入。",
            )
        ]
    files: list[tuple[FileOut, _Rec]] = []
    for kind in kinds():
        if kind.optional and reader.grid(kind.root) is None:
            continue  # the optional file was absent when exported
        roots = reader.table(kind.root)
        for table in list(kind.root.walk())[1:]:
            reader.attach(table, reader.table(table))
        files += _files_of(kind, roots, reader)
    issues = reader.issues
    if issues:
        return [], issues
    for out, rec in files:
        out.data = _finish(rec, (), out.places, issues)
    return ([] if issues else [out for out, _ in files]), issues


def _files_of(kind: Kind, roots: list[_Rec], reader: _Reader) -> list[tuple[FileOut, _Rec]]:
    """The catalog files of one kind with the record each is built from."""
    grid = reader.grid(kind.root)
    table_place = grid.place() if grid else Place("")
    if kind.shape == "folder":
        folder = kind.pattern[:-2]
        return [(FileOut(f"{folder}/{rec.key[0]}.yaml", kind, {}, rec.place), rec) for rec in roots]
    if kind.shape == "wrapper":
        top = _Rec(kind.root, ("", ()), {}, table_place)
        top.children[(kind.wrapper_field,)] = [(rec.key[1][-1], rec) for rec in roots]
        return [(FileOut(kind.pattern, kind, {}, table_place), top)]
    if len(roots) != 1:
        reader.error(
            "sheet-row",
            f"工作表“{kind.root.sheet}”应恰好有一行数据（{kind.pattern}），实际有 {len(roots)} 行",
            roots[1].place if len(roots) > 1 else table_place,
        )
        return []
    return [(FileOut(kind.pattern, kind, {}, roots[0].place), roots[0])]
