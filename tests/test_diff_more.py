"""``townpowers diff`` completeness: supervision, office codes, entrustments, topic titles,
and a power whose file was renamed between two git revisions (paired, not removed and added)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURES
from townpowers.checks import load_catalog
from townpowers.diff.compare import compare
from townpowers.model.catalog import Catalog

MINI = FIXTURES / "mini" / "catalog"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def loaded(folder: Path) -> Catalog:
    cat, diagnostics = load_catalog(folder)
    assert cat is not None, [d.format() for d in diagnostics]
    return cat


def test_supervision_codes_entrustment_and_topics(tmp_path: Path) -> None:
    new = tmp_path / "catalog"
    shutil.copytree(MINI, new)
    power = new / "powers" / "MZ-GF-001.yaml"
    edit(
        power,
        "content: 抽查镇的调查核实和初审意见。",
        "content: 每季度抽查镇的调查核实和初审意见。",
    )
    edit(power, "measures: [双随机一公开, 案卷评查]", "measures: [双随机一公开]")
    edit(
        power,
        "level: 县级\n",
        "level: 县级\nexternal_codes:\n  - {district: tengzhou, code: 370481-MZ-XK-001}\n",
    )
    edit(
        new / "town-lists" / "mushi.yaml",
        "    readiness:\n",
        "    entrustment: {document: 测试委托书（示意）, date: 2021-06-21}\n    readiness:\n",
    )
    edit(new / "topics.yaml", "title: 生活困难申请救助", "title: 生活有困难申请救助")
    edit(new / "topics.yaml", "action: 申请低保", "action: 申请最低生活保障")
    changes = compare(loaded(MINI), loaded(new))
    kinds = {c.kind: c for c in changes}
    assert sorted(kinds) == sorted(
        [
            "grant-entrustment-changed",
            "power-supervision-changed",
            "power-codes-changed",
            "topic-renamed",
            "topic-step-changed",
        ]
    )
    sup = kinds["power-supervision-changed"].details
    assert sup["removed_measures"] == ["案卷评查"] and sup["new_content"].startswith("每季度")
    assert kinds["power-codes-changed"].details["added"] == ["tengzhou:370481-MZ-XK-001"]
    assert kinds["grant-entrustment-changed"].details["new"]["document"] == "测试委托书（示意）"
    assert "生活困难申请救助 → 生活有困难申请救助" in kinds["topic-renamed"].message


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_a_renamed_file_between_revisions_still_pairs_its_objects(tmp_path: Path) -> None:
    from conftest import run_cli

    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "catalog")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    cat = repo / "catalog"
    git(repo, "mv", "catalog/powers/MZ-GF-002.yaml", "catalog/powers/MZ-GF-009.yaml")
    edit(cat / "powers" / "MZ-GF-009.yaml", "id: MZ-GF-002", "id: MZ-GF-009")
    edit(cat / "town-lists" / "mushi.yaml", "power: MZ-GF-002", "power: MZ-GF-009")
    edit(cat / "topics.yaml", "power: MZ-GF-002", "power: MZ-GF-009")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "renumber a power")
    done = run_cli("diff", "--format", "json", "HEAD~1", "HEAD", cwd=repo)
    assert done.returncode == 1, done.stderr
    import json

    kinds = [c["kind"] for c in json.loads(done.stdout)["changes"]]
    assert kinds == ["power-id-changed"]
    assert "MZ-GF-002 → MZ-GF-009" in done.stdout
