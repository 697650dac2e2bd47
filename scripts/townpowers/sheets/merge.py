"""Importing an edited catalog workbook back into the catalog folder it came from.

Departments edit the exported ``目录.xlsx`` and send it back. The catalog must then change in
exactly the records that changed: a file whose meaning is the same is not touched (even if
the workbook would write it differently), a changed file keeps its comments and layout and
only its edited values change (:func:`townpowers.yamlio.edit.update_text`), a record deleted
in the workbook deletes its file, a new one is written in the catalog's style. As with every
import, the whole result is staged and checked first; nothing is written unless it is valid.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import load_catalog
from ..diagnostics import Severity
from ..model.catalog import Catalog
from ..model.schema import as_data
from ..util.files import write_atomic
from ..yamlio.edit import edited_or
from ..yamlio.load import LAYOUT, read_model
from .grid import Grid, Issue, Place
from .tableread import read_tables
from .workbooks import Staged


@dataclass
class CatalogUpdate:
    """What importing a workbook into a catalog folder changes (or would, in a dry run)."""

    issues: list[Issue]
    #: relative path -> new text, for files created or changed
    writes: dict[str, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: the catalog before and after (for a report in ``townpowers diff``'s words)
    old: Catalog | None = None
    new: Catalog | None = None


def _catalog_files(root: Path) -> dict[str, type]:
    """Every catalog file under ``root`` (relative path -> model class), as the loader finds
    them."""
    out: dict[str, type] = {}
    for pattern, cls, _schema in LAYOUT:
        if pattern.endswith("/*"):
            folder = root / pattern[:-2]
            for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
                out.setdefault(str(path.relative_to(root)), cls)
        elif (root / pattern).is_file():
            out[pattern] = cls
    return out


def _meaning(path: Path, cls: type) -> object:
    built, _problems = read_model(path, cls, str(path))
    return None if built is None else as_data(built)


def plan_update(grids: list[Grid], catalog: Path) -> CatalogUpdate:
    """Stage the workbook, check it, and work out the smallest change to ``catalog``."""
    files, issues = read_tables(grids)
    if issues:
        return CatalogUpdate(issues)
    old, problems = load_catalog(catalog)
    if old is None:
        where = Place(str(catalog))
        return CatalogUpdate(
            [Issue.make("sheet-row", f"现有目录无效：{d.format()}", where) for d in problems]
        )
    tmp = Path(tempfile.mkdtemp(prefix="townpowers-merge-"))
    try:
        staged = Staged(tmp / catalog.name)
        for f in files:
            staged.write(f)
        new, diagnostics = load_catalog(staged.root)
        errors = [d for d in diagnostics if d.severity >= Severity.ERROR]
        if errors or new is None:
            located = [staged.locate(d) for d in errors]
            return CatalogUpdate(
                [i for i in located if i is not None]
                or [Issue.make("sheet-row", d.message, Place(d.path)) for d in errors]
            )
        if new.meta.title != old.meta.title:
            return CatalogUpdate(
                [
                    Issue.make(
                        "sheet-row",
                        f"工作簿来自另一个目录（“{new.meta.title}”），不是“{old.meta.title}”：未导入",
                        Place(str(catalog)),
                        "导回到导出它的目录；要整体替换目录，用 --out 导入到新文件夹。",
                    )
                ]
            )
        result = CatalogUpdate([], old=old, new=new)
        before = _catalog_files(catalog)
        for rel, out in staged.files.items():
            cls = out.kind.cls
            target = catalog / rel
            if rel not in before:
                result.created.append(rel)
                result.writes[rel] = staged.texts[rel]
                continue
            wanted = _meaning(staged.root / rel, cls)
            if _meaning(target, cls) == wanted:
                continue
            # edited in place when that means exactly what was staged and checked
            text = edited_or(target.read_text(encoding="utf-8"), cls, out.data, staged.texts[rel])
            result.changed.append(rel)
            result.writes[rel] = text
        result.removed = sorted(set(before) - set(staged.files))
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def apply_update(update: CatalogUpdate, catalog: Path) -> None:
    """Write the planned files (each atomically) and delete the removed ones."""
    for rel, text in update.writes.items():
        write_atomic(catalog / rel, text)
    for rel in update.removed:
        (catalog / rel).unlink(missing_ok=True)
