"""What changed, as of when, and proof: a sequence of commits on a copy of a catalog.

The commits amend an article in place, hand a power down to a town, change its mode and
withdraw it. The change page, the town's page and both Atom feeds must say so in plain words;
``export --as-of`` of the last commit must give each commit's own export; the published site's
``SHA256SUMS`` must verify, and fail on one altered byte, naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, run_cli, sphinx_build
from townpowers.checks import load_catalog
from townpowers.util.manifest import SUMS, verify, write_manifest
from townpowers.views import asof
from townpowers.views.recent import catalog_entries, for_town

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TOWN, POWER = "binhu", "MZ-GF-002"
TOWN_NAME, POWER_NAME = "滨湖镇", "临时救助审批（救助金额较小的）"


def git(repo: Path, *args: str, when: str = "2023-01-01T10:00:00+08:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "测试",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def append_event(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def export(catalog: Path, *extra: str) -> dict[str, Any]:
    done = run_cli("export", str(catalog), *extra)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def without_stamp(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "stamp"}


HAND_DOWN = f"""  - power: {POWER}
    mode: 实质性审核
    history:
      - status: 已确定
        date: 2023-02-01
        document: 测试赋权文件（示意）
"""
MODE = """      - status: 已确定
        date: 2023-03-01
        mode: 直接下放
        document: 测试调整文件（示意）
"""
WITHDRAW = """      - status: 已收回
        date: 2023-04-01
        document: 测试收回文件（示意）
