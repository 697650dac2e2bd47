"""Messy 权责清单 workbooks as district offices write them, generated with openpyxl.

The fixtures are built by code rather than committed as binaries, so that what each one
exercises is readable here: a title row merged across the table, a two-row header under a
merged parent (监管 over 责任主体 and 措施), 职权类型 merged down over its rows, section rows
(“一、行政处罚（共3项）”), an empty row, several sheets, a sheet of instructions without a
header, wrapped names, citations followed by the quoted article text.

``python tests/officebooks.py OUT`` writes them to OUT for a look in Excel (see
tests/fixtures/spreadsheets/README.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

#: Rows the messy workbook turns into powers (name, type, owner kind) in the reference catalog.
MESSY_POWERS = {
    "对擅自关闭、闲置或者拆除生活垃圾处理设施、场所的行政处罚": ("行政处罚", "zhifa"),
    "对在人口集中地区对树木、花草喷洒剧毒、高毒农药的行政处罚": ("行政处罚", "zhifa"),
    "对未经批准擅自在街道两侧和公共场地堆放物料的行政处罚": ("行政处罚", "zhifa"),
    "对城市绿地和树木保护情况的监督检查": ("行政检查", "zhifa"),
    "砍伐城市树木审批（因城市建设需要砍伐的）": ("行政许可", "zhifa"),
    "城市绿化技术咨询": ("公共服务", "zhifa"),
}


def _put(ws: Worksheet, row: int, values: Sequence[Any], start: int = 1) -> None:
    for offset, value in enumerate(values):
        if value is not None:
            ws.cell(row, start + offset).value = value


def messy_workbook(path: Path) -> Path:
    """A department's list in three sheets, with every layout habit import must cope with."""
    book = Workbook()
    ws = book.active
    ws.title = "处罚和检查"
    ws["A1"] = "滕州市综合行政执法局权责清单"
    ws.merge_cells("A1:K1")
    ws["A2"] = "（2021年版，共4项）"
    ws.merge_cells("A2:K2")
    # two-row header: most names merged down over rows 3-4, 监管 over two children
    heads = ["序号", "职权类型", "事项名称", "子项", "设定依据", "实施主体", "责任事项"]
    for col, name in enumerate(heads, start=1):
        ws.cell(3, col).value = name
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    ws["H3"] = "监管"
    ws.merge_cells("H3:I3")
    ws["H4"] = "责任主体"
    ws["I4"] = "措施"
    for col, name in ((10, "所属领域"), (11, "备注")):
        ws.cell(3, col).value = name
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    ws["A5"] = "一、行政处罚（共3项）"
    ws.merge_cells("A5:K5")
    _put(
        ws,
        6,
        [
            1,
            None,
            "对擅自关闭、闲置或者拆除生活垃圾处理设施、\n场所的行政处罚",
            None,
            "《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款第（二）项："
            "违反本法规定，有下列行为之一，由县级以上地方人民政府环境卫生主管部门责令改正……"
            "依照本法第一百一十二条规定处理。",
            "滕州市综合行政执法局",
            "1.立案责任。\n2.调查责任。\n3.决定责任。",
            "综合行政执法",
            "日常巡查；受理投诉举报",
            "城镇管理",
            None,
        ],
    )
    _put(
        ws,
        7,
        [
            2,
            None,
            "对在人口集中地区对树木、花草喷洒剧毒、高毒农药的行政处罚",
            None,
            "1.【法律】《大气污染防治法》（2018年修正）第119条第1款",
            None,  # merged with F6 above
            "1.立案责任。\n2.调查责任。",
            "综合行政执法",
            "双随机一公开抽查，案卷评查",
            "城镇管理",
            None,
        ],
    )
    ws.merge_cells("F6:F8")
    _put(
        ws,
        8,
        [
            3,
            None,
            "对未经批准擅自在街道两侧和公共场地堆放物料的行政处罚",
            None,
            "《城市市容和环境卫生管理条例》第三十六条第（二）项",
            None,
            None,
            None,
            "日常巡查",
            "城镇管理",
            "示例数据",
        ],
    )
    # row 9 is empty
    ws["A10"] = "二、行政检查"
    ws.merge_cells("A10:K10")
    _put(
        ws,
        11,
        [
            4,
            "行政检查",
            "对城市绿地和树木保护情况的监督检查",
            None,
            "依据《枣庄市城市绿化条例》第二十七条第一款、第三十一条",
            "综合行政执法局",
            None,
            None,
            "日常检查、信用分级分类",
            "绿化管理",
            None,
        ],
    )
    ws.merge_cells("B11:B12")
    # a continuation row: only a sub-item name under a merged 职权类型 would be data; here a
    # note row merged across the table follows instead (skipped silently)
    ws["A13"] = "注：以上事项均为示意。"
    ws.merge_cells("A13:K13")

    other = book.create_sheet("其他权力和公共服务")
    _put(
        other,
        1,
        ["序号", "职权类型", "职权名称", "子项名称", "法律依据", "实施部门", "事中事后监管措施"],
    )
    _put(
        other,
        2,
        [
            1,
            "行政许可类",
            "砍伐城市树木审批",
            "因城市建设需要砍伐的",
            "《城市绿化条例》第二十条第二款；\n《枣庄市城市绿化条例》第三十一条",
            "区（市）综合行政执法部门",
            "对补植情况日常巡查",
        ],
    )
    _put(
        other,
        3,
        [
            2,
            "公共服务事项",
            "城市绿化技术咨询",
            None,
            "《枣庄市城市绿化条例》第三条第二款",
            "综合行政执法",
            "受理投诉并核查",
        ],
    )
    notes = book.create_sheet("填写说明")
    notes["A1"] = "本表按市里统一格式填写。"
    notes["A2"] = "职权依据写明法律名称和条款。"
    book.save(path)
    return path


