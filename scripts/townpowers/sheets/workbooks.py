"""Spreadsheet exports and the lossless import, as the command line runs them.

* ``一镇一单``: each town's catalog as offices publish it (one sheet, or one CSV file, per town;
  Chinese headers, frozen header row, autofilter);
* ``目录``: the whole catalog in the lossless tables of :mod:`townpowers.sheets.tables`, which
  :func:`import_catalog` turns back into the same catalog.

An import never leaves a half-written catalog: the files are one changeset
(:mod:`townpowers.changes`), loaded and checked before any is written, then applied as one
set. A problem the loader finds in a written file is reported at the spreadsheet cell the value
came from.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..changes import Changeset, Level
from ..model.catalog import Catalog
from ..util.filenames import inside, unique_stems
from ..util.files import write_atomic
from ..views.townlist import TownRow, town_rows
from ..yamlio.schemas import schema_documents
from ..yamlio.write import dump, schema_ref
from .read import Grid, Issue, Place
from .tableread import FileOut, read_tables
from .tables import MARKER, all_tables, explanation_rows, export_rows, header_rows
from .write import SheetOut, write_csv, write_xlsx

TOWN_BOOK = "一镇一单"
ATTACHMENTS = "一镇一单附件"
CATALOG_BOOK = "目录"
EXPLANATION = "说明"
TOWN_COLUMNS = (
    "序号",
    "事项编码",
    "权责清单编码",
    "事项名称",
    "事项类型",
    "所属领域",
    "实施部门",
    "审批部门",
    "赋权方式",
    "状态",
    "决定日期",
    "决定文件",
    "实施日期",
    "法律依据",
    "监管部门",
    "监管措施",
    "备注",
)


# --- 一镇一单 ----------------------------------------------------------------------------------


#: Columns only a published 一镇一单 has (how an export sent back by mistake is recognized,
#: also one written before a column was added).
TOWN_SIGNATURE = frozenset({"赋权方式", "决定文件", "实施日期"})


def _town_row(row: TownRow) -> list[object]:
    """One grant as a row of the published list."""
    grant, power = row.grant, row.power
    decision = grant.decision
    return [
        row.number,
        power.id,
        row.office_code,
        power.name,
        power.type.value,
        power.domain,
        row.owner,
        row.approver,
        grant.current_mode.value,
        grant.status.value,
        decision.date if decision else None,
        decision.document if decision else None,
        grant.in_force_since,
        row.bases,
        row.supervisors,
        row.measures,
        grant.note,
    ]


def town_names(cat: Catalog) -> dict[str, str]:
    """Each town's sheet (and file) name: its name, with the district's where two districts
    have a town of that name; within Excel's 31 characters."""
    names = Counter(t.name for t in cat.towns.values())
    out = {}
    for town in cat.towns.values():
        name = town.name
        if names[name] > 1:  # the same town name in two districts
            district = cat.districts.get(town.district)
            name = f"{town.name}（{district.name if district else town.district}）"
        out[town.id] = name[:31]
    return out


def town_sheets(cat: Catalog) -> list[SheetOut]:
    """One sheet per town (in catalog order) with the town's grants as offices publish them
    (with the code the district's 权责清单 gives each item, where recorded).

    Only what a published list shows: no readiness details (staff, contacts), which belong to
    the internal edition.
    """
    names = town_names(cat)
    return [
        SheetOut(names[town.id], [list(TOWN_COLUMNS)], [_town_row(r) for r in town_rows(cat, town)])
        for town in cat.towns.values()
    ]


# --- 目录 ---------------------------------------------------------------------------------------


def catalog_sheets(root: Path, csv: bool = False) -> list[SheetOut]:
    """The lossless workbook's sheets: ``说明`` (with the format marker), then every table.

    Sheets are named within Excel's 31 characters; CSV files carry the full table name.
    """
    rows, present = export_rows(root)
    sheets = [SheetOut(EXPLANATION, [], explanation_rows())]
    for table in all_tables():
        if table.name in present:
            name = table.name if csv else table.sheet
            sheets.append(SheetOut(name, header_rows(table), rows[table.name]))
    return sheets


#: Beside CSV folders (a CSV file has no properties): which catalog version they show.
VERSION_FILE = "目录版本.txt"


