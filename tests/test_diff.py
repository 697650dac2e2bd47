"""``townpowers diff``: each edit of a catalog is reported once, in its own terms, and only it.

The catalogs are copies of the mini fixture or the reference catalog with specific edits; every
test asserts the exact list of changes (kinds and key fields), in text and in JSON, so a change
that is missed, reported twice or invented fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, run_cli
from townpowers.checks import load_catalog
from townpowers.diff.compare import KINDS, Change, compare

MINI = FIXTURES / "mini" / "catalog"


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) in a catalog file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def copy(source: Path, target: Path) -> Path:
    """A writable copy of a catalog folder at ``target`` (its name stays ``catalog``)."""
    shutil.copytree(source, target)
    return target


def diff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("diff", *args, cwd=cwd)


def diff_json(old: str, new: str, cwd: Path) -> dict[str, Any]:
    result = diff("--format", "json", old, new, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def keyed(document: dict[str, Any], *fields: str) -> list[tuple[Any, ...]]:
    """The changes as (kind, and the given fields when present) tuples, in report order."""
    return [(c["kind"], *(c[f] for f in fields if f in c)) for c in document["changes"]]


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


# --- the mini catalog with one edit of each kind ---------------------------------------------------


def edit_mini(new: Path) -> None:
    """Rename a power, change a grant's mode, withdraw one, add one, add a basis, change a
    basis's role and an article's text, add a town and rename a department."""
    edit(
        new / "powers" / "MZ-GF-001.yaml",
        "name: 最低生活保障审核确认",
        "name: 最低生活保障审核确认（改）",
    )
    edit(
        new / "town-lists" / "mushi.yaml",
        "      - status: 已实施\n        date: 2021-07-01\n",
        "      - status: 已实施\n        date: 2021-07-01\n"
        "      - status: 已实施\n        date: 2021-08-15\n        mode: 实质性审核\n"
        "  - power: MZ-GF-001\n    mode: 实质性审核\n    history:\n"
        "      - status: 需求提出\n        date: 2021-08-20\n",
    )
    edit(
        new / "town-lists" / "binhu.yaml",
        "      - status: 已实施\n        date: 2021-07-01\n",
        "      - status: 已实施\n        date: 2021-07-01\n"
        "      - status: 已收回\n        date: 2021-09-01\n        document: 滕政字〔2021〕9号\n",
    )
    edit(
        new / "powers" / "MZ-GF-002.yaml",
        '    reviewed: {fingerprint: "dcd57d561a13"',
        "    role: 设定依据\n  - law: jiuzhu\n    article: 第十一条\n    paragraph: 1\n    item: 2\n"
        '    role: 实施依据\n    reviewed: {fingerprint: "dcd57d561a13"',
    )
    edit(
        new / "powers" / "MZ-GF-001.yaml",
        "    article: 第十一条\n",
        "    article: 第十一条\n    role: 赋权依据\n",
    )
    edit(
        new / "laws" / "jiuzhu.yaml",
        "可以按照规定简化审批手续。",
        "可以按照规定简化审批手续（测试修改）。",
    )
    edit(
        new / "towns.yaml",
        "towns:\n",
        'towns:\n  - id: yangzhuang\n    name: 羊庄镇\n    code: "370481116"\n    district: tengzhou\n'
        "    category: 特色镇\n    provenance:\n      status: 示意\n",
    )
    edit(new / "departments" / "tengzhou.yaml", "name: 滕州市民政局", "name: 滕州市民政局（改）")


MINI_TEXT = """\
旧目录：old/catalog
新目录：new/catalog

镇
  + 新增镇 羊庄镇（yangzhuang，滕州市，赋权 0 项）

赋权
  滨湖镇（binhu）
    - 收回 MZ-GF-001 最低生活保障审核确认（改）（实质性审核）：2021-09-01 已收回，滕政字〔2021〕9号
  木石镇（mushi）
    + 新增 MZ-GF-001 最低生活保障审核确认（改）（实质性审核，需求提出）
    ~ 方式 MZ-GF-002 临时救助审批（救助金额较小的）：直接下放 → 实质性审核（2021-08-15）

权力事项
  ~ 改名 MZ-GF-001：最低生活保障审核确认 → 最低生活保障审核确认（改）

法律依据
  MZ-GF-001 最低生活保障审核确认（改）
    ~ 依据作用 《社会救助暂行办法》第十一条：设定依据 → 赋权依据
  MZ-GF-002 临时救助审批（救助金额较小的）
    + 新增依据 《社会救助暂行办法》第十一条第一款第（二）项（实施依据）

