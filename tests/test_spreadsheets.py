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
    assert row[0] == 1 and row[6] == "滕州市发展和改革局"
    assert mushi.cell(2, 11).number_format == "yyyy-mm-dd"
    catalog_book = load_workbook(out / "目录.xlsx")
    assert catalog_book.sheetnames[0] == "说明"
    assert catalog_book["说明"]["A1"].value == MARKER
    powers = catalog_book[SHEETS["powers"]]
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
    text = text.replace(
        "rationale: 《社会救助暂行办法》第四十八条允许委托。", 'rationale: "-1+1 @SUM(A1) \'=A2"'
    )
    power.write_text(text, encoding="utf-8")
    for fmt in ("xlsx", "csv"):
        out = tmp_path / fmt
        assert (
            run_cli("export", "--format", fmt, "--out", str(out), str(mini_catalog)).returncode == 0
        )
        book = out / ("目录.xlsx" if fmt == "xlsx" else "目录")
        if fmt == "xlsx":
            sheet = load_workbook(book)[SHEETS["powers"]]
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


#: Table name -> its (Chinese) sheet name in 目录.xlsx.
SHEETS = {t.name: t.sheet for t in all_tables()}


def _tamper(book: Path, sheet: str, key: str, value: object, row: int = 3) -> None:
    wb = load_workbook(book)
    ws = wb[SHEETS[sheet]]
    keys = [c.value for c in ws[2]]
    col = keys.index(key) + 1 if key in keys else len(keys) + 1
    if key not in keys:
        ws.cell(2, col).value = key
    ws.cell(row, col).value = value
    wb.save(book)


def _drop_column(book: Path, sheet: str, key: str) -> None:
    wb = load_workbook(book)
    ws = wb[SHEETS[sheet]]
    keys = [c.value for c in ws[2]]
    ws.delete_cols(keys.index(key) + 1)
    wb.save(book)


#: Tampered lossless workbooks: (what, change, expected text with its location).
TAMPERED = [
    (
        "bad date",
        lambda b: _tamper(b, "catalog", "date", "2021-02-30"),
        f"工作表“{SHEETS['catalog']}” 第3行 第3列（C，date）: error: 不是有效日期：“2021-02-30”",
    ),
    (
        "unknown enum value",
        lambda b: _tamper(b, "powers", "type", "行政命令"),
        f"工作表“{SHEETS['powers']}” 第3行 第4列（D，type）: error: “行政命令”不是允许的值 [sheet-value]\n"
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
        f"工作表“{SHEETS['towns']}” 第2行 第16列（P，nickname）: error: 不认识的列“nickname”",
    ),
    (
        "missing required column",
        lambda b: _drop_column(b, "towns", "name"),
        f"工作表“{SHEETS['towns']}” 第2行: error: 缺少必需的列：name",
    ),
    (
        "child row without parent",
        lambda b: _tamper(b, "powers.bases", "_file", "NOPE"),
        f"工作表“{SHEETS['powers.bases']}” 第3行: error: 找不到上级行：工作表“{SHEETS['powers']}”中没有文件“NOPE”的行",
    ),
    (
        "value the loader rejects, located at its cell",
        lambda b: _tamper(b, "districts", "code", "37048"),
        f"工作表“{SHEETS['districts']}” 第3行 第4列（D，code）: error: “code”的值“37048”格式不符合要求",
    ),
    (
        "reference the checker rejects, located at its cell",
        lambda b: _tamper(b, "town-lists.grants", "power", "MZ-GF-999"),
        f"工作表“{SHEETS['town-lists.grants']}” 第3行 第3列（C，power）: error: 引用了不存在的权力事项“MZ-GF-999”",
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


def test_every_town_list_row_says_who_decides() -> None:
    """The 审批部门 column is never blank: the mode decides who decides."""
    from townpowers.checks import load_catalog
    from townpowers.views.townlist import town_rows

    cat, _ = load_catalog(ROOT / "catalog")
    assert cat is not None
    rows = [r for town in cat.towns.values() for r in town_rows(cat, town)]
    assert rows and all(r.approver for r in rows)
    by_mode = {r.grant.current_mode.value: r.approver for r in rows}
    assert by_mode["直接下放"].endswith("委托，以其名义）")
    assert "人民政府" in by_mode["直接下放"]
    assert not by_mode["前移服务窗口"].startswith(("木石镇", "东郭镇"))


def _git(repo: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def test_one_edited_cell_comes_back_as_exactly_that_change(tmp_path: Path) -> None:
    """Export the reference catalog, edit one cell, import into the catalog: `git diff` shows
    exactly that line; comments and layout elsewhere stay; the report uses diff's words."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", repo / "catalog", ignore=shutil.ignore_patterns("sources"))
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    out = tmp_path / "out"
    assert (
        run_cli("export", "--format", "xlsx", "--out", str(out), str(repo / "catalog")).returncode
        == 0
    )
    book = out / "目录.xlsx"
    unchanged = run_cli("import-xlsx", str(book), "--into", str(repo / "catalog"))
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "目录中 0 个文件有变化" in unchanged.stdout
    assert _git(repo, "status", "--porcelain") == ""

    wb = load_workbook(book)
    ws = wb[SHEETS["powers"]]
    keys = [c.value for c in ws[2]]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "NY-XK-001")
    old_name = ws.cell(row, keys.index("name") + 1).value
    ws.cell(row, keys.index("name") + 1).value = old_name + "（试行）"
    wb.save(book)
    dry = run_cli("import-xlsx", str(book), "--into", str(repo / "catalog"), "--dry-run")
    assert "（--dry-run，未写入）" in dry.stdout and _git(repo, "status", "--porcelain") == ""
    result = run_cli("import-xlsx", str(book), "--into", str(repo / "catalog"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"改名 NY-XK-001：{old_name} → {old_name}（试行）" in result.stdout
    assert "目录中 1 个文件有变化，其余文件未改动。" in result.stdout
    diff = _git(repo, "diff", "--unified=0")
    changed = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [f"-name: {old_name}", f"+name: {old_name}（试行）"]
    assert run_cli("check", str(repo / "catalog")).returncode == 0


def test_a_workbook_of_another_catalog_is_not_imported_into_this_one(
    tmp_path: Path, reference_catalog: Path
) -> None:
    out = tmp_path / "out"
    mini = FIXTURES / "mini" / "catalog"
    assert run_cli("export", "--format", "xlsx", "--out", str(out), str(mini)).returncode == 0
    before = sorted(p.name for p in (reference_catalog / "powers").iterdir())
    result = run_cli("import-xlsx", str(out / "目录.xlsx"), "--into", str(reference_catalog))
    assert result.returncode == 1 and "工作簿来自另一个目录" in result.stdout
    assert sorted(p.name for p in (reference_catalog / "powers").iterdir()) == before


def test_catalog_workbook_sheets_are_named_in_chinese(tmp_path: Path, mini_catalog: Path) -> None:
    out = tmp_path / "out"
    assert (
        run_cli("export", "--format", "xlsx", "--out", str(out), str(mini_catalog)).returncode == 0
    )
    names = load_workbook(out / "目录.xlsx", read_only=True).sheetnames
    assert "一镇一单·赋权事项·状态记录" in names and "权力事项·法律依据" in names
    assert all(not re.search(r"[a-z]{3}", n) for n in names), names
    assert all(len(n) <= 31 for n in names)
