"""A 权责清单 that splits an item into sub-items (主项/子项) imports as the sub-items it lists."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from conftest import run_cli
from officebooks import SUBITEM_CODE, SUBITEMS, subitem_workbook
from townpowers.checks import load_catalog


def test_sub_items_import_as_their_powers_with_the_shared_code(
    reference_catalog: Path, tmp_path: Path
) -> None:
    book = subitem_workbook(tmp_path / "滕州市权责清单.xlsx")
    args = ("import-xlsx", str(book), "--catalog", str(reference_catalog))
    result = run_cli(*args)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "同一事项" not in out
    assert "数据 3 行，全部可以导入" in out
    cat, problems = load_catalog(reference_catalog)
    assert cat is not None, [p.format() for p in problems]
    for sub, (power_id, paragraphs) in SUBITEMS.items():
        power = cat.powers[power_id]
        assert power.name == f"乡村建设规划许可证核发（{sub}）"
        assert [(c.district, c.code, c.sub_item) for c in power.external_codes] == [
            ("tengzhou", SUBITEM_CODE, sub)
        ]
        cited = {b.paragraph for b in power.bases if b.article == "第四十一条"}
        assert set(paragraphs) <= cited, power_id
    # the same workbook again: every row finds its sub-item by (district, code, 子项)
    again = run_cli(*args)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "未变 3 项" in again.stdout
    check = run_cli("check", str(reference_catalog))
    assert check.returncode == 0, check.stdout + check.stderr


def test_one_sub_item_written_twice_is_still_refused(
    reference_catalog: Path, tmp_path: Path
) -> None:
    """Two rows naming the same sub-item under one code are one item written twice."""
    book = subitem_workbook(tmp_path / "滕州市权责清单.xlsx")
    wb = load_workbook(book)
    ws = wb.active
    ws["E4"] = ws["E3"].value
    wb.save(book)
    result = run_cli("import-xlsx", str(book), "--catalog", str(reference_catalog))
    assert result.returncode != 0, result.stdout + result.stderr
    assert "是同一事项" in result.stdout + result.stderr
