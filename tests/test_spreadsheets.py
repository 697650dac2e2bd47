"""Spreadsheet exports and the lossless catalog workbook: layouts, round trips, tampering."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, ROOT, run_cli
from townpowers.checks import load_catalog
from townpowers.exports.document import catalog_document
from townpowers.sheets.read import guard, unguard
from townpowers.sheets.tables import MARKER, all_tables, kinds
from townpowers.sheets.workbooks import TOWN_COLUMNS


def digest(folder: Path) -> str:
    """A hash of every file under ``folder`` (names and bytes)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def document(folder: Path) -> dict:
    cat, problems = load_catalog(folder)
    assert cat is not None, [p.format() for p in problems]
    return catalog_document(cat)


def check_text(folder: Path) -> tuple[int, str]:
    result = run_cli("check", str(folder))
    return result.returncode, result.stdout


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("source", ["reference", "mini"])
def test_export_then_import_is_lossless(tmp_path: Path, source: str, fmt: str) -> None:
    origin = ROOT / "catalog" if source == "reference" else FIXTURES / "mini" / "catalog"
    exported = run_cli("export", "--format", fmt, "--out", str(tmp_path / "out"), str(origin))
    assert exported.returncode == 0, exported.stderr
    book = tmp_path / "out" / ("目录.xlsx" if fmt == "xlsx" else "目录")
    target = tmp_path / "imported" / "catalog"
    imported = run_cli("import-xlsx", str(book), "--out", str(target))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Traceback" not in imported.stdout + imported.stderr
    assert document(target) == document(origin)
    before, after = check_text(origin), check_text(target)
    assert after[0] == before[0]
    assert after[1].replace(str(target.parent), "") == before[1].replace(str(origin.parent), "")
    first = (target / "powers").iterdir().__next__().read_text(encoding="utf-8")
    assert first.startswith("# yaml-language-server: $schema=../schema/power.schema.json\n")
    assert (target / "schema" / "power.schema.json").is_file()


def test_findings_survive_the_round_trip(mini_catalog: Path, tmp_path: Path) -> None:
    """A catalog with findings gives the same findings after export and import (positions
    differ: the YAML is rewritten)."""
    power = mini_catalog / "powers" / "MZ-GF-001.yaml"
    text = power.read_text(encoding="utf-8")
    power.write_text(re.sub(r"    reviewed: .*\n", "", text, count=1), encoding="utf-8")
    out = tmp_path / "out"
    assert (
        run_cli("export", "--format", "csv", "--out", str(out), str(mini_catalog)).returncode == 0
    )
    target = tmp_path / "new" / "catalog"
    assert run_cli("import-xlsx", str(out / "目录"), "--out", str(target)).returncode == 0

    def findings(folder: Path) -> list[tuple]:
        result = run_cli("check", "--format", "json", str(folder))
        report = json.loads(result.stdout)
        return sorted((d["path"], d["code"], d["message"]) for d in report["findings"])

    assert findings(target) == findings(mini_catalog) != []


def test_objects_whose_fields_are_all_optional_survive(mini_catalog: Path, tmp_path: Path) -> None:
    """An empty ``readiness: {}`` differs from none: a presence column keeps the difference."""
    town = mini_catalog / "town-lists" / "binhu.yaml"
    text = town.read_text(encoding="utf-8")
    text = re.sub(r"    readiness:\n(      .*\n)+", "    readiness: {}\n", text, count=1)
    town.write_text(text, encoding="utf-8")
    (mini_catalog / "ledger.yaml").write_text(
        "districts:\n  - district: tengzhou\n    survey: {}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert (
        run_cli("export", "--format", "xlsx", "--out", str(out), str(mini_catalog)).returncode == 0
    )
    target = tmp_path / "new" / "catalog"
    result = run_cli("import-xlsx", str(out / "目录.xlsx"), "--out", str(target))
    assert result.returncode == 0, result.stdout
    assert document(target) == document(mini_catalog)
    assert "readiness: {}" in (target / "town-lists" / "binhu.yaml").read_text(encoding="utf-8")


def test_every_optional_object_can_be_told_apart_from_none() -> None:
    """Each optional nested object has a required scalar column or a presence column."""
    for table in all_tables():
        prefixes = {p for c in table.columns for p in c.optional}
        for prefix in prefixes:
            under = [c for c in table.columns if c.path[: len(prefix)] == prefix]
            shown = any(c.kind == "presence" and c.path == prefix for c in under) or any(
                c.required and c.optional[-1] == prefix for c in under
            )
            assert shown, (table.name, prefix)
    assert {k.shape for k in kinds()} == {"single", "wrapper", "folder"}
    assert all(len(t.sheet) <= 31 for t in all_tables())


