"""Hints a town clerk follows must lead to the fix, never spread the mistake (issue 23)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from townpowers.checks.run import check
from townpowers.yamlio.read import parse_yaml


def test_mistyped_town_is_named_not_spread_to_the_file_name(mini_catalog: Path) -> None:
    path = mini_catalog / "town-lists" / "mushi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("town: mushi", "town: mushii"))
    result = run_cli("check", str(mini_catalog))
    assert result.returncode != 0
    assert "mushi.yaml:" in result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "改名为 mushii.yaml" not in out
    assert "把 town 改为 mushi" in out and "木石镇" in out


def test_file_name_typo_still_says_rename(mini_catalog: Path) -> None:
    path = mini_catalog / "town-lists" / "mushi.yaml"
    path.rename(path.with_name("mushii.yaml"))
    diagnostics = check(mini_catalog).diagnostics()
    hints = [d.hint for d in diagnostics if d.code == "inconsistent"]
    assert hints == ["把文件改名为 mushi.yaml。"]


def test_full_width_comma_in_flow_mapping_is_named_in_chinese() -> None:
    text = "a:\n  contact: {name: 王某，role: 科员, phone: 1}\n"
    parsed, problems = parse_yaml(text.encode(), "x.yaml")
    assert parsed is not None  # the rest of the file is still read
    [problem] = problems
    assert (problem.line, problem.column) == (2, 21)
    assert "全角逗号" in problem.message and "did not find" not in problem.message
    assert "半角逗号" in problem.hint


def test_full_width_comma_does_not_hide_the_other_problems(mini_catalog: Path) -> None:
    towns = mini_catalog / "towns.yaml"
    text = towns.read_text(encoding="utf-8")
    text = text.replace('"木石镇便民服务中心", address', '"木石镇便民服务中心"，address', 1)
    text = text.replace("phone: 0632-1570002}", "phone: 0632-1570002, fax: 1}", 1)
    towns.write_text(text, encoding="utf-8")
    result = run_cli("check", str(mini_catalog))
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "towns.yaml:8:" in out and "全角逗号" in out
    assert "towns.yaml:16:" in out and "fax" in out  # the second mistake, in the same run
    assert "Traceback" not in out


def test_a_comma_that_is_text_stays_text() -> None:
    parsed, problems = parse_yaml("note: {text: 甲，乙}\n".encode(), "x.yaml")
    assert parsed is not None and problems == []
