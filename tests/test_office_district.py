"""A district's workbook as offices keep it: header dialects, the offices' own codes, .xls files,
and the error workbook an office fixes in Excel."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, run_cli
from officebooks import (
    DISTRICT_NEW,
    DISTRICT_ROWS,
    MINI_HEADER,
    MINI_ROW,
    district_workbook,
    simple_workbook,
    xls_twins,
)
from test_spreadsheets import digest
from townpowers.checks import check, load_catalog
from townpowers.diagnostics import Severity
from townpowers.office.columns import COLUMNS, NOT_IMPORTED, closest, column_name
from townpowers.office.errorbook import AUTHOR, FILLS, MARK
from townpowers.office.read import PROBLEM_HEADER, PROBLEM_SHEET
from townpowers.sheets.tables import all_tables
from townpowers.site.pages import generate
from townpowers.site.rendering import environment
from townpowers.views.edition import view


def codes_of(catalog: Path) -> dict[str, list[tuple[str, str]]]:
    cat, problems = load_catalog(catalog)
    assert cat is not None, [p.format() for p in problems]
    return {p.id: [(c.district, c.code) for c in p.external_codes] for p in cat.powers.values()}


def test_district_workbook_imports_as_written_and_again_changes_nothing(
    reference_catalog: Path, tmp_path: Path
) -> None:
    book = district_workbook(tmp_path / "滕州市权责清单.xlsx")
    args = ("import-xlsx", str(book), "--catalog", str(reference_catalog), "--by", "王审核")
    result = run_cli(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    # grouped by sheet, each sheet saying how many of its rows import
    assert "工作表“滕州市自然资源局”：数据 3 行，全部可以导入" in out
    assert "工作表“滕州市民政局”：数据 3 行，全部可以导入" in out
    assert (
        out.index("工作表“滕州市自然资源局”：")
        < out.index("追责情形")
        < out.index("工作表“滕州市民政局”：")
    )
    assert "不导入的列：追责情形（责任追究不属于本知识库的内容）" in out
    assert "“承办单位”与“实施机构”都表示实施主体，按“实施机构”导入" in out
    assert "新建 1 项、更新 5 项、未变 0 项；写入 6 个文件。" in out
    assert not (tmp_path / "滕州市权责清单-问题.xlsx").exists()

    codes = codes_of(reference_catalog)
    for (sheet, row), (power_id, code) in DISTRICT_ROWS.items():
        if power_id is not None:
            assert codes[power_id] == [("tengzhou", code)], (sheet, row)
    cat, _ = load_catalog(reference_catalog)
    assert cat is not None
    new = next(p for p in cat.powers.values() if p.name == DISTRICT_NEW)
    assert new.id == "MZ-GF-003"  # this catalog's code; the office's is kept beside it
    assert codes[new.id] == [("tengzhou", "370481-MZ-GF-005")]
    assert new.owner == "minzheng" and new.level.value == "县级"
    # the sheet named after its department, without an implementing-body column
    assert cat.powers["ZRZY-CF-001"].supervision.bodies == ("ziranziyuan", "zhifa")
    # 权力来源 “法定本级行使” is read and not taken for a basis; roles of kept bases stay
    assert [(b.article, b.role.value) for b in cat.powers["MZ-GF-002"].bases] == [
        ("第四十七条", "设定依据"),
        ("第四十八条", "赋权依据"),
        ("第四条", "实施依据"),
    ]
    assert not [d for d in check(reference_catalog).diagnostics() if d.severity >= Severity.ERROR]

    before = digest(reference_catalog)
    again = run_cli(*args)
    assert again.returncode == 0, again.stdout
    assert "新建 0 项、更新 0 项、未变 6 项；写入 0 个文件。" in again.stdout
    assert digest(reference_catalog) == before


def test_office_codes_show_on_the_power_page_and_in_the_exports(
    reference_catalog: Path, tmp_path: Path
) -> None:
    book = district_workbook(tmp_path / "滕州市权责清单.xlsx")
    imported = run_cli("import-xlsx", str(book), "--catalog", str(reference_catalog))
    assert imported.returncode == 0, imported.stdout
    cat, _ = load_catalog(reference_catalog)
    assert cat is not None
    result = check(reference_catalog)
    pages = {
        p.path: p.text
        for p in generate(view(cat, "public"), environment(ROOT / "templates"), result)
    }
    row = "| 区（市）权责清单编码 | 滕州市 370481\\-ZR\\-XK\\-001 |"  # Markdown-escaped
    assert row in pages["powers/ZRZY-XK-001.md"]
    assert "区（市）权责清单编码" not in pages["powers/NY-XK-001.md"]

    exported = run_cli("export", "--format", "json", str(reference_catalog))
    document = json.loads(exported.stdout)
    power = next(p for p in document["powers"] if p["id"] == "ZRZY-XK-001")
    assert power["external_codes"] == [  # the row's 子项 is kept with the office's code
        {"district": "tengzhou", "code": "370481-ZR-XK-001", "sub_item": "农村村民住宅建设"}
    ]

    out = tmp_path / "out"
    books = run_cli("export", "--format", "xlsx", "--out", str(out), str(reference_catalog))
    assert books.returncode == 0, books.stderr
    towns = load_workbook(out / "一镇一单.xlsx")
    header = [c.value for c in towns["木石镇"][1]]
    column = header.index("权责清单编码") + 1
    by_power = {
        towns["木石镇"].cell(r, 2).value: towns["木石镇"].cell(r, column).value
        for r in range(2, towns["木石镇"].max_row + 1)
    }
    assert by_power["ZRZY-XK-001"] == "370481-ZR-XK-001"  # 木石镇 is in 滕州市
    assert by_power["NY-XK-001"] is None
    xuecheng = next(t for t in cat.towns.values() if t.district == "xuecheng")
    sheet = towns[xuecheng.name]
    assert all(sheet.cell(r, column).value is None for r in range(2, sheet.max_row + 1))
    catalog_book = load_workbook(out / "目录.xlsx")
    codes = catalog_book[next(t.sheet for t in all_tables() if t.name == "powers.external_codes")]
    rows = [[c.value for c in row] for row in codes.iter_rows(min_row=3)]
    assert ["ZRZY-XK-001", "1", "tengzhou", "370481-ZR-XK-001", "农村村民住宅建设"] in rows


def test_xls_imports_the_same_as_its_xlsx_twin(tmp_path: Path) -> None:
    (tmp_path / "books").mkdir()
    clean = district_workbook(tmp_path / "books" / "district.xlsx")
    bad = district_workbook(tmp_path / "books" / "district-bad.xlsx", problems=True)
    clean_xls, bad_xls = xls_twins([clean, bad], tmp_path / "xls")
    assert clean_xls.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE file: Excel 97-2003

    outputs = {}
    for name, book in (("xlsx", clean), ("xls", clean_xls)):
        catalog = tmp_path / name / "catalog"
        shutil.copytree(ROOT / "catalog", catalog)
        result = run_cli("import-xlsx", str(book), "--catalog", str(catalog), "--by", "王审核")
        assert result.returncode == 0, result.stdout + result.stderr
        outputs[name] = result.stdout.replace(str(book), "FILE").replace(str(catalog), "CAT")
    assert outputs["xls"] == outputs["xlsx"]
    assert digest(tmp_path / "xls" / "catalog") == digest(tmp_path / "xlsx" / "catalog")

    refused = {}
    for name, book in (("xlsx", bad), ("xls", bad_xls)):
        catalog = tmp_path / f"bad-{name}" / "catalog"
        shutil.copytree(ROOT / "catalog", catalog)
        result = run_cli("import-xlsx", str(book), "--catalog", str(catalog))
        assert result.returncode == 1, result.stdout
        text = result.stdout.replace(str(book), "FILE")
        refused[name] = text.replace(str(book.with_name(f"{book.stem}-问题.xlsx")), "ERRORS")
        assert digest(catalog) == digest(ROOT / "catalog")
        marked = load_workbook(book.with_name(f"{book.stem}-问题.xlsx"))
        assert MARK in marked["滕州市民政局"]["F5"].comment.text  # the same cell, either way
    assert refused["xls"] == refused["xlsx"]
    assert (
        "FILE 工作表“滕州市民政局” 第5行 第6列（F，设定依据）: error: 职权依据为空"
        in refused["xls"]
    )


def _problems(stdout: str, book: Path) -> list[tuple[str, int, str, str, str]]:
    """(sheet, row, column letter, severity, message) of every error and warning reported."""
    pattern = re.compile(
        re.escape(str(book)) + r" 工作表“([^”]+)” 第(\d+)行(?: 第\d+列（([A-Z]+)，[^）]*）)?: "
        r"(error|warning): (.+) \[[a-z-]+\]"
    )
    return [
        (m[1], int(m[2]), m[3] or "A", m[4], m[5])
        for m in map(pattern.match, stdout.splitlines())
        if m
    ]


def test_error_workbook_marks_every_problem_and_imports_once_fixed(
    reference_catalog: Path, tmp_path: Path
) -> None:
    book = district_workbook(tmp_path / "滕州市权责清单.xlsx", problems=True)
    before = digest(reference_catalog)
    result = run_cli("import-xlsx", str(book), "--catalog", str(reference_catalog))
    assert result.returncode == 1, result.stdout
    assert digest(reference_catalog) == before
    assert "工作表“滕州市自然资源局”：数据 4 行，可以导入 3 行，有问题 1 行" in result.stdout
    assert "工作表“滕州市民政局”：数据 4 行，可以导入 3 行，有问题 1 行" in result.stdout
    errors_path = tmp_path / "滕州市权责清单-问题.xlsx"
    assert f"已写出标注问题的工作簿：{errors_path}" in result.stdout

    problems = _problems(result.stdout, book)
    assert [(p[0], p[1], p[2]) for p in problems] == [
        ("滕州市自然资源局", 9, "F"),
        ("滕州市民政局", 5, "F"),
    ]
    marked = load_workbook(errors_path)
    assert marked.sheetnames[0] == PROBLEM_SHEET and marked.active.title == PROBLEM_SHEET
    listing = marked[PROBLEM_SHEET]
    assert tuple(c.value for c in listing[1]) == PROBLEM_HEADER
    listed = [[c.value for c in row] for row in listing.iter_rows(min_row=2)]
    for sheet, row, letter, severity, message in problems:
        cell = marked[sheet][f"{letter}{row}"]
        assert (
            cell.fill.fgColor.rgb
            == FILLS[Severity.ERROR if severity == "error" else Severity.WARNING]
        )
        assert cell.comment is not None and cell.comment.author == AUTHOR
        assert message in cell.comment.text, (sheet, row, cell.comment.text)
        entry = next(r for r, line in enumerate(listed, start=2) if line[3] == message)
        link = listing.cell(entry, 2).hyperlink
        assert link.location == f"'{sheet}'!{letter}{row}"
        assert listing.cell(entry, 3).value == "错误"
    assert marked["滕州市民政局"]["A2"].value == 1  # the office's data is all there

    # the office fixes the marked copy in Excel and sends it back
    marked["滕州市民政局"]["F5"].value = "《社会救助暂行办法》第十一条第（三）项"
    marked["滕州市民政局"]["D5"].value = "最低生活保障对象的抽查复核"
    marked["滕州市民政局"]["C5"].value = "行政给付"
    for column in range(1, 11):
        marked["滕州市自然资源局"].cell(9, column).value = None
    fixed = tmp_path / "滕州市权责清单-已修改.xlsx"
    marked.save(fixed)
    again = run_cli("import-xlsx", str(fixed), "--catalog", str(reference_catalog))
    assert again.returncode == 0, again.stdout
    assert PROBLEM_SHEET not in again.stdout  # the problem sheet is not data
    assert "新建 2 项、更新 5 项" in again.stdout
    assert not (tmp_path / "滕州市权责清单-已修改-问题.xlsx").exists()


def test_marks_of_an_earlier_check_are_replaced(mini_catalog: Path, tmp_path: Path) -> None:
    row = list(MINI_ROW)
    row[3] = "《社会救助暂行办法》第九十九条"
    book = simple_workbook(tmp_path / "清单.xlsx", [tuple(row)], MINI_HEADER)
    first = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert first.returncode == 1
    marked_path = tmp_path / "清单-问题.xlsx"
    marked = load_workbook(marked_path)
    marked["权责清单"]["D2"].value = "《社会救助暂行办法》第四十八条"
    marked["权责清单"]["E2"].value = "滕州市教育局"
    marked.save(marked_path)
    second = run_cli("import-xlsx", str(marked_path), "--catalog", str(mini_catalog))
    assert second.returncode == 1
    again = load_workbook(tmp_path / "清单-问题-问题.xlsx")
    sheet = again["权责清单"]
    assert sheet["D2"].comment is None and sheet["D2"].fill.fgColor.rgb != FILLS[Severity.ERROR]
    assert "实施主体“滕州市教育局”对应不到" in sheet["E2"].comment.text
    assert again.sheetnames.count(PROBLEM_SHEET) == 1
    assert again[PROBLEM_SHEET].max_row == 2  # one problem: the old one is gone


def test_an_office_code_needs_its_district(mini_catalog: Path, tmp_path: Path) -> None:
    header = (*MINI_HEADER, "事项编码")
    row = (*MINI_ROW[:4], "民政", *MINI_ROW[5:], "MZ-GF-0101")
    book = simple_workbook(tmp_path / "清单.xlsx", [row], header)
    unknown = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert unknown.returncode == 1
    assert (
        "工作表“权责清单” 第2行 第8列（H，事项编码）: error: 无法确定事项编码“MZ-GF-0101”"
        "属于哪个区（市）的权责清单"
    ) in unknown.stdout
    wrong = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog), "--district", "x")
    assert wrong.returncode == 2 and "--district “x”不是目录中的区（市）" in wrong.stdout
    told = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog), "--district", "滕州市")
    assert told.returncode == 0, told.stdout
    assert codes_of(mini_catalog)["MZ-GF-003"] == [("tengzhou", "MZ-GF-0101")]

    with (mini_catalog / "districts.yaml").open("a", encoding="utf-8") as districts:
        districts.write(
            '  - id: xuecheng\n    name: 薛城区\n    code: "370403"\n    kind: 市辖区\n'
        )
    other = simple_workbook(tmp_path / "薛城.xlsx", [(*row[:-1], "370403-MZ-1")], header)
    conflict = run_cli(
        "import-xlsx", str(other), "--catalog", str(mini_catalog), "--district", "tengzhou"
    )
    assert conflict.returncode == 1
    assert "事项编码“370403-MZ-1”以薛城区的区划代码开头，但导入的是滕州市的权责清单" in (
        conflict.stdout
    )


def test_the_office_code_follows_renames_and_renumbering(
    mini_catalog: Path, tmp_path: Path
) -> None:
    header = (*MINI_HEADER, "权力编码")
    first = simple_workbook(tmp_path / "1.xlsx", [(*MINI_ROW, "370481-MZ-GF-7")], header)
    assert run_cli("import-xlsx", str(first), "--catalog", str(mini_catalog)).returncode == 0
    renamed = list(MINI_ROW)
    renamed[2] = "临时救助金发放（县级）"
    second = simple_workbook(tmp_path / "2.xlsx", [(*renamed, "370481-mz-gf-7")], header)
    result = run_cli("import-xlsx", str(second), "--catalog", str(mini_catalog))
    assert result.returncode == 0, result.stdout
    assert "更新 MZ-GF-003 临时救助金发放（县级）" in result.stdout  # matched on the code
    third = simple_workbook(tmp_path / "3.xlsx", [(*renamed, "370481-MZ-GF-8")], header)
    result = run_cli("import-xlsx", str(third), "--catalog", str(mini_catalog))
    assert "更新 MZ-GF-003" in result.stdout  # matched on the name: the office renumbered
    assert codes_of(mini_catalog)["MZ-GF-003"] == [("tengzhou", "370481-MZ-GF-8")]


def test_a_header_not_recognized_names_the_closest_known_column(
    mini_catalog: Path, tmp_path: Path
) -> None:
    header = ("序号", "职权类型", "职权名称", "职权依据", "执行机构", "监管措施", "领域", "联系人")
    book = simple_workbook(tmp_path / "清单.xlsx", [(*MINI_ROW, "张三")], header)
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert result.returncode == 1
    assert "第1行的表头缺少必需的列：实施主体 [sheet-header]" in result.stdout
    assert "表头中不认识的列：“执行机构”（最接近的已知列名：实施机构，即实施主体）" in result.stdout
    assert "info: 不认识的列：“执行机构”（最接近的已知列名：实施机构，即实施主体）、“联系人”" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("实施机构", "实施主体"),
        ("办理机构", "实施主体"),
        ("实施单位", "实施主体"),
        ("承办单位", "实施主体"),
        ("法律依据及条款", "职权依据"),
        ("事项类别", "职权类型"),
        ("职权分类", "职权类型"),
        ("权力来源", "权力来源"),
        ("职权依据（法律法规规章条款）", "职权依据"),
        (" 实施\n机构：", "实施主体"),
        ("权力编码", "事项编码"),
    ],
)
def test_header_dialects(written: str, canonical: str) -> None:
    assert column_name(written) == canonical


def test_the_dialect_table_names_each_header_once() -> None:
    names = [n for ns in COLUMNS.values() for n in ns]
    assert len(names) == len(set(names))
    assert not set(names) & set(NOT_IMPORTED)
    assert closest("实施机关单位") == ("实施机关", "实施主体")
    assert closest("联系人") is None


def test_basis_written_under_power_source_is_imported(mini_catalog: Path, tmp_path: Path) -> None:
    header = ("职权类型", "职权名称", "权力来源", "实施主体", "监管措施", "领域")
    row = ("行政给付", "临时救助金发放", "《社会救助暂行办法》第四十八条", "滕州市民政局",
           "案卷评查", "民生保障")  # fmt: skip
    book = simple_workbook(tmp_path / "清单.xlsx", [row], header)
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert result.returncode == 0, result.stdout
    cat, _ = load_catalog(mini_catalog)
    assert cat is not None
    assert [b.article for b in cat.powers["MZ-GF-003"].bases] == ["第四十八条"]


@pytest.mark.parametrize("old_header", [False, True])
def test_an_exported_town_list_is_refused(
    mini_catalog: Path, tmp_path: Path, old_header: bool
) -> None:
    out = tmp_path / "out"
    assert (
        run_cli("export", "--format", "xlsx", "--out", str(out), str(mini_catalog)).returncode == 0
    )
    book = out / "一镇一单.xlsx"
    if old_header:  # as exported before the 权责清单编码 column existed
        workbook = load_workbook(book)
        for sheet in workbook.worksheets:
            sheet.delete_cols(3)
        workbook.save(book)
    before = digest(mini_catalog)
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert result.returncode == 1
    assert "这是 townpowers export 导出的一镇一单" in result.stdout
    assert digest(mini_catalog) == before


def test_a_csv_with_problems_gets_a_marked_workbook_too(mini_catalog: Path, tmp_path: Path) -> None:
    row = list(MINI_ROW)
    row[4] = "滕州市教育局"
    path = tmp_path / "民政局权责清单.csv"
    lines = [",".join(MINI_HEADER), ",".join(str(v) for v in row)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    errors = tmp_path / "标注" / "问题.xlsx"
    result = run_cli(
        "import-xlsx", str(path), "--catalog", str(mini_catalog), "--errors", str(errors)
    )
    assert result.returncode == 1, result.stdout
    assert f"文件“{path}”：数据 1 行，可以导入 0 行，有问题 1 行" in result.stdout
    marked = load_workbook(errors)
    assert marked.sheetnames == [PROBLEM_SHEET, "民政局权责清单"]
    cell = marked["民政局权责清单"]["E2"]
    assert cell.value == "滕州市教育局"
    assert "实施主体“滕州市教育局”对应不到目录中的部门类别" in cell.comment.text
    assert marked[PROBLEM_SHEET]["B3"].hyperlink.location == "'民政局权责清单'!E2"
    wrong = run_cli("import-xlsx", str(path), "--catalog", str(mini_catalog), "--errors", "x.xls")
    assert wrong.returncode == 2 and "--errors 的文件名应以 .xlsx 结尾" in wrong.stderr