def simple_workbook(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str]) -> Path:
    """One sheet: a header row and data rows (for the bad-input cases)."""
    book = Workbook()
    ws = book.active
    ws.title = "权责清单"
    _put(ws, 1, list(header))
    for r, row in enumerate(rows, start=2):
        _put(ws, r, list(row))
    book.save(path)
    return path


#: A clean single-sheet list for the mini catalog (民政, 社会救助暂行办法).
MINI_HEADER = ("序号", "职权类型", "职权名称", "职权依据", "实施主体", "监管措施", "领域")
MINI_ROW = (
    1,
    "行政给付",
    "临时救助金发放",
    "《社会救助暂行办法》第四十八条",
    "滕州市民政局",
    "案卷评查",
    "民生保障",
)


#: The district workbook's rows: (sheet, row) -> (this catalog's id or None for new, office code).
DISTRICT_ROWS = {
    ("滕州市自然资源局", 5): ("ZRZY-XK-001", "370481-ZR-XK-001"),
    ("滕州市自然资源局", 6): ("ZRZY-XK-004", "370481-ZR-XK-004"),
    ("滕州市自然资源局", 8): ("ZRZY-CF-001", "370481-ZR-CF-012"),
    ("滕州市民政局", 2): ("MZ-GF-001", "370481-MZ-GF-001"),
    ("滕州市民政局", 3): ("MZ-GF-002", "370481-MZ-GF-002"),
    ("滕州市民政局", 4): (None, "370481-MZ-GF-005"),
}
#: The new item of the district workbook.
DISTRICT_NEW = "临时救助审批（救助金额较大的）"


