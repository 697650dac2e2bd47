"""`townpowers check` and `townpowers review` as CI, pre-commit and reviewers use them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from conftest import ROOT, run_cli

STAMP = '    reviewed: {fingerprint: "641e480a87ed", by: "测试审核人", date: 2021-06-01}\n'


def unreview(catalog: Path) -> None:
    path = catalog / "powers" / "MZ-GF-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(STAMP, ""), encoding="utf-8")


def test_clean_catalog_exits_zero(mini_catalog: Path) -> None:
    result = run_cli("check", str(mini_catalog))
    assert result.returncode == 0
    assert result.stdout == "检查通过：没有发现问题。\n"


def test_findings_exit_one_and_fail_on_threshold(mini_catalog: Path) -> None:
    unreview(mini_catalog)
    result = run_cli("check", str(mini_catalog))
    assert result.returncode == 1
    assert (
        "catalog/powers/MZ-GF-001.yaml:9:14: warning: 事项 MZ-GF-001 引用的《社会救助暂行办法》第十一条没有审核记录 "
        "[unreviewed-link]\n    提示：核对后运行 townpowers review --by 审核人 --power MZ-GF-001"
    ) in result.stdout
    assert result.stdout.endswith("检查完成：1 个问题（错误 0、警告 1、提示 0）。\n")
    assert run_cli("check", "--fail-on", "error", str(mini_catalog)).returncode == 0
    assert run_cli("check", "--fail-on", "never", str(mini_catalog)).returncode == 0
    assert run_cli("check", "--ignore", "suspect", str(mini_catalog)).returncode == 0


def test_invalid_catalog_exits_two(mini_catalog: Path) -> None:
    (mini_catalog / "towns.yaml").write_text("towns: [\n", encoding="utf-8")
    result = run_cli("check", str(mini_catalog))
    assert result.returncode == 2
    assert "catalog/towns.yaml:2:1: error: YAML 语法错误" in result.stdout
    assert "目录无效" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_json_report_parses(mini_catalog: Path) -> None:
    unreview(mini_catalog)
    result = run_cli("check", "--format", "json", str(mini_catalog))
    document = json.loads(result.stdout)
    assert document["summary"] == {"errors": 0, "warnings": 1, "infos": 0, "waived": 0}
    (finding,) = document["findings"]
    assert finding["code"] == "unreviewed-link"
    assert (finding["path"], finding["line"], finding["column"]) == (
        "catalog/powers/MZ-GF-001.yaml",
        9,
        14,
    )


def test_junit_report_parses_and_counts_rules(mini_catalog: Path, tmp_path: Path) -> None:
    unreview(mini_catalog)
    out = tmp_path / "report.xml"
    result = run_cli("check", "--format", "junit", "-o", str(out), str(mini_catalog))
    assert result.returncode == 1 and result.stdout == ""
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites" and root.get("failures") == "1"
    failed = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name").split("：")[0] for c in failed] == ["unreviewed-link"]
    assert "MZ-GF-001.yaml:9:14" in failed[0].find("failure").text
    assert int(root.get("tests")) > 30


def test_github_annotations(mini_catalog: Path) -> None:
    unreview(mini_catalog)
    result = run_cli("check", "--format", "github", str(mini_catalog))
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::warning file=catalog/powers/MZ-GF-001.yaml,line=9,col=14,title=unreviewed-link::事项"
    )
    assert "%0A提示：" in first


def test_waived_findings_are_listed_with_reason(mini_catalog: Path) -> None:
    path = mini_catalog / "powers" / "MZ-GF-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            STAMP,
            "    waivers:\n      - {rule: unreviewed-link, reason: 等待民政部门确认, by: 编制组}\n",
        ),
        encoding="utf-8",
    )
    result = run_cli("check", str(mini_catalog))
    assert result.returncode == 0
    assert "已豁免（1）：" in result.stdout
    assert "理由：等待民政部门确认（编制组）" in result.stdout
    assert result.stdout.endswith("检查通过：没有发现问题，另有 1 个已豁免。\n")
    document = json.loads(run_cli("check", "--format", "json", str(mini_catalog)).stdout)
    assert document["waived"][0]["waiver"]["reason"] == "等待民政部门确认"


def test_list_rules_is_the_registry() -> None:
    text = run_cli("check", "--list-rules").stdout
    rules = json.loads(run_cli("check", "--list-rules", "--format", "json").stdout)
    assert len(rules) == len(text.splitlines()) >= 30
    assert {"code", "severity", "category", "summary", "explanation", "gate"} == set(rules[0])
    assert any(r["code"] == "suspect-link" for r in rules)


def test_suspect_link_then_review(mini_catalog: Path) -> None:
    law = mini_catalog / "laws" / "jiuzhu.yaml"
    law.write_text(
        law.read_text(encoding="utf-8").replace(
            "可以委托乡镇人民政府、街道办事处审批。", "可以委托乡镇人民政府审批。"
        ),
        encoding="utf-8",
    )
    before = run_cli("check", str(mini_catalog))
    assert before.returncode == 1 and "[suspect-link]" in before.stdout
    result = run_cli(
        "review", "--by", "李审核", "--date", "2026-11-28", "--suspect", str(mini_catalog)
    )
    assert result.returncode == 0, result.stderr
    assert "MZ-GF-002: 已审核 1 条依据" in result.stdout
    text = (mini_catalog / "powers" / "MZ-GF-002.yaml").read_text(encoding="utf-8")
    assert 'by: "李审核", date: 2026-11-28}' in text
    assert "# " not in text or text.count("\n") > 10  # the file keeps its layout
    assert run_cli("check", str(mini_catalog)).returncode == 0
    again = run_cli(
        "review", "--by", "李审核", "--date", "2026-11-28", "--suspect", str(mini_catalog)
    )
    assert "共审核 0 条依据" in again.stdout


def test_review_inserts_into_flow_and_block_mappings(mini_catalog: Path) -> None:
    power = mini_catalog / "powers" / "MZ-GF-001.yaml"
    text = power.read_text(encoding="utf-8").replace(
        "  - law: jiuzhu\n    article: 第十一条\n" + STAMP,
        "  - {law: jiuzhu, article: 第十一条}  # 注释保留\n",
    )
    power.write_text(text, encoding="utf-8")
    result = run_cli(
        "review", "--by", "王五", "--date", "2026-01-02", "--power", "MZ-GF-001", str(mini_catalog)
    )
    assert result.returncode == 0, result.stderr
    new = power.read_text(encoding="utf-8")
    assert (
        '  - {law: jiuzhu, article: 第十一条, reviewed: {fingerprint: "641e480a87ed", '
        'by: "王五", date: 2026-01-02}}  # 注释保留\n'
    ) in new
    assert run_cli("check", str(mini_catalog)).returncode == 0


def test_review_requires_a_scope_and_known_ids(mini_catalog: Path) -> None:
    assert run_cli("review", "--by", "x", str(mini_catalog)).returncode == 2
    result = run_cli("review", "--by", "x", "--power", "NOPE", str(mini_catalog))
    assert result.returncode == 2 and "NOPE" in result.stderr


def test_reference_catalog_is_clean() -> None:
    result = run_cli("check", str(ROOT / "catalog"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("检查通过")


def test_pre_commit_hook_definition() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "townpowers-check")
    assert hook["entry"].startswith("townpowers check")
    assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_rule_count_is_the_same_wherever_it_is_stated() -> None:
    """README and the generated rules page state the number of rules --list-rules lists."""
    listed = len(run_cli("check", "--list-rules").stdout.splitlines())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.findall(r"共 (\d+) 条，见 `docs/checking.md`", readme)
    assert stated == [str(listed)]
    checking = (ROOT / "docs" / "checking.md").read_text(encoding="utf-8")
    assert re.findall(r"（共 (\d+) 条，`townpowers check --list-rules`", checking) == [str(listed)]


def test_a_name_written_for_an_id_gets_the_id_and_the_valid_ones(mini_catalog: Path) -> None:
    towns = mini_catalog / "towns.yaml"
    towns.write_text(
        towns.read_text(encoding="utf-8").replace("district: tengzhou", "district: 滕州市", 1),
        encoding="utf-8",
    )
    result = run_cli("check", str(mini_catalog))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if "[unknown-district]" in line)
    assert lines[first].startswith("catalog/towns.yaml:5:15: error: 引用了不存在的区（市）“滕州市”")
    assert (
        "应写标识而不是名称：是否想写“tengzhou”（滕州市）？可用：“tengzhou”（滕州市）"
        in lines[first + 1]
    )
    assert "格式不符合要求" not in result.stdout


def test_an_unknown_field_does_not_hide_broken_references_in_the_same_file(
    mini_catalog: Path,
) -> None:
    town_list = mini_catalog / "town-lists" / "mushi.yaml"
    text = town_list.read_text(encoding="utf-8")
    text = text.replace("grants:", "colour: red\ngrants:", 1).replace(
        "power: MZ-GF-002", "power: MZ-GF-999", 1
    )
    town_list.write_text(text, encoding="utf-8")
    result = run_cli("check", str(mini_catalog))
    codes = re.findall(r"\[([a-z-]+)\]$", result.stdout, re.M)
    assert "unknown-field" in codes and "grant-unknown-power" in codes, result.stdout


def test_readiness_findings_name_the_field_to_fill(mini_catalog: Path) -> None:
    town_list = mini_catalog / "town-lists" / "mushi.yaml"
    text = town_list.read_text(encoding="utf-8")
    text = text.replace("      training: 2021-06-25\n", "").replace("      staff: 2\n", "")
    town_list.write_text(text, encoding="utf-8")
    result = run_cli("check", "--format", "json", "--select", "readiness", str(mini_catalog))
    hints = {d["code"]: d["hint"] for d in json.loads(result.stdout)["findings"]}
    assert "readiness.training" in hints["no-training"]
    assert "readiness.staff" in hints["no-staff"]


def test_an_unknown_rule_code_is_a_usage_error_not_a_false_green(mini_catalog: Path) -> None:
    """`--select no-staf` must not run nothing and report 检查通过 (a false green in CI)."""
    unreview(mini_catalog)
    result = run_cli("check", "--select", "no-staf", str(mini_catalog))
    assert result.returncode == 2 and result.stdout == ""
    assert "没有规则或类别“no-staf”；您是不是要用：no-staff" in result.stderr
    ignored = run_cli("check", "--ignore", "suspect,nosuchrule", str(mini_catalog))
    assert ignored.returncode == 2 and "“nosuchrule”" in ignored.stderr
    assert run_cli("check", "--select", "orphan-*", str(mini_catalog)).returncode == 0
    assert run_cli("check", "--select", "可疑链接", str(mini_catalog)).returncode == 1


def test_command_line_speaks_chinese_and_suggests() -> None:
    misspelt = run_cli("chek")
    assert misspelt.returncode == 2
    assert "未知的命令“chek”；您是不是要用：check" in misspelt.stderr
    assert "用法：townpowers" in misspelt.stderr
    assert "usage" not in misspelt.stderr and "invalid choice" not in misspelt.stderr
    missing = run_cli("review", "--power", "MZ-GF-001")
    assert missing.returncode == 2 and "缺少必需的参数：--by" in missing.stderr
    helptext = run_cli("--help").stdout
    assert (
        "选项" in helptext and "显示本帮助并退出" in helptext and "show this help" not in helptext
    )


def test_the_degraded_check_after_a_load_failure_keeps_the_callers_ignore(
    mini_catalog: Path,
) -> None:
    """A file that fails to load leaves only the rules declared ``degraded=True`` running;
    what the caller ignored stays ignored (the Sphinx build's townpowers_check_ignore)."""
    from townpowers.checks import RULES, Options, check

    power = mini_catalog / "powers" / "MZ-GF-001.yaml"
    power.write_text(
        power.read_text(encoding="utf-8").replace("owner: minzheng", "owner: nope"),
        encoding="utf-8",
    )
    town = mini_catalog / "town-lists" / "mushi.yaml"
    town.write_text(town.read_text(encoding="utf-8") + "grants: [\n", encoding="utf-8")
    codes = {d.code for d in check(mini_catalog).diagnostics()}
    assert {"unknown-kind", "yaml-syntax"} <= codes
    assert RULES["unknown-kind"].degraded and not RULES["orphan-law"].degraded
    ignored = {d.code for d in check(mini_catalog, Options(ignore=["unknown-kind"])).diagnostics()}
    assert "unknown-kind" not in ignored and "yaml-syntax" in ignored