"""


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A git repository holding the mini catalog and four dated commits; each commit's export."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    catalog = repo / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", catalog)
    git(repo.parent, "init", "-q", str(repo))
    commit(repo, "initial", "2022-12-01T10:00:00+08:00")
    law = catalog / "laws" / "jiuzhu.yaml"
    text = law.read_text(encoding="utf-8")
    marker = "由县级人民政府民政部门审批；"
    assert marker in text
    law.write_text(text.replace(marker, "由县级人民政府民政部门审批（测试修改）；", 1), "utf-8")
    steps: list[tuple[str, str]] = []  # (commit, as-of date)
    steps.append((commit(repo, "amend in place", "2023-01-10T10:00:00+08:00"), "2023-01-15"))
    exports = [export(catalog)]
    town_list = catalog / "town-lists" / f"{TOWN}.yaml"
    for body, message, when, day in (
        (HAND_DOWN, "hand down", "2023-02-02T10:00:00+08:00", "2023-02-15"),
        (MODE, "change mode", "2023-03-02T10:00:00+08:00", "2023-03-15"),
        (WITHDRAW, "withdraw", "2023-04-02T10:00:00+08:00", "2023-04-15"),
    ):
        append_event(town_list, body)
        steps.append((commit(repo, message, when), day))
        exports.append(export(catalog))
    return {"repo": repo, "catalog": catalog, "steps": steps, "exports": exports}


def test_as_of_exports_match_each_commits_own_export(history: dict[str, Any]) -> None:
    catalog = history["catalog"]
    for (sha, day), own in zip(history["steps"], history["exports"], strict=True):
        past = export(catalog, "--as-of", day)
        assert without_stamp(past) == without_stamp(own), day
        assert past["stamp"]["as_of"] == day
        assert own["stamp"]["commit"] == sha and own["stamp"]["clean"] is True
    final = history["steps"][-1][0]
    assert export(catalog, "--as-of", "2023-01-15")["stamp"]["commit"] == final
    grants = {
        g["power"]: g
        for g in export(catalog, "--as-of", "2023-02-15")["grants"]
        if g["town"] == TOWN
    }
    assert grants[POWER]["status"] == "已确定"  # pending: decided, not yet in force


def test_as_of_states_pending_and_withdrawn(history: dict[str, Any]) -> None:
    cat, _ = load_catalog(history["catalog"])
    assert cat is not None
    entry = cat.town_lists[TOWN]
    assert {g.power for g in asof.list_as_of(entry, dt.date(2023, 1, 31)).grants} == {"MZ-GF-001"}
    later = {g.power: g for g in asof.list_as_of(entry, dt.date(2023, 4, 1)).grants}
    assert later[POWER].status.value == "已收回" and later[POWER].history[-1].date == dt.date(
        2023, 4, 1
    )
    assert [m.date for m in asof.milestones(cat)] == sorted(m.date for m in asof.milestones(cat))


def test_dated_entries_in_plain_words(history: dict[str, Any]) -> None:
    cat, _ = load_catalog(history["catalog"])
    assert cat is not None
    texts = [e.text for e in for_town(cat, catalog_entries(cat), TOWN)]
    assert f"收回{TOWN_NAME}的“{POWER_NAME}”（原为直接下放）" in texts
    assert f"{TOWN_NAME}的“{POWER_NAME}”改为直接下放" in texts
    assert f"决定赋予{TOWN_NAME}“{POWER_NAME}”（实质性审核）" in texts
    assert texts.index(f"收回{TOWN_NAME}的“{POWER_NAME}”（原为直接下放）") == 0  # newest first
    then = asof.catalog_as_of(cat, dt.date(2023, 2, 15))
    earlier = [e.text for e in for_town(then, catalog_entries(then), TOWN)]
    assert earlier[0] == f"决定赋予{TOWN_NAME}“{POWER_NAME}”（实质性审核），尚待实施"


def parse_feed(path: Path) -> tuple[ET.Element, list[ET.Element]]:
    """An Atom 1.0 feed checked against RFC 4287's required elements."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(root.findtext(f"{ATOM}updated") or "")
    entries = root.findall(f"{ATOM}entry")
    authored = root.find(f"{ATOM}author/{ATOM}name") is not None
    assert authored or all(e.find(f"{ATOM}author") is not None for e in entries)
    assert any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link"))
    ids = []
    for e in entries:
        for name in ("id", "title", "updated"):
            assert len(e.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(e.findtext(f"{ATOM}updated") or "")
        assert e.find(f"{ATOM}content") is not None or e.find(f"{ATOM}link") is not None
        assert (e.findtext(f"{ATOM}id") or "").startswith("tag:")
        ids.append(e.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    return root, entries


def titles(entries: list[ET.Element]) -> list[str]:
    return [e.findtext(f"{ATOM}title") or "" for e in entries]


@pytest.mark.slow
def test_site_pages_feeds_and_verify(history: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("generated"))
    html = tmp_path / "html"
    sphinx_build(tmp_path / "docs", html, history["catalog"], check=True)
    expected = [
        f"收回{TOWN_NAME}的“{POWER_NAME}”（原为直接下放）",
        f"{TOWN_NAME}的“{POWER_NAME}”改为直接下放",
        f"决定赋予{TOWN_NAME}“{POWER_NAME}”（实质性审核）",
        "《社会救助暂行办法》第四十八条的文本已修改（在目录中原处修改），所依据的条文重新审核",
    ]
    page = (html / "generated" / "changes.html").read_text(encoding="utf-8")
    town = (html / "generated" / "towns" / f"{TOWN}.html").read_text(encoding="utf-8")
    for text in expected:
        assert text in page and text in town, text
    assert "待实施（2023-02-01 已确定）" not in town  # milestones are the 2021 deadlines
    site_root, site_entries = parse_feed(html / "_static" / "feeds" / "changes.xml")
    town_root, town_entries = parse_feed(html / "_static" / "feeds" / "towns" / f"{TOWN}.xml")
    assert "最近变化" in (site_root.findtext(f"{ATOM}title") or "")
    assert TOWN_NAME in (town_root.findtext(f"{ATOM}title") or "")
    for text in expected:
        assert text in titles(site_entries) and text in titles(town_entries), text
    assert "MZ-GF-001" not in " ".join(titles(town_entries))
    assert 'rel="alternate" type="application/atom+xml"' in town
    assert f"_static/feeds/towns/{TOWN}.xml" in town
    head = history["steps"][-1][0]
    assert f"提交 <code>{head[:12]}</code>（工作区与该提交一致）" in page

    site = tmp_path / "site"
    done = run_cli("publish", str(html), str(site))
    assert done.returncode == 0, done.stderr
    assert (site / SUMS).is_file() and (site / "api" / "manifest.json").is_file()
    ok = run_cli("verify", str(site))
    assert ok.returncode == 0, ok.stderr
    listed = (site / SUMS).read_text(encoding="utf-8")
    assert "_static/feeds/changes.xml" in listed and "api/index.json" in listed
    index = json.loads((site / "api" / "index.json").read_text(encoding="utf-8"))
    assert index["stamp"]["commit"] == head and index["stamp"]["clean"] is True
    target = site / "generated" / "changes.html"
    data = bytearray(target.read_bytes())
    data[100] ^= 1
    target.write_bytes(bytes(data))
    bad = run_cli("verify", str(site))
    assert bad.returncode == 1
    assert "generated/changes.html" in bad.stderr and "摘要不符" in bad.stderr


def test_manifest_names_each_kind_of_failure(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "a.html").write_text("一", encoding="utf-8")
    (tmp_path / "api" / "index.json").write_text("{}", encoding="utf-8")
    found = write_manifest(tmp_path)
    assert sorted(found) == ["a.html", "api/index.json"]
    assert verify(tmp_path) == []
    again = tmp_path.parent / "again"
    shutil.copytree(tmp_path, again)
    assert (again / SUMS).read_bytes() == (tmp_path / SUMS).read_bytes()
    (tmp_path / "a.html").write_text("二", encoding="utf-8")
    (tmp_path / "b.html").write_text("", encoding="utf-8")
    (tmp_path / "api" / "index.json").unlink()
    problems = "\n".join(verify(tmp_path))
    assert "a.html：内容与清单中的 SHA-256 摘要不符" in problems
    assert "b.html：清单中没有此文件" in problems
    assert "index.json：清单中有此文件，但副本中没有" in problems


def test_verify_without_manifest_is_invalid_input(tmp_path: Path) -> None:
    done = run_cli("verify", str(tmp_path))
    assert done.returncode == 2 and "SHA256SUMS" in done.stderr
    (tmp_path / SUMS).write_text("不是摘要\n", encoding="utf-8")
    done = run_cli("verify", str(tmp_path))
    assert done.returncode == 2 and f"{SUMS}:1:1:" in done.stderr


def test_review_takes_the_reviewed_text_from_git(history: dict[str, Any], tmp_path: Path) -> None:
    """The article was amended in place (no ``earlier``): the queue and ``review --dry-run``
    show old -> new from the commit the review stamp's fingerprint matches."""
    from townpowers.views.amendments import review_queue

    catalog = history["catalog"]
    cat, _ = load_catalog(catalog)
    assert cat is not None
    changed = [p for p in review_queue(cat) if p.item.reason == "文本已变化"]
    assert [p.item.power for p in changed] == [POWER]
    runs = changed[0].item.changes()
    assert ("+", "（测试修改）") in runs
    done = run_cli("review", "--law", "jiuzhu", "--dry-run", "--by", "测试", str(catalog))
    assert done.returncode == 0, done.stderr
    assert "改动：" in done.stdout and "{+（测试修改）+}" in done.stdout
    assert "git 历史中也没有找到" not in done.stdout
    # the same catalog outside git: the text is not known, and the message says so
    plain = tmp_path / "catalog"
    shutil.copytree(catalog, plain)
    done = run_cli("review", "--law", "jiuzhu", "--dry-run", "--by", "测试", str(plain))
    assert done.returncode == 0, done.stderr
    assert "git 历史中也没有找到" in done.stdout


def test_workbooks_carry_the_version_and_show_the_date(
    history: dict[str, Any], tmp_path: Path
) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    catalog, head = history["catalog"], history["steps"][-1][0]
    out = tmp_path / "out"
    done = run_cli(
        "export", str(catalog), "--format", "xlsx", "--as-of", "2023-01-15", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    book = load_workbook(out / "一镇一单.xlsx")
    assert (
        head[:12] in book.properties.description
        and "截至 2023-01-15" in book.properties.description
    )

    def town_cells(folder: Path) -> str:
        sheet = load_workbook(folder / "一镇一单.xlsx")[TOWN_NAME]
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)

    assert POWER_NAME not in town_cells(out)  # handed down only on 2023-02-01
    final = tmp_path / "final"
    assert run_cli("export", str(catalog), "--format", "xlsx", "--out", str(final)).returncode == 0
    assert POWER_NAME in town_cells(final)
    now = tmp_path / "now"
    assert run_cli("export", str(catalog), "--format", "csv", "--out", str(now)).returncode == 0
    assert head[:12] in (now / "目录版本.txt").read_text(encoding="utf-8")
