"""The sharded build (make html SHARDS=district): independent projects, links that resolve."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from townpowers.site.sharding import check_links
from townpowers.site.shards import relative_uri


@pytest.mark.parametrize(
    ("uri", "doc", "shard", "expected"),
    [
        (
            "https://shard.invalid/core/generated/powers/A.html#power-a",
            "generated/towns/t",
            "d1",
            "../../../../generated/powers/A.html#power-a",
        ),
        (
            "https://shard.invalid/d1/generated/towns/t.html#town-t",
            "generated/powers/A",
            "core",
            "../../d/d1/generated/towns/t.html#town-t",
        ),
        ("https://shard.invalid/core/index.html", "index", "d1", "../../index.html"),
        (
            "https://shard.invalid/d2/generated/towns/u.html",
            "generated/towns/t",
            "d1",
            "../../../d2/generated/towns/u.html",
        ),
    ],
)
def test_placeholder_links_become_relative(uri: str, doc: str, shard: str, expected: str) -> None:
    assert relative_uri(uri, doc, shard) == expected


def test_link_checker_finds_missing_pages_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/b.html#x">ok</a><a href="a/b.html#nope">bad anchor</a>'
        '<a href="missing.html">bad page</a><a href="https://example.org/">ext</a>'
        '<a href="../outside.html">out</a><a href="#">top</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "b.html").write_text(
        '<h1 id="x">x</h1><a href="../index.html">up</a>', encoding="utf-8"
    )
    broken = check_links(tmp_path)
    assert len(broken) == 3, broken
    assert any("nope" in b for b in broken) and any("missing.html" in b for b in broken)
    assert any("outside" in b for b in broken)


@pytest.mark.slow
def test_sharded_site_builds_and_every_link_resolves(tmp_path: Path) -> None:
    docs, catalog, build = tmp_path / "docs", tmp_path / "catalog", tmp_path / "_build"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(ROOT / "catalog", catalog)
    opts = f"-W --keep-going -q -D townpowers_catalog={catalog}"
    result = subprocess.run(
        [
            "make",
            "-C",
            str(ROOT),
            "-j2",
            "html",
            "SHARDS=district",
            f"BUILDDIR={build}",
            f"DOCSDIR={docs}",
            f"CATALOG={catalog}",
            f"SPHINXOPTS={opts}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = build / "html"
    assert check_links(site) == []
    # six independent projects were built: the core and one per district
    assert sorted(p.name for p in (site / "d").iterdir()) == sorted(
        ["shizhong", "xuecheng", "yicheng", "taierzhuang", "shanting", "tengzhou"]
    )
    for shard in (site, *(site / "d").iterdir()):
        assert (shard / "objects.inv").is_file() and (shard / "needs.json").is_file()
    # district -> core (intersphinx), core -> district (direct), dept -> kind (external need)
    town = (site / "d" / "tengzhou" / "generated" / "towns" / "mushi.html").read_text("utf-8")
    assert 'href="../../../../generated/powers/MZ-GF-001.html#power-mz-gf-001"' in town
    power = (site / "generated" / "powers" / "MZ-GF-001.html").read_text("utf-8")
    assert 'href="../../d/tengzhou/generated/towns/mushi.html#town-mushi"' in power
    dept = site / "d" / "tengzhou" / "generated" / "departments" / "tengzhou-minzheng.html"
    assert re.search(
        r'href="../../../../generated/departments/kinds/minzheng.html#KIND_MINZHENG"',
        dept.read_text("utf-8"),
    )
    assert not (site / "generated" / "towns" / "mushi.html").exists()  # built by its shard only
    assert "滕州市分站" in town
    # the core publishes every town's view data, pointing at the town's page in its shard
    data = (site / "_static" / "town-view" / "mushi.js").read_text("utf-8")
    assert '"page":"d/tengzhou/generated/towns/mushi.html"' in data
    assert (site / "d" / "tengzhou" / "generated" / "towns" / "mushi.html").is_file()
    assert "_static/search-vocab.js" in (site / "search.html").read_text("utf-8")
