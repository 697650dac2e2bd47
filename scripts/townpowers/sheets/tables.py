"""The whole catalog as tables, losslessly, derived from the model (``schema.plan``).

One table per catalog file kind (:data:`townpowers.yamlio.load.LAYOUT`):

* a single file (``catalog.yaml``) is one row;
* a folder kind (``powers/*``) is one row per file, keyed by ``_file`` (the file name without
  ``.yaml``);
* a wrapper file whose model is just one list of objects (``towns.yaml``) has the list items
  as rows, keyed by ``_index``.

Within a row, nested objects are flattened into dotted columns (``guide.promised_limit.days``);
an optional object whose presence its columns cannot show (all its fields optional) gets a
presence column of its own. Lists of objects become child tables named by their dotted path
(``town-lists.grants.history``) whose rows carry their parents' keys (``_file`` and an index path
such as ``3.2``: the third grant's second event). Lists of codes (enum values, ids) are joined
with ``、`` in one cell; lists of free text become child tables with one value per row, so no
character can be lost to a separator.

Being derived from the model, the tables follow it: a field added to the model is a column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.schema import FieldSpec, TypeSpec, plan
from ..yamlio.load import LAYOUT, read_model
from ..yamlio.write import is_flow_list
from .sheetnames import chinese_sheet_name, kind_title, sheet_name, title_of, title_text

MARKER = "townpowers-catalog-workbook"
#: 2: sheets named in Chinese (version 1 used the dotted table names, still read).
VERSION = 2
SEP = "、"
FILE_KEY = "_file"
INDEX_KEY = "_index"
VALUE_KEY = "value"
KEY_LABELS = {
    FILE_KEY: "文件名（不含 .yaml）",
    INDEX_KEY: "序号路径（上级序号.本级序号）",
    VALUE_KEY: "内容",
}


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table: a scalar field, a joined code list, or an object's presence."""

    key: str
    label: str
    path: tuple[str, ...]
    spec: FieldSpec
    kind: str  # "scalar" | "joined" | "presence"
    type: TypeSpec  # the value's type (the item type for joined lists)
    #: Prefixes of ``path`` that are optional objects (the value is absent when one is None).
    optional: tuple[tuple[str, ...], ...] = ()

    @property
    def required(self) -> bool:
        """Whether the field must be given whenever its object is."""
        return self.kind == "scalar" and self.spec.required


@dataclass
class Table:
    """A table: rows are objects of ``cls`` (or plain values when ``cls`` is None)."""

    name: str
    cls: type | None
    parent: Table | None
    list_path: tuple[str, ...]  # path, in a parent row, of the list this table holds
    depth: int  # list levels down to this table (the index path's length)
    by_file: bool
    columns: list[Column] = field(default_factory=list)
    children: list[Table] = field(default_factory=list)
    value: FieldSpec | None = None  # the list field, for tables of plain values
    #: Chinese name of what the table holds: the file kind, or the list field's short help.
    title: str = ""

    @property
    def keys(self) -> list[str]:
        """Key columns, first in every row."""
        return ([FILE_KEY] if self.by_file else []) + ([INDEX_KEY] if self.depth else [])

    @property
    def titles(self) -> list[str]:
        """Chinese titles from the file kind down to this table."""
        return [*(self.parent.titles if self.parent else []), self.title or self.name]

    @property
    def sheet(self) -> str:
        """The sheet name, in Chinese: 一镇一单·赋权事项·状态记录 (within Excel's limit)."""
        return chinese_sheet_name(self.titles)

    @property
    def legacy_sheet(self) -> str:
        """The sheet name format version 1 used (dotted table name)."""
        return sheet_name(self.name)

    def walk(self) -> Iterator[Table]:
        """This table and its descendants, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Kind:
    """One catalog file kind and its tables."""

    pattern: str
    cls: type
    schema: str
    shape: str  # "single" | "wrapper" | "folder"
    root: Table
    wrapper_field: str = ""

    @property
    def optional(self) -> bool:
        """Whether the catalog may leave this file out."""
        from ..yamlio.load import OPTIONAL

        return self.pattern in OPTIONAL


def short_help(spec: FieldSpec) -> str:
    """A field's help text up to its first explanation (for column labels)."""
    text = str(spec.meta.get("help") or spec.name)
    for stop in ("（", "；", "，"):
        text = text.split(stop, 1)[0]
    return text