法律文件
  《社会救助暂行办法》（jiuzhu）
    ~ 条文文本变化 第四十八条

部门
  ~ 部门改名 滕州市 民政：滕州市民政局 → 滕州市民政局（改）

共 9 处变化：新增镇 1、新增赋权 1、收回赋权 1、方式调整 1、事项改名 1、新增依据 1、依据作用变化 1、条文文本变化 1、部门改名 1。
"""


@pytest.fixture
def mini_pair(tmp_path: Path) -> Path:
    """<tmp>/old/catalog (the mini fixture) and <tmp>/new/catalog (edited); returns <tmp>."""
    copy(MINI, tmp_path / "old" / "catalog")
    edit_mini(copy(MINI, tmp_path / "new" / "catalog"))
    return tmp_path


def test_text_report_lists_exactly_the_edits(mini_pair: Path) -> None:
    result = diff("old/catalog", "new/catalog", cwd=mini_pair)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert result.stdout == MINI_TEXT


def test_json_report_lists_exactly_the_edits(mini_pair: Path) -> None:
    document = diff_json("old/catalog", "new/catalog", cwd=mini_pair)
    assert document["format"] == "townpowers-diff"
    assert document["format_version"] == 1
    assert (document["old"], document["new"]) == ("old/catalog", "new/catalog")
    assert keyed(document, "town", "power", "law", "article", "paragraph", "item", "district") == [
        ("town-added", "yangzhuang", "tengzhou"),
        ("grant-withdrawn", "binhu", "MZ-GF-001"),
        ("grant-added", "mushi", "MZ-GF-001"),
        ("grant-mode-changed", "mushi", "MZ-GF-002"),
        ("power-renamed", "MZ-GF-001"),
        ("basis-role-changed", "MZ-GF-001", "jiuzhu", "第十一条", None, None),
        ("basis-added", "MZ-GF-002", "jiuzhu", "第十一条", 1, 2),
        ("article-text-changed", "jiuzhu", "第四十八条"),
        ("department-renamed", "tengzhou"),
    ]
    changes = document["changes"]
    assert changes[1] | {"message": ""} == {
        "kind": "grant-withdrawn",
        "message": "",
        "town": "binhu",
        "town_name": "滨湖镇",
        "power": "MZ-GF-001",
        "power_name": "最低生活保障审核确认（改）",
        "mode": "实质性审核",
        "removed": False,
        "date": "2021-09-01",
        "document": "滕政字〔2021〕9号",
    }
    assert changes[1]["message"].startswith("滨湖镇（binhu）：收回 MZ-GF-001")
    assert (changes[2]["mode"], changes[2]["status"]) == ("实质性审核", "需求提出")
    assert (changes[3]["old_mode"], changes[3]["new_mode"], changes[3]["date"]) == (
        "直接下放",
        "实质性审核",
        "2021-08-15",
    )
    assert (changes[4]["old_name"], changes[4]["new_name"]) == (
        "最低生活保障审核确认",
        "最低生活保障审核确认（改）",
    )
    assert (changes[5]["old_role"], changes[5]["new_role"]) == ("设定依据", "赋权依据")
    assert (changes[6]["label"], changes[6]["role"]) == (
        "《社会救助暂行办法》第十一条第一款第（二）项",
        "实施依据",
    )
    assert changes[7]["new_text"].endswith("（测试修改）。")
    assert changes[8]["department_kind"] == "minzheng"
    assert (changes[8]["old_name"], changes[8]["new_name"]) == (
        "滕州市民政局",
        "滕州市民政局（改）",
    )
    counts = {kind: n for kind, n in document["summary"].items() if n}
    assert list(document["summary"]) == list(KINDS)
    assert counts == {kind: 1 for kind, *_ in keyed(document)}


def test_reversed_diff_reports_the_opposite_changes(mini_pair: Path) -> None:
    document = diff_json("new/catalog", "old/catalog", cwd=mini_pair)
    assert keyed(document, "town", "power", "law", "article", "district") == [
        ("town-removed", "yangzhuang", "tengzhou"),
        ("grant-status-changed", "binhu", "MZ-GF-001"),  # 已收回 → 已实施: granted again
        ("grant-withdrawn", "mushi", "MZ-GF-001"),  # the row is gone
        ("grant-mode-changed", "mushi", "MZ-GF-002"),
        ("power-renamed", "MZ-GF-001"),
        ("basis-role-changed", "MZ-GF-001", "jiuzhu", "第十一条"),
        ("basis-removed", "MZ-GF-002", "jiuzhu", "第十一条"),
        ("article-text-changed", "jiuzhu", "第四十八条"),
        ("department-renamed", "tengzhou"),
    ]
    status, withdrawn = document["changes"][1], document["changes"][2]
    assert (status["old_status"], status["new_status"], status["date"]) == (
        "已收回",
        "已实施",
        "2021-07-01",
    )
    assert (withdrawn["removed"], withdrawn["date"]) == (True, None)


def test_status_power_field_version_and_removals(tmp_path: Path) -> None:
    old = copy(MINI, tmp_path / "old" / "catalog")
    new = copy(MINI, tmp_path / "new" / "catalog")
    # OLD: mushi's grant was only decided; NEW adds the 已实施 event (a status change)
    edit(
        old / "town-lists" / "mushi.yaml", "      - status: 已实施\n        date: 2021-07-01\n", ""
    )
    (new / "town-lists" / "binhu.yaml").write_text(  # binhu's only grant is removed
        "town: binhu\nprovenance:\n  status: 示意\ngrants: []\n", encoding="utf-8"
    )
    edit(new / "powers" / "MZ-GF-002.yaml", "level: 县级", "approver: minzheng\nlevel: 市级")
    edit(
        new / "laws" / "jiuzhu.yaml",
        "  label: 2019年修订\n  date: 2019-03-02",
        "  label: 2024年修订\n  date: 2024-01-01",
    )
    edit(
        old / "powers" / "MZ-GF-002.yaml",
        "    article: 第四十八条\n",
        "    article: 第四十八条\n  - law: jiuzhu\n    article: 第十一条\n",
    )
    added = (new / "powers" / "MZ-GF-002.yaml").read_text(encoding="utf-8")
    (new / "powers" / "MZ-GF-003.yaml").write_text(
        added.replace("id: MZ-GF-002", "id: MZ-GF-003").replace(
            "name: 临时救助审批（救助金额较小的）", "name: 临时救助审批"
        ),
        encoding="utf-8",
    )
    document = diff_json("old/catalog", "new/catalog", cwd=tmp_path)
    assert keyed(document, "town", "power", "field", "law", "article") == [
        ("grant-withdrawn", "binhu", "MZ-GF-001"),
        ("grant-status-changed", "mushi", "MZ-GF-002"),
        ("power-added", "MZ-GF-003"),
        ("power-field-changed", "MZ-GF-002", "approver"),
        ("power-field-changed", "MZ-GF-002", "level"),
        ("basis-removed", "MZ-GF-002", "jiuzhu", "第十一条"),
        ("law-version-changed", "jiuzhu"),
    ]
    changes = document["changes"]
    assert changes[0]["removed"] is True
    assert (changes[1]["old_status"], changes[1]["new_status"], changes[1]["date"]) == (
        "已确定",
        "已实施",
        "2021-07-01",
    )
    assert changes[2]["bases"] == ["《社会救助暂行办法》第四十八条"]
    assert (changes[3]["old"], changes[3]["new"], changes[3]["new_label"]) == (
        None,
        "minzheng",
        "民政",
    )
    assert (changes[4]["old"], changes[4]["new"]) == ("县级", "市级")
    assert changes[6]["old_version"]["label"] == "2019年修订"
    assert changes[6]["new_version"] == {
        "label": "2024年修订",
        "date": "2024-01-01",
        "in_force_from": None,
    }
    lines = diff("old/catalog", "new/catalog", cwd=tmp_path).stdout.splitlines()
    assert "    - 收回 MZ-GF-001 最低生活保障审核确认（实质性审核）：目录中已删除该项" in lines
    assert (
        "    ~ 状态 MZ-GF-002 临时救助审批（救助金额较小的）：已确定 → 已实施（2021-07-01）"
        in lines
    )
    assert "  ~ MZ-GF-002 临时救助审批（救助金额较小的）：审批部门 （无） → 民政" in lines
    assert "    ~ 所引版本 2019年修订（2019-03-02） → 2024年修订（2024-01-01）" in lines


def test_topic_changes(tmp_path: Path) -> None:
    """Topics are reviewed data too: a step, an everyday word and a whole topic."""
    old = copy(MINI, tmp_path / "old" / "catalog")
    new = copy(MINI, tmp_path / "new" / "catalog")
    edit(
        new / "topics.yaml",
        "      - power: MZ-GF-002\n        action: 申请临时救助\n"
        "        when: 遇到急难、一时生活困难的\n        words: [临时救助, 救急]\n",
        "",
    )
    edit(
        new / "topics.yaml",
        "    words: [生活困难, 救助]\n",
        "    words: [生活困难, 救助, 困难户]\n",
    )
    with (new / "topics.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - id: jiji\n    title: 遇到急难\n    summary: 一时生活困难的，申请临时救助。\n"
            "    words: [急难]\n    steps:\n      - power: MZ-GF-002\n        action: 申请临时救助\n"
        )
    document = diff_json(str(old), str(new), cwd=tmp_path)
    assert keyed(document, "topic", "power", "added", "removed") == [
        ("topic-added", "jiji"),
        ("topic-step-removed", "jiuzhu", "MZ-GF-002"),
        ("topic-words-changed", "jiuzhu", ["困难户"], ["临时救助", "救急"]),
    ]
    text = diff(str(old), str(new), cwd=tmp_path).stdout
    assert "主题服务\n  + 新增主题 遇到急难（jiji，1 步）\n  生活困难申请救助（jiuzhu）\n" in text
    assert "    - 删除步骤 申请临时救助：MZ-GF-002 临时救助审批（救助金额较小的）\n" in text
    assert "    ~ 常见说法：增加 困难户；删除 临时救助、救急\n" in text


def test_identical_catalogs(tmp_path: Path) -> None:
    copy(MINI, tmp_path / "a" / "catalog")
    result = diff(str(MINI), "a/catalog", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n两个目录没有差别。\n")
    assert result.stderr == ""
    document = diff_json(str(MINI), "a/catalog", cwd=tmp_path)
    assert document["changes"] == []
    assert set(document["summary"].values()) == {0}


def test_layout_comments_and_order_are_not_changes(tmp_path: Path) -> None:
    """Positions never count: reordered entries, comments and flow style compare equal."""
    new = copy(MINI, tmp_path / "new" / "catalog")
    towns = (new / "towns.yaml").read_text(encoding="utf-8")
    head, mushi, binhu = towns.split("  - id: ")
    (new / "towns.yaml").write_text(
        f"# 注释\n{head}  - id: {binhu}\n\n  - id: {mushi}", encoding="utf-8"
    )
    edit(
        new / "powers" / "MZ-GF-001.yaml",
        "  measures: [双随机一公开, 案卷评查]",
        "  measures:\n    - 双随机一公开\n    - 案卷评查",
    )
    old_cat, _ = load_catalog(MINI)
    new_cat, problems = load_catalog(new)
    assert old_cat is not None and new_cat is not None, problems
    assert compare(old_cat, new_cat) == []


def test_compare_returns_frozen_changes_with_json_details(mini_pair: Path) -> None:
    old, _ = load_catalog(mini_pair / "old" / "catalog")
    new, _ = load_catalog(mini_pair / "new" / "catalog")
    assert old is not None and new is not None
    changes = compare(old, new)
    assert [c.kind for c in changes] == [
        c["kind"] for c in diff_json("old/catalog", "new/catalog", mini_pair)["changes"]
    ]
    assert all(isinstance(c, Change) and c.kind in KINDS and c.message for c in changes)
    with pytest.raises(AttributeError):
        changes[0].kind = "x"  # type: ignore[misc]
    json.dumps([c.details for c in changes])


# --- the reference catalog -------------------------------------------------------------------------


def test_reference_catalog_edits(reference_catalog: Path, tmp_path: Path) -> None:
    new = copy(reference_catalog, tmp_path / "new" / "catalog")
    power = new / "powers" / "ZRZY-XK-001.yaml"
    edit(power, "name: 乡村建设规划许可证核发（农村村民住宅建设）", "name: 乡村建设规划许可证核发")
    text = power.read_text(encoding="utf-8")
    start = text.index("  - law: xingzheng-xuke-fa\n    article: 第四十二条")
    power.write_text(text[:start] + text[text.index("supervision:") :], encoding="utf-8")
    edit(
        new / "laws" / "chengxiang-guihua-fa.yaml",
        "由省、自治区、直辖市制定。",
        "由省、自治区、直辖市制定（测试修改）。",
    )
    edit(
        new / "town-lists" / "binhu.yaml",
        "        date: 2021-07-01\n    readiness:\n      training: 2021-06-28\n      system_login: 2021-07-01\n      staff: 3\n",
        "        date: 2021-07-01\n      - status: 已实施\n        date: 2021-10-01\n        mode: 直接下放\n"
        "    readiness:\n      training: 2021-06-28\n      system_login: 2021-07-01\n      staff: 3\n",
    )
    document = diff_json("catalog", "new/catalog", cwd=tmp_path)
    assert keyed(document, "town", "power", "label", "law", "article") == [
        ("grant-mode-changed", "binhu", "ZRZY-XK-001"),
        ("power-renamed", "ZRZY-XK-001"),
        (
            "basis-removed",
            "ZRZY-XK-001",
            "《行政许可法》第四十二条第一款",
            "xingzheng-xuke-fa",
            "第四十二条",
        ),
        ("article-text-changed", "chengxiang-guihua-fa", "第四十一条"),
    ]
    result = diff("catalog", "new/catalog", cwd=tmp_path)
    assert result.returncode == 1
    assert "    - 删除依据 《行政许可法》第四十二条第一款（实施依据）" in result.stdout
    assert (
        "  《城乡规划法》（chengxiang-guihua-fa）\n    ~ 条文文本变化 第四十一条" in result.stdout
    )


# --- git revisions ----------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose two commits hold the mini catalog before and after a rename."""
    repo = tmp_path / "repo"
    copy(MINI, repo / "catalog")
    git(repo, "init", "-q")
    git(repo, "add", "catalog")
    git(repo, "commit", "-q", "-m", "一")
    edit(
        repo / "catalog" / "powers" / "MZ-GF-001.yaml",
        "name: 最低生活保障审核确认",
        "name: 低保审核确认",
    )
    git(repo, "commit", "-q", "-a", "-m", "二")
    return repo


