"""Importing a department's 权责清单 as offices write it, and every way such a file goes wrong."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from conftest import ROOT, run_cli
from officebooks import MESSY_POWERS, MINI_HEADER, MINI_ROW, messy_workbook, simple_workbook
from test_spreadsheets import digest
from townpowers.checks import load_catalog
from townpowers.model import Measure, PowerFile
from townpowers.office.mapping import MEASURE_WORDS, citations
from townpowers.office.template import TEMPLATE, template_sheets
from townpowers.yamlio.schemas import folder_profile


def powers_by_name(catalog: Path) -> dict[str, PowerFile]:
    cat, problems = load_catalog(catalog)
    assert cat is not None, [p.format() for p in problems]
    return {p.name: p for p in cat.powers.values()}


def test_messy_workbook_imports_and_the_catalog_passes_check(
    reference_catalog: Path, tmp_path: Path
) -> None:
    book = messy_workbook(tmp_path / "执法局权责清单.xlsx")
    args = ("import-xlsx", str(book), "--catalog", str(reference_catalog), "--by", "李审核")
    result = run_cli(*args, "--domain", "绿化管理")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "新建 6 项、更新 0 项、未变 0 项；写入 6 个文件。" in result.stdout
    assert "工作表“填写说明”: info: 没有可识别的表头" in result.stdout
    check = run_cli("check", str(reference_catalog))
    assert check.returncode == 0, check.stdout
    powers = powers_by_name(reference_catalog)
    for name, (type_, owner) in MESSY_POWERS.items():
        power = powers[name]
        assert (power.type.value, power.owner) == (type_, owner), name
        assert all(b.reviewed and b.reviewed.by == "李审核" for b in power.bases)
    first = powers["对擅自关闭、闲置或者拆除生活垃圾处理设施、场所的行政处罚"]
    assert first.id == "ZF-CF-005"
    assert [(b.law, b.article, b.paragraph, b.item) for b in first.bases] == [
        ("guti-feiwu-fa", "第一百一十一条", 1, 2)
    ]
    assert first.duties == "1.立案责任。\n2.调查责任。\n3.决定责任。"
    assert [m.value for m in first.supervision.measures] == ["日常巡查", "投诉举报核查"]
    assert first.domain == "城镇管理"  # from the 所属领域 column
    second = powers["对在人口集中地区对树木、花草喷洒剧毒、高毒农药的行政处罚"]
    assert (second.bases[0].article, second.bases[0].paragraph) == ("第一百一十九条", 1)
    inspection = powers["对城市绿地和树木保护情况的监督检查"]
    assert inspection.id == "ZF-JC-001"
    assert [(b.law, b.article, b.paragraph) for b in inspection.bases] == [
        ("zz-chengshi-lvhua-tiaoli", "第二十七条", 1),
        ("zz-chengshi-lvhua-tiaoli", "第三十一条", None),
    ]
    service = powers["城市绿化技术咨询"]
    assert service.type.value == "公共服务" and service.domain == "绿化管理"
    text = (reference_catalog / "powers" / "ZF-CF-005.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/power.schema.json\n")

    before = digest(reference_catalog)
    again = run_cli(*args, "--domain", "绿化管理")
    assert again.returncode == 0, again.stdout
    assert "新建 0 项、更新 0 项、未变 6 项；写入 0 个文件。" in again.stdout
    assert digest(reference_catalog) == before


def test_csv_saved_by_chinese_excel_is_read_as_gbk(mini_catalog: Path, tmp_path: Path) -> None:
    lines = [",".join(MINI_HEADER), ",".join(str(v) for v in MINI_ROW)]
    path = tmp_path / "民政局权责清单.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    result = run_cli("import-xlsx", str(path), "--catalog", str(mini_catalog))
    assert result.returncode == 0, result.stdout
    assert "已按 GBK/GB18030（中文 Windows 的 Excel 默认）读取" in result.stdout
    assert "新建 1 项" in result.stdout
    assert powers_by_name(mini_catalog)["临时救助金发放"].id == "MZ-GF-003"


def test_update_keeps_guide_delegation_and_reviews(mini_catalog: Path, tmp_path: Path) -> None:
    before = powers_by_name(mini_catalog)["临时救助审批（救助金额较小的）"]
    row = (1, "行政给付", "临时救助审批（救助金额较小的）", "《社会救助暂行办法》第四十八条",
           "滕州市民政局", "双随机一公开抽查审批案卷", "民生保障")  # fmt: skip
    book = simple_workbook(tmp_path / "更新.xlsx", [(*row, "审批责任：依法审批。")],
                           (*MINI_HEADER, "责任事项"))  # fmt: skip
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert result.returncode == 0, result.stdout
    assert "新建 0 项、更新 1 项、未变 0 项；写入 1 个文件。" in result.stdout
    after = powers_by_name(mini_catalog)["临时救助审批（救助金额较小的）"]
    assert after.id == before.id and after.guide == before.guide
    assert after.delegation == before.delegation
    assert after.bases[0].reviewed == before.bases[0].reviewed
    assert after.duties == "审批责任：依法审批。"
    assert after.supervision.content == "双随机一公开抽查审批案卷"
    assert run_cli("check", str(mini_catalog)).returncode == 0


def _xlsx(rows: list[tuple], header: tuple[str, ...] = MINI_HEADER) -> Callable[[Path], Path]:
    return lambda folder: simple_workbook(folder / "权责清单.xlsx", rows, header)


def _replace(index: int, value: object) -> tuple:
    row = list(MINI_ROW)
    row[index] = value
    return tuple(row)


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return make


def _empty_workbook(folder: Path) -> Path:
    Workbook().save(folder / "空.xlsx")
    return folder / "空.xlsx"


def _corrupt_zip(folder: Path) -> Path:
    path = folder / "坏.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "管道.xlsx")
    return folder / "管道.xlsx"


AT = "工作表“权责清单” 第2行"
#: Bad input: (what, how to make the file, expected message with its location, exit code).
BAD_INPUT: list[tuple[str, Callable[[Path], Path], str, int]] = [
    (
        "missing required columns",
        _xlsx([MINI_ROW[:3]], MINI_HEADER[:3]),
        "工作表“权责清单” 第1行: error: 第1行的表头缺少必需的列：职权依据、实施主体 [sheet-header]\n"
        "    提示：已识别的列：序号（序号）、职权类型（职权类型）、职权名称（职权名称）",
        1,
    ),
    (
        "wrong value in a cell",
        _xlsx([(*MINI_ROW, "省级")], (*MINI_HEADER, "层级")),
        f"{AT} 第8列（H，层级）: error: 层级“省级”不是允许的值",
        1,
    ),
    (
        "unknown type",
        _xlsx([_replace(1, "行政命令")]),
        f"{AT} 第2列（B，职权类型）: error: 职权类型“行政命令”不是允许的值 [sheet-value]\n"
        "    提示：允许的值：行政许可、行政处罚、",
        1,
    ),
    (
        "unknown department",
        _xlsx([_replace(4, "滕州市教育和体育局")]),
        f"{AT} 第5列（E，实施主体）: error: 实施主体“滕州市教育和体育局”对应不到目录中的部门类别",
        1,
    ),
    (
        "unknown law",
        _xlsx([_replace(3, "《中华人民共和国教育法》第十条")]),
        f"{AT} 第4列（D，职权依据）: error: 法律文件《中华人民共和国教育法》不在目录中："
        "先录入该法律文件及其条文（条文须逐字照录公开文本） [sheet-reference]",
        1,
    ),
    (
        "unknown article",
        _xlsx([_replace(3, "《社会救助暂行办法》第九十九条")]),
        f"{AT} 第4列（D，职权依据）: error: 《社会救助暂行办法》第九十九条不在目录中",
        1,
    ),
    (
        "unknown paragraph",
        _xlsx([_replace(3, "《社会救助暂行办法》第四十八条第三款")]),
        "error: 《社会救助暂行办法》第四十八条第三款不存在",
        1,
    ),
    (
        "no citation",
        _xlsx([_replace(3, "依照有关法律法规")]),
        f"{AT} 第4列（D，职权依据）: error: 职权依据中没有可识别的引用",
        1,
    ),
    (
        "no measure recognised",
        _xlsx([_replace(5, "加强监管")]),
        f"{AT} 第6列（F，监管措施）: error: 监管措施中没有可识别的措施",
        1,
    ),
    (
        "no domain",
        _xlsx([MINI_ROW[:6]], MINI_HEADER[:6]),
        f"{AT}: error: 没有领域：表格中没有“领域”列",
        1,
    ),
    (
        "empty name in a row with content",
        _xlsx([MINI_ROW, _replace(2, None)]),
        "工作表“权责清单” 第3行 第3列（C，职权名称）: error: 这一行有内容，但职权名称为空",
        1,
    ),
    (
        "the same power twice",
        _xlsx([MINI_ROW, MINI_ROW]),
        "工作表“权责清单” 第3行: error: 与工作表“权责清单”第2行是同一事项",
        1,
    ),
    (
        "CSV in neither UTF-8 nor GBK",
        _write("清单.csv", "序号,职权名称\n1,".encode() + b"\xff\xfe\xff\n"),
        "清单.csv 第2行: error: 文件既不是 UTF-8 也不是 GBK/GB18030 编码（第2行第3个字节处）",
        1,
    ),
    (
        "not a workbook",
        _write("清单.xlsx", b"just text"),
        "error: 不是 Excel 工作簿（.xlsx、.xls），也不是 .csv 文件",
        1,
    ),
    (
        "password-protected .xlsx (an OLE file with an encrypted package)",
        _write(
            "加密.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + bytes(512)
            + "EncryptedPackage".encode("utf-16-le")
            + bytes(64),
        ),
        "加密.xlsx: error: 工作簿设置了打开密码，无法读取 [sheet-file]",
        1,
    ),
    (
        "corrupt .xls (an OLE header and nothing else)",
        _write("坏.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)),
        "坏.xls: error: 文件已损坏，或不是 Excel 工作簿（",
        1,
    ),
    ("corrupt zip", _write("坏.xlsx", b"PK\x03\x04garbage"), "error: 文件已损坏", 1),
    ("zip that is no workbook", _corrupt_zip, "error: 文件已损坏，或不是 Excel 工作簿", 1),
    ("empty workbook", _empty_workbook, "error: 工作簿中没有任何数据", 1),
    ("missing file", lambda folder: folder / "没有.xlsx", "error: 文件不存在", 1),
    ("not a regular file", _fifo, "error: 不是普通文件", 1),
]


@pytest.mark.parametrize(
    ("what", "make", "expected", "code"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_reported_and_nothing_written(
    mini_catalog: Path, tmp_path: Path, what: str, make, expected: str, code: int
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    before = digest(mini_catalog)
    result = run_cli("import-xlsx", str(path), "--catalog", str(mini_catalog))
    assert result.returncode == code, result.stdout + result.stderr
    assert expected in result.stdout, result.stdout
    assert "未写入任何文件" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert digest(mini_catalog) == before


def test_error_found_by_check_is_reported_at_the_row(mini_catalog: Path, tmp_path: Path) -> None:
    """Rules the import cannot foresee run on the staged catalog: an update that drops the
    article allowing entrustment breaks a town's 直接下放 grant; the error names the row."""
    before = digest(mini_catalog)
    row = (1, "行政给付", "临时救助审批（救助金额较小的）", "《社会救助暂行办法》第十一条",
           "滕州市民政局", "双随机一公开", "民生保障")  # fmt: skip
    book = simple_workbook(tmp_path / "x.xlsx", [row], MINI_HEADER)
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert result.returncode == 1, result.stdout
    assert (
        "catalog/town-lists/mushi.yaml:6:11: error: 事项 MZ-GF-002 以直接下放方式赋予，"
        "但没有依据授权镇作出决定：《社会救助暂行办法》第十一条只授权镇受理、审核"
        "（法律直接规定，以自己名义） [direct-without-entrustment]"
    ) in result.stdout
    assert "    来自：" + str(book) + " 工作表“权责清单” 第2行" in result.stdout
    # the power's own list of lawful modes (直接下放) is no longer supported by its bases either
    assert "[lawful-modes-unsupported]" in result.stdout
    assert "导入后的目录有 2 个错误，未写入任何文件。" in result.stdout
    assert digest(mini_catalog) == before