def _anchored(cls: type) -> bool:
    """Whether a present object of ``cls`` always shows in some column (a required scalar)."""
    specs, _ = plan(cls)
    for spec in specs.values():
        t = spec.type
        if not spec.required or t.optional:
            continue
        if t.kind in ("str", "int", "bool", "date", "enum"):
            return True
        if t.kind == "model" and _anchored(t.target):
            return True
    return False


def _joinable(spec: FieldSpec, item: TypeSpec) -> bool:
    """Whether a list can live in one cell: codes that never contain the separator."""
    if not is_flow_list(spec, item):
        return False
    return item.kind != "enum" or not any(SEP in m.value for m in item.target)


def _build(
    table: Table,
    cls: type,
    path: tuple[str, ...],
    labels: tuple[str, ...],
    optional: tuple[tuple[str, ...], ...],
) -> None:
    """Add the columns and child tables of ``cls`` (nested at ``path``) to ``table``."""
    specs, _ = plan(cls)
    for name, spec in specs.items():
        t = spec.type
        here = (*path, name)
        key = ".".join(here)
        label = "／".join((*labels, str(spec.meta.get("help") or name)))
        if t.kind == "model":
            inner = (*optional, here) if t.optional else optional
            if t.optional and not _anchored(t.target):
                table.columns.append(
                    Column(key, label + "（是否填写）", here, spec, "presence", t, optional)
                )
            _build(table, t.target, here, (*labels, short_help(spec)), inner)
        elif t.kind == "list":
            item = t.target
            if item.kind == "model":
                child = Table(
                    f"{table.name}.{key}", item.target, table, here, table.depth + 1, table.by_file
                )
                child.title = "／".join((*map(title_text, labels), title_of(spec)))
                _build(child, item.target, (), (), ())
                table.children.append(child)
            elif _joinable(spec, item):
                table.columns.append(
                    Column(key, label + f"（以“{SEP}”分隔）", here, spec, "joined", item, optional)
                )
            else:
                child = Table(
                    f"{table.name}.{key}", None, table, here, table.depth + 1, table.by_file
                )
                child.title = "／".join((*map(title_text, labels), title_of(spec)))
                child.value = spec
                child.columns.append(Column(VALUE_KEY, label, (), spec, "scalar", item, ()))
                table.children.append(child)
        else:
            table.columns.append(Column(key, label, here, spec, "scalar", t, optional))


def _wrapper_field(cls: type) -> str | None:
    """The list field of a file whose model is only that list (``towns.yaml``)."""
    specs, _ = plan(cls)
    if len(specs) != 1:
        return None
    ((name, spec),) = specs.items()
    t = spec.type
    return name if t.kind == "list" and t.target.kind == "model" else None


def table_name(pattern: str) -> str:
    """The table of a file kind: ``powers/*`` -> ``powers``, ``departments/kinds.yaml`` ->
    ``departments-kinds``."""
    return pattern.removesuffix("/*").removesuffix(".yaml").replace("/", "-")


_KINDS: list[Kind] = []


def kinds() -> list[Kind]:
    """The tables of every catalog file kind, in layout order (built once)."""
    if _KINDS:
        return _KINDS
    for pattern, cls, schema in LAYOUT:
        name = table_name(pattern)
        title = kind_title(schema, cls)
        wrapped = None if pattern.endswith("/*") else _wrapper_field(cls)
        if pattern.endswith("/*"):
            root = Table(name, cls, None, (), 0, True, title=title)
            _build(root, cls, (), (), ())
            _KINDS.append(Kind(pattern, cls, schema, "folder", root))
        elif wrapped:
            item = plan(cls)[0][wrapped].type.target.target
            root = Table(name, item, None, (wrapped,), 1, False, title=title)
            _build(root, item, (), (), ())
            _KINDS.append(Kind(pattern, cls, schema, "wrapper", root, wrapped))
        else:
            root = Table(name, cls, None, (), 0, False, title=title)
            _build(root, cls, (), (), ())
            _KINDS.append(Kind(pattern, cls, schema, "single", root))
    names = [t.sheet.lower() for k in _KINDS for t in k.root.walk()]
    if len(names) != len(set(names)):  # pragma: no cover - a model change would cause it
        raise RuntimeError(f"duplicate sheet names: {names}")
    return _KINDS


def all_tables() -> list[Table]:
    """Every table, parents first."""
    return [t for k in kinds() for t in k.root.walk()]


def header_rows(table: Table) -> list[list[str]]:
    """Row 1: Chinese labels; row 2: keys (what import reads)."""
    keys = table.keys
    labels = [KEY_LABELS[k] for k in keys] + [c.label for c in table.columns]
    return [labels, keys + [c.key for c in table.columns]]