def export_books(cat: Catalog, out: Path, fmt: str, version: str = "") -> list[Path]:
    """Write ``一镇一单`` and ``目录`` as ``.xlsx`` workbooks or folders of CSV files, or
    (``docx``) each town's list as the formal attachment, in ``一镇一单附件/``.

    ``version`` (which catalog version and commit this is) goes into the document properties
    of workbooks and attachments, and into ``目录版本.txt`` beside CSV folders."""
    if fmt == "docx":
        from .attachment import write_attachments

        return write_attachments(cat, out / ATTACHMENTS, town_names(cat), version, within=out)
    towns = town_sheets(cat)
    tables = catalog_sheets(cat.root, csv=fmt == "csv")
    written = []
    if fmt == "xlsx":
        for name, sheets in ((TOWN_BOOK, towns), (CATALOG_BOOK, tables)):
            path = inside(out, out / f"{name}.xlsx")
            keywords = MARKER if name == CATALOG_BOOK else TOWN_BOOK
            write_xlsx(path, sheets, keywords=keywords, description=version)
            written.append(path)
        return written
    # file names come from catalog text (town names): sanitised, distinct, and every path
    # verified to stay inside --out before anything is written
    planned: list[tuple[Path, list[Path], list[SheetOut]]] = []
    for name, sheets in ((TOWN_BOOK, towns), (CATALOG_BOOK, tables)):
        folder = out / name
        stems = unique_stems({str(i): sheet.name for i, sheet in enumerate(sheets)})
        paths = [inside(out, folder / f"{stems[str(i)]}.csv") for i in range(len(sheets))]
        planned.append((folder, paths, sheets))
    for folder, paths, sheets in planned:
        wanted = {p.name for p in paths}
        if folder.is_dir():  # tables of an earlier export that no longer exist
            for old in folder.glob("*.csv"):
                if old.name not in wanted:
                    inside(out, old).unlink()
        for path, sheet in zip(paths, sheets, strict=True):
            write_csv(path, sheet)
            written.append(path)
    if version:
        write_atomic(inside(out, out / VERSION_FILE), version + "\n")
        written.append(out / VERSION_FILE)
    return written


# --- the lossless import -------------------------------------------------------------------------


def schema_texts(vocab: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """The JSON Schemas written beside the files (``schema/<name>``), so ``$schema`` lines
    resolve (listing the values of the catalog profile's vocabularies ``vocab``)."""
    return {
        f"schema/{name}": json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        for name, document in schema_documents(vocab).items()
    }


def _vocabularies(files: list[FileOut]) -> dict[str, list[str]]:
    """The profile's value lists as the workbook's ``profile.yaml`` data has them."""
    data = next((f.data for f in files if f.rel == "profile.yaml"), None)
    if not isinstance(data, dict):
        return {}
    return {
        key: [str(e.get("name")) for e in data.get(key) or () if isinstance(e, dict)]
        for key in ("domains", "categories")
    }


class ImportRefused(Exception):
    """The target of an import cannot be used (a usage error; nothing was written)."""


def check_target(out: Path, force: bool) -> None:
    """Refuse a target that is a file, or a non-empty folder without ``--force``."""
    if out.exists() and not out.is_dir():
        raise ImportRefused(f"{out} 已存在且不是文件夹")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ImportRefused(f"{out} 不是空文件夹；用 --force 替换其内容，或指定新的文件夹")


@dataclass
class CatalogImport:
    """What a lossless import did (or would do, in a dry run)."""

    issues: list[Issue]
    files: int = 0
    summary: str = ""


def import_catalog(
    grids: list[Grid], out: Path, force: bool = False, dry_run: bool = False
) -> CatalogImport:
    """Rebuild a whole catalog from a lossless workbook into ``out`` (all or nothing).

    One :class:`~townpowers.changes.Changeset` replacing everything in ``out``, checked at the
    loader level: a new catalog has no earlier state to tell new errors from those the
    exporting catalog carried, and it must load (what every export and the site require).
    """
    check_target(out, force)
    changeset: Changeset[Place] = Changeset(out, Level.LOADER, replace=True)
    files, issues = read_tables(grids)
    if issues:
        return CatalogImport(issues)
    for f in files:
        kind = f.kind
        text = dump(kind.cls, f.data, schema_ref(kind.pattern, kind.schema))
        changeset.stage_text(f.rel, text, f.place, f.places)
    for rel, text in schema_texts(_vocabularies(files)).items():
        changeset.stage_text(rel, text)
    verdict = changeset.check()
    if not verdict.ok or verdict.catalog is None:
        return CatalogImport(
            [
                Issue(
                    f.diagnostic.code,
                    f.diagnostic.message,
                    f.source or Place(f.diagnostic.location()),
                    f.diagnostic.hint,
                    f.diagnostic.severity,
                )
                for f in verdict.blocking
            ]
            or [Issue.make("sheet-row", "导入的目录无法载入", Place(str(out)))]
        )
    result = CatalogImport([], len(files), verdict.catalog.summary())
    if not dry_run:
        changeset.apply()
    return result