def test_git_revisions(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    renamed = [("power-renamed", "MZ-GF-001", "最低生活保障审核确认", "低保审核确认")]
    for old, new in (("HEAD~1", "HEAD"), ("HEAD~1:catalog", "catalog"), ("HEAD~1", "HEAD:catalog")):
        document = diff_json(old, new, cwd=repo)
        assert keyed(document, "power", "old_name", "new_name") == renamed, (old, new)
        assert (document["old"], document["new"]) == (old, new)
    result = diff("--repo", str(repo), "HEAD~1", "HEAD", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "  ~ 改名 MZ-GF-001：最低生活保障审核确认 → 低保审核确认" in result.stdout
    same = diff("HEAD", "catalog", cwd=repo)
    assert same.returncode == 0, same.stderr
    assert "两个目录没有差别。" in same.stdout
    edit(
        repo / "catalog" / "departments" / "tengzhou.yaml",
        "name: 滕州市民政局",
        "name: 滕州市民政局（新）",
    )
    document = diff_json("HEAD", "catalog", cwd=repo)  # an uncommitted edit
    assert keyed(document, "district", "department_kind") == [
        ("department-renamed", "tengzhou", "minzheng")
    ]
    assert list(scratch.iterdir()) == []  # extracted revisions are removed


def test_git_errors(repo: Path, tmp_path: Path) -> None:
    for args, cwd, message in (
        (("nosuch", "HEAD"), repo, "“nosuch”既不是已有的文件夹，也不是仓库"),
        (("HEAD:nope", "HEAD"), repo, "版本 HEAD 中没有文件夹“nope”"),
        (("HEAD~1", "HEAD"), tmp_path, "不是 git 仓库"),
    ):
        result = diff(*args, cwd=cwd)
        assert result.returncode == 2, result.stdout
        assert message in result.stderr
        assert result.stdout == ""
        assert "Traceback" not in result.stderr


# --- invalid input ----------------------------------------------------------------------------------


def test_invalid_catalog_is_located_and_nothing_compared(tmp_path: Path) -> None:
    new = copy(MINI, tmp_path / "new" / "catalog")
    (new / "towns.yaml").write_text("towns:\n  - id: [unclosed\n", encoding="utf-8")
    result = diff(str(MINI), "new/catalog", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "新目录（new/catalog）：catalog/towns.yaml:3:1: error: YAML 语法错误" in result.stderr
    assert "新目录（new/catalog）无效" in result.stderr
    assert "旧目录" not in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors(tmp_path: Path) -> None:
    result = diff("only-one", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    result = diff("--format", "xml", str(MINI), str(MINI), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