def test_export_without_out_is_a_usage_error(mini_catalog: Path) -> None:
    result = run_cli("export", "--format", "xlsx", str(mini_catalog))
    assert result.returncode == 2
    assert "--out" in result.stderr


def test_town_workbook_as_offices_publish_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("export", "--format", "xlsx", "--out", str(out)).returncode == 0
    cat, _ = load_catalog(ROOT / "catalog")
    assert cat is not None
    book = load_workbook(out / "一镇一单.xlsx")
    assert book.sheetnames == [t.name for t in cat.towns.values()]
    for town in cat.towns.values():
        sheet = book[town.name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert [c.value for c in sheet[1]] == list(TOWN_COLUMNS)
        grants = cat.town_lists[town.id].grants
        assert sheet.max_row == 1 + len(grants)
        assert [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)] == [
            g.power for g in grants
        ]
    mushi = book["木石镇"]
    row = [c.value for c in mushi[2]]
    assert row[0] == 1 and row[5] == "滕州市发展和改革局"
    assert mushi.cell(2, 10).number_format == "yyyy-mm-dd"
    catalog_book = load_workbook(out / "目录.xlsx")
    assert catalog_book.sheetnames[0] == "说明"
    assert catalog_book["说明"]["A1"].value == MARKER
    powers = catalog_book["powers"]
    assert powers.freeze_panes == "A3"
    keys = [c.value for c in powers[2]]
    assert keys[:3] == ["_file", "id", "name"]
    assert powers.cell(1, 2).value.startswith("事项编码")