def district_workbook(path: Path, problems: bool = False) -> Path:
    """A district's workbook as offices keep it: one sheet per department, each in its own
    header dialect, the offices' own codes (370481-…), merged cells, a column the catalog does
    not hold (追责情形), a sheet without an implementing-body column (named after its
    department). With ``problems``: a row citing a law the catalog lacks and a row without
    any legal basis."""
    book = Workbook()
    ws = book.active
    ws.title = "滕州市自然资源局"
    ws["A1"] = "滕州市自然资源局权责清单（2021年）"
    ws.merge_cells("A1:J1")
    for col, name in enumerate(["序号", "权力编码", "职权分类", "权力名称", "子项"], start=1):
        ws.cell(2, col).value = name
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws["F2"] = "法律依据及条款"
    ws.merge_cells("F2:F3")
    ws["G2"] = "监管"
    ws.merge_cells("G2:H2")
    ws["G3"] = "责任主体"
    ws["H3"] = "措施"
    for col, name in ((9, "所属领域"), (10, "追责情形")):
        ws.cell(2, col).value = name
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws["A4"] = "一、行政许可"
    ws.merge_cells("A4:J4")
    duty = "因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应责任……"
    _put(ws, 5, [1, "370481-ZR-XK-001", "行政许可", "乡村建设规划许可证核发", "农村村民住宅建设",
                 "《中华人民共和国城乡规划法》第四十一条第二款",
                 "滕州市自然资源局", "双随机一公开抽查审核材料和现场核验记录；互联网+监管；案卷评查",
                 "城镇规划建设", duty])  # fmt: skip
    _put(ws, 6, [2, "370481-ZR-XK-004", None, "临时建设工程规划许可", None,
                 "《城乡规划法》第44条第1款", "滕州市自然资源局",
                 "双随机抽查；对临时建设日常巡查；受理投诉举报", "城镇规划建设", duty])  # fmt: skip
    ws.merge_cells("C5:C6")  # 行政许可 merged over both rows
    ws["A7"] = "二、行政处罚"
    ws.merge_cells("A7:J7")
    _put(ws, 8, [3, "370481-ZR-CF-012", "行政处罚",
                 "对未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的行政处罚",
                 None, "《中华人民共和国城乡规划法》第六十四条",
                 "滕州市自然资源局、滕州市综合行政执法局", "日常巡查；受理投诉举报；案卷评查",
                 "城镇规划建设", duty])  # fmt: skip
    if problems:
        _put(ws, 9, [4, "370481-ZR-XK-009", "行政许可", "采矿许可证核发", None,
                     "《中华人民共和国矿产资源法》第三条", "滕州市自然资源局", "双随机一公开",
                     "产业发展", duty])  # fmt: skip

    other = book.create_sheet("滕州市民政局")
    _put(other, 1, ["序号", "事项编码", "事项类别", "事项名称", "权力来源", "设定依据",
                    "实施机构", "承办单位", "事中事后监管措施", "行使层级", "所属领域", "备注"])  # fmt: skip
    _put(other, 2, [1, "370481-MZ-GF-001", "行政给付", "最低生活保障审核确认", "法定本级行使",
                    "《社会救助暂行办法》第十一条第（三）项", "滕州市民政局", "社会救助科",
                    "双随机一公开抽查复核，按比例入户核查；案卷评查；受理投诉举报；互联网+监管",
                    "县级", "民生保障", None])  # fmt: skip
    _put(other, 3, [2, "370481-MZ-GF-002", "行政给付", "临时救助审批（救助金额较小的）",
                    "法定本级行使", "《社会救助暂行办法》第四十七条", "滕州市民政局", "社会救助科",
                    "对镇审批的案卷开展案卷评查和双随机一公开抽查；受理投诉举报；互联网+监管",
                    "县级", "民生保障", None])  # fmt: skip
    _put(other, 4, [3, "370481-MZ-GF-005", "行政给付", DISTRICT_NEW, "法定本级行使",
                    "《社会救助暂行办法》第四十七条", "滕州市民政局", "社会救助科",
                    "案卷评查；受理投诉举报", "县级", "民生保障", "救助金额超过镇审批限额的"])  # fmt: skip
    if problems:
        _put(other, 5, [4, "370481-MZ-JC-001", "行政检查", "对最低生活保障工作的监督检查",
                        "法定本级行使", None, "滕州市民政局", "社会救助科", "双随机一公开",
                        "县级", "民生保障", None])  # fmt: skip
    book.save(path)
    return path


