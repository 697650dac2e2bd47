"""Each town's 一镇一单 as the formal Word attachment, written from the spreadsheet's rows."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from conftest import ROOT, run_cli
from townpowers.checks import load_catalog
from townpowers.sheets.attachment import COLUMNS, chinese_date, grouped_bases

HEADER = [name for name, _width in COLUMNS]
CAT, _ = load_catalog(ROOT / "catalog")
assert CAT is not None


def test_every_town_attachment_opens_with_its_grants_in_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("export", "--format", "docx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    cat, _ = load_catalog(ROOT / "catalog")
    assert cat is not None
    files = sorted((out / "一镇一单附件").glob("*.docx"))
    assert len(files) == len(cat.towns) == 20
    for town in cat.towns.values():
        doc = Document(str(out / "一镇一单附件" / f"{town.name}.docx"))
        district = cat.districts[town.district]
        texts = [p.text for p in doc.paragraphs]
        assert texts[0] == "附件"
        assert texts[1] == f"{district.name}{town.name}精准定向赋权事项目录"
        grants = cat.town_lists[town.id].grants
        day = max(g.decision.date for g in grants if g.decision)
        assert texts[2] == f"{district.name}人民政府　{chinese_date(day)}"
        assert len(doc.tables) == 1
        table = doc.tables[0]
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert rows[0] == HEADER
        assert [r[1] for r in rows[1:]] == [cat.powers[g.power].name for g in grants]
        assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(grants) + 1)]
        assert [r[2] for r in rows[1:]] == [cat.powers[g.power].type.value for g in grants]
        assert [r[3] for r in rows[1:]] == [g.current_mode.value for g in grants]
        assert f"共 {len(grants)} 项。" in texts
        header_xml = table.rows[0]._tr.xml
        assert "w:tblHeader" in header_xml  # repeated on every page
        footer = doc.sections[0].footer._element.xml
        assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    mushi = Document(str(out / "一镇一单附件" / "木石镇.docx"))
    first = [c.text for c in mushi.tables[0].rows[1].cells]
    assert first[4].startswith("《企业投资项目核准和备案管理条例》第三条第二款")
    assert first[5] == "滕州市发展和改革局"
    assert any(p.text.startswith("说明：本目录为示意数据") for p in mushi.paragraphs)


def test_attachments_agree_with_the_spreadsheet_and_are_reproducible(tmp_path: Path) -> None:
    for name in ("a", "b"):
        for fmt in ("docx", "xlsx"):
            assert run_cli("export", "--format", fmt, "--out", str(tmp_path / name)).returncode == 0
    docx = Document(str(tmp_path / "a" / "一镇一单附件" / "滨湖镇.docx"))
    sheet = load_workbook(tmp_path / "a" / "一镇一单.xlsx")["滨湖镇"]
    header = [c.value for c in sheet[1]]
    spreadsheet = [
        [str(row[0]), row[header.index("事项名称")], row[header.index("事项类型")],
         row[header.index("赋权方式")], "\n".join(grouped_bases(CAT, CAT.powers[row[1]])),
         row[header.index("监管部门")]]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]  # fmt: skip
    assert [[c.text for c in row.cells] for row in docx.tables[0].rows[1:]] == spreadsheet
    for a in sorted((tmp_path / "a" / "一镇一单附件").iterdir()):
        assert a.read_bytes() == (tmp_path / "b" / "一镇一单附件" / a.name).read_bytes(), a.name


def test_only_decided_grants_are_published(mini_catalog: Path, tmp_path: Path) -> None:
    """A request the district has not decided is in the working spreadsheet, not in the
    formal attachment."""
    town_list = mini_catalog / "town-lists" / "binhu.yaml"
    town_list.write_text(
        town_list.read_text(encoding="utf-8")
        + "  - power: MZ-GF-002\n    mode: 直接下放\n    history:\n"
        "      - status: 需求提出\n        date: 2021-08-02\n",
        encoding="utf-8",
    )
    for fmt in ("docx", "xlsx"):
        result = run_cli("export", "--format", fmt, "--out", str(tmp_path), str(mini_catalog))
        assert result.returncode == 0, result.stderr
    sheet = load_workbook(tmp_path / "一镇一单.xlsx")["滨湖镇"]
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "MZ-GF-001",
        "MZ-GF-002",
    ]
    doc = Document(str(tmp_path / "一镇一单附件" / "滨湖镇.docx"))
    assert [[c.text for c in r.cells][1] for r in doc.tables[0].rows[1:]] == [
        "最低生活保障审核确认"
    ]
    assert "滕州市人民政府　2021年6月20日" in [p.text for p in doc.paragraphs]
