"""The site builds from a catalog inside Sphinx; catalog problems fail a -W build, located."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, sphinx_build


def sphinx(tmp_path: Path, catalog: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build a copy of docs/ with ``catalog`` into <tmp>/html (as `make html` does)."""
    src = tmp_path / "docs"
    if not src.exists():
        shutil.copytree(ROOT / "docs", src, ignore=shutil.ignore_patterns("generated"))
    return sphinx_build(src, tmp_path / "html", catalog, *extra)


@pytest.mark.slow
def test_reference_catalog_builds_clean(tmp_path: Path) -> None:
    result = sphinx(tmp_path, ROOT / "catalog")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "精准定向赋权" in index
    towns = (tmp_path / "html" / "generated" / "towns" / "index.html").read_text(encoding="utf-8")
    for town in ("木石镇", "西王庄镇", "马兰屯镇"):
        assert town in towns
    notice = (tmp_path / "html" / "notice.html").read_text(encoding="utf-8")
    assert "依法明确赋权方式" in notice


def test_invalid_catalog_fails_the_build_at_the_yaml_line(
    tmp_path: Path, mini_catalog: Path
) -> None:
    (mini_catalog / "districts.yaml").write_text(
        "districts:\n  - id: tengzhou\n    id: x\n", encoding="utf-8"
    )
    result = sphinx(tmp_path, mini_catalog)
    assert result.returncode != 0
    assert "districts.yaml:3:5: WARNING: 键“id”在同一映射中重复出现 [yaml-duplicate-key]" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_unchanged_catalog_rewrites_nothing(tmp_path: Path, mini_catalog: Path) -> None:
    assert sphinx(tmp_path, mini_catalog).returncode == 0
    page = tmp_path / "docs" / "generated" / "towns" / "mushi.md"
    stamp = page.stat().st_mtime_ns
    assert sphinx(tmp_path, mini_catalog).returncode == 0
    assert page.stat().st_mtime_ns == stamp
    towns = mini_catalog / "towns.yaml"
    towns.write_text(
        towns.read_text(encoding="utf-8").replace("木石镇", "木石新镇"), encoding="utf-8"
    )
    assert sphinx(tmp_path, mini_catalog).returncode == 0
    assert page.stat().st_mtime_ns != stamp
    html = (tmp_path / "html" / "generated" / "towns" / "mushi.html").read_text(encoding="utf-8")
    assert "木石新镇" in html


def test_catalog_text_cannot_inject_markup(tmp_path: Path, mini_catalog: Path) -> None:
    evil = (
        '"<script>alert(1)</script>{eval-rst}`x` ``y`` **b** [l](javascript:alert(1)) '
        '<town-mushi> | 审核确认"'
    )
    # a town name may not hold such characters at all (the name grammar, model/textpolicy)
    towns = mini_catalog / "towns.yaml"
    original = towns.read_text(encoding="utf-8")
    towns.write_text(original.replace("name: 滨湖镇", f'name: {evil[:-5]}镇"'), encoding="utf-8")
    refused = run_cli("validate", str(mini_catalog))
    assert refused.returncode == 2 and "镇名称中不能有字符“<”" in refused.stdout + refused.stderr
    towns.write_text(original, encoding="utf-8")
    # a power's name may: it is data on every page that shows it
    power = mini_catalog / "powers" / "MZ-GF-001.yaml"
    power.write_text(
        power.read_text(encoding="utf-8").replace("name: 最低生活保障审核确认", f"name: {evil}"),
        encoding="utf-8",
    )
    result = sphinx(tmp_path, mini_catalog)
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "html" / "generated").rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, page
        assert 'href="javascript:' not in html, page
        assert "<strong>b</strong>" not in html, page
    shown = (tmp_path / "html" / "generated" / "powers" / "MZ-GF-001.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{eval-rst}`x` ``y`` **b**" in shown
    # a link carrying the hostile name still points at the power, not at the <town-mushi> it names
    town = (tmp_path / "html" / "generated" / "towns" / "binhu.html").read_text(encoding="utf-8")
    assert "MZ-GF-001.html#power-mz-gf-001" in town


def test_rule_warnings_do_not_block_the_build_and_fill_the_report(
    tmp_path: Path, mini_catalog: Path
) -> None:
    """A warning (here: a basis never reviewed) is listed but does not stop publishing."""
    power = mini_catalog / "powers" / "MZ-GF-001.yaml"
    power.write_text(
        power.read_text(encoding="utf-8").replace(
            '    reviewed: {fingerprint: "641e480a87ed", by: "测试审核人", date: 2021-06-01}\n', ""
        ),
        encoding="utf-8",
    )
    result = sphinx(tmp_path, mini_catalog)
    assert result.returncode == 0, result.stderr
    assert "目录检查：1 个警告，不阻止发布" in result.stderr
    assert (
        "MZ-GF-001.yaml:9:14: warning: 事项 MZ-GF-001 引用的《社会救助暂行办法》第十一条没有审核记录 "
        "[unreviewed-link]"
    ) in result.stderr
    assert "WARNING" not in result.stderr  # nothing for -W to turn into a failure
    assert not (tmp_path / "html" / "townpowers-failed.txt").exists()
    report = (tmp_path / "html" / "generated" / "check-report.html").read_text(encoding="utf-8")
    assert "没有审核记录" in report and "unreviewed-link" in report
    rules = (tmp_path / "html" / "generated" / "rules.html").read_text(encoding="utf-8")
    assert 'id="rule-unreviewed-link"' in rules


def test_rule_errors_fail_the_build_and_say_what_failed_it(
    tmp_path: Path, mini_catalog: Path
) -> None:
    power = mini_catalog / "powers" / "MZ-GF-001.yaml"
    text = power.read_text(encoding="utf-8")
    power.write_text(text.replace("  content: ", "  content_was: ", 1), encoding="utf-8")
    assert "content_was" in power.read_text(encoding="utf-8")
    result = sphinx(tmp_path, mini_catalog)
    assert result.returncode != 0
    failed = (tmp_path / "html" / "townpowers-failed.txt").read_text(encoding="utf-8")
    assert failed.startswith("目录有 ")
    assert "[unknown-field]" in failed and "catalog/powers/MZ-GF-001.yaml:" in failed
    assert "townpowers check" in failed


def test_broken_links_generate_only_the_report(tmp_path: Path, mini_catalog: Path) -> None:
    (mini_catalog / "laws" / "jiuzhu.yaml").unlink()
    result = sphinx(tmp_path, mini_catalog)
    assert result.returncode != 0
    assert (
        "MZ-GF-002.yaml:8:10: WARNING: 权力事项 MZ-GF-002 的依据引用了不存在的法律文件“jiuzhu”"
        in (result.stderr)
    )
    generated = sorted(p.name for p in (tmp_path / "docs" / "generated").iterdir())
    assert generated == ["check-report.md", "rules.md"]