#: The sub-items (子项) of the split item of :func:`subitem_workbook`: name -> the power of the
#: reference catalog it is, and the paragraphs of 《城乡规划法》第四十一条 it cites.
SUBITEMS = {
    "乡镇企业、乡村公共设施和公益事业建设": ("ZRZY-XK-002", (1, 3)),
    "农村村民住宅建设": ("ZRZY-XK-001", (2,)),
}
SUBITEM_CODE = "370481-ZR-XK-001"


def subitem_workbook(path: Path) -> Path:
    """A 权责清单 that splits one item (主项) into sub-items (子项) as offices do: consecutive
    rows whose 序号, code, type, name and department cells are merged, each sub-item with its
    own legal basis, followed by an ordinary item."""
    book = Workbook()
    ws = book.active
    ws.title = "滕州市自然资源局"
    ws["A1"] = "滕州市自然资源局权责清单"
    ws.merge_cells("A1:I1")
    _put(ws, 2, ["序号", "职权编码", "职权类型", "主项名称", "子项名称", "职权依据", "实施主体",
                 "事中事后监管措施", "所属领域"])  # fmt: skip
    (first, first_paragraphs), (second, second_paragraphs) = (
        (name, paragraphs) for name, (_id, paragraphs) in SUBITEMS.items()
    )
    cite = "《中华人民共和国城乡规划法》第四十一条" + "、".join(
        f"第{p}款" for p in first_paragraphs
    )
    _put(ws, 3, [1, SUBITEM_CODE, "行政许可", "乡村建设规划许可证核发", first, cite,
                 "滕州市自然资源局", "双随机一公开抽查；受理投诉举报", "城镇规划建设"])  # fmt: skip
    cite = "《城乡规划法》第41条" + "、".join(f"第{p}款" for p in second_paragraphs)
    _put(ws, 4, [None, None, None, None, second, cite, None,
                 "双随机一公开抽查；案卷评查", "城镇规划建设"])  # fmt: skip
    for col in "ABCDG":
        ws.merge_cells(f"{col}3:{col}4")
    _put(ws, 5, [2, "370481-ZR-XK-004", "行政许可", "临时建设工程规划许可", None,
                 "《城乡规划法》第44条第1款", "滕州市自然资源局", "双随机抽查；日常巡查",
                 "城镇规划建设"])  # fmt: skip
    book.save(path)
    return path


def xls_twins(books: Sequence[Path], out: Path) -> list[Path]:
    """The ``.xls`` twin of each ``.xlsx`` workbook, saved by LibreOffice Calc as Excel 97-2003
    (a real BIFF8 file as office software writes it, not one made by the reader's own kin).

    LibreOffice runs headless with a private profile folder, so parallel runs on one machine
    do not share a profile; it exits when the conversion is done.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "需要 LibreOffice Calc 生成 .xls 测试文件：apt-get install libreoffice-calc-nogui"
            "（make test 会自动安装）"
        )
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "xls", "--outdir", str(out), *map(str, books)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    twins = [out / f"{book.stem}.xls" for book in books]
    missing = [t for t in twins if not t.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice 没有写出 {missing}")
    return twins


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    print(messy_workbook(out / "messy-权责清单.xlsx"))
    print(simple_workbook(out / "mini-权责清单.xlsx", [MINI_ROW], MINI_HEADER))
    print(district_workbook(out / "滕州市权责清单.xlsx"))
    print(district_workbook(out / "滕州市权责清单（有问题）.xlsx", problems=True))
    print(subitem_workbook(out / "滕州市权责清单（主项子项）.xlsx"))