def test_case_of_a_given_code_does_not_matter(mini_catalog: Path, tmp_path: Path) -> None:
    row = (1, "行政给付", "临时救助审批（救助金额较小的）", "《社会救助暂行办法》第四十八条",
           "滕州市民政局", "抽查审批案卷：双随机一公开", "民生保障", "mz-gf-002")  # fmt: skip
    book = simple_workbook(tmp_path / "x.xlsx", [row], (*MINI_HEADER, "事项编码"))
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog))
    assert result.returncode == 0, result.stdout
    assert "更新 MZ-GF-002" in result.stdout


def test_dry_run_writes_nothing(mini_catalog: Path, tmp_path: Path) -> None:
    book = simple_workbook(tmp_path / "x.xlsx", [MINI_ROW], MINI_HEADER)
    before = digest(mini_catalog)
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog), "--dry-run")
    assert result.returncode == 0, result.stdout
    assert "新建 1 项、更新 0 项、未变 0 项（--dry-run，未写入）。" in result.stdout
    assert digest(mini_catalog) == before


def test_shipped_template_is_current_and_imports_cleanly(reference_catalog: Path) -> None:
    shipped = load_workbook(ROOT / TEMPLATE)
    profile = folder_profile(ROOT / "catalog")
    assert profile is not None
    for sheet in template_sheets(profile):
        ws = shipped[sheet.name]
        values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
        top = 1 if sheet.title else 0
        expected = [list(r) for r in sheet.header + sheet.rows]
        got = [list(r)[: len(e)] for r, e in zip(values[top:], expected, strict=True)]
        assert got == expected, f"{TEMPLATE} 已过期：运行 townpowers template-xlsx"
    result = run_cli(
        "import-xlsx", str(ROOT / TEMPLATE), "--catalog", str(reference_catalog), "--by", "审核人"
    )
    assert result.returncode == 0, result.stdout
    assert "新建 3 项" in result.stdout
    assert run_cli("check", str(reference_catalog)).returncode == 0


