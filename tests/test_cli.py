"""The command line as a user meets it: exit codes, messages, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli


def test_validate_valid_catalog(mini_catalog: Path) -> None:
    result = run_cli("validate", str(mini_catalog))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "目录有效" in result.stdout
    assert result.stderr == ""


def test_validate_reports_every_error_with_location(mini_catalog: Path) -> None:
    (mini_catalog / "districts.yaml").write_text(
        "districts:\n  - id: tengzhou\n    id: x\n", encoding="utf-8"
    )
    (mini_catalog / "town-lists" / "mushi.yaml").write_text(
        "town: mushi\nprovenance: {status: 示意}\ngrants:\n  - power: NOPE\n"
        "    mode: 直接下放\n    history: [{status: 需求提出, date: 2021-05-01}]\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(mini_catalog))
    assert result.returncode == 2
    assert "catalog/districts.yaml:3:5: error: 键“id”在同一映射中重复出现 [yaml-duplicate-key]" in (
        result.stdout
    )
    assert (
        "catalog/town-lists/mushi.yaml:4:12: error: 引用了不存在的权力事项“NOPE” [grant-unknown-power]"
        in (result.stdout)
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert "目录无效：发现 5 个错误" in result.stdout  # the duplicate, and name/code/kind missing


def test_syntax_error_exit_code_and_no_traceback(mini_catalog: Path) -> None:
    (mini_catalog / "towns.yaml").write_text("towns:\n  - id: [unclosed\n", encoding="utf-8")
    result = run_cli("validate", str(mini_catalog))
    assert result.returncode == 2
    assert "catalog/towns.yaml:3:1: error: YAML 语法错误" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_catalog_folder(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "目录文件夹不存在" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_export_json_to_file(mini_catalog: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "catalog.json"
    result = run_cli("export", "--format", "json", "-o", str(out), str(mini_catalog))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "townpowers-catalog"
    assert [t["id"] for t in document["towns"]] == ["mushi", "binhu"]
    grant = next(g for g in document["grants"] if g["town"] == "mushi")
    assert grant["delegating_department"] == {
        "id": "tengzhou-minzheng",
        "kind": "minzheng",
        "name": "滕州市民政局",
    }
    assert grant["status"] == "已实施"
    assert grant["in_force_since"] == "2021-07-01"
    power = next(p for p in document["powers"] if p["id"] == "MZ-GF-002")
    basis = power["bases"][0]
    assert basis["quote"].startswith("申请临时救助的")
    assert basis["article_id"] == "jiuzhu:a48"


def test_export_writes_nothing_for_an_invalid_catalog(mini_catalog: Path, tmp_path: Path) -> None:
    (mini_catalog / "towns.yaml").write_text("towns: [\n", encoding="utf-8")
    out = tmp_path / "catalog.json"
    result = run_cli("export", "-o", str(out), str(mini_catalog))
    assert result.returncode == 2
    assert not out.exists()
    assert result.stdout == ""
    assert "catalog/towns.yaml:2:1: error" in result.stderr


def test_export_keeps_previous_output_when_invalid(mini_catalog: Path, tmp_path: Path) -> None:
    out = tmp_path / "catalog.json"
    assert run_cli("export", "-o", str(out), str(mini_catalog)).returncode == 0
    before = out.read_bytes()
    (mini_catalog / "towns.yaml").write_text("towns: [\n", encoding="utf-8")
    assert run_cli("export", "-o", str(out), str(mini_catalog)).returncode == 2
    assert out.read_bytes() == before


def test_usage_error_exit_code() -> None:
    result = run_cli("export", "--format", "pdf")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr or "无效" in result.stderr


def test_law_text_prints_verbatim_yaml(tmp_path: Path) -> None:
    law = tmp_path / "law.md"
    law.write_text("<!-- INFO END -->\n第一条 甲。\n\n乙。\n\n第二条 丙。\n", encoding="utf-8")
    result = run_cli("law-text", str(law), "第一条")
    assert result.returncode == 0
    assert result.stdout == "- number: 第一条\n  text: |-\n    甲。\n    乙。\n"
    missing = run_cli("law-text", str(law), "第九条")
    assert missing.returncode == 2 and "没有第九条" in missing.stderr


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    """Generated and published files get the usual permissions, not mkstemp's private 0600."""
    import os
    import stat

    from townpowers.util.files import write_atomic

    old = os.umask(0o022)
    try:
        target = tmp_path / "page.md"
        assert write_atomic(target, "x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(old)