# --- export -------------------------------------------------------------------------------------


def list_files(root: Path) -> Iterator[tuple[Kind, Path, Any]]:
    """Every catalog file under ``root`` with its model object, found as the loader finds them.

    The catalog must be valid (export checks it first); a file that fails to build here would
    be a bug, reported as such.
    """
    claimed: set[Path] = set()
    by_pattern = {k.pattern: k for k in kinds()}
    for pattern, cls, _schema in LAYOUT:
        if pattern.endswith("/*"):
            folder = root / pattern[:-2]
            paths = sorted(p for p in folder.glob("*.yaml") if p not in claimed)
        else:
            paths = [root / pattern] if (root / pattern).is_file() else []
        claimed.update(paths)
        for path in paths:
            built, problems = read_model(path, cls, str(path))
            if built is None:  # pragma: no cover - the catalog was validated before
                raise RuntimeError(f"{path}: {problems[0].format() if problems else 'unusable'}")
            yield by_pattern[pattern], path, built


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    """Follow a field path (``None`` once an optional object is absent)."""
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def cell_value(column: Column, obj: Any) -> Any:
    """What one column shows for a row object: enums by value, code lists joined."""
    if column.kind == "presence":
        return _get(obj, column.path) is not None
    value = obj if not column.path else _get(obj, column.path)
    if value is None:
        return None
    if column.kind == "joined":
        return SEP.join(getattr(v, "value", v) for v in value) if value else None
    return getattr(value, "value", value)


def _rows(
    table: Table, obj: Any, file_key: str, index: tuple[int, ...], out: dict[str, list[list[Any]]]
) -> None:
    """Append the row of ``obj`` and, recursively, the rows of its lists."""
    row: list[Any] = [file_key] if table.by_file else []
    if table.depth:
        row.append(".".join(map(str, index)))
    row += [cell_value(c, obj) for c in table.columns]
    out[table.name].append(row)
    for child in table.children:
        items = _get(obj, child.list_path) or ()
        for i, item in enumerate(items, start=1):
            _rows(child, item, file_key, (*index, i), out)


def export_rows(root: Path) -> tuple[dict[str, list[list[Any]]], set[str]]:
    """Rows of every table for the catalog at ``root``, and the tables present.

    A table is present when its file kind has files (or is a folder); an optional file that
    is absent has no tables, which is how import knows not to create it.
    """
    out: dict[str, list[list[Any]]] = {t.name: [] for t in all_tables()}
    present: set[str] = set()
    for kind in kinds():
        if kind.shape == "folder" or not kind.optional:
            present.update(t.name for t in kind.root.walk())
    for kind, path, obj in list_files(root):
        present.update(t.name for t in kind.root.walk())
        if kind.shape == "wrapper":
            for i, item in enumerate(getattr(obj, kind.wrapper_field), start=1):
                _rows(kind.root, item, "", (i,), out)
        else:
            _rows(kind.root, obj, path.stem if kind.shape == "folder" else "", (), out)
    return out, present


def explanation_rows() -> list[list[Any]]:
    """The ``说明`` sheet: the format marker first, then how to read and edit the tables."""
    rows: list[list[Any]] = [
        [MARKER, VERSION],
        [
            "本工作簿是本知识库目录（目录文件夹中全部文件）的完整表格形式，可由 townpowers import-xlsx 原样导回。"
        ],
        [
            "每个工作表对应一类目录文件或其中的一个列表（工作表名如“一镇一单·赋权事项·状态记录”）；第1行是中文说明，第2行是字段名（导入按第2行识别，请勿修改）。"
        ],
        ["_file 是目录文件名（不含 .yaml）；_index 是序号路径：如“3.2”表示上级第3项中的第2项。"],
        [
            f"以“{SEP}”分隔的单元格是代码列表（枚举值或标识）；其他列表在以列表路径命名的工作表中，每行一项。"
        ],
        [
            "“是否填写”列为 TRUE 时该对象存在（即使其各项都为空）；日期为 Excel 日期（yyyy-mm-dd），空单元格表示未填写。"
        ],
        ["工作表", "内容", "目录文件", "表名（CSV 文件名）"],
    ]
    for kind in kinds():
        for table in kind.root.walk():
            label = short_help(table.value) if table.value else (table.cls.__doc__ or "").strip()
            first = label.splitlines()[0] if label else ""
            rows.append([table.sheet, first, kind.pattern, table.name])
    return rows