def test_every_measure_has_keywords() -> None:
    assert set(MEASURE_WORDS) == {m.name for m in Measure}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《中华人民共和国城乡规划法》第四十一条第一款", [("第四十一条", 1, None)]),
        ("《行政许可法》第二十四条、第二十五条", [("第二十四条", None, None), ("第二十五条", None, None)]),
        ("依据《城乡规划法》（2019年修正）第41条第1款、第2款", [("第四十一条", 1, None), ("第四十一条", 2, None)]),
        ("《社会救助暂行办法》第十一条第（三）项", [("第十一条", None, 3)]),
        ("《某法》第三条：依照本法第九条规定……", [("第三条", None, None)]),
        ("有关规定，见《某法》第三条", []),
    ],
)  # fmt: skip
def test_citations(text: str, expected: list) -> None:
    found, _ = citations(text)
    assert [(c.article, c.paragraph, c.item) for c in found] == expected


def test_an_updated_power_keeps_its_comments_and_layout(
    reference_catalog: Path, tmp_path: Path
) -> None:
    """Updating an item from a 权责清单 edits its file in place, not a rewrite: a comment
    written by hand stays, and only the value the workbook changes changes."""
    book = messy_workbook(tmp_path / "执法局权责清单.xlsx")
    args = ("import-xlsx", str(book), "--catalog", str(reference_catalog), "--domain", "绿化管理")
    assert run_cli(*args, "--by", "李审核").returncode == 0
    path = reference_catalog / "powers" / "ZF-CF-005.yaml"
    imported = path.read_text(encoding="utf-8")
    lines = imported.splitlines(keepends=True)
    lines.insert(2, "# 人工加的注释：导入更新时应保留\n")
    edited = "".join(lines)
    measures = next(line for line in lines if "measures:" in line)
    path.write_text(edited.replace(measures, measures.replace("日常巡查, ", "")), encoding="utf-8")
    again = run_cli(*args, "--by", "李审核")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "更新 ZF-CF-005" in again.stdout
    assert path.read_text(encoding="utf-8") == edited  # the comment kept, the value restored
