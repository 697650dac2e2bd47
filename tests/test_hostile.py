"""The hostile-input corpus (tests/cases/hostile_cases.yaml) through the command line."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_cli

CASES = yaml.safe_load((ROOT / "tests" / "cases" / "hostile_cases.yaml").read_text("utf-8"))


def alias_bomb(levels: int = 9) -> str:
    """The billion-laughs mapping: 9 levels of 9 aliases, 9**9 strings if expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def generate(root: Path, what: dict) -> Path:
    """Build an input too large or too odd for the YAML file; return the catalog to check."""
    ((kind, arg),) = what.items()
    target = root / arg if isinstance(arg, str) else root
    if kind == "alias-bomb":
        bomb = "".join(f"  {line}\n" for line in alias_bomb().splitlines())
        target.write_text(
            "bomb:\n" + bomb + 'towns:\n  - &t {id: mushi, name: 木石镇, code: "370481113",'
            " district: tengzhou, category: 示范镇, provenance: {status: 推断}}\n  - *t\n  - *a9\n",
            encoding="utf-8",
        )
    elif kind == "alias-bomb-toplevel":
        target.write_text(alias_bomb(), encoding="utf-8")
    elif kind == "deep-nesting":
        target.write_text("districts: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    elif kind == "huge-scalar":
        target.write_text(
            f"districts:\n  - id: tengzhou\n    name: {'滕' * 300000}\n"
            '    code: "370481"\n    kind: 县级市\n',
            encoding="utf-8",
        )
    elif kind == "huge-file":
        with target.open("wb") as f:
            f.truncate(32 * 1024 * 1024 + 1)  # sparse: fast, and never read
    elif kind == "directory":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink-loop":
        target.symlink_to(target.name)
    elif kind == "missing-catalog":
        shutil.rmtree(root)
    elif kind == "catalog-is-a-file":
        shutil.rmtree(root)
        root.write_text("not a folder", encoding="utf-8")
    return root


def prepare(case: dict, tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", root)
    for rel in case.get("remove", []):
        (root / rel).unlink()
    for rel, text in case.get("files", {}).items():
        (root / rel).write_text(text, encoding="utf-8")
    for rel, literal in case.get("bytes", {}).items():
        (root / rel).write_bytes(ast.literal_eval(literal))
    for rel, (encoding, text) in case.get("encode", {}).items():
        (root / rel).write_bytes(text.encode(encoding))
    if "generate" in case:
        generate(root, case["generate"])
    return root


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_input(case: dict, tmp_path: Path) -> None:
    root = prepare(case, tmp_path)
    result = run_cli("validate", str(root), cwd=tmp_path, timeout=60)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == case["exit"], output
    for text in case["expect"]:
        assert text in output, (text, output)
    exported = tmp_path / "out" / "catalog.json"
    export = run_cli("export", "--format", "json", "-o", str(exported), str(root), cwd=tmp_path)
    assert "Traceback" not in export.stdout + export.stderr
    assert exported.exists() == (case["exit"] == 0)
    if exported.parent.exists():
        assert [p.name for p in exported.parent.iterdir()] == (
            ["catalog.json"] * (case["exit"] == 0)
        )


def test_corpus_covers_the_issue_list() -> None:
    names = " ".join(c["name"] for c in CASES)
    for topic in (
        "别名炸弹",
        "!!python/object",
        "重复的键",
        "嵌套",
        "极长",
        "大文件",
        "UTF-8",
        "BOM",
        "GBK",
        "CRLF",
        "制表符",
        "路径分隔符",
        "空文件",
        "不存在",
        "文件夹",
    ):
        assert topic in names, topic