def test_town_csv_files_with_bom(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("export", "--format", "csv", "--out", str(out)).returncode == 0
    files = sorted((out / "一镇一单").glob("*.csv"))
    assert len(files) == 20
    data = (out / "一镇一单" / "木石镇.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,")  # BOM, then 序号
    tables = {p.stem for p in (out / "目录").glob("*.csv")}
    assert tables == {t.name for t in all_tables()} | {"说明"}  # full names, even past 31


def test_formulas_never_run(mini_catalog: Path, tmp_path: Path) -> None:
    """Text beginning with = stays text in .xlsx, is guarded in CSV, and comes back exact."""
    power = mini_catalog / "powers" / "MZ-GF-002.yaml"
    text = power.read_text(encoding="utf-8")
    text = text.replace("  content: 抽查审批案卷。", "  content: \"=HYPERLINK('x')\"")
    text = text.replace("rationale: 第四十八条允许委托。", 'rationale: "-1+1 @SUM(A1) \'=A2"')
    power.write_text(text, encoding="utf-8")
    for fmt in ("xlsx", "csv"):
        out = tmp_path / fmt
        assert (
            run_cli("export", "--format", fmt, "--out", str(out), str(mini_catalog)).returncode == 0
        )
        book = out / ("目录.xlsx" if fmt == "xlsx" else "目录")
        if fmt == "xlsx":
            sheet = load_workbook(book)["powers"]
            cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK('x')"]
            assert cells and all(c.data_type == "s" for c in cells)
        else:
            raw = (book / "powers.csv").read_text(encoding="utf-8-sig")
            assert "'=HYPERLINK('x')" in raw and "'-1+1 @SUM(A1) '=A2" in raw
        target = tmp_path / f"new-{fmt}" / "catalog"
        result = run_cli("import-xlsx", str(book), "--out", str(target))
        assert result.returncode == 0, result.stdout
        assert document(target) == document(mini_catalog)


@pytest.mark.parametrize("text", ["=x", "'=x", "''=x", "-", "'", "@", "\tx", "plain", "'plain"])
def test_csv_guard_is_reversible(text: str) -> None:
    assert unguard(guard(text)) == text
    assert not guard(text).startswith(("=", "+", "-", "@", "\t"))


def test_import_refuses_a_non_empty_folder_without_force(
    mini_catalog: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert (
        run_cli("export", "--format", "xlsx", "--out", str(out), str(mini_catalog)).returncode == 0
    )
    target = tmp_path / "target"
    target.mkdir()
    (target / "keep.txt").write_text("x", encoding="utf-8")
    refused = run_cli("import-xlsx", str(out / "目录.xlsx"), "--out", str(target))
    assert refused.returncode == 2
    assert "不是空文件夹" in refused.stderr
    assert (target / "keep.txt").is_file()
    forced = run_cli("import-xlsx", str(out / "目录.xlsx"), "--out", str(target), "--force")
    assert forced.returncode == 0, forced.stdout
    assert not (target / "keep.txt").exists()
    assert document(target) == document(mini_catalog)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    missing = run_cli("import-xlsx", str(out / "目录.xlsx"))
    assert missing.returncode == 2 and "--out" in missing.stderr


def _tamper(book: Path, sheet: str, key: str, value: object, row: int = 3) -> None:
    wb = load_workbook(book)
    ws = wb[sheet]
    keys = [c.value for c in ws[2]]
    col = keys.index(key) + 1 if key in keys else len(keys) + 1
    if key not in keys:
        ws.cell(2, col).value = key
    ws.cell(row, col).value = value
    wb.save(book)


def _drop_column(book: Path, sheet: str, key: str) -> None:
    wb = load_workbook(book)
    ws = wb[sheet]
    keys = [c.value for c in ws[2]]
    ws.delete_cols(keys.index(key) + 1)
    wb.save(book)


#: Tampered lossless workbooks: (what, change, expected text with its location).
TAMPERED = [
    (
        "bad date",
        lambda b: _tamper(b, "catalog", "date", "2021-02-30"),
        "工作表“catalog” 第3行 第3列（C，date）: error: 不是有效日期：“2021-02-30”",
    ),
    (
        "unknown enum value",
        lambda b: _tamper(b, "powers", "type", "行政命令"),
        "工作表“powers” 第3行 第4列（D，type）: error: “行政命令”不是允许的值 [sheet-value]\n"
        "    提示：允许的值：行政许可、行政处罚",
    ),
    (
        "text in an integer column",
        lambda b: _tamper(b, "powers", "guide.promised_limit.days", "五天"),
        "guide.promised_limit.days）: error: 应为整数，实际是文字“五天”",
    ),
    (
        "not a boolean",
        lambda b: _tamper(b, "powers", "guide.fee.charged", "也许"),
        "guide.fee.charged）: error: 应为 TRUE 或 FALSE（是或否），实际是“也许”",
    ),
    (
        "unknown column",
        lambda b: _tamper(b, "towns", "nickname", "x"),
        "工作表“towns” 第2行 第16列（P，nickname）: error: 不认识的列“nickname”",
    ),
    (
        "missing required column",
        lambda b: _drop_column(b, "towns", "name"),
        "工作表“towns” 第2行: error: 缺少必需的列：name",
    ),
    (
        "child row without parent",
        lambda b: _tamper(b, "powers.bases", "_file", "NOPE"),
        "工作表“powers.bases” 第3行: error: 找不到上级行：工作表“powers”中没有文件“NOPE”的行",
    ),
    (
        "value the loader rejects, located at its cell",
        lambda b: _tamper(b, "districts", "code", "37048"),
        "工作表“districts” 第3行 第4列（D，code）: error: “code”的值“37048”格式不符合要求",
    ),
    (
        "reference the checker rejects, located at its cell",
        lambda b: _tamper(b, "town-lists.grants", "power", "MZ-GF-999"),
        "工作表“town-lists.grants” 第3行 第3列（C，power）: error: 引用了不存在的权力事项“MZ-GF-999”",
    ),
]


@pytest.mark.parametrize(("what", "change", "expected"), TAMPERED, ids=[t[0] for t in TAMPERED])
def test_tampered_catalog_workbook(tmp_path: Path, what: str, change, expected: str) -> None:
    out = tmp_path / "out"
    source = FIXTURES / "mini" / "catalog"
    assert run_cli("export", "--format", "xlsx", "--out", str(out), str(source)).returncode == 0
    book = out / "目录.xlsx"
    change(book)
    target = tmp_path / "new"
    result = run_cli("import-xlsx", str(book), "--out", str(target))
    assert result.returncode == 1, result.stdout
    assert expected in result.stdout, result.stdout
    assert "未写入任何文件" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"] or not any(
        p.name.startswith(".") for p in tmp_path.iterdir()
    )


def test_csv_folder_with_a_deleted_table(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = FIXTURES / "mini" / "catalog"
    assert run_cli("export", "--format", "csv", "--out", str(out), str(source)).returncode == 0
    (out / "目录" / "powers.bases.csv").unlink()
    result = run_cli("import-xlsx", str(out / "目录"), "--out", str(tmp_path / "new"))
    assert result.returncode == 1
    assert "目录: error: 缺少 CSV 文件“powers.bases.csv”" in result.stdout
    assert not (tmp_path / "new").exists()
    shutil.rmtree(out)
