"""The Word attachment as it prints: padded cells, words that do not break, one title per law
in 实施依据, and fonts a stock Windows machine can substitute (issue 23)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from conftest import ROOT
from townpowers.checks import load_catalog
from townpowers.model import Mode, PowerType
from townpowers.sheets.attachment import (
    CELL_MARGINS,
    COLUMNS,
    FANGSONG,
    TABLE_TEXT_PT,
    town_document,
)

CAT, _ = load_catalog(ROOT / "catalog")
assert CAT is not None
CM_PER_PT = 2.54 / 72


@pytest.fixture(scope="module")
def mushi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert CAT is not None
    path = tmp_path_factory.mktemp("docx") / "木石镇.docx"
    path.write_bytes(town_document(CAT, CAT.towns["mushi"]))
    return path


def test_cells_are_padded(mushi: Path) -> None:
    table = Document(str(mushi)).tables[0]
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert margins is not None
    for side in ("top", "bottom", "left", "right"):
        element = margins.find(qn(f"w:{side}"))
        assert element is not None and int(element.get(qn("w:w"))) >= 57, side
        assert element.get(qn("w:type")) == "dxa"


@pytest.mark.parametrize(("column", "words"), [("类型", PowerType), ("赋权方式", Mode)])
def test_the_longest_word_fits_its_column_on_one_line(column: str, words: type) -> None:
    width = dict(COLUMNS)[column]
    padding = (CELL_MARGINS["left"] + CELL_MARGINS["right"]) / 20 * CM_PER_PT
    longest = max(len(w.value) for w in words)  # type: ignore[attr-defined]
    assert longest * TABLE_TEXT_PT * CM_PER_PT + padding <= width, column
    assert sum(w for _name, w in COLUMNS) == pytest.approx(24.7)


def test_law_titles_are_not_repeated_in_a_basis_cell(mushi: Path) -> None:
    table = Document(str(mushi)).tables[0]
    column = [name for name, _w in COLUMNS].index("实施依据")
    cells = [row.cells[column].text for row in table.rows[1:]]
    assert cells
    for text in cells:
        titles = re.findall(r"《[^》]+》", text)
        assert len(titles) == len(set(titles)) == len(text.splitlines()), text
    assert "《行政许可法》第二十四条第一款、第三款、第四十二条第一款" in "\n".join(cells)


def test_gb2312_fonts_declare_a_windows_fallback(mushi: Path) -> None:
    doc = Document(str(mushi))
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    fonts = etree.fromstring(part.blob)
    declared = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in fonts.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert declared[FANGSONG] == "仿宋"
    assert declared["楷体_GB2312"] == "楷体"
