"""Importing an edited catalog workbook back into the catalog folder it came from.

Departments edit the exported ``目录.xlsx`` and send it back. The catalog must then change in
exactly the records that changed: a file whose meaning is the same is not touched (even if
the workbook would write it differently), a changed file keeps its comments and layout and
only its edited values change (:func:`townpowers.yamlio.edit.update_text`), a record deleted
in the workbook deletes its file, a new one is written in the catalog's style. As with every
writer, the change is a :class:`~townpowers.changes.Changeset` checked at the rules level (the
loader and every rule, as ``townpowers check``; only errors the catalog did not already have
block) and applied as one set, refused when the catalog changed since it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..changes import Changeset, Level
from ..checks import load_catalog
from ..model.catalog import Catalog
from ..yamlio.edit import meaning
from ..yamlio.load import LAYOUT
from ..yamlio.write import dump, schema_ref
from .grid import Grid, Issue, Place
from .tableread import read_tables


@dataclass
class CatalogUpdate:
    """What importing a workbook into a catalog folder changes (or would, in a dry run)."""

    issues: list[Issue]
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: the catalog before and after (for a report in ``townpowers diff``'s words)
    old: Catalog | None = None
    new: Catalog | None = None
    #: the checked change, applied by :func:`apply_update`
    changeset: Changeset[Place] | None = None


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


def plan_update(grids: list[Grid], catalog: Path) -> CatalogUpdate:
    """Stage the workbook's changes, check them, and work out the smallest change to
    ``catalog``."""
    changeset: Changeset[Place] = Changeset(catalog, Level.RULES)  # before anything is read
    files, issues = read_tables(grids)
    if issues:
        return CatalogUpdate(issues)
    old, problems = load_catalog(catalog)
    if old is None:
        where = Place(str(catalog))
        return CatalogUpdate(
            [Issue.make("sheet-row", f"现有目录无效：{d.format()}", where) for d in problems]
        )
    title = next((f.data.get("title") for f in files if f.rel == "catalog.yaml"), None)
    if title is not None and title != old.meta.title:
        return CatalogUpdate(
            [
                Issue.make(
                    "sheet-row",
                    f"工作簿来自另一个目录（“{title}”），不是“{old.meta.title}”：未导入",
                    Place(str(catalog)),
                    "导回到导出它的目录；要整体替换目录，用 --out 导入到新文件夹。",
                )
            ]
        )
    result = CatalogUpdate([], old=old, changeset=changeset)
    before = _catalog_files(catalog)
    for f in files:
        cls = f.kind.cls
        written = dump(cls, f.data, schema_ref(f.kind.pattern, f.kind.schema))
        if f.rel not in before:
            result.created.append(f.rel)
            changeset.stage_text(f.rel, written, f.place, f.places)
            continue
        if meaning((catalog / f.rel).read_text(encoding="utf-8"), cls) == meaning(written, cls):
            continue
        # edited in place when that means exactly what is staged and checked
        changeset.stage_data(
            f.rel,
            cls,
            f.data,
            schema_ref(f.kind.pattern, f.kind.schema),
            origin=f.place,
            places=f.places,
        )
        result.changed.append(f.rel)
    result.removed = sorted(set(before) - {f.rel for f in files})
    for rel in result.removed:
        changeset.remove(rel)
    verdict = changeset.check()
    if not verdict.ok or verdict.catalog is None:
        result.issues = [
            Issue(
                f.diagnostic.code,
                f.diagnostic.message + _from(f.related),
                f.source or Place(f.diagnostic.location()),
                f.diagnostic.hint,
                f.diagnostic.severity,
            )
            for f in verdict.blocking
        ] or [Issue.make("sheet-row", "导入后的目录无法载入", Place(str(catalog)))]
        result.changeset = None
        return result
    result.new = verdict.catalog
    return result


def apply_update(update: CatalogUpdate) -> list[str]:
    """Write the planned files and delete the removed ones, as one set (refused with
    :class:`~townpowers.changes.ChangeRefused` when the catalog changed meanwhile)."""
    assert update.changeset is not None and not update.issues
    return update.changeset.apply()


def _from(related: tuple[Place, ...]) -> str:
    """Where the staged records a finding in another file is about came from."""
    return f"（来自：{'；'.join(p.text() for p in related)}）" if related else ""
