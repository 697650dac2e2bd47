"""A law amendment from first step to published site: nothing blocks, the reviewer sees what
changed, reviews, and the history stays (the daily loop of a legal reviewer)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli, sphinx_build

pytestmark = pytest.mark.slow

OLD = "可以委托乡镇人民政府、街道办事处审批"
NEW = "可以委托乡镇人民政府审批"


def amend(catalog: Path) -> None:
    """Enter an amendment of 第四十八条 as docs/howto.md says: the old version and its article
    move to ``earlier``, the top level holds the new version and the new wording."""
    path = catalog / "laws" / "jiuzhu.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    article = next(a for a in data["articles"] if a["number"] == "第四十八条")
    data["earlier"] = [{"version": data["version"], "articles": [copy.deepcopy(article)]}]
    data["version"] = {
        "label": "2021年修订（示意）",
        "date": dt.date(2021, 6, 1),
        "in_force_from": dt.date(2021, 7, 1),
    }
    article["text"] = article["text"].replace(OLD, NEW)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(tmp_path: Path, catalog: Path, name: str) -> Path:
    src = tmp_path / "docs"
    if not src.exists():
        import shutil

        shutil.copytree(ROOT / "docs", src, ignore=shutil.ignore_patterns("generated"))
    out = tmp_path / name
    result = sphinx_build(src, out, catalog)
    assert result.returncode == 0, result.stderr  # a warning never blocks publishing
    return out


def test_amend_build_review_and_the_queue_empties(tmp_path: Path, mini_catalog: Path) -> None:
    amend(mini_catalog)
    power = mini_catalog / "powers" / "MZ-GF-002.yaml"
    untouched = mini_catalog / "powers" / "MZ-GF-001.yaml"
    before_other = untouched.read_text(encoding="utf-8")

    check = run_cli("check", str(mini_catalog))
    assert check.returncode == 1
    assert "第四十八条在 2021-06-01 由测试审核人审核后文本已变化 [suspect-link]" in check.stdout

    html = build(tmp_path, mini_catalog, "html")
    queue = (html / "generated" / "review-queue.html").read_text(encoding="utf-8")
    assert "临时救助审批" in queue and "文本已变化" in queue
    assert "<del>、街道办事处</del>" in queue  # the old wording, the deletion marked
    assert "审核时的文本" in queue and "现在的文本" in queue
    shown = re.sub(r"<[^>]+>", "", queue)
    assert "townpowers review --by 审核人 --power MZ-GF-002 --law jiuzhu" in shown
    assert "2021年6月1日" in queue  # pending since the new version
    guide = (html / "generated" / "powers" / "MZ-GF-002.html").read_text(encoding="utf-8")
    assert "所依据的法律已经修改，相关规定正在重新审核" in guide
    law = (html / "generated" / "laws" / "jiuzhu.html").read_text(encoding="utf-8")
    assert "版本与修改" in law and "2021年修订（示意）" in law and "<del>" in law

    command = ["review", "--by", "李审核", "--date", "2026-11-29", "--power", "MZ-GF-002"]
    dry = run_cli(*command, "--law", "jiuzhu", "--dry-run", str(mini_catalog))
    assert dry.returncode == 0, dry.stderr
    assert "改动：……" in dry.stdout and "乡镇人民政府[-、街道办事处-]审批。" in dry.stdout
    assert "（--dry-run，未写入）" in dry.stdout
    assert "reviewed: {" in power.read_text(encoding="utf-8")
    assert "李审核" not in power.read_text(encoding="utf-8")

    done = run_cli(*command, "--law", "jiuzhu", str(mini_catalog))
    assert done.returncode == 0, done.stderr
    assert "MZ-GF-002: 已审核 1 条依据" in done.stdout
    text = power.read_text(encoding="utf-8")
    assert 'by: "李审核", date: 2026-11-29}' in text
    assert "review_history:" in text and 'by: "测试审核人", date: 2021-06-01}' in text
    assert untouched.read_text(encoding="utf-8") == before_other  # unchanged bases keep theirs
    assert run_cli("check", str(mini_catalog)).returncode == 0

    again = build(tmp_path, mini_catalog, "html2")
    queue = (again / "generated" / "review-queue.html").read_text(encoding="utf-8")
    assert "没有待审核的依据" in queue
    guide = (again / "generated" / "powers" / "MZ-GF-002.html").read_text(encoding="utf-8")
    assert "正在重新审核" not in guide
    nothing = run_cli(*command, "--law", "jiuzhu", str(mini_catalog))
    assert "共审核 0 条依据" in nothing.stdout and "--restamp" in nothing.stdout


def make_statutory(catalog: Path) -> None:
    """Let 第十一条 give the town the decision itself, and list MZ-GF-001 in binhu as 法定本级
    from the day the cited version took effect (2019-03-02), as the statutory rules require."""
    law = catalog / "laws" / "jiuzhu.yaml"
    text = law.read_text(encoding="utf-8")
    law.write_text(
        text.replace("      - acts: [受理, 审核]\n", "      - acts: [受理, 审核, 决定]\n"),
        encoding="utf-8",
    )
    power = catalog / "powers" / "MZ-GF-001.yaml"
    text = power.read_text(encoding="utf-8").replace(
        "owner: minzheng\nlevel: 县级\n", "level: 乡镇级\n"
    )
    text = text.replace(
        "  modes: [实质性审核]\n  recommended: 实质性审核\n",
        "  modes: [法定本级]\n  recommended: 法定本级\n",
    )
    power.write_text(text, encoding="utf-8")
    town = catalog / "town-lists" / "binhu.yaml"
    text = town.read_text(encoding="utf-8")
    start = text.index("    mode: 实质性审核\n")
    end = text.index("  - power:", start) if "  - power:" in text[start:] else len(text)
    grant = "    mode: 法定本级\n    history:\n      - status: 已实施\n        date: 2019-03-02\n"
    town.write_text(text[:start] + grant + text[end:], encoding="utf-8")


def test_an_amendment_of_another_article_keeps_a_statutory_power_and_publishes(
    tmp_path: Path, mini_catalog: Path
) -> None:
    """docs/howto.md §8 moves the old version to ``earlier`` with only the changed article; an
    article left unchanged carries over, so the town's statutory power keeps the date it had
    (statutory-history must not ask for the new version's date) and the site is published."""
    make_statutory(mini_catalog)
    before = run_cli("check", str(mini_catalog))
    assert before.returncode == 0, before.stdout
    amend(mini_catalog)
    check = run_cli("check", str(mini_catalog))
    assert "error:" not in check.stdout, check.stdout
    assert "statutory-history" not in check.stdout
    assert "[suspect-link]" in check.stdout  # the amended article still awaits review
    html = build(tmp_path, mini_catalog, "html")
    assert (html / "generated" / "powers" / "MZ-GF-001.html").exists()
    # The new version did change 第十一条: now the town's power starts with it.
    law = mini_catalog / "laws" / "jiuzhu.yaml"
    data = yaml.safe_load(law.read_text(encoding="utf-8"))
    eleventh = next(a for a in data["articles"] if a["number"] == "第十一条")
    changed = copy.deepcopy(eleventh)
    changed["authorizes"][0]["acts"] = ["受理", "审核"]  # the old text gave only these
    data["earlier"][0]["articles"].append(changed)
    law.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    late = run_cli("check", str(mini_catalog))
    assert "自 2021-07-01（《社会救助暂行办法》第十一条施行）起由镇行使" in late.stdout, late.stdout
